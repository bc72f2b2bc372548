// Package weekly checks the weekly reports of 周调度: every responsible unit
// files one report per project per week. It lists, for a week, which
// reports are missing or late, unit by unit (the Monday list), and counts
// each unit's punctuality by month. It does no I/O: the service hands it
// the duties, the reports and a clock.
//
// Weeks run Monday to Sunday and are named by their Monday. The report of
// a week is due by the end (24:00 Asia/Shanghai) of the week's last working
// day — normally Friday; Thursday when Friday is a holiday, Saturday when
// it is a make-up working day (调休) — plus Rules.ExtraWorkdays working days
// (1 gives the following Monday, or the first working day after it). A
// week without any working day (the Spring Festival or National Day
// holiday) asks for no report. Working days come from the calendar; a year
// it does not know yet is counted Monday to Friday and the due time is
// marked provisional.
//
// A week belongs to the month that holds its Thursday (as ISO weeks do), so
// every week counts in exactly one month.
package weekly

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/ranking"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // the binary embeds time/tzdata
	}
	return loc
}

// Rules set the deadline of weekly reports.
type Rules struct {
	// ExtraWorkdays are the working days allowed after the week's last
	// working day.
	ExtraWorkdays int `json:"extra_workdays"`
}

// DefaultRules: due by the end of the week's last working day, so that
// Monday's list can name every report still missing.
func DefaultRules() Rules { return Rules{} }

// Validate checks the rules.
func (r Rules) Validate() error {
	if r.ExtraWorkdays < 0 || r.ExtraWorkdays > 10 {
		return model.FieldErrors{{Field: "extra_workdays", Message: "周报宽限工作日应在 0 到 10 之间"}}
	}
	return nil
}

// WeekOf returns the Monday of d's week.
func WeekOf(d model.Date) model.Date {
	t := d.Time(time.UTC)
	return model.DateOf(t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)))
}

// MonthOfWeek is the month a week counts in: the month of its Thursday.
func MonthOfWeek(monday model.Date) model.Month {
	return model.MonthOf(model.DateOf(monday.Time(time.UTC).AddDate(0, 0, 3)))
}

// WeeksOf lists the Mondays of the weeks that count in month m.
func WeeksOf(m model.Month) []model.Date {
	var out []model.Date
	for w := WeekOf(m.First()); ; w = addDays(w, 7) {
		switch MonthOfWeek(w).Compare(m) {
		case 0:
			out = append(out, w)
		case 1:
			return out
		}
	}
}

func addDays(d model.Date, n int) model.Date { return model.DateOf(d.Time(time.UTC).AddDate(0, 0, n)) }

// Duty is a unit's responsibility for a project's weekly reports over a
// span of dates (both ends included; zero ends are open).
type Duty struct {
	Unit    int64      `json:"unit"`
	Project int64      `json:"project"`
	From    model.Date `json:"from"`
	To      model.Date `json:"to"`
}

// covers reports whether the duty overlaps the week starting monday.
func (d *Duty) covers(monday model.Date) bool {
	sunday := addDays(monday, 6)
	return (d.From.IsZero() || d.From.Compare(sunday) <= 0) && (d.To.IsZero() || d.To.Compare(monday) >= 0)
}

// Report is one filed weekly report.
type Report struct {
	Unit    int64      `json:"unit"`
	Project int64      `json:"project"`
	Week    model.Date `json:"week"` // the week's Monday
	FiledAt time.Time  `json:"filed_at"`
}

// State is where a week's report stands.
type State string

// The states.
const (
	OnTime  State = "on_time" // 按时报送
	Late    State = "late"    // 逾期报送
	Missing State = "missing" // 未报送 (and past due)
	Pending State = "pending" // 未报送, not yet due
)

// Label is the state's Chinese name.
func (s State) Label() string {
	switch s {
	case OnTime:
		return "按时报送"
	case Late:
		return "逾期报送"
	case Missing:
		return "未报送"
	case Pending:
		return "未到截止时间"
	}
	return ""
}

// Item is one report owed for a week.
type Item struct {
	Unit    int64      `json:"unit"`
	Project int64      `json:"project"`
	Week    model.Date `json:"week"`
	// Due is the last second of the deadline (23:59:59 Shanghai).
	Due         time.Time `json:"due"`
	Provisional bool      `json:"provisional"`
	FiledAt     time.Time `json:"filed_at"` // zero when not filed
	State       State     `json:"state"`
}

// Checker answers report questions with one calendar and set of rules.
type Checker struct {
	cal   *calendar.Calendar
	rules Rules
}

// New returns a checker.
func New(cal *calendar.Calendar, r Rules) (*Checker, error) {
	if cal == nil {
		return nil, errors.New("weekly: no calendar")
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &Checker{cal, r}, nil
}

// deadline is a week's due day; expected is false for a week without a
// working day.
type deadline struct {
	day         model.Date
	expected    bool
	provisional bool
}

func (c *Checker) deadline(monday model.Date) (deadline, error) {
	if !monday.Valid() || WeekOf(monday) != monday {
		return deadline{}, model.FieldErrors{{Field: "week", Message: "周报周次应以周一的日期表示"}}
	}
	var dl deadline
	for i := 6; i >= 0; i-- {
		d := addDays(monday, i)
		work, err := c.cal.IsWorkday(calendar.Date(d))
		if errors.Is(err, calendar.ErrUnknownYear) {
			work, dl.provisional = i < 5, true
		} else if err != nil {
			return deadline{}, err
		}
		if work {
			due, prov, err := c.cal.AddWorkdaysProvisional(calendar.Date(d), c.rules.ExtraWorkdays)
			if errors.Is(err, calendar.ErrUnknownYear) {
				// A year before the calendar's first: count weekdays.
				due, prov, err = calendar.Date(d), true, nil
				for n := c.rules.ExtraWorkdays; n > 0; {
					due = calendar.Date(addDays(model.Date(due), 1))
					if wd := model.Date(due).Time(time.UTC).Weekday(); wd != time.Saturday && wd != time.Sunday {
						n--
					}
				}
			}
			if err != nil {
				return deadline{}, err
			}
			dl.day, dl.expected, dl.provisional = model.Date(due), true, dl.provisional || prov
			return dl, nil
		}
	}
	return dl, nil
}

// endOf is the first instant after day d in Shanghai.
func endOf(d model.Date) time.Time { return addDays(d, 1).Time(shanghai) }

// Due returns the deadline of a week's reports (its last second), whether
// the week asks for a report at all, and whether the deadline may move
// once the State Council announces the year.
func (c *Checker) Due(monday model.Date) (due time.Time, expected, provisional bool, err error) {
	dl, err := c.deadline(monday)
	if err != nil || !dl.expected {
		return time.Time{}, false, dl.provisional, err
	}
	return endOf(dl.day).Add(-time.Second), true, dl.provisional, nil
}

// key is a unit, a project and a week, the week as its day number so the
// key hashes small.
type key struct {
	unit, project int64
	week          int64
}

func dayNumber(d model.Date) int64 { return d.Time(time.UTC).Unix() / 86400 }

// index keeps the earliest filing of each unit, project and week.
func index(reports []Report) map[key]time.Time {
	m := make(map[key]time.Time, len(reports))
	for _, r := range reports {
		k := key{r.Unit, r.Project, dayNumber(r.Week)}
		if t, ok := m[k]; !ok || r.FiledAt.Before(t) {
			m[k] = r.FiledAt
		}
	}
	return m
}

// Week lists every report owed for the week starting monday, ordered by
// unit and project, with its state at now. Reports filed after now are
// ignored, so a past month's figures can be recomputed as they stood.
func (c *Checker) Week(monday model.Date, duties []Duty, reports []Report, now time.Time) ([]Item, error) {
	out, err := c.week(monday, duties, index(reports), now)
	slices.SortFunc(out, func(a, b Item) int {
		if a.Unit != b.Unit {
			return cmp.Compare(a.Unit, b.Unit)
		}
		return cmp.Compare(a.Project, b.Project)
	})
	return out, err
}

func (c *Checker) week(monday model.Date, duties []Duty, filed map[key]time.Time, now time.Time) ([]Item, error) {
	dl, err := c.deadline(monday)
	if err != nil || !dl.expected {
		return nil, err
	}
	end := endOf(dl.day)
	due := end.Add(-time.Second)
	seen := make(map[key]bool, len(duties))
	week := dayNumber(monday)
	var out []Item
	for i := range duties {
		d := &duties[i]
		k := key{d.Unit, d.Project, week}
		if !d.covers(monday) || seen[k] {
			continue // a unit owes one report per project and week, however many duty spans say so
		}
		seen[k] = true
		it := Item{Unit: d.Unit, Project: d.Project, Week: monday, Due: due, Provisional: dl.provisional}
		t, ok := filed[k]
		ok = ok && !t.After(now) // a filing after the clock is not known yet
		switch {
		case ok && t.Before(end):
			it.FiledAt, it.State = t, OnTime
		case ok:
			it.FiledAt, it.State = t, Late
		case now.Before(end):
			it.State = Pending
		default:
			it.State = Missing
		}
		out = append(out, it)
	}
	return out, nil
}

// UnitList is one unit's reports of a week that were not filed on time.
type UnitList struct {
	Unit  int64  `json:"unit"`
	Items []Item `json:"items"` // Missing, Late or (not yet due) Pending
}

// MondayList returns the previous week (relative to now's week in
// Shanghai) and, unit by unit, its reports not filed on time: what the
// office circulates every Monday.
func (c *Checker) MondayList(duties []Duty, reports []Report, now time.Time) (model.Date, []UnitList, error) {
	monday := addDays(WeekOf(model.DateOf(now.In(shanghai))), -7)
	items, err := c.Week(monday, duties, reports, now)
	if err != nil {
		return monday, nil, err
	}
	var out []UnitList
	for _, it := range items {
		if it.State == OnTime {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Unit != it.Unit {
			out = append(out, UnitList{Unit: it.Unit})
		}
		l := &out[len(out)-1]
		l.Items = append(l.Items, it)
	}
	return monday, out, nil
}

// Count is a unit's (or a unit's project's) reports over a month.
type Count struct {
	Unit    int64 `json:"unit"`
	Project int64 `json:"project,omitempty"` // 0 in a unit's total
	OnTime  int   `json:"on_time"`
	Late    int   `json:"late"`
	Missing int   `json:"missing"`
	Pending int   `json:"pending"`
}

// Ratio is the punctuality rate: reports on time over reports due by now
// (pending ones are not counted yet). A late report counts against the
// unit like a missing one.
func (c Count) Ratio() ranking.Ratio {
	return ranking.Ratio{Num: int64(c.OnTime), Den: int64(c.OnTime + c.Late + c.Missing)}
}

// Punctuality counts, per unit and project, the reports of the weeks that
// count in month m, ordered by unit and project.
func (c *Checker) Punctuality(m model.Month, duties []Duty, reports []Report, now time.Time) ([]Count, error) {
	if !m.Valid() {
		return nil, model.FieldErrors{{Field: "month", Message: "月份无效"}}
	}
	weeks := WeeksOf(m)
	first := dayNumber(weeks[0])
	ends := make([]time.Time, len(weeks)) // zero: the week asks for no report
	for i, w := range weeks {
		dl, err := c.deadline(w)
		if err != nil {
			return nil, err
		}
		if dl.expected {
			ends[i] = endOf(dl.day)
		}
	}
	// One slot per unit and project, found through the project (a project
	// has one responsible unit, seldom two, chained by next): int64 map keys
	// hash fast, and a province's month is 100,000 projects and 400,000
	// reports.
	slots := make([]slot, 0, len(duties))
	head := make(map[int64]int32, len(duties))
	find := func(unit, project int64, create bool) *slot {
		i, ok := head[project]
		for ok && i >= 0 {
			if slots[i].unit == unit {
				return &slots[i]
			}
			i = slots[i].next
		}
		if !create {
			return nil
		}
		next := int32(-1)
		if ok {
			next = head[project]
		}
		slots = append(slots, slot{unit: unit, project: project, next: next})
		head[project] = int32(len(slots) - 1)
		return &slots[len(slots)-1]
	}
	sundays := make([]model.Date, len(weeks))
	for w := range weeks {
		sundays[w] = addDays(weeks[w], 6)
	}
	for i := range duties {
		d := &duties[i]
		var owed uint8
		for w := range weeks {
			if !ends[w].IsZero() && (d.From.IsZero() || d.From.Compare(sundays[w]) <= 0) && (d.To.IsZero() || d.To.Compare(weeks[w]) >= 0) {
				owed |= 1 << w
			}
		}
		if owed != 0 {
			find(d.Unit, d.Project, true).owed |= owed
		}
	}
	for _, r := range reports {
		days := dayNumber(r.Week) - first
		w := int(days / 7)
		if days < 0 || days%7 != 0 || w >= len(weeks) || r.FiledAt.After(now) {
			continue
		}
		if s := find(r.Unit, r.Project, false); s != nil && (s.filed&(1<<w) == 0 || r.FiledAt.Before(s.at[w])) {
			s.filed |= 1 << w
			s.at[w] = r.FiledAt
		}
	}
	out := make([]Count, len(slots))
	for i, s := range slots {
		n := Count{Unit: s.unit, Project: s.project}
		for w := range weeks {
			switch {
			case s.owed&(1<<w) == 0:
			case s.filed&(1<<w) != 0 && s.at[w].Before(ends[w]):
				n.OnTime++
			case s.filed&(1<<w) != 0:
				n.Late++
			case now.Before(ends[w]):
				n.Pending++
			default:
				n.Missing++
			}
		}
		out[i] = n
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.Unit != b.Unit {
			return cmp.Compare(a.Unit, b.Unit)
		}
		return cmp.Compare(a.Project, b.Project)
	})
	return out, nil
}

// slot is one unit's reports of one project over a month's weeks (at most
// six), as bit sets by week and the earliest filing of each.
type slot struct {
	unit, project int64
	next          int32 // the project's next slot, or -1
	owed, filed   uint8
	at            [6]time.Time
}

// ByUnit adds up project counts (ordered by unit, as Punctuality returns
// them) into one count per unit.
func ByUnit(counts []Count) []Count {
	var out []Count
	for _, n := range counts {
		if len(out) == 0 || out[len(out)-1].Unit != n.Unit {
			out = append(out, Count{Unit: n.Unit})
		}
		u := &out[len(out)-1]
		u.OnTime += n.OnTime
		u.Late += n.Late
		u.Missing += n.Missing
		u.Pending += n.Pending
	}
	return out
}
