package ranking

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/lights"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

var march = model.Month{Year: 2026, Month: time.March}

func TestRatioScore(t *testing.T) {
	cases := []struct {
		r     Ratio
		score Points
		raw   string
	}{
		{Ratio{3, 4}, 7500, "75.0%（3/4）"},
		{Ratio{2, 3}, 6667, "66.7%（2/3）"},
		{Ratio{1, 3}, 3333, "33.3%（1/3）"},
		{Ratio{0, 5}, 0, "0.0%（0/5）"},
		{Ratio{150, 100}, Hundred, "150.0%（150/100）"},
		{Ratio{-5, 100}, 0, "-5.0%（-5/100）"},
		{Ratio{0, 0}, 0, "不适用"},
		{Ratio{1, 20000}, 1, "0.0%（1/20000）"}, // 0.005 points rounds up
		{Ratio{1, 20001}, 0, "0.0%（1/20001）"},
	}
	for _, c := range cases {
		if got := c.r.Score(); got != c.score {
			t.Errorf("%v.Score() = %d, want %d", c.r, got, c.score)
		}
		if got := c.r.String(); got != c.raw {
			t.Errorf("%v.String() = %q, want %q", c.r, got, c.raw)
		}
	}
}

func TestPoints(t *testing.T) {
	for _, c := range []struct {
		s string
		p Points
	}{{"87.34", 8734}, {"100", 10000}, {"-2.5", -250}, {"0.05", 5}} {
		got, err := ParsePoints(c.s)
		if err != nil || got != c.p {
			t.Errorf("ParsePoints(%q) = %d, %v", c.s, got, err)
		}
	}
	for _, s := range []string{"", "1.234", "abc", "1e3", ".5"} {
		if _, err := ParsePoints(s); err == nil {
			t.Errorf("ParsePoints(%q) accepted", s)
		}
	}
	if Points(-5).String() != "-0.05" || Points(8730).String() != "87.30" {
		t.Error("String")
	}
}

// The breakdown of one project under the default weights: problems do
// not apply, so 30/25/20/10 are renormalised over 85.
func TestExplain(t *testing.T) {
	c := DefaultConfig()
	p := Project{ID: 1, Investment: Ratio{50, 100}, Nodes: Ratio{3, 4}, Reports: Ratio{8, 10}, Light: lights.Yellow}
	parts, total, ok := Explain(&p, &c)
	if !ok || total != 6559 {
		t.Fatalf("total %s ok %v", total, ok)
	}
	want := []struct {
		ind        Indicator
		raw        string
		score      Points
		applicable bool
		contrib    Points
	}{
		{Investment, "50.0%（50/100）", 5000, true, 1765},
		{Nodes, "75.0%（3/4）", 7500, true, 2206},
		{Reports, "80.0%（8/10）", 8000, true, 1882},
		{Problems, "不适用", 0, false, 0},
		{Light, "黄灯", 6000, true, 706},
	}
	var sum Points
	for i, w := range want {
		g := parts[i]
		if g.Indicator != w.ind || g.Raw != w.raw || g.Score != w.score || g.Applicable != w.applicable || g.Contribution != w.contrib {
			t.Errorf("part %d = %+v, want %+v", i, g, w)
		}
		sum += g.Contribution
	}
	if sum != total {
		t.Errorf("contributions add up to %s, total %s", sum, total)
	}
	if s := parts[0].Share; s != 30.0/85 {
		t.Errorf("share %v", s)
	}
	// A zero weight leaves the indicator out of the breakdown.
	c.Weights.Light = 0
	parts, _, _ = Explain(&p, &c)
	if len(parts) != 4 || parts[3].Indicator != Problems {
		t.Errorf("with light weighted 0: %+v", parts)
	}
}

func entries(es []Entry) [][3]string {
	out := make([][3]string, len(es))
	for i, e := range es {
		out[i] = [3]string{strconv.Itoa(e.Rank), e.ID, e.Score.String()}
	}
	return out
}

// investmentOnly ranks by the investment rate alone, so a project's score
// is its rate.
func investmentOnly() Config {
	c := DefaultConfig()
	c.Weights = Weights{Investment: 1}
	return c
}

func TestTiesAndGroups(t *testing.T) {
	unitA, unitB := Ref{"7", "区发改委"}, Ref{"9", "区住建局"}
	town := Ref{"411203100", "大营镇"}
	ps := []Project{
		{ID: 4, Name: "丁", Unit: unitB, Plan: 300, Investment: Ratio{60, 100}},
		{ID: 2, Name: "乙", Unit: unitA, Township: town, Plan: 100, Investment: Ratio{80, 100}},
		{ID: 3, Name: "丙", Unit: unitA, Township: town, Plan: 300, Investment: Ratio{60, 100}},
		{ID: 1, Name: "甲", Unit: unitB, Plan: 100, Investment: Ratio{90, 100}},
		{ID: 5, Name: "戊", Unit: unitB, Investment: Ratio{3, 5}},
		{ID: 6, Name: "己"}, // nothing applies
	}
	s, err := Compute(march, investmentOnly(), ps)
	if err != nil {
		t.Fatal(err)
	}
	got := entries(s.Result.Projects)
	want := [][3]string{{"1", "1", "90.00"}, {"2", "2", "80.00"}, {"3", "3", "60.00"}, {"3", "4", "60.00"}, {"3", "5", "60.00"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("projects %v, want %v", got, want)
	}
	if !reflect.DeepEqual(s.Result.Unranked, []int64{6}) {
		t.Errorf("unranked %v", s.Result.Unranked)
	}
	// Mean: A (80+60)/2 = 70, B (90+60+60)/3 = 70: a tie, listed by id.
	if got := entries(s.Result.Units); !reflect.DeepEqual(got, [][3]string{{"1", "7", "70.00"}, {"1", "9", "70.00"}}) {
		t.Errorf("units by mean %v", got)
	}
	if s.Result.Units[1].Projects != 3 || s.Result.Units[1].Name != "区住建局" {
		t.Errorf("unit entry %+v", s.Result.Units[1])
	}
	if got := entries(s.Result.Townships); !reflect.DeepEqual(got, [][3]string{{"1", "411203100", "70.00"}}) {
		t.Errorf("townships %v", got)
	}
	if len(s.Result.Leaders) != 0 {
		t.Errorf("no leader given, got %v", s.Result.Leaders)
	}
	// Weighted by plan: A (80×100 + 60×300)/400 = 65; B (90×100 + 60×300 +
	// 60×0)/400 = 67.5.
	c := investmentOnly()
	c.Aggregation = PlanWeighted
	s, err = Compute(march, c, ps)
	if err != nil {
		t.Fatal(err)
	}
	if got := entries(s.Result.Units); !reflect.DeepEqual(got, [][3]string{{"1", "9", "67.50"}, {"2", "7", "65.00"}}) {
		t.Errorf("units by plan %v", got)
	}
	// A group without any plan falls back to the mean.
	s, _ = Compute(march, c, []Project{{ID: 1, Unit: unitA, Investment: Ratio{1, 2}}, {ID: 2, Unit: unitA, Investment: Ratio{1, 4}}})
	if got := s.Result.Units[0].Score; got != 3750 {
		t.Errorf("no plans: %s", got)
	}
}

// Competition ranks: 1, 2, 2, 4.
func TestCompetitionRanks(t *testing.T) {
	ps := []Project{
		{ID: 10, Investment: Ratio{9, 10}}, {ID: 11, Investment: Ratio{8, 10}},
		{ID: 12, Investment: Ratio{8, 10}}, {ID: 13, Investment: Ratio{7, 10}},
	}
	s, err := Compute(march, investmentOnly(), ps)
	if err != nil {
		t.Fatal(err)
	}
	var ranks []int
	for _, e := range s.Result.Projects {
		ranks = append(ranks, e.Rank)
	}
	if !reflect.DeepEqual(ranks, []int{1, 2, 2, 4}) {
		t.Errorf("ranks %v", ranks)
	}
}

// Weights are proportions: 3:1 and 0.75:0.25 and 300:100 rank alike.
func TestWeightsAreProportions(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ps := randomProjects(rng, 200)
	var first *Snapshot
	for _, w := range []Weights{{Investment: 3, Reports: 1}, {Investment: 0.75, Reports: 0.25}, {Investment: 300, Reports: 100}} {
		c := DefaultConfig()
		c.Weights = w
		s, err := Compute(march, c, ps)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = s
			continue
		}
		if !reflect.DeepEqual(s.Result, first.Result) {
			t.Errorf("weights %+v rank differently", w)
		}
	}
}

func TestBoard(t *testing.T) {
	mk := func(scores ...Points) []Entry {
		es := make([]Entry, len(scores))
		for i, s := range scores {
			es[i] = Entry{ID: strconv.Itoa(i + 1), Score: s}
		}
		competition(es)
		return es
	}
	ids := func(es []Entry) string {
		s := ""
		for _, e := range es {
			s += e.ID
		}
		return s
	}
	cases := []struct {
		name        string
		es          []Entry
		n           int
		top, bottom string
	}{
		{"plain", mk(90, 80, 70, 60, 50, 40), 2, "12", "56"},
		{"tie across the top boundary", mk(90, 80, 80, 60, 50), 2, "123", "45"},
		{"tie at the bottom", mk(90, 80, 70, 70, 70), 2, "12", "345"},
		{"fewer than 2n: no overlap", mk(90, 80, 70), 2, "12", "3"},
		{"everyone ties", mk(50, 50, 50), 2, "123", ""},
		{"one entry", mk(50), 3, "1", ""},
		{"n 0", mk(90, 80), 0, "", ""},
		{"empty", nil, 3, "", ""},
	}
	for _, c := range cases {
		top, bottom := Board(c.es, c.n)
		if ids(top) != c.top || ids(bottom) != c.bottom {
			t.Errorf("%s: top %s bottom %s, want %s %s", c.name, ids(top), ids(bottom), c.top, c.bottom)
		}
	}
}

func TestValidate(t *testing.T) {
	var fe model.FieldErrors
	bad := []struct {
		name  string
		edit  func(*Config)
		field string
		msg   string
	}{
		{"negative weight", func(c *Config) { c.Weights.Nodes = -1 }, "weights.nodes", "节点按期完成率的权重应为 0 到 1000000 之间的数"},
		{"NaN weight", func(c *Config) { c.Weights.Light = math.NaN() }, "weights.light", "亮灯情况的权重应为 0 到 1000000 之间的数"},
		{"zero sum", func(c *Config) { c.Weights = Weights{} }, "weights", "权重合计必须大于 0"},
		{"light scores out of order", func(c *Config) { c.LightScores.Yellow = Hundred + 1 }, "light_scores", "亮灯得分应在 0 到 100 之间，且绿灯不低于黄灯、黄灯不低于红灯"},
		{"aggregation", func(c *Config) { c.Aggregation = "median" }, "aggregation", "汇总方式应为项目得分平均（mean）或按计划投资加权（plan）"},
		{"board", func(c *Config) { c.Board = -1 }, "board", "红黑榜名额应在 0 到 100 之间"},
	}
	for _, b := range bad {
		c := DefaultConfig()
		b.edit(&c)
		_, err := Compute(march, c, nil)
		if !errors.As(err, &fe) || fe[0].Field != b.field || fe[0].Message != b.msg {
			t.Errorf("%s: %v", b.name, err)
		}
	}
	inputs := []struct {
		name  string
		ps    []Project
		field string
	}{
		{"duplicate", []Project{{ID: 1}, {ID: 1}}, "projects"},
		{"no id", []Project{{ID: 0}}, "projects[0].id"},
		{"negative denominator", []Project{{ID: 1, Nodes: Ratio{1, -1}}}, "projects[0].nodes"},
		{"bad light", []Project{{ID: 1, Light: "blue"}}, "projects[0].light"},
		{"negative plan", []Project{{ID: 1, Plan: -1}}, "projects[0].plan"},
	}
	for _, in := range inputs {
		_, err := Compute(march, DefaultConfig(), in.ps)
		if !errors.As(err, &fe) || fe[0].Field != in.field {
			t.Errorf("%s: %v", in.name, err)
		}
	}
	if _, err := Compute(model.Month{}, DefaultConfig(), nil); err == nil {
		t.Error("no period accepted")
	}
}

func randomProjects(rng *rand.Rand, n int) []Project {
	colours := []lights.Color{"", lights.Green, lights.Yellow, lights.Red}
	ps := make([]Project, n)
	for i := range ps {
		den := func(max int) int64 {
			if rng.IntN(5) == 0 {
				return 0
			}
			return int64(1 + rng.IntN(max))
		}
		r := func(max int) Ratio {
			d := den(max)
			return Ratio{int64(rng.IntN(int(d) + 2)), d}
		}
		ps[i] = Project{
			ID: int64(i*7 + 3), Name: "项目" + strconv.Itoa(i),
			Unit:       Ref{strconv.Itoa(rng.IntN(30)), "单位"},
			Township:   Ref{strconv.Itoa(411203100 + rng.IntN(12)), "乡镇"},
			Leader:     Ref{strconv.Itoa(rng.IntN(8)), "领导"},
			Plan:       model.Money(rng.IntN(1_000_000_00)),
			Investment: r(1_000_000), Nodes: r(12), Reports: r(5), Problems: r(4),
			Light: colours[rng.IntN(4)],
		}
	}
	return ps
}

// Snapshots round-trip through JSON byte for byte, verify, and fail to
// verify once tampered with; the input order does not matter.
func TestSnapshot(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ps := randomProjects(rng, 500)
	c := DefaultConfig()
	c.Aggregation = PlanWeighted
	s, err := Compute(march, c, ps)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	b, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := back.Encode()
	if !bytes.Equal(b, b2) {
		t.Fatal("re-encoding a decoded snapshot changed its bytes")
	}
	// Shuffled inputs: the same snapshot.
	shuffled := append([]Project(nil), ps...)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	s2, _ := Compute(march, c, shuffled)
	if b3, _ := s2.Encode(); !bytes.Equal(b, b3) {
		t.Error("input order changed the snapshot")
	}
	// Every stored project score equals its breakdown's total.
	for _, e := range s.Result.Projects {
		id, _ := strconv.ParseInt(e.ID, 10, 64)
		parts, total, ok := s.Explain(id)
		var sum Points
		for _, p := range parts {
			sum += p.Contribution
		}
		if !ok || total != e.Score || sum != total || total < 0 || total > Hundred {
			t.Fatalf("project %s: score %s, breakdown %s (sum %s)", e.ID, e.Score, total, sum)
		}
	}
	// Ranks are competition ranks over non-increasing scores.
	for i, e := range s.Result.Projects {
		if i == 0 {
			if e.Rank != 1 {
				t.Fatal("first rank")
			}
			continue
		}
		prev := s.Result.Projects[i-1]
		if e.Score > prev.Score || (e.Score == prev.Score && e.Rank != prev.Rank) || (e.Score < prev.Score && e.Rank != i+1) {
			t.Fatalf("entry %d %+v after %+v", i, e, prev)
		}
	}

	tamper := []struct {
		name string
		edit func(*Snapshot)
	}{
		{"a score", func(s *Snapshot) { s.Result.Projects[3].Score++ }},
		{"a rank", func(s *Snapshot) { s.Result.Units[0].Rank = 2 }},
		{"an input", func(s *Snapshot) { s.Inputs[10].Reports.Num++ }},
		{"the hash", func(s *Snapshot) { s.Hash = "00" }},
		{"a weight", func(s *Snapshot) { s.Config.Weights.Light = 11 }},
		{"the algorithm", func(s *Snapshot) { s.Algorithm = "zhuqi-ranking/0" }},
		{"the order of inputs", func(s *Snapshot) { s.Inputs[0], s.Inputs[1] = s.Inputs[1], s.Inputs[0] }},
	}
	for _, tm := range tamper {
		x, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		tm.edit(x)
		if err := x.Verify(); !errors.Is(err, ErrMismatch) {
			t.Errorf("tampered %s: Verify = %v", tm.name, err)
		}
	}
	if _, err := Decode(b[:len(b)/2]); err == nil {
		t.Error("half a snapshot accepted")
	}
	if _, err := Decode([]byte(`{"algorithm":"zhuqi-ranking/1"}`)); err == nil {
		t.Error("a snapshot without a period accepted")
	}
}

func TestEmptySnapshot(t *testing.T) {
	s, err := Compute(march, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Encode()
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Result.Projects) != 0 || len(back.Result.Units) != 0 || back.Hash != s.Hash {
		t.Errorf("empty snapshot %s", b)
	}
	if !bytes.Contains(b, []byte(`"projects":[]`)) {
		t.Errorf("empty lists must encode as [] (the page and the hash rely on it): %s", b)
	}
	s2, _ := Compute(march, DefaultConfig(), []Project{})
	if s2.Hash != s.Hash {
		t.Error("nil and empty inputs hash differently")
	}
	c := DefaultConfig()
	c.Board = 3
	s3, _ := Compute(march, c, nil)
	if s3.Hash == s.Hash {
		t.Error("the configuration is not in the hash")
	}
}

func TestFromLight(t *testing.T) {
	lp := &lights.Project{
		Phase: model.PhaseConstruction, ActualStart: model.Date{Year: 2025, Month: 5, Day: 1},
		Plans:     []lights.Plan{{Year: 2026, Amount: 100000}},
		Completed: []lights.Completed{{Month: march, Amount: 41000}},
		Nodes: []lights.Node{
			{Name: "甲", Planned: model.Date{Year: 2026, Month: 2, Day: 1}, Actual: model.Date{Year: 2026, Month: 2, Day: 10}},
			{Name: "乙", Planned: model.Date{Year: 2026, Month: 3, Day: 1}, Actual: model.Date{Year: 2026, Month: 3, Day: 1}},
		},
	}
	a, err := lights.Assess(lp, lights.DefaultRules(), march)
	if err != nil {
		t.Fatal(err)
	}
	p := Project{ID: 1}
	p.FromLight(&a)
	if p.Investment != (Ratio{41000, 100000}) || p.Plan != 100000 || p.Nodes != (Ratio{1, 2}) || p.Light != a.Color || p.Light != lights.Green {
		t.Errorf("%+v from %+v", p, a)
	}
	a.Investment = nil
	p.FromLight(&a)
	if p.Investment.Applicable() || p.Plan != 0 {
		t.Errorf("no plan: %+v", p)
	}
}

func FuzzParsePoints(f *testing.F) {
	for _, s := range []string{"87.34", "100", "-2.5", "0.05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePoints(s)
		if err != nil {
			return
		}
		back, err := ParsePoints(p.String())
		if err != nil || back != p {
			t.Fatalf("%q → %s → %d, %v", s, p, back, err)
		}
	})
}
