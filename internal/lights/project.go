package lights

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Project is what a project's light depends on. Dates are Shanghai civil
// dates; a zero date is unknown. Facts dated after the clock are ignored.
type Project struct {
	Phase             model.ProjectPhase `json:"phase"`
	PlannedStart      model.Date         `json:"planned_start"`
	PlannedCompletion model.Date         `json:"planned_completion"`
	ActualStart       model.Date         `json:"actual_start"`
	ActualCompletion  model.Date         `json:"actual_completion"`
	// Plans are the annual investment plans, at most one per year.
	Plans []Plan `json:"plans"`
	// Completed is the investment completed, month by month; a month
	// without a figure counts as nothing completed.
	Completed []Completed `json:"completed"`
	Nodes     []Node      `json:"nodes"`
	// Since is the first month to assess (when the project entered a
	// ledger). Zero: the month of its earliest plan or fact.
	Since model.Month `json:"since"`
}

// Plan is one year's planned investment.
type Plan struct {
	Year   int         `json:"year"`
	Amount model.Money `json:"amount"`
	// Monthly is the plan month by month (分月计划): empty, or twelve amounts
	// that add up to Amount.
	Monthly []model.Money `json:"monthly,omitempty"`
}

// Completed is the investment completed in one month.
type Completed struct {
	Month  model.Month `json:"month"`
	Amount model.Money `json:"amount"` // may be negative: a correction (核减)
}

// Node is a milestone (节点) with its planned and actual dates.
type Node struct {
	Name    string     `json:"name"`
	Planned model.Date `json:"planned"`
	Actual  model.Date `json:"actual"`
}

// Validate checks a project's facts; the errors are Chinese, one per field.
func (p *Project) Validate() error {
	var fe model.FieldErrors
	if p.Phase != "" && !p.Phase.Valid() {
		fe.Add("phase", "项目阶段无效")
	}
	date := func(field, label string, d model.Date) {
		if !d.IsZero() && !d.Valid() {
			fe.Add(field, label+"不是有效日期")
		}
	}
	date("planned_start", "计划开工时间", p.PlannedStart)
	date("planned_completion", "计划投产时间", p.PlannedCompletion)
	date("actual_start", "实际开工时间", p.ActualStart)
	date("actual_completion", "实际投产时间", p.ActualCompletion)
	if !p.PlannedStart.IsZero() && !p.PlannedCompletion.IsZero() && p.PlannedCompletion.Compare(p.PlannedStart) < 0 {
		fe.Add("planned_completion", "计划投产时间早于计划开工时间")
	}
	if !p.ActualStart.IsZero() && !p.ActualCompletion.IsZero() && p.ActualCompletion.Compare(p.ActualStart) < 0 {
		fe.Add("actual_completion", "实际投产时间早于实际开工时间")
	}
	// Field names are built only for an error, and duplicates are found by
	// sorting rather than with maps: Validate runs on every assessment and
	// must stay cheap.
	for i, pl := range p.Plans {
		f := "plans[" + strconv.Itoa(i) + "]"
		if pl.Year < 1 || pl.Year > 9999 {
			fe.Add(f+".year", "计划年度无效")
		}
		for _, q := range p.Plans[:i] {
			if q.Year == pl.Year {
				fe.Add(f+".year", fmt.Sprintf("%d 年度计划重复", pl.Year))
				break
			}
		}
		if pl.Amount < 0 || !pl.Amount.Valid() {
			fe.Add(f+".amount", "年度计划投资应在 0 到 10^12 万元之间")
		}
		if len(pl.Monthly) != 0 {
			if len(pl.Monthly) != 12 {
				fe.Add(f+".monthly", "分月计划应有 12 个月")
				continue
			}
			var sum model.Money
			bad := false
			for _, m := range pl.Monthly {
				bad = bad || m < 0 || !m.Valid()
				sum += m
			}
			switch {
			case bad:
				fe.Add(f+".monthly", "分月计划投资不能为负数")
			case sum != pl.Amount:
				fe.Add(f+".monthly", fmt.Sprintf("分月计划合计 %s 万元，与年度计划 %s 万元不一致", sum, pl.Amount))
			}
		}
	}
	seen := make([][2]int, 0, len(p.Completed)) // month number, index
	for i, c := range p.Completed {
		f := func(name string) string { return "completed[" + strconv.Itoa(i) + "]." + name }
		if !c.Month.Valid() {
			fe.Add(f("month"), "完成投资的月份无效")
		} else {
			seen = append(seen, [2]int{c.Month.Year*12 + int(c.Month.Month), i})
		}
		if !c.Amount.Valid() {
			fe.Add(f("amount"), "完成投资超出范围")
		}
	}
	if !slices.IsSortedFunc(seen, cmpPair) {
		slices.SortFunc(seen, cmpPair)
	}
	for k := 1; k < len(seen); k++ {
		if seen[k][0] == seen[k-1][0] {
			i := seen[k][1]
			fe.Add("completed["+strconv.Itoa(i)+"].month", p.Completed[i].Month.Label()+"的完成投资重复")
		}
	}
	for i, n := range p.Nodes {
		if (!n.Planned.IsZero() && !n.Planned.Valid()) || (!n.Actual.IsZero() && !n.Actual.Valid()) {
			f := "nodes[" + strconv.Itoa(i) + "]"
			date(f+".planned", "节点计划完成时间", n.Planned)
			date(f+".actual", "节点实际完成时间", n.Actual)
		}
	}
	if !p.Since.IsZero() && !p.Since.Valid() {
		fe.Add("since", "起始月份无效")
	}
	return fe.Err()
}

func cmpPair(a, b [2]int) int {
	if a[0] != b[0] {
		return cmp.Compare(a[0], b[0])
	}
	return cmp.Compare(a[1], b[1])
}
