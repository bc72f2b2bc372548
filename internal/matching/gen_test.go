package matching

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// The generators of the property tests and benchmarks.
//
// genPolicies draws policies the way real policy sets look: a few dozen
// attributes, each compared with one of the round thresholds real
// policies use for it (sales 500/1000/2000/…万元, R&D ratio 3/4/5/6%,
// employees ≤ 100/300/500 …), so that many policies share predicates.
// Each policy has hygiene conditions (no blacklisting, not a restricted
// industry …) with some probability, one or two size limits, often an
// industry restriction, one to three innovation thresholds, sometimes a
// tag, a banded R&D condition like 高企's, a sum of IP counts or a
// condition for experts; a fifth have two alternative paths, the second
// an either-or of honours.

type threshold struct {
	attr   string
	ops    []string
	values []float64
}

var sizeThresholds = []threshold{
	{"sales", []string{"<=", ">="}, []float64{500, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000}},
	{"employees", []string{"<=", ">="}, []float64{10, 20, 50, 100, 200, 300, 500, 1000}},
	{"total_assets", []string{"<="}, []float64{1000, 3000, 5000, 10000, 20000, 40000}},
	{"taxable_income", []string{"<="}, []float64{100, 300, 500, 1000}},
	{"main_revenue", []string{">="}, []float64{500, 1000, 2000, 5000, 10000, 20000}},
}

var innovationThresholds = []threshold{
	{"tech_staff_share", []string{">="}, []float64{10, 15, 20, 25, 30}},
	{"rd_ratio", []string{">="}, []float64{1, 2, 3, 4, 5, 6}},
	{"rd_ratio_3y", []string{">="}, []float64{3, 4, 5, 6}},
	{"rd_expense", []string{">="}, []float64{50, 100, 200, 500, 1000}},
	{"rd_domestic_share_3y", []string{">="}, []float64{60}},
	{"hightech_income_share", []string{">="}, []float64{50, 60, 70}},
	{"ip_class1", []string{">="}, []float64{1, 2, 3, 5}},
	{"ip_class2", []string{">="}, []float64{1, 2, 4, 6}},
	{"years_registered", []string{">="}, []float64{1, 2, 3, 5}},
	{"niche_market_years", []string{">="}, []float64{2, 3}},
	{"equity_financing_2y", []string{">="}, []float64{500, 2000, 6000}},
	{"tsme_score", []string{">="}, []float64{60, 70}},
	{"rd_expense_avg_2y", []string{">="}, []float64{500, 1000}},
}

var honours = []string{"hnte_valid", "rd_institution", "national_award_5y", "standard_setting_5y", "award_3y", "makers_top500_3y"}
var sectionsPool = []string{"B", "C", "D", "E", "F", "G", "I", "M"}
var tagPool = []string{"高新技术企业", "科技型中小企业", "专精特新", "瞪羚企业", "规上工业", "上市后备"}
var regionPool = []string{"411203", "411202", "411221", "411224"}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// jitter, when set, moves every threshold by up to ±50% (to one
// decimal), so that almost no two policies share a comparison: the worst
// case for sharing, not what real policy sets look like.
var jitter bool

func (t threshold) rule(r *rand.Rand) string {
	v := pick(r, t.values)
	if jitter {
		v = math.Round(v*(0.5+r.Float64())*10) / 10
	}
	return fmt.Sprintf("%s %s %s", t.attr, pick(r, t.ops), fkey(v))
}

func genPolicies(r *rand.Rand, n int) []Policy {
	ps := make([]Policy, n)
	for i := range ps {
		ps[i] = genPolicy(r, i)
	}
	return ps
}

func genPolicy(r *rand.Rand, i int) Policy {
	p := Policy{Key: fmt.Sprintf("p%d", i), Title: fmt.Sprintf("政策%d", i), Level: LevelDistrict, Way: WayApply}
	keys := 0
	add := func(conds *[]Condition, rule, review string) {
		keys++
		*conds = append(*conds, Condition{Key: fmt.Sprintf("c%d", keys), Name: rule, Rule: rule, Review: review, Citation: "测试"})
	}
	maybe := func(prob float64, rule string) {
		if r.Float64() < prob {
			add(&p.Conditions, rule, "")
		}
	}
	maybe(0.7, "!credit_blacklisted")
	maybe(0.4, "!restricted_industry")
	maybe(0.4, "!major_incident_1y")
	maybe(0.3, "resident_enterprise")
	if r.Float64() < 0.6 {
		add(&p.Conditions, fmt.Sprintf(`region_code startsWith %q`, pick(r, regionPool)), "")
	}
	for range 1 + r.IntN(2) {
		add(&p.Conditions, pick(r, sizeThresholds).rule(r), "")
	}
	if r.Float64() < 0.5 {
		k := 1 + r.IntN(3)
		var set []string
		for _, j := range r.Perm(len(sectionsPool))[:k] {
			set = append(set, fmt.Sprintf("%q", sectionsPool[j]))
		}
		add(&p.Conditions, "industry_section in ["+strings.Join(set, ", ")+"]", "")
	}
	for range 1 + r.IntN(3) {
		add(&p.Conditions, pick(r, innovationThresholds).rule(r), "")
	}
	if r.Float64() < 0.3 {
		tag := fmt.Sprintf("%q in tags", pick(r, tagPool))
		if r.Float64() < 0.5 {
			tag = "!(" + tag + ")"
		}
		add(&p.Conditions, tag, "")
	}
	maybe(0.1, fmt.Sprintf("rd_ratio_3y >= %s || (rd_ratio_3y >= %s && sales > %s)",
		fkey(pick(r, []float64{5, 6})), fkey(pick(r, []float64{3, 4})), fkey(pick(r, []float64{5000, 20000}))))
	maybe(0.05, fmt.Sprintf("ip_class1 + ip_class2 >= %d", 1+r.IntN(4)))
	if r.Float64() < 0.1 {
		p.Conditions = append(p.Conditions, Condition{Key: "review", Name: "专家评审", Review: "需专家评审", Citation: "测试"})
	}
	if r.Float64() < 0.2 {
		a := Path{Name: "指标"}
		for range 1 + r.IntN(2) {
			add(&a.Conditions, pick(r, innovationThresholds).rule(r), "")
		}
		b := Path{Name: "荣誉"}
		var hs []string
		for _, j := range r.Perm(len(honours))[:2+r.IntN(2)] {
			hs = append(hs, honours[j])
		}
		add(&b.Conditions, strings.Join(hs, " || "), "")
		p.Paths = []Path{a, b}
	}
	return p
}

// genCells draws one enterprise's rule-visible attributes from
// distributions shaped like a district's registry: sales log-normal
// around 300万元 (most enterprises are micro), employees and assets
// following sales, R&D absent at 45% of enterprises and log-normal around
// 3% elsewhere. Registry fields are always known; financial figures are
// missing at 15%, innovation figures at 35% and self-declared yes/no
// answers at 40%, so all three answers occur.
func genCells(r *rand.Rand) []cell {
	cs := make([]cell, len(attributes))
	setN := func(name string, v float64, missing float64) {
		if r.Float64() >= missing {
			cs[mustIndex(name)] = cell{known: true, num: v}
		}
	}
	setS := func(name, v string) { cs[mustIndex(name)] = cell{known: true, str: v} }
	sales := math.Exp(r.NormFloat64()*1.8 + math.Log(300))
	emp := math.Round(math.Max(1, sales/20*math.Exp(r.NormFloat64()*0.7)))
	section := pick(r, []string{"C", "C", "C", "G", "G", "F", "I", "M", "L", "B", "D", "E", "K", "H", "J", "N"})
	setS("industry_section", section)
	setS("industry_code", section+fmt.Sprintf("%02d", 10+r.IntN(30)))
	scale := "micro"
	switch {
	case sales > 40000:
		scale = "large"
	case sales > 2000:
		scale = "medium"
	case sales > 300:
		scale = "small"
	}
	setS("scale", scale)
	setS("region_code", pick(r, regionPool))
	setN("years_registered", float64(r.IntN(30)), 0)
	setN("resident_enterprise", 1, 0)
	var tags []string
	for _, t := range tagPool {
		if r.Float64() < 0.08 {
			tags = append(tags, t)
		}
	}
	slices.Sort(tags) // as Profile keeps them
	cs[mustIndex("tags")] = cell{known: true, tags: tags}
	fin := r.Float64() >= 0.15
	if fin {
		setN("sales", sales, 0)
		setN("main_revenue", sales*(0.7+0.3*r.Float64()), 0)
		setN("total_assets", sales*math.Exp(r.NormFloat64()*0.6), 0)
		setN("taxable_income", sales*(0.05+0.08*r.NormFloat64()), 0)
		setN("employees", emp, 0)
	}
	rdRatio := 0.0
	if r.Float64() > 0.45 {
		rdRatio = math.Min(60, math.Exp(r.NormFloat64()*0.8+math.Log(3)))
	}
	setN("rd_ratio", rdRatio, 0.35)
	setN("rd_ratio_3y", rdRatio*(0.8+0.4*r.Float64()), 0.35)
	setN("rd_expense", rdRatio*sales/100, 0.35)
	setN("rd_expense_avg_2y", rdRatio*sales/100*(0.8+0.4*r.Float64()), 0.35)
	setN("rd_domestic_share_3y", 40+60*r.Float64(), 0.35)
	staff := 10 * r.Float64()
	if rdRatio > 0 {
		staff = 5 + 40*r.Float64()
	}
	setN("tech_staff_share", staff, 0.35)
	setN("hightech_income_share", 100*r.Float64()*r.Float64(), 0.35)
	setN("ip_class1", float64(r.IntN(4)*r.IntN(2)), 0.35)
	setN("ip_class2", float64(r.IntN(8)), 0.35)
	setN("niche_market_years", float64(r.IntN(10)), 0.35)
	setN("equity_financing_2y", math.Max(0, r.NormFloat64()*2000), 0.35)
	setN("tsme_score", float64(r.IntN(101)), 0.35)
	for _, b := range []struct {
		name string
		p    float64
	}{
		{"legal_person", 0.9}, {"restricted_industry", 0.03}, {"major_incident_1y", 0.01}, {"credit_blacklisted", 0.02},
		{"hnte_valid", 0.08}, {"rd_institution", 0.05}, {"national_award_5y", 0.01}, {"standard_setting_5y", 0.03},
		{"award_3y", 0.03}, {"makers_top500_3y", 0.01},
	} {
		setN(b.name, b2f(r.Float64() < b.p), 0.4)
	}
	return cs
}

// genColumns fills n enterprises into columns, and returns their cells
// when keep is set.
func genColumns(r *rand.Rand, n int, keep bool) (*Columns, [][]cell) {
	c := NewColumns(n)
	var rows [][]cell
	for row := range n {
		cs := genCells(r)
		c.Set(row, &Profile{cells: cs})
		if keep {
			rows = append(rows, cs)
		}
	}
	return c, rows
}
