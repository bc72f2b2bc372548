package alloc

import (
	"strings"
	"testing"
)

// A small package: 能耗 S1 is contested, D3's minimum is out of reach,
// D4's minimum would cost more than it brings, D5 has no supply, D6's arc
// is capped.
const explainInstance = `{
 "supplies": [
  {"id":"S1","name":"年度能耗指标","kind":"能耗","amount":100},
  {"id":"S2","name":"专项资金","kind":"资金","amount":50}
 ],
 "demands": [
  {"id":"D1","name":"甲项目","kind":"能耗","amount":60,"value":9},
  {"id":"D2","name":"乙项目","kind":"能耗","amount":60,"value":5},
  {"id":"D3","name":"丙项目","kind":"资金","amount":80,"min":70,"value":3},
  {"id":"D4","name":"丁项目","kind":"能耗","amount":300,"min":50,"value":4},
  {"id":"D5","name":"戊项目","kind":"资金","amount":10,"value":1},
  {"id":"D6","name":"己项目","kind":"资金","amount":10,"value":2}
 ],
 "arcs": [
  {"supply":"S1","demand":"D1"},
  {"supply":"S1","demand":"D2"},
  {"supply":"S1","demand":"D4"},
  {"supply":"S2","demand":"D3"},
  {"supply":"S2","demand":"D6","cap":4}
 ]
}`

func demand(t *testing.T, res *Result, id string) DemandReport {
	t.Helper()
	for _, d := range res.Demands {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no report for %s", id)
	return DemandReport{}
}

func TestExplanations(t *testing.T) {
	res := solve(t, explainInstance, Options{Explain: true})
	// S1: D1 60 × 9 + D2 40 × 5; S2: D6 4 × 2 (its cap), D3's minimum 70
	// is beyond S2's 50.
	if res.Objective != "748" {
		t.Fatalf("objective %s", res.Objective)
	}
	cases := []struct {
		id, binding, received string
		reason                []string
	}{
		{"D1", "met", "60", []string{"已全部满足（60）"}},
		{"D2", "supply_exhausted", "40", []string{"获得 40（申请 60）", "年度能耗指标（对它单位价值 5）已用尽，分给了 甲项目（单位价值 9，60）"}},
		{"D3", "min_unreachable", "0", []string{"最低量 70 无法达到：所有可用供给合计至多 50"}},
		{"D4", "min_not_worth", "0", []string{"若满足其最低量 50，总目标将减少 90（其他需求的取舍不变）"}},
		{"D5", "no_eligible_supply", "0", []string{"没有可以供给它的资源"}},
		{"D6", "supply_exhausted", "4", []string{"专项资金 的线路上限 4 已满"}},
	}
	for _, c := range cases {
		d := demand(t, res, c.id)
		if d.Binding != c.binding || d.Received != Decimal(c.received) {
			t.Errorf("%s: %s, received %s; want %s, %s (%s)", c.id, d.Binding, d.Received, c.binding, c.received, d.Reason)
		}
		for _, s := range c.reason {
			if !strings.Contains(d.Reason, s) {
				t.Errorf("%s: reason %q lacks %q", c.id, d.Reason, s)
			}
		}
	}
	// Serving D4 at 50 × 4 (200) pushes out D2's 40 at 5 and 10 of D1's
	// 60 at 9: 740 − 650.
	if d := demand(t, res, "D4"); d.ForceCost != "90" {
		t.Errorf("D4 force cost %s, want 90", d.ForceCost)
	}
	// One more unit of S1 goes to D2 at 5; S2 has 46 left, worth nothing.
	for _, s := range res.Supplies {
		want := map[string]Decimal{"S1": "5", "S2": "0"}[s.ID]
		if s.ShadowPrice != want {
			t.Errorf("%s: shadow price %s, want %s", s.ID, s.ShadowPrice, want)
		}
	}
	// One more unit of D1's request takes a unit from D2: 9 − 5.
	if d := demand(t, res, "D1"); d.Marginal != "4" {
		t.Errorf("D1 marginal %s, want 4", d.Marginal)
	}
}

const landInstance = `{
 "waste_cost": 0.5,
 "parcels": [
  {"id":"P1","name":"产业园 1 号地","area":50,"use":"工业"},
  {"id":"P2","name":"产业园 2 号地","area":30,"use":"工业"},
  {"id":"P3","name":"商业地块","area":100,"use":"商业"}
 ],
 "projects": [
  {"id":"Q1","name":"新材料项目","area":40,"value":100,"use":"工业"},
  {"id":"Q2","name":"装备项目","area":45,"value":60,"use":"工业"},
  {"id":"Q3","name":"物流项目","area":20,"value":5,"use":"商业"},
  {"id":"Q4","name":"仓储项目","area":60,"value":80,"parcels":["P1","P2"]}
 ]
}`

func TestLandExplanations(t *testing.T) {
	res := solve(t, landInstance, Options{Explain: true})
	// Q1 on P1 (100 − 0.5 × 10) or Q2 on P1 (60 − 2.5): Q1 wins; Q3's
	// only parcel wastes 80 × 0.5 = 40 > 5; Q4 needs 60, its parcels are
	// smaller.
	if res.Objective != "95" || len(res.Assignments) != 1 || res.Assignments[0] != (Assignment{Parcel: "P1", Project: "Q1"}) {
		t.Fatalf("objective %s, assignments %+v", res.Objective, res.Assignments)
	}
	want := map[string][2]string{
		"Q1": {"met", "获得地块 产业园 1 号地（面积 50，闲置 10，净值 95）"},
		"Q2": {"supply_exhausted", "产业园 1 号地（对它净值 57.5）已分给 新材料项目（净值 95）"},
		"Q3": {"not_worth", "代价超过项目价值"},
		"Q4": {"no_eligible_supply", "2 块符合条件但面积不足 60"},
	}
	for _, p := range res.Projects {
		w := want[p.ID]
		if p.Binding != w[0] || !strings.Contains(p.Reason, w[1]) {
			t.Errorf("%s: %s %q, want %s containing %q", p.ID, p.Binding, p.Reason, w[0], w[1])
		}
	}
	// Without P1, Q2 cannot move to P2 (too small) and Q1 gets nothing:
	// P1 is worth all 95.
	for _, p := range res.Parcels {
		if l := map[string]Decimal{"P1": "95", "P2": "0", "P3": "0"}[p.ID]; p.Loss != l {
			t.Errorf("%s: loss %s, want %s", p.ID, p.Loss, l)
		}
	}
}

func TestOverridesAndTheirCost(t *testing.T) {
	src := strings.Replace(explainInstance, `"arcs": [`, `"fixed": [{"supply":"S1","demand":"D2","amount":60}],
 "arcs": [`, 1)
	res := solve(t, src, Options{Explain: true})
	// D2 pinned at 60 leaves 40 for D1: 40 × 9 + 60 × 5 + 8 = 668.
	if res.Objective != "668" || res.Optimum != "748" || res.OverrideCost != "80" {
		t.Fatalf("objective %s, optimum %s, cost %s", res.Objective, res.Optimum, res.OverrideCost)
	}
	if d := demand(t, res, "D1"); d.Binding != "supply_exhausted" || !strings.Contains(d.Reason, "乙项目（单位价值 5，60，人工调整）") {
		t.Fatalf("D1: %s %q", d.Binding, d.Reason)
	}
	if d := demand(t, res, "D2"); d.Binding != "met" {
		t.Fatalf("D2: %s", d.Binding)
	}

	land := strings.Replace(landInstance, `"waste_cost": 0.5,`, `"waste_cost": 0.5, "fixed_assignments": [{"parcel":"P1","project":"Q2"}],`, 1)
	res = solve(t, land, Options{Explain: true})
	if res.Objective != "57.5" || res.Optimum != "95" || res.OverrideCost != "37.5" {
		t.Fatalf("land: objective %s, optimum %s, cost %s", res.Objective, res.Optimum, res.OverrideCost)
	}
	for _, p := range res.Projects {
		if p.ID == "Q2" && (p.Binding != "fixed" || !strings.HasPrefix(p.Reason, "人工调整：")) {
			t.Fatalf("Q2: %s %q", p.Binding, p.Reason)
		}
	}
}

func TestCheck(t *testing.T) {
	inst := parse(t, explainInstance)
	res := solve(t, explainInstance, Options{})
	ok, err := Check(inst, &Allocation{Flows: res.Flows}, Options{})
	if err != nil || !ok.Feasible || ok.Objective != "748" || ok.Cost != "0" {
		t.Fatalf("the optimum re-checked: %+v %v", ok, err)
	}
	bad := &Allocation{Flows: []Flow{
		{Supply: "S1", Demand: "D1", Amount: "70"},   // more than D1 asked
		{Supply: "S1", Demand: "D4", Amount: "40.5"}, // below D4's minimum; S1 now over
		{Supply: "S2", Demand: "D6", Amount: "5"},    // over the arc's cap
		{Supply: "S2", Demand: "D5", Amount: "1"},    // no such arc
	}}
	got, err := Check(inst, bad, Options{})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, v := range got.Violations {
		codes[v.Code] = v.Message
	}
	for code, msg := range map[string]string{
		"demand_exceeded": "需求 D1 共获得 70，超过其申请量 60",
		"below_min":       "需求 D4 获得 40.5，低于其最低量 50",
		"supply_exceeded": "供给 S1 共分配 110.5，超过其数量 100",
		"flow_above_cap":  "分配 S2→D6 的数量 5 超过该线路上限 4",
		"not_eligible":    "分配 S2→D5 不在可分配的线路",
	} {
		if !strings.Contains(codes[code], msg) {
			t.Errorf("%s: %q, want %q", code, codes[code], msg)
		}
	}
	if got.Feasible || got.Objective != "802" || got.Optimum != "748" || got.Cost != "-54" {
		t.Errorf("feasible %v, objective %s, optimum %s, cost %s", got.Feasible, got.Objective, got.Optimum, got.Cost)
	}
	if _, err := Check(inst, &Allocation{Flows: []Flow{{Supply: "S9", Demand: "D1", Amount: "1"}}}, Options{}); err == nil || !strings.Contains(err.Error(), "供给 S9 不存在") {
		t.Errorf("unknown supply: %v", err)
	}

	linst := parse(t, landInstance)
	got, err = Check(linst, &Allocation{Assignments: []Assignment{{Parcel: "P3", Project: "Q1"}, {Parcel: "P2", Project: "Q2"}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Feasible || len(got.Violations) != 2 || !strings.Contains(got.Violations[0].Message, "项目 Q1 需要工业用地，地块 P3 为商业") ||
		!strings.Contains(got.Violations[1].Message, "地块 P2 面积 30 小于项目 Q2 所需 45") {
		t.Fatalf("land violations: %+v", got.Violations)
	}
}
