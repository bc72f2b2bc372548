package lights

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Rule names the rule a reason comes from.
type Rule string

// The rules, in the order their reasons are listed within a colour.
const (
	RuleCompleted  Rule = "completed"  // 建成投产
	RuleStart      Rule = "start"      // 开工
	RuleInvestment Rule = "investment" // 投资序时进度
	RuleNodes      Rule = "nodes"      // 节点
	RuleTask       Rule = "task"       // 当月任务
)

// Reason is one rule's finding for a month, in Chinese.
type Reason struct {
	Rule  Rule   `json:"rule"`
	Color Color  `json:"color"`
	Text  string `json:"text"`
}

// Assessment is a project's light for one month, as judged at the month's
// end.
type Assessment struct {
	Month model.Month `json:"month"`
	Color Color       `json:"color"`
	// Reasons are every rule's finding, the most severe first; there is
	// always at least one.
	Reasons []Reason `json:"reasons"`
	// Missing names the facts a rule needed and did not have (缺少2026年度计划投资):
	// not a delay, but worth showing beside the light.
	Missing   []string `json:"missing,omitempty"`
	Started   bool     `json:"started"`
	Completed bool     `json:"completed"`
	// Investment is nil when the year has no plan.
	Investment *Investment `json:"investment,omitempty"`
	Nodes      Nodes       `json:"nodes"`

	gap gap
}

// Reason joins the texts of the reasons that gave the month its colour.
func (a *Assessment) Reason() string {
	var b strings.Builder
	for _, r := range a.Reasons {
		if r.Color != a.Color {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("；")
		}
		b.WriteString(r.Text)
	}
	return b.String()
}

// Equal reports whether two assessments show the same month alike: colour,
// reasons, missing facts and figures. It is how the service tells a frozen
// light at close (read back from storage) from a recomputed one; the
// bookkeeping for made-up gaps, which storage does not keep, is ignored.
func (a Assessment) Equal(b Assessment) bool {
	a.gap, b.gap = gap{}, gap{}
	if len(a.Missing) == 0 && len(b.Missing) == 0 {
		a.Missing, b.Missing = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// Investment is a year's investment progress at a month's end. Rates are
// in ‰ (per mille), rounded half away from zero: 0.1 % as displayed.
type Investment struct {
	Year      int         `json:"year"`
	Plan      model.Money `json:"plan"`
	Completed model.Money `json:"completed"` // cumulative from January
	Rate      int64       `json:"rate"`      // completed / plan
	Schedule  int64       `json:"schedule"`  // the time-proportional share due
}

// Behind is how far the rate trails the schedule, in tenths of a
// percentage point (negative when ahead).
func (i *Investment) Behind() int64 { return i.Schedule - i.Rate }

// Nodes counts the nodes planned by a month's end.
type Nodes struct {
	Due     int `json:"due"`      // planned by the month's end
	Reached int `json:"reached"`  // of those, reached by the month's end
	OnTime  int `json:"on_time"`  // of those, reached by their planned date
	Undated int `json:"undated"`  // nodes without a planned date, not counted
	InMonth int `json:"in_month"` // planned within the month itself
}

// gap is what a yellow or red month lacked, so that a later month can tell
// whether it was made up.
type gap struct {
	start  bool        // not started
	invest bool        // behind on investment
	need   model.Money // the year's cumulative investment that was due
	nodes  []int       // indices of the nodes due and not reached
}

func (g *gap) empty() bool { return !g.start && !g.invest && len(g.nodes) == 0 }

// facts is a validated project indexed for month-by-month questions.
type facts struct {
	p      *Project
	r      Rules
	lo, hi model.Month   // months with a completed figure
	cum    []model.Money // cum[i]: completed in the months lo … lo+i-1
	plans  map[int]*Plan
	// Facts the phase asserts without a date: they hold in every month.
	startedByPhase, completedByPhase bool
	// Scratch space, reused month after month.
	missed, taskMissed []int
	buf                text
}

func newFacts(p *Project, r Rules) *facts {
	f := &facts{p: p, r: r, plans: make(map[int]*Plan, len(p.Plans))}
	for i := range p.Plans {
		f.plans[p.Plans[i].Year] = &p.Plans[i]
	}
	if len(p.Completed) > 0 {
		f.lo, f.hi = p.Completed[0].Month, p.Completed[0].Month
		for _, c := range p.Completed[1:] {
			if c.Month.Before(f.lo) {
				f.lo = c.Month
			}
			if f.hi.Before(c.Month) {
				f.hi = c.Month
			}
		}
		monthly := make([]model.Money, f.hi.Sub(f.lo)+1)
		for _, c := range p.Completed {
			monthly[c.Month.Sub(f.lo)] = c.Amount
		}
		f.cum = make([]model.Money, len(monthly)+1)
		for i, m := range monthly {
			f.cum[i+1] = f.cum[i] + m
		}
	}
	f.startedByPhase = p.ActualStart.IsZero() && (p.Phase == model.PhaseConstruction || p.Phase == model.PhaseOperating)
	f.completedByPhase = p.ActualCompletion.IsZero() && p.Phase == model.PhaseOperating
	return f
}

// sum is the investment completed in the months from … to.
func (f *facts) sum(from, to model.Month) model.Money {
	if f.cum == nil {
		return 0
	}
	if from.Before(f.lo) {
		from = f.lo
	}
	if f.hi.Before(to) {
		to = f.hi
	}
	if to.Before(from) {
		return 0
	}
	return f.cum[to.Sub(f.lo)+1] - f.cum[from.Sub(f.lo)]
}

// ytd is the year's cumulative completed investment to the end of m.
func (f *facts) ytd(m model.Month) model.Money { return f.sum(model.Month{Year: m.Year, Month: 1}, m) }

func before(d model.Date, last model.Date) bool { return !d.IsZero() && d.Compare(last) <= 0 }

// first is the first month to assess; ok is false when nothing is dated.
func (f *facts) first() (model.Month, bool) {
	if !f.p.Since.IsZero() {
		return f.p.Since, true
	}
	var m model.Month
	consider := func(c model.Month) {
		if m.IsZero() || c.Before(m) {
			m = c
		}
	}
	if !f.p.PlannedStart.IsZero() {
		consider(model.MonthOf(f.p.PlannedStart))
	}
	if !f.p.ActualStart.IsZero() {
		consider(model.MonthOf(f.p.ActualStart))
	}
	for _, pl := range f.p.Plans {
		consider(model.Month{Year: pl.Year, Month: 1})
	}
	if f.cum != nil {
		consider(f.lo)
	}
	for _, n := range f.p.Nodes {
		if !n.Planned.IsZero() {
			consider(model.MonthOf(n.Planned))
		}
	}
	return m, !m.IsZero()
}

// Assess returns a project's light for month m, judged on the facts dated
// up to m's last day. For a month not yet ended it is the light so far.
func Assess(p *Project, r Rules, m model.Month) (Assessment, error) {
	if err := r.Validate(); err != nil {
		return Assessment{}, err
	}
	if err := p.Validate(); err != nil {
		return Assessment{}, err
	}
	if !m.Valid() {
		return Assessment{}, model.FieldErrors{{Field: "month", Message: "月份无效"}}
	}
	return newFacts(p, r).assess(m), nil
}

func (f *facts) assess(m model.Month) Assessment {
	p, last := f.p, m.Last()
	a := Assessment{Month: m, Color: Green, Reasons: make([]Reason, 0, 4)}
	a.Started = f.startedByPhase || before(p.ActualStart, last)
	a.Completed = f.completedByPhase || before(p.ActualCompletion, last)
	if f.startedByPhase {
		a.Missing = append(a.Missing, "缺少实际开工时间")
	}
	if f.completedByPhase {
		a.Missing = append(a.Missing, "缺少实际投产时间")
	}
	if a.Completed {
		text := "已建成投产"
		if !p.ActualCompletion.IsZero() {
			text = "已于" + model.MonthOf(p.ActualCompletion).Label() + "建成投产"
		}
		a.Reasons = []Reason{{RuleCompleted, Green, text}}
		return a
	}
	f.start(&a, m)
	pl := f.plans[m.Year]
	f.investment(&a, m, pl)
	f.nodes(&a, m, pl)
	if len(a.Reasons) == 0 {
		a.Reasons = []Reason{{"", Green, "暂无到期的投资计划和节点"}}
	}
	slices.SortStableFunc(a.Reasons, func(x, y Reason) int { return y.Color.severity() - x.Color.severity() })
	for _, r := range a.Reasons {
		a.Color = Worse(a.Color, r.Color)
	}
	return a
}

func (f *facts) start(a *Assessment, m model.Month) {
	if a.Started {
		return
	}
	if f.p.PlannedStart.IsZero() {
		a.Missing = append(a.Missing, "缺少计划开工时间")
		return
	}
	s := model.MonthOf(f.p.PlannedStart)
	t := f.buf[:0].s("计划").month(s).s("开工，")
	c := Green
	switch n := m.Sub(s); {
	case n < 0:
		t = t.s("未到开工时间")
	case n == 0:
		c, t = Yellow, t.s("当月未开工")
	default:
		c = Yellow
		if n >= f.r.RedMonthsPastStart {
			c = Red
		}
		t = t.s("逾期").n(n).s("个月未开工")
	}
	a.Reasons = append(a.Reasons, Reason{RuleStart, c, string(t)})
	a.gap.start = c != Green
	f.buf = t
}

// schedule returns the share of the year's plan due by the end of m as a
// fraction num/den, and the cumulative amount that share stands for.
func (f *facts) schedule(pl *Plan, m model.Month) (num, den int64, need model.Money) {
	if len(pl.Monthly) == 12 {
		for _, x := range pl.Monthly[:m.Month] {
			need += x
		}
		return int64(need), int64(pl.Amount), need
	}
	from, to := 1, 12
	if ps := f.p.PlannedStart; !ps.IsZero() && ps.Year == pl.Year {
		from = int(ps.Month)
	}
	if pc := f.p.PlannedCompletion; !pc.IsZero() && pc.Year == pl.Year && int(pc.Month) >= from {
		to = int(pc.Month)
	}
	n := int64(to - from + 1)
	k := min(max(int64(m.Month)-int64(from)+1, 0), n)
	return k, n, model.Money((k*int64(pl.Amount) + n - 1) / n)
}

func (f *facts) investment(a *Assessment, m model.Month, pl *Plan) {
	if pl == nil || pl.Amount == 0 {
		if a.Started || (!f.p.PlannedStart.IsZero() && model.MonthOf(f.p.PlannedStart).Compare(m) <= 0) {
			a.Missing = append(a.Missing, "缺少"+strconv.Itoa(m.Year)+"年度计划投资")
		}
		return
	}
	num, den, need := f.schedule(pl, m)
	inv := &Investment{Year: m.Year, Plan: pl.Amount, Completed: f.ytd(m)}
	inv.Rate = permille(int64(inv.Completed), int64(pl.Amount))
	inv.Schedule = permille(num, den)
	a.Investment = inv
	if num == 0 {
		return // nothing due yet this year
	}
	t := f.buf[:0].s("投资完成率 ").pct(inv.Rate).s("%，")
	behind := inv.Behind()
	if behind > 0 {
		t = t.s("低于时序进度 ").pct(inv.Schedule).s("% 共 ").pct(behind).s(" 个百分点")
	} else {
		t = t.s("达到时序进度 ").pct(inv.Schedule).s("%")
	}
	c := f.r.colorOf(behind)
	a.Reasons = append(a.Reasons, Reason{RuleInvestment, c, string(t)})
	f.buf = t
	if c != Green {
		a.gap.invest, a.gap.need = true, need
	}
}

func (f *facts) nodes(a *Assessment, m model.Month, pl *Plan) {
	first, last := m.First(), m.Last()
	missed, taskMissed := f.missed[:0], f.taskMissed[:0]
	defer func() { f.missed, f.taskMissed = missed, taskMissed }()
	for i, n := range f.p.Nodes {
		if n.Planned.IsZero() {
			a.Nodes.Undated++
			continue
		}
		if n.Planned.Compare(last) > 0 {
			continue
		}
		a.Nodes.Due++
		inMonth := n.Planned.Compare(first) >= 0
		if inMonth {
			a.Nodes.InMonth++
		}
		if before(n.Actual, last) {
			a.Nodes.Reached++
			if n.Actual.Compare(n.Planned) <= 0 {
				a.Nodes.OnTime++
			}
			continue
		}
		missed = append(missed, i)
		if inMonth {
			taskMissed = append(taskMissed, i)
		}
	}
	if a.Nodes.Undated > 0 {
		a.Missing = append(a.Missing, strconv.Itoa(a.Nodes.Undated)+"个节点缺少计划完成时间")
	}
	if a.Nodes.Due > 0 {
		t := f.buf[:0].s("到期节点 ").n(a.Nodes.Due).s(" 个，")
		behind := permille(int64(len(missed)), int64(a.Nodes.Due))
		c := f.r.colorOf(behind)
		if len(missed) == 0 {
			t = t.s("全部完成")
		} else {
			t = t.s("已完成 ").n(a.Nodes.Reached).s(" 个，落后 ").pct(behind).s(" 个百分点（未完成：").names(f.p.Nodes, missed).s("）")
		}
		a.Reasons = append(a.Reasons, Reason{RuleNodes, c, string(t)})
		f.buf = t
		if c != Green {
			a.gap.nodes = slices.Clone(missed)
		}
	}
	if !f.r.MonthlyTask {
		return
	}
	t := f.buf[:0].month(m).s("任务未完成：")
	missedTask := len(taskMissed) > 0
	if missedTask {
		t = t.s("节点").names(f.p.Nodes, taskMissed).s("未完成")
	}
	if pl != nil && len(pl.Monthly) == 12 {
		task, done := pl.Monthly[m.Month-1], f.sum(m, m)
		if task > 0 && done < task {
			if missedTask {
				t = t.s("，")
			}
			missedTask = true
			t = t.s("当月计划投资 ").s(task.String()).s(" 万元，完成 ").s(done.String()).s(" 万元")
			_, _, need := f.schedule(pl, m)
			a.gap.invest, a.gap.need = true, max(a.gap.need, need)
		}
	}
	f.buf = t
	if missedTask {
		a.Reasons = append(a.Reasons, Reason{RuleTask, Red, string(t)})
		for _, i := range taskMissed {
			if !slices.Contains(a.gap.nodes, i) {
				a.gap.nodes = append(a.gap.nodes, i)
			}
		}
	}
}

// text builds a reason in a buffer reused from month to month: a city's
// history is over a million reasons, and concatenation allocated most of
// its time.
type text []byte

func (t text) s(x string) text { return append(t, x...) }

func (t text) n(x int) text { return strconv.AppendInt(t, int64(x), 10) }

// month writes 2026年3月.
func (t text) month(m model.Month) text {
	return t.n(m.Year).s("年").n(int(m.Month)).s("月")
}

// pct writes a per-mille value as a percentage with one decimal: 417 → 41.7.
func (t text) pct(v int64) text {
	if v < 0 {
		t, v = append(t, '-'), -v
	}
	t = strconv.AppendInt(t, v/10, 10)
	return append(t, '.', byte('0'+v%10))
}

// names lists nodes as 「主体封顶」、「设备安装」, at most three.
func (t text) names(nodes []Node, idx []int) text {
	for k, i := range idx {
		if k == 3 {
			return t.s("等").n(len(idx)).s("个")
		}
		if k > 0 {
			t = t.s("、")
		}
		t = t.s("「").s(nodes[i].Name).s("」")
	}
	return t
}

// permille is num/den in ‰, rounded half away from zero (den > 0).
func permille(num, den int64) int64 {
	n := num * 1000
	if n < 0 {
		return -((-2*n + den) / (2 * den))
	}
	return (2*n + den) / (2 * den)
}
