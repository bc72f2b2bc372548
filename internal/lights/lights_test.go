package lights

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func mo(s string) model.Month {
	v, err := model.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return v
}

func wan(s string) model.Money {
	v, err := model.ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return v
}

// at is a Shanghai wall-clock time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// row is one month as a test expects it: colour at close, its reason, the
// colour now and the month it was made up in.
type row struct {
	month, color, reason, now, madeUp string
}

func rows(h []Entry) []row {
	out := make([]row, len(h))
	for i, e := range h {
		out[i] = row{e.Month.String(), string(e.Color), e.Reason(), string(e.Now), e.MadeUp.String()}
	}
	return out
}

func diff(t *testing.T, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d months, want %d:\n%v", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("month %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// A project planned to start in March 2026 that does not start: yellow at
// the end of March, April and May, red from June, on the start rule and on
// the schedule of a March–December plan (10 months: 10 % due per month).
func TestUnstartedProject(t *testing.T) {
	p := &Project{
		Phase: model.PhasePreparing, PlannedStart: d("2026-03-10"), PlannedCompletion: d("2027-06-30"),
		Plans: []Plan{{Year: 2026, Amount: wan("1200")}},
	}
	h, err := History(p, DefaultRules(), at("2026-08-05 10:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2026-01", "green", "计划2026年3月开工，未到开工时间", "green", ""},
		{"2026-02", "green", "计划2026年3月开工，未到开工时间", "green", ""},
		{"2026-03", "yellow", "计划2026年3月开工，当月未开工；投资完成率 0.0%，低于时序进度 10.0% 共 10.0 个百分点", "yellow", ""},
		{"2026-04", "yellow", "计划2026年3月开工，逾期1个月未开工；投资完成率 0.0%，低于时序进度 20.0% 共 20.0 个百分点", "yellow", ""},
		{"2026-05", "yellow", "计划2026年3月开工，逾期2个月未开工；投资完成率 0.0%，低于时序进度 30.0% 共 30.0 个百分点", "yellow", ""},
		{"2026-06", "red", "计划2026年3月开工，逾期3个月未开工；投资完成率 0.0%，低于时序进度 40.0% 共 40.0 个百分点", "red", ""},
		{"2026-07", "red", "计划2026年3月开工，逾期4个月未开工；投资完成率 0.0%，低于时序进度 50.0% 共 50.0 个百分点", "red", ""},
	})
	if a := h[2].Investment; a == nil || a.Schedule != 100 || a.Rate != 0 || a.Plan != 120000 {
		t.Errorf("March investment figures %+v", a)
	}

	// It starts on 20 July and reports 300 万元 for July. March and April
	// are made up in July (start, and 120/240 万元 due by then); May (360
	// 万元 due) and June (480) are not. History at close is untouched.
	p.Phase, p.ActualStart = model.PhaseConstruction, d("2026-07-20")
	p.Completed = []Completed{{mo("2026-07"), wan("300")}}
	h, err = History(p, DefaultRules(), at("2026-08-05 10:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2026-01", "green", "计划2026年3月开工，未到开工时间", "green", ""},
		{"2026-02", "green", "计划2026年3月开工，未到开工时间", "green", ""},
		{"2026-03", "yellow", "计划2026年3月开工，当月未开工；投资完成率 0.0%，低于时序进度 10.0% 共 10.0 个百分点", "yellow", "2026-07"},
		{"2026-04", "yellow", "计划2026年3月开工，逾期1个月未开工；投资完成率 0.0%，低于时序进度 20.0% 共 20.0 个百分点", "yellow", "2026-07"},
		{"2026-05", "yellow", "计划2026年3月开工，逾期2个月未开工；投资完成率 0.0%，低于时序进度 30.0% 共 30.0 个百分点", "yellow", ""},
		{"2026-06", "red", "计划2026年3月开工，逾期3个月未开工；投资完成率 0.0%，低于时序进度 40.0% 共 40.0 个百分点", "red", ""},
		{"2026-07", "yellow", "投资完成率 25.0%，低于时序进度 50.0% 共 25.0 个百分点", "yellow", ""},
	})
	if got := h[3].NowReason(); got != "已于2026年7月补齐" {
		t.Errorf("NowReason = %q", got)
	}
	// 180 万元 more in August make May and June up too (480 due by June's
	// end), once August has a figure, even before it closes.
	p.Completed = append(p.Completed, Completed{mo("2026-08"), wan("180")})
	h, _ = History(p, DefaultRules(), at("2026-08-20 10:00:00"))
	for _, e := range h[4:6] {
		if e.Now != Yellow || e.MadeUp != mo("2026-08") {
			t.Errorf("%s after August's figure: %+v", e.Month, rows([]Entry{e}))
		}
	}
	if h[5].Color != Red {
		t.Errorf("June at close changed to %s", h[5].Color)
	}
}

// A light at close survives storage as JSON: Equal tells the frozen row
// from a recomputation, and a changed past fact from an unchanged one.
func TestFrozenLight(t *testing.T) {
	p := &Project{
		Phase: model.PhaseConstruction, ActualStart: d("2026-01-05"),
		Plans:     []Plan{{Year: 2026, Amount: wan("1000")}},
		Completed: []Completed{{mo("2026-02"), wan("50")}},
		Nodes:     []Node{{"主体封顶", d("2026-02-20"), model.Date{}}},
	}
	a, err := Assess(p, DefaultRules(), mo("2026-03"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var frozen Assessment
	if err := json.Unmarshal(b, &frozen); err != nil {
		t.Fatal(err)
	}
	if !frozen.Equal(a) || frozen.Color != Red {
		t.Fatalf("frozen %s differs from %+v", b, a)
	}
	p.Completed[0].Amount = wan("60") // someone edits February
	again, _ := Assess(p, DefaultRules(), mo("2026-03"))
	if frozen.Equal(again) {
		t.Error("an edit of a past month's figure went unnoticed")
	}
}

// The month closes at midnight Shanghai time, not UTC.
func TestMonthBoundary(t *testing.T) {
	p := &Project{PlannedStart: d("2026-03-01"), Since: mo("2026-03")}
	cases := []struct {
		now  time.Time
		last string
	}{
		{at("2026-03-31 23:59:59"), ""},
		{at("2026-04-01 00:00:00"), "2026-03"},
		{time.Date(2026, 3, 31, 15, 59, 59, 0, time.UTC), ""},
		{time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), "2026-03"},
		{time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "2026-06"},
	}
	for _, c := range cases {
		h, err := History(p, DefaultRules(), c.now)
		if err != nil {
			t.Fatal(err)
		}
		last := ""
		if len(h) > 0 {
			last = h[len(h)-1].Month.String()
		}
		if last != c.last {
			t.Errorf("at %s the last closed month is %q, want %q", c.now.UTC(), last, c.last)
		}
	}
	h, _ := History(p, DefaultRules(), at("2026-07-01 00:00:00"))
	if got := rows(h)[3]; got.color != "red" || got.reason != "计划2026年3月开工，逾期3个月未开工" {
		t.Errorf("June: %+v", got)
	}
}

func TestInvestmentThresholds(t *testing.T) {
	// Running all year: the schedule at the end of June is 50.0 %.
	base := func(done string) *Project {
		return &Project{
			Phase: model.PhaseConstruction, ActualStart: d("2025-05-01"),
			Plans:     []Plan{{Year: 2026, Amount: wan("1000")}},
			Completed: []Completed{{mo("2026-06"), wan(done)}},
		}
	}
	cases := []struct {
		done, color, reason string
	}{
		{"500", "green", "投资完成率 50.0%，达到时序进度 50.0%"},
		{"600", "green", "投资完成率 60.0%，达到时序进度 50.0%"},
		{"401", "green", "投资完成率 40.1%，低于时序进度 50.0% 共 9.9 个百分点"},
		{"400", "yellow", "投资完成率 40.0%，低于时序进度 50.0% 共 10.0 个百分点"},
		{"200", "yellow", "投资完成率 20.0%，低于时序进度 50.0% 共 30.0 个百分点"},
		{"199", "red", "投资完成率 19.9%，低于时序进度 50.0% 共 30.1 个百分点"},
		// Rounded as displayed: 400.49 is 40.0 %, so 10.0 points, yellow.
		{"400.49", "yellow", "投资完成率 40.0%，低于时序进度 50.0% 共 10.0 个百分点"},
		{"400.5", "green", "投资完成率 40.1%，低于时序进度 50.0% 共 9.9 个百分点"},
		{"-10", "red", "投资完成率 -1.0%，低于时序进度 50.0% 共 51.0 个百分点"},
	}
	for _, c := range cases {
		a, err := Assess(base(c.done), DefaultRules(), mo("2026-06"))
		if err != nil {
			t.Fatal(err)
		}
		if string(a.Color) != c.color || a.Reason() != c.reason {
			t.Errorf("%s 万元: %s %q, want %s %q", c.done, a.Color, a.Reason(), c.color, c.reason)
		}
	}
	// The example: 41.0 % against 7/12 = 58.3 % at the end of July.
	p := base("410")
	p.Completed[0].Month = mo("2026-03")
	a, _ := Assess(p, DefaultRules(), mo("2026-07"))
	if a.Reason() != "投资完成率 41.0%，低于时序进度 58.3% 共 17.3 个百分点" || a.Color != Yellow {
		t.Errorf("July: %s %q", a.Color, a.Reason())
	}
	// A plan finishing in September runs over nine months: 7/9 = 77.8 % by July.
	p.PlannedCompletion = d("2026-09-15")
	a, _ = Assess(p, DefaultRules(), mo("2026-07"))
	if a.Investment.Schedule != 778 || a.Color != Red {
		t.Errorf("nine-month plan: %+v %s", a.Investment, a.Color)
	}
	// Thresholds are configurable.
	r := DefaultRules()
	r.YellowPointsBehind, r.RedPointsBehind = 20, 40
	a, _ = Assess(base("400"), r, mo("2026-06"))
	if a.Color != Green {
		t.Errorf("10 points with a 20-point threshold: %s", a.Color)
	}
}

func TestNodes(t *testing.T) {
	p := &Project{
		Phase: model.PhaseConstruction, ActualStart: d("2026-01-05"),
		Nodes: []Node{
			{"基础施工", d("2026-03-15"), d("2026-03-20")}, // late, within the month
			{"主体封顶", d("2026-04-30"), d("2026-05-10")},
			{"设备安装", d("2026-05-31"), model.Date{}},
			{"竣工验收", model.Date{}, model.Date{}},
		},
		Since: mo("2026-03"),
	}
	h, err := History(p, DefaultRules(), at("2026-07-02 09:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2026-03", "green", "到期节点 1 个，全部完成", "green", ""},
		{"2026-04", "red", "到期节点 2 个，已完成 1 个，落后 50.0 个百分点（未完成：「主体封顶」）；2026年4月任务未完成：节点「主体封顶」未完成", "yellow", "2026-05"},
		{"2026-05", "red", "到期节点 3 个，已完成 2 个，落后 33.3 个百分点（未完成：「设备安装」）；2026年5月任务未完成：节点「设备安装」未完成", "red", ""},
		{"2026-06", "red", "到期节点 3 个，已完成 2 个，落后 33.3 个百分点（未完成：「设备安装」）", "red", ""},
	})
	if n := h[3].Nodes; n != (Nodes{Due: 3, Reached: 2, OnTime: 0, Undated: 1, InMonth: 0}) {
		t.Errorf("June node counts %+v", n)
	}
	if m := h[0].Missing; !reflect.DeepEqual(m, []string{"缺少2026年度计划投资", "1个节点缺少计划完成时间"}) {
		t.Errorf("missing %q", m)
	}
	// Reached on 5 July: May and June are made up in July.
	p.Nodes[2].Actual = d("2026-07-05")
	h, _ = History(p, DefaultRules(), at("2026-07-06 09:00:00"))
	for _, e := range h[2:] {
		if e.Now != Yellow || e.MadeUp != mo("2026-07") || e.Color != Red {
			t.Errorf("%s: %+v", e.Month, rows([]Entry{e}))
		}
	}
	// Known to the history only once the clock reaches it.
	h, _ = History(p, DefaultRules(), at("2026-07-04 09:00:00"))
	if h[2].Now != Red {
		t.Errorf("a node reached after the clock made May up: %+v", rows(h[2:3]))
	}
	// Without the monthly-task rule April is red on the points alone, and a
	// node 1 of 20 behind is green.
	r := DefaultRules()
	r.MonthlyTask = false
	h, _ = History(p, r, at("2026-07-06 09:00:00"))
	if got := h[1].Reason(); got != "到期节点 2 个，已完成 1 个，落后 50.0 个百分点（未完成：「主体封顶」）" {
		t.Errorf("April without the task rule: %q", got)
	}
}

// 瓯海: with a monthly plan, a month that completes less than its own task
// is red for that month and shows yellow once the year's cumulative
// investment catches up.
func TestMonthlyTask(t *testing.T) {
	monthly := make([]model.Money, 12)
	for i := range monthly {
		monthly[i] = wan("100")
	}
	p := &Project{
		Phase: model.PhaseConstruction, ActualStart: d("2025-10-01"),
		Plans: []Plan{{Year: 2026, Amount: wan("1200"), Monthly: monthly}},
		Completed: []Completed{
			{mo("2026-01"), wan("100")}, {mo("2026-02"), wan("50")}, {mo("2026-03"), wan("150")},
		},
		Since: mo("2026-01"),
	}
	h, err := History(p, DefaultRules(), at("2026-04-01 08:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2026-01", "green", "投资完成率 8.3%，达到时序进度 8.3%", "green", ""},
		{"2026-02", "red", "2026年2月任务未完成：当月计划投资 100.00 万元，完成 50.00 万元", "yellow", "2026-03"},
		{"2026-03", "green", "投资完成率 25.0%，达到时序进度 25.0%", "green", ""},
	})
	if got := h[1].Reasons[1].Text; got != "投资完成率 12.5%，低于时序进度 16.7% 共 4.2 个百分点" {
		t.Errorf("February's green investment reason %q", got)
	}
	r := DefaultRules()
	r.MonthlyTask = false
	h, _ = History(p, r, at("2026-04-01 08:00:00"))
	if h[1].Color != Green {
		t.Errorf("February without the task rule: %s", h[1].Color)
	}
}

// A December gap is not made up by January's investment: that counts
// toward the new year's plan.
func TestMadeUpWithinTheYear(t *testing.T) {
	p := &Project{
		Phase: model.PhaseConstruction, ActualStart: d("2025-01-01"),
		Plans:     []Plan{{Year: 2025, Amount: wan("1200")}, {Year: 2026, Amount: wan("100")}},
		Completed: []Completed{{mo("2025-06"), wan("600")}, {mo("2026-01"), wan("5000")}},
		Since:     mo("2025-11"),
	}
	h, err := History(p, DefaultRules(), at("2026-03-01 00:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2025-11", "red", "投资完成率 50.0%，低于时序进度 91.7% 共 41.7 个百分点", "red", ""},
		{"2025-12", "red", "投资完成率 50.0%，低于时序进度 100.0% 共 50.0 个百分点", "red", ""},
		{"2026-01", "green", "投资完成率 5000.0%，达到时序进度 8.3%", "green", ""},
		{"2026-02", "green", "投资完成率 5000.0%，达到时序进度 16.7%", "green", ""},
	})
}

func TestCompletedAndMissing(t *testing.T) {
	p := &Project{
		Phase: model.PhaseOperating, ActualStart: d("2025-03-01"), ActualCompletion: d("2026-05-20"),
		Plans: []Plan{{Year: 2026, Amount: wan("100")}}, Since: mo("2026-04"),
	}
	h, err := History(p, DefaultRules(), at("2026-09-01 00:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, rows(h), []row{
		{"2026-04", "red", "投资完成率 0.0%，低于时序进度 33.3% 共 33.3 个百分点", "red", ""},
		{"2026-05", "green", "已于2026年5月建成投产", "green", ""},
	})

	// Nothing dated: no history at all, and an unstarted project without a
	// planned start says so.
	if h, err := History(&Project{}, DefaultRules(), at("2026-09-01 00:00:00")); err != nil || len(h) != 0 {
		t.Errorf("empty project: %v %v", h, err)
	}
	a, err := Assess(&Project{Phase: model.PhaseSigned}, DefaultRules(), mo("2026-06"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Color != Green || a.Reason() != "暂无到期的投资计划和节点" || !reflect.DeepEqual(a.Missing, []string{"缺少计划开工时间"}) {
		t.Errorf("signed, nothing planned: %s %q %q", a.Color, a.Reason(), a.Missing)
	}
	// In construction without a start date: counted as started, flagged.
	a, _ = Assess(&Project{Phase: model.PhaseConstruction, PlannedStart: d("2026-01-01")}, DefaultRules(), mo("2026-06"))
	if !a.Started || !reflect.DeepEqual(a.Missing, []string{"缺少实际开工时间", "缺少2026年度计划投资"}) {
		t.Errorf("construction without a date: %+v", a)
	}
}

func TestValidate(t *testing.T) {
	err := Rules{}.Validate()
	var fe model.FieldErrors
	if !errors.As(err, &fe) || len(fe) != 2 || fe[0].Field != "yellow_points_behind" || !strings.Contains(fe[0].Message, "黄灯") {
		t.Fatalf("zero rules: %v", err)
	}
	if err := (Rules{YellowPointsBehind: 30, RedPointsBehind: 10, RedMonthsPastStart: 3}).Validate(); err == nil {
		t.Error("red below yellow accepted")
	}
	if err := DefaultRules().Validate(); err != nil {
		t.Error(err)
	}
	monthly := make([]model.Money, 12)
	monthly[0] = wan("99")
	bad := []struct {
		p     Project
		field string
		msg   string
	}{
		{Project{Plans: []Plan{{Year: 2026, Amount: wan("100"), Monthly: monthly}}}, "plans[0].monthly", "分月计划合计 99.00 万元，与年度计划 100.00 万元不一致"},
		{Project{Plans: []Plan{{Year: 2026, Amount: 1}, {Year: 2026, Amount: 2}}}, "plans[1].year", "2026 年度计划重复"},
		{Project{Plans: []Plan{{Year: 2026, Amount: -1}}}, "plans[0].amount", "年度计划投资应在 0 到 10^12 万元之间"},
		{Project{Completed: []Completed{{mo("2026-01"), 1}, {mo("2026-01"), 2}}}, "completed[1].month", "2026年1月的完成投资重复"},
		{Project{PlannedStart: model.Date{Year: 2026, Month: 2, Day: 30}}, "planned_start", "计划开工时间不是有效日期"},
		{Project{ActualStart: d("2026-05-01"), ActualCompletion: d("2026-04-01")}, "actual_completion", "实际投产时间早于实际开工时间"},
		{Project{Phase: "done"}, "phase", "项目阶段无效"},
	}
	for _, c := range bad {
		_, err := History(&c.p, DefaultRules(), at("2026-09-01 00:00:00"))
		if !errors.As(err, &fe) || fe[0].Field != c.field || fe[0].Message != c.msg {
			t.Errorf("%+v: %v, want %s: %s", c.p, err, c.field, c.msg)
		}
	}
}

func TestAudience(t *testing.T) {
	cases := []struct {
		ledgers []model.Ledger
		want    []Recipient
	}{
		{nil, []Recipient{LeaderInCharge, Coordinator}},
		{[]model.Ledger{model.LedgerDistrict, model.LedgerPriority}, []Recipient{LeaderInCharge, Coordinator}},
		{[]model.Ledger{model.LedgerDistrict, model.LedgerCity}, []Recipient{LeaderInCharge, Coordinator, PrincipalLeader}},
		{[]model.Ledger{model.LedgerProvince}, []Recipient{LeaderInCharge, Coordinator, PrincipalLeader}},
	}
	for _, c := range cases {
		if got := Audience(c.ledgers); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Audience(%v) = %v, want %v", c.ledgers, got, c.want)
		}
	}
	if !TurnedRed("", Red) || !TurnedRed(Yellow, Red) || TurnedRed(Red, Red) || TurnedRed(Red, Yellow) {
		t.Error("TurnedRed")
	}
}

// randomProject draws a project over 2025–2026 with random plans, figures,
// nodes and start.
func randomProject(rng *rand.Rand) *Project {
	p := &Project{Phase: model.PhasePreparing, Since: mo("2025-01")}
	p.PlannedStart = model.Date{Year: 2025, Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
	if rng.IntN(3) > 0 {
		p.ActualStart = model.Date{Year: 2025 + rng.IntN(2), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		p.Phase = model.PhaseConstruction
	}
	for y := 2025; y <= 2026; y++ {
		pl := Plan{Year: y, Amount: model.Money(rng.IntN(100000) * 100)}
		if rng.IntN(2) == 0 {
			pl.Monthly = make([]model.Money, 12)
			for i := range pl.Monthly {
				pl.Monthly[i] = pl.Amount / 12
			}
			pl.Monthly[11] += pl.Amount - pl.Amount/12*12
		}
		p.Plans = append(p.Plans, pl)
		for m := 1; m <= 12; m++ {
			if rng.IntN(3) > 0 {
				p.Completed = append(p.Completed, Completed{model.Month{Year: y, Month: time.Month(m)}, model.Money(rng.IntN(1500000))})
			}
		}
	}
	for i := range rng.IntN(8) {
		n := Node{Name: fmt.Sprintf("节点%d", i), Planned: model.Date{Year: 2025 + rng.IntN(2), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}}
		if rng.IntN(3) > 0 {
			n.Actual = model.Date{Year: 2025 + rng.IntN(2), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		}
		p.Nodes = append(p.Nodes, n)
	}
	return p
}

// Properties of every history: the light at close is Assess of that month
// and does not move when the clock moves on or facts after the month
// change; the light now is the light at close or, once made up in a later
// month, yellow — never green for a month that was not.
func TestHistoryProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2026))
	rules := []Rules{DefaultRules(), {YellowPointsBehind: 5, RedPointsBehind: 15, RedMonthsPastStart: 1}}
	for i := range 300 {
		p := randomProject(rng)
		r := rules[i%2]
		now := at("2027-01-10 12:00:00")
		h, err := History(p, r, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range h {
			a, err := Assess(p, r, e.Month)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, e.Assessment) {
				t.Fatalf("project %d %s: history %+v, Assess %+v", i, e.Month, e.Assessment, a)
			}
			switch {
			case e.Now == e.Color && e.MadeUp.IsZero():
			case e.Now == Yellow && e.Color != Green && e.Month.Before(e.MadeUp):
			default:
				t.Fatalf("project %d %s: at close %s, now %s, made up %s", i, e.Month, e.Color, e.Now, e.MadeUp)
			}
		}
		// Change everything dated after a cut-off month: the months up to
		// it keep their light at close.
		cut := model.Month{Year: 2025 + rng.IntN(2), Month: time.Month(1 + rng.IntN(12))}
		q := *p
		q.Completed = nil
		for _, c := range p.Completed {
			if cut.Before(c.Month) {
				c.Amount = model.Money(rng.IntN(3000000))
			}
			q.Completed = append(q.Completed, c)
		}
		q.Nodes = nil
		for _, n := range p.Nodes {
			if !n.Actual.IsZero() && model.MonthOf(n.Actual).Compare(cut) > 0 {
				n.Actual = model.Date{}
			}
			q.Nodes = append(q.Nodes, n)
		}
		if !p.ActualStart.IsZero() && model.MonthOf(p.ActualStart).Compare(cut) > 0 {
			q.ActualStart, q.Phase = model.Date{}, model.PhasePreparing
		}
		h2, err := History(&q, r, at("2026-12-31 12:00:00"))
		if err != nil {
			t.Fatal(err)
		}
		for k := range h2 {
			if cut.Before(h2[k].Month) {
				break
			}
			if !reflect.DeepEqual(h2[k].Assessment, h[k].Assessment) {
				t.Fatalf("project %d: changing facts after %s changed %s:\n%+v\n%+v", i, cut, h[k].Month, h[k].Assessment, h2[k].Assessment)
			}
		}
	}
}
