package matching

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// genRule draws an arbitrary rule of the supported language, deeper and
// stranger than real policies: arithmetic with attributes as divisors,
// negations, == and != on numbers and texts, lists, prefixes and tags.
func genRule(r *rand.Rand, depth int) string {
	if depth <= 0 || r.IntN(3) == 0 {
		return "(" + genLeaf(r) + ")" // == and < share a precedence in expr
	}
	switch r.IntN(4) {
	case 0:
		return "!(" + genRule(r, depth-1) + ")"
	case 1:
		return "(" + genRule(r, depth-1) + " || " + genRule(r, depth-1) + ")"
	case 2:
		return "(" + genRule(r, depth-1) + " == " + genRule(r, depth-1) + ")"
	}
	return "(" + genRule(r, depth-1) + " && " + genRule(r, depth-1) + ")"
}

var numAttrs = []string{"sales", "employees", "total_assets", "taxable_income", "rd_ratio", "rd_ratio_3y", "tech_staff_share", "ip_class1", "ip_class2", "years_registered", "tsme_score", "rd_expense"}
var boolAttrs = []string{"legal_person", "restricted_industry", "hnte_valid", "rd_institution", "credit_blacklisted"}

func genNum(r *rand.Rand, depth int) string {
	if depth <= 0 || r.IntN(2) == 0 {
		if r.IntN(3) == 0 {
			return fkey(float64(r.IntN(200)) / 4)
		}
		return pick(r, numAttrs)
	}
	return "(" + genNum(r, depth-1) + " " + pick(r, []string{"+", "-", "*", "/"}) + " " + genNum(r, depth-1) + ")"
}

func genLeaf(r *rand.Rand) string {
	switch r.IntN(7) {
	case 0:
		return pick(r, boolAttrs)
	case 1:
		return fmt.Sprintf("industry_section in [%q, %q]", pick(r, sectionsPool), pick(r, sectionsPool))
	case 2:
		return fmt.Sprintf("region_code startsWith %q", pick(r, regionPool)[:4+r.IntN(3)])
	case 3:
		return fmt.Sprintf("%q in tags", pick(r, tagPool))
	case 4:
		return fmt.Sprintf("scale %s %q", pick(r, []string{"==", "!="}), pick(r, []string{"micro", "small", "medium"}))
	case 5:
		return fmt.Sprintf("ip_class2 in [%d, %d]", r.IntN(4), r.IntN(8))
	}
	return genNum(r, 2) + " " + pick(r, cmpSymbols[:]) + " " + genNum(r, 1)
}

func genOddPolicy(r *rand.Rand, i int) Policy {
	p := Policy{Key: fmt.Sprintf("odd%d", i), Title: "随机", Level: LevelCity, Way: WayFast}
	for k := range 1 + r.IntN(4) {
		p.Conditions = append(p.Conditions, Condition{Key: fmt.Sprint(k), Name: "c", Rule: genRule(r, 3), Citation: "测试"})
	}
	if r.IntN(3) == 0 {
		for j := range 2 + r.IntN(2) {
			path := Path{Name: fmt.Sprint("途径", j)}
			for k := range 1 + r.IntN(3) {
				c := Condition{Key: fmt.Sprint(j, "-", k), Name: "c", Rule: genRule(r, 2), Citation: "测试"}
				if r.IntN(8) == 0 {
					c.Rule, c.Review = "", "评审"
				}
				path.Conditions = append(path.Conditions, c)
			}
			p.Paths = append(p.Paths, path)
		}
	}
	return p
}

// checkAgreement runs the columnar engine and compares each enterprise's
// status, near miss and every condition with the row-at-a-time evaluator.
func checkAgreement(t *testing.T, e *Engine, c *Columns, rows []*Profile) {
	t.Helper()
	want := make([]Count, e.Len())
	for _, p := range rows {
		for i, res := range e.Match(p) {
			switch res.Status {
			case Qualifies:
				want[i].Qualifies++
			case Maybe:
				want[i].Maybe++
			case Fails:
				want[i].Fails++
			}
			if res.NearMiss {
				want[i].NearMiss++
			}
		}
	}
	var mu sync.Mutex
	seen := 0
	got := e.MatchColumns(c, 2, func(b *Block) {
		for i := range b.Len {
			ref := e.Match(rows[b.Start+i])
			for pi, res := range ref {
				if s := b.Status(pi, i); s != res.Status {
					t.Errorf("row %d policy %s: columns %s, reference %s", b.Start+i, e.Policy(pi).Key, s.Label(), res.Status.Label())
				}
				if n := b.NearMiss(pi, i); n != res.NearMiss {
					t.Errorf("row %d policy %s: near miss %v, reference %v", b.Start+i, e.Policy(pi).Key, n, res.NearMiss)
				}
				for k, tr := range res.Conds {
					if g := b.Cond(pi, k, i); g != tr {
						t.Errorf("row %d policy %s condition %d (%s): %s, reference %s", b.Start+i, e.Policy(pi).Key, k,
							e.policies[pi].conds[k].c.Rule, g.Label(), tr.Label())
					}
				}
			}
		}
		mu.Lock()
		seen += b.Len
		mu.Unlock()
	})
	if seen != len(rows) {
		t.Errorf("blocks covered %d rows of %d", seen, len(rows))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("policy %s: counts %+v, reference %+v", e.Policy(i).Key, got[i], want[i])
		}
	}
}

func TestColumnsAgreeWithReferenceOnRandomPolicies(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2026))
	for round := range 12 {
		ps := genPolicies(r, 30)
		for i := range 30 {
			ps = append(ps, genOddPolicy(r, i))
		}
		e, err := NewEngine(ps)
		if err != nil {
			t.Fatal(err)
		}
		n := 700 + r.IntN(1500) // rarely a whole number of blocks
		c, cells := genColumns(r, n, true)
		rows := make([]*Profile, n)
		for i := range cells {
			rows[i] = &Profile{cells: cells[i]}
		}
		checkAgreement(t, e, c, rows)
		if t.Failed() {
			t.Fatalf("round %d", round)
		}
	}
}

// genValues draws supplied values the way enterprises, commissioners and
// departments supply them, years and sources mixed and some missing, so
// that Columns.Set and the derived attributes are exercised too.
func genValues(r *rand.Rand) []Value {
	on := model.Date{Year: 2026, Month: time.Month(1 + r.IntN(3)), Day: 1 + r.IntN(28)}
	var vs []Value
	add := func(v Value) {
		if r.IntN(5) == 0 {
			return
		}
		v.Source, v.On = Source(1+r.IntN(4)), on
		vs = append(vs, v)
	}
	add(Value{Attr: "industry_code", Text: pick(r, sectionsPool) + "39"})
	add(Value{Attr: "scale", Text: pick(r, []string{"micro", "small", "medium", "large"})})
	add(Value{Attr: "region_code", Text: pick(r, regionPool)})
	add(Value{Attr: "founded_on", Date: model.Date{Year: 2015 + r.IntN(11), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}})
	add(Value{Attr: "tags", Tags: []string{pick(r, tagPool)}})
	for _, b := range boolAttrs {
		add(Value{Attr: b, Bool: r.IntN(2) == 0})
	}
	add(Value{Attr: "hnte_cert_until", Date: model.Date{Year: 2025 + r.IntN(3), Month: 6, Day: 30}})
	add(Value{Attr: "ip_class1", Num: float64(r.IntN(3))})
	add(Value{Attr: "ip_class2", Num: float64(r.IntN(6))})
	for y := 2023; y <= 2025; y++ {
		sales := float64(r.IntN(30000))
		add(Value{Attr: "sales", Year: y, Num: sales})
		add(Value{Attr: "rd_expense", Year: y, Num: sales * float64(r.IntN(10)) / 100})
		add(Value{Attr: "rd_expense_domestic", Year: y, Num: sales * float64(r.IntN(5)) / 100})
		add(Value{Attr: "employees", Year: y, Num: float64(r.IntN(800))})
		add(Value{Attr: "tech_staff", Year: y, Num: float64(r.IntN(200))})
		add(Value{Attr: "total_assets", Year: y, Num: float64(r.IntN(30000))})
		add(Value{Attr: "total_cost", Year: y, Num: float64(r.IntN(30000))})
	}
	return vs
}

func TestColumnsAgreeWithReferenceOnSuppliedValues(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	asOf := model.Date{Year: 2026, Month: 3, Day: 1}
	ps := genPolicies(r, 40)
	for i := range 40 {
		ps = append(ps, genOddPolicy(r, i))
	}
	e, err := NewEngine(ps)
	if err != nil {
		t.Fatal(err)
	}
	n := 1300
	c := NewColumns(n)
	rows := make([]*Profile, n)
	for i := range rows {
		rows[i] = NewProfile(asOf, genValues(r))
		c.Set(i, rows[i])
	}
	// overwrite some rows, as a re-match after a change does
	for i := 0; i < n; i += 7 {
		rows[i] = NewProfile(asOf, genValues(r))
		c.Set(i, rows[i])
	}
	checkAgreement(t, e, c, rows)
}

func TestBlockRowsBeyondLenAreNotCounted(t *testing.T) {
	e, err := NewEngine([]Policy{{Key: "k", Title: "常真", Level: LevelCity, Way: WayAuto,
		Conditions: []Condition{{Key: "a", Name: "总是", Rule: "true || sales > 1", Citation: "测试"}}}})
	if err != nil {
		t.Fatal(err)
	}
	c := NewColumns(3)
	got := e.MatchColumns(c, 1, nil)
	if got[0] != (Count{Qualifies: 3}) {
		t.Errorf("counts %+v, want 3 qualifying", got[0])
	}
}
