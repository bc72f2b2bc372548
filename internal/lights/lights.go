// Package lights gives every key project its monthly light (亮灯): green,
// yellow or red, with the reason written beside the colour. It does no
// I/O: the service hands it a project's plan and facts, the rules and a
// clock, and stores what it returns.
//
// # The rules
//
// A month is judged at its end (Asia/Shanghai), on the facts dated up to
// its last day: the investment completed in that month and the months
// before, the nodes reached by then, the actual start. The light is the
// worst of:
//
//   - start (开工): a project not started by the end of its planned start
//     month is yellow; RedMonthsPastStart (3) months later it is red.
//     Planned to start in March and still not started: yellow at the end
//     of March, April and May, red from the end of June ("逾期3个月").
//   - investment (投资序时进度): the completion rate is the year's cumulative
//     completed investment over the year's planned investment; the
//     time-proportional schedule is the share of the year's plan due by
//     the end of the month. With a monthly plan (分月计划) that share is the
//     cumulative monthly plan; otherwise it is months elapsed over months
//     planned, the months planned being the year's, shortened to the
//     planned start month in the start year and the planned completion
//     month in the completion year (a full year gives m/12). The points
//     behind are schedule minus rate, both rounded to 0.1 % as displayed:
//     fewer than YellowPointsBehind (10) is green, from 10 up to and
//     including RedPointsBehind (30) yellow, more than 30 red.
//   - nodes (节点): of the nodes planned by the end of the month, the share
//     not reached by then, in points, against the same thresholds. A node
//     reached late counts as reached from the day it is reached: the gap
//     is made up. (The on-time rate of the ranking, Nodes.OnTime, is
//     stricter: a late node stays late.)
//   - the month's task (当月任务, 瓯海's 三色预警; MonthlyTask): a node
//     planned within the month and not reached by its end, or, when the
//     year has a monthly plan, less investment completed in the month than
//     planned for it, makes the month red, whatever the points say.
//
// A project completed (建成投产) by the end of the month is green. A phase
// that asserts a start or a completion without its date (在建 without an
// actual start) counts in every month and is listed in Missing; a month
// without a completed-investment figure counts as nothing completed.
//
// # History stays honest
//
// Each month has two views. The light at close (Entry.Assessment) is
// what the month showed when it ended: it depends only on facts dated up
// to the month's last day, so it never changes when later facts arrive;
// the store freezes it when the month closes, and a recomputation that
// disagrees with the frozen row means past facts were edited. The light
// now (Entry.Now) is how that month stands today: a yellow or red month
// whose gap was made up later — the project started, the nodes due by
// then were reached, the year's cumulative investment reached what was
// due by then (within the same year) — now shows yellow with the month
// it was made up in ("已于2026年6月补齐"); it never turns green, because the
// task was not done in time, and a month not yet made up keeps its
// colour. The project's current light is the light at close of the last
// closed month.
package lights

import (
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // the binary embeds time/tzdata
	}
	return loc
}

// Color is a light's colour.
type Color string

// The colours, mildest first.
const (
	Green  Color = "green"
	Yellow Color = "yellow"
	Red    Color = "red"
)

// Colors lists the colours, mildest first.
var Colors = []Color{Green, Yellow, Red}

// Label is the colour's Chinese name.
func (c Color) Label() string {
	switch c {
	case Green:
		return "绿灯"
	case Yellow:
		return "黄灯"
	case Red:
		return "红灯"
	}
	return "未亮灯"
}

// Valid reports whether c is one of the three colours.
func (c Color) Valid() bool { return c == Green || c == Yellow || c == Red }

func (c Color) severity() int {
	switch c {
	case Yellow:
		return 1
	case Red:
		return 2
	}
	return 0
}

// Worse returns the more severe of two colours.
func Worse(a, b Color) Color {
	if b.severity() > a.severity() {
		return b
	}
	return a
}

// TurnedRed reports whether a month's light is a new red one, which is
// when the 分级督查 audience is told: red now, and not red the month
// before (prev is "" for the first month assessed).
func TurnedRed(prev, cur Color) bool { return cur == Red && prev != Red }

// Rules are the thresholds of the lights. The zero Rules is invalid; start
// from DefaultRules.
type Rules struct {
	// YellowPointsBehind is how many percentage points behind the schedule
	// (investment or nodes) turn a project yellow.
	YellowPointsBehind int `json:"yellow_points_behind"`
	// RedPointsBehind: more points behind than this is red.
	RedPointsBehind int `json:"red_points_behind"`
	// RedMonthsPastStart is how many months after its planned start month
	// an unstarted project turns red.
	RedMonthsPastStart int `json:"red_months_past_start"`
	// MonthlyTask makes a month whose own task was missed red (瓯海).
	MonthlyTask bool `json:"monthly_task"`
}

// DefaultRules are the rules of practice: yellow from 10 points behind or a
// missed start month, red beyond 30 points or 3 months past the planned
// start, and a missed monthly task red.
func DefaultRules() Rules {
	return Rules{YellowPointsBehind: 10, RedPointsBehind: 30, RedMonthsPastStart: 3, MonthlyTask: true}
}

// Validate checks the thresholds; the errors are Chinese, one per field.
func (r Rules) Validate() error {
	var fe model.FieldErrors
	if r.YellowPointsBehind < 1 || r.YellowPointsBehind > 100 {
		fe.Add("yellow_points_behind", "黄灯滞后百分点应在 1 到 100 之间")
	}
	if r.RedPointsBehind < r.YellowPointsBehind || r.RedPointsBehind > 100 {
		fe.Add("red_points_behind", "红灯滞后百分点应不小于黄灯滞后百分点，且不超过 100")
	}
	if r.RedMonthsPastStart < 1 || r.RedMonthsPastStart > 36 {
		fe.Add("red_months_past_start", "逾期未开工亮红灯的月数应在 1 到 36 之间")
	}
	return fe.Err()
}

// colorOf is the colour of a gap of behind tenths of a percentage point.
func (r *Rules) colorOf(behind int64) Color {
	switch {
	case behind > int64(r.RedPointsBehind)*10:
		return Red
	case behind >= int64(r.YellowPointsBehind)*10:
		return Yellow
	}
	return Green
}
