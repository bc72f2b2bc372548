// Package ranking computes the monthly ranking (月排名) of key projects and
// of the responsible units, townships and leaders in charge they belong
// to. It does no I/O: the service hands it each project's indicators for
// the month and a configuration, and stores the Snapshot it returns.
//
// # Scores
//
// Each indicator is normalised to 0–100 points:
//
//   - a rate (investment completed over planned, nodes reached on time over
//     nodes due, weekly reports on time over reports due, problems closed
//     on time over problems due) is the rate times 100, a negative rate
//     counting as 0 and a rate above 100 % as 100;
//   - the light is a configured score per colour (by default green 100,
//     yellow 60, red 0).
//
// A project's score is the weighted mean of its normalised indicators,
// with the weights of the indicators that do not apply to it (no node was
// due, no problem was raised, no light) left out and the others
// renormalised; the score is the sum of the contributions, each rounded
// to hundredths. A project to which no weighted indicator applies is not
// ranked (Result.Unranked).
//
// A unit's, township's or leader's score is the mean of its projects'
// scores, or, with Aggregation "plan", their mean weighted by each
// project's annual planned investment (a group whose plans are all zero
// falls back to the plain mean). Both are exact and rounded half up.
//
// Ranks are competition ranks: equal scores share a rank and the next rank
// skips (1, 2, 2, 4). Within a tie entries are listed by id.
package ranking

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/lights"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Indicator is one measure a project is ranked by.
type Indicator string

// The indicators, in display order.
const (
	Investment Indicator = "investment" // 投资完成率
	Nodes      Indicator = "nodes"      // 节点按期完成率
	Reports    Indicator = "reports"    // 周报按时报送率
	Problems   Indicator = "problems"   // 问题按期办结率
	Light      Indicator = "light"      // 亮灯情况
)

// Indicators lists the indicators in display order.
var Indicators = []Indicator{Investment, Nodes, Reports, Problems, Light}

// Label is the indicator's Chinese name.
func (i Indicator) Label() string {
	switch i {
	case Investment:
		return "投资完成率"
	case Nodes:
		return "节点按期完成率"
	case Reports:
		return "周报按时报送率"
	case Problems:
		return "问题按期办结率"
	case Light:
		return "亮灯情况"
	}
	return ""
}

// Weights are the indicators' weights. Any non-negative numbers with a
// positive sum will do (30/25/20/15/10 or 0.3/0.25/…): only their
// proportions count.
type Weights struct {
	Investment float64 `json:"investment"`
	Nodes      float64 `json:"nodes"`
	Reports    float64 `json:"reports"`
	Problems   float64 `json:"problems"`
	Light      float64 `json:"light"`
}

func (w *Weights) list() [5]float64 {
	return [5]float64{w.Investment, w.Nodes, w.Reports, w.Problems, w.Light}
}

// LightScores are the points of each colour.
type LightScores struct {
	Green  Points `json:"green"`
	Yellow Points `json:"yellow"`
	Red    Points `json:"red"`
}

// Of returns the points of a colour; ok is false for no light.
func (s LightScores) Of(c lights.Color) (Points, bool) {
	switch c {
	case lights.Green:
		return s.Green, true
	case lights.Yellow:
		return s.Yellow, true
	case lights.Red:
		return s.Red, true
	}
	return 0, false
}

// Aggregation is how project scores make a group's score.
type Aggregation string

// The aggregations.
const (
	Mean         Aggregation = "mean" // 项目得分平均
	PlanWeighted Aggregation = "plan" // 按年度计划投资加权
)

// Config is a ranking's configuration; it is kept in every snapshot.
type Config struct {
	Weights     Weights     `json:"weights"`
	LightScores LightScores `json:"light_scores"`
	Aggregation Aggregation `json:"aggregation"`
	// Board is how many entries the 红榜 and the 黑榜 list.
	Board int `json:"board"`
}

// DefaultConfig weighs investment 30, nodes 25, reports 20, problems 15
// and the light 10, scores lights 100/60/0, averages groups plainly and
// lists ten on each board.
func DefaultConfig() Config {
	return Config{
		Weights:     Weights{Investment: 30, Nodes: 25, Reports: 20, Problems: 15, Light: 10},
		LightScores: LightScores{Green: Hundred, Yellow: 6000, Red: 0},
		Aggregation: Mean,
		Board:       10,
	}
}

// Validate checks the configuration; the errors are Chinese, one per field.
func (c *Config) Validate() error {
	var fe model.FieldErrors
	w := c.Weights.list()
	ValidateWeights(&fe, "weights", Indicators, w[:], func(i int) string { return Indicators[i].Label() })
	ValidateLightScores(&fe, "light_scores", c.LightScores)
	if c.Aggregation != Mean && c.Aggregation != PlanWeighted {
		fe.Add("aggregation", "汇总方式应为项目得分平均（mean）或按计划投资加权（plan）")
	}
	if c.Board < 0 || c.Board > 100 {
		fe.Add("board", "红黑榜名额应在 0 到 100 之间")
	}
	return fe.Err()
}

// ValidateWeights checks that every weight is a finite non-negative number
// and that they add up to more than zero. Scoring shares it.
func ValidateWeights[K ~string](fe *model.FieldErrors, field string, keys []K, w []float64, label func(int) string) {
	var sum float64
	bad := false
	for i, x := range w {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1e6 {
			fe.Add(field+"."+string(keys[i]), label(i)+"的权重应为 0 到 1000000 之间的数")
			bad = true
			continue
		}
		sum += x
	}
	if !bad && !(sum > 0) {
		fe.Add(field, "权重合计必须大于 0")
	}
}

// ValidateLightScores checks that each colour scores 0–100 and a milder
// colour no less than a worse one.
func ValidateLightScores(fe *model.FieldErrors, field string, s LightScores) {
	in := func(p Points) bool { return p >= 0 && p <= Hundred }
	if !in(s.Green) || !in(s.Yellow) || !in(s.Red) || s.Green < s.Yellow || s.Yellow < s.Red {
		fe.Add(field, "亮灯得分应在 0 到 100 之间，且绿灯不低于黄灯、黄灯不低于红灯")
	}
}

// Ref names a group a project belongs to: a unit (its id), a township (its
// region code) or a leader (a user id). An empty ID means none.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Project is one project's indicators for the month ranked.
type Project struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Unit     Ref    `json:"unit"`     // 责任单位
	Township Ref    `json:"township"` // 乡镇（街道）
	Leader   Ref    `json:"leader"`   // 分包领导
	// Plan is the year's planned investment, the weight of the project in
	// a PlanWeighted group.
	Plan       model.Money  `json:"plan"`
	Investment Ratio        `json:"investment"` // cumulative completed / annual plan
	Nodes      Ratio        `json:"nodes"`      // nodes reached on time / nodes due
	Reports    Ratio        `json:"reports"`    // reports on time / reports due
	Problems   Ratio        `json:"problems"`   // problems closed on time / problems due
	Light      lights.Color `json:"light"`      // the month's light at close; "" for none
}

// FromLight sets a project's investment, node and light indicators (and
// its plan) from its light at the close of the month ranked: investment
// completed over the year's plan, nodes reached on time over nodes due,
// and the colour.
func (p *Project) FromLight(a *lights.Assessment) {
	p.Investment, p.Plan = Ratio{}, 0
	if inv := a.Investment; inv != nil {
		p.Investment, p.Plan = Ratio{Num: int64(inv.Completed), Den: int64(inv.Plan)}, inv.Plan
	}
	p.Nodes = Ratio{Num: int64(a.Nodes.OnTime), Den: int64(a.Nodes.Due)}
	p.Light = a.Color
}

func (p *Project) validate(fe *model.FieldErrors, i int) {
	f := func(name string) string { return "projects[" + strconv.Itoa(i) + "]." + name }
	if p.ID <= 0 {
		fe.Add(f("id"), "项目编号无效")
	}
	for k, r := range [4]Ratio{p.Investment, p.Nodes, p.Reports, p.Problems} {
		if r.Den < 0 || r.Den > maxRatio || r.Num < -maxRatio || r.Num > maxRatio {
			fe.Add(f(string(Indicators[k])), Indicators[k].Label()+"的数据超出范围")
		}
	}
	if p.Plan < 0 || !p.Plan.Valid() {
		fe.Add(f("plan"), "年度计划投资应在 0 到 10^12 万元之间")
	}
	if p.Light != "" && !p.Light.Valid() {
		fe.Add(f("light"), "亮灯颜色无效")
	}
}

// Part is one indicator's line in a score's breakdown.
type Part struct {
	Indicator Indicator `json:"indicator"`
	// Raw is the value as displayed: 75.0%（3/4）, 黄灯, 不适用.
	Raw string `json:"raw"`
	Term
}

// Explain returns the breakdown of a project's score: one part per
// indicator with a positive weight, in display order. ok is false when the
// project is not ranked.
func Explain(p *Project, c *Config) (parts []Part, total Points, ok bool) {
	w := c.Weights.list()
	parts = make([]Part, 0, len(w))
	for k, ind := range Indicators {
		if !(w[k] > 0) {
			continue
		}
		part := Part{Indicator: ind, Term: Term{Weight: w[k]}}
		if ind == Light {
			part.Score, part.Applicable = c.LightScores.Of(p.Light)
			part.Raw = "不适用"
			if part.Applicable {
				part.Raw = p.Light.Label()
			}
		} else {
			r := [4]Ratio{p.Investment, p.Nodes, p.Reports, p.Problems}[k]
			part.Score, part.Applicable, part.Raw = r.Score(), r.Applicable(), r.String()
		}
		parts = append(parts, part)
	}
	terms := make([]Term, len(parts))
	for i := range parts {
		terms[i] = parts[i].Term
	}
	total, ok = Combine(terms)
	for i := range parts {
		parts[i].Term = terms[i]
	}
	return parts, total, ok
}

// score is Explain without the breakdown's text, for ranking many.
func score(p *Project, c *Config) (Points, bool) {
	w := c.Weights.list()
	var terms [5]Term
	for k, ind := range Indicators {
		t := Term{Weight: w[k]}
		if ind == Light {
			t.Score, t.Applicable = c.LightScores.Of(p.Light)
		} else {
			r := [4]Ratio{p.Investment, p.Nodes, p.Reports, p.Problems}[k]
			t.Score, t.Applicable = r.Score(), r.Applicable()
		}
		t.Applicable = t.Applicable && w[k] > 0
		terms[k] = t
	}
	return Combine(terms[:])
}

// Entry is one line of a ranking.
type Entry struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Rank  int    `json:"rank"`
	Score Points `json:"score"`
	// Projects is how many ranked projects make a group's score.
	Projects int `json:"projects,omitempty"`
}

// Result is a month's rankings.
type Result struct {
	Projects  []Entry `json:"projects"`
	Units     []Entry `json:"units"`
	Townships []Entry `json:"townships"`
	Leaders   []Entry `json:"leaders"`
	// Unranked are the projects to which no weighted indicator applied.
	Unranked []int64 `json:"unranked"`
}

// rank computes the result from inputs sorted by id.
func rank(c *Config, ps []Project) Result {
	res := Result{Unranked: []int64{}}
	scores := make([]Points, len(ps))
	ranked := make([]bool, len(ps))
	order := make([]int, 0, len(ps))
	for i := range ps {
		p := &ps[i]
		s, ok := score(p, c)
		if !ok {
			res.Unranked = append(res.Unranked, p.ID)
			continue
		}
		scores[i], ranked[i] = s, true
		order = append(order, i)
	}
	// Best first; within a tie by id, which for inputs in id order is the
	// index.
	slices.SortFunc(order, func(a, b int) int {
		if scores[a] != scores[b] {
			return cmp.Compare(scores[b], scores[a])
		}
		return cmp.Compare(a, b)
	})
	res.Projects = make([]Entry, len(order))
	for k, i := range order {
		res.Projects[k] = Entry{ID: strconv.FormatInt(ps[i].ID, 10), Name: ps[i].Name, Score: scores[i]}
	}
	competition(res.Projects)
	res.Units = groups(c, ps, scores, ranked, func(p *Project) Ref { return p.Unit })
	res.Townships = groups(c, ps, scores, ranked, func(p *Project) Ref { return p.Township })
	res.Leaders = groups(c, ps, scores, ranked, func(p *Project) Ref { return p.Leader })
	return res
}

// competition assigns competition ranks to entries sorted by score.
func competition(es []Entry) {
	for i := range es {
		if i > 0 && es[i].Score == es[i-1].Score {
			es[i].Rank = es[i-1].Rank
		} else {
			es[i].Rank = i + 1
		}
	}
}

// acc accumulates a group's projects.
type acc struct {
	entry     Entry
	sum       int64  // Σ score
	hi, lo    uint64 // Σ score × plan, 128 bits
	planTotal uint64 // Σ plan
}

func groups(c *Config, ps []Project, scores []Points, ranked []bool, ref func(*Project) Ref) []Entry {
	byID := map[string]*acc{}
	var order []*acc
	for i := range ps {
		if !ranked[i] {
			continue
		}
		r := ref(&ps[i])
		if r.ID == "" {
			continue
		}
		a := byID[r.ID]
		if a == nil {
			a = &acc{entry: Entry{ID: r.ID, Name: r.Name}}
			byID[r.ID] = a
			order = append(order, a)
		}
		a.entry.Projects++
		a.sum += int64(scores[i])
		// Scores and plans are non-negative (validated), so the weighted
		// sum is exact in 128 unsigned bits: 10^4 × 10^14 × 10^5 projects
		// would overflow int64.
		hi, lo := bits.Mul64(uint64(scores[i]), uint64(ps[i].Plan))
		var carry uint64
		a.lo, carry = bits.Add64(a.lo, lo, 0)
		a.hi += hi + carry
		a.planTotal += uint64(ps[i].Plan)
	}
	out := make([]Entry, len(order))
	for i, a := range order {
		e := a.entry
		n := int64(e.Projects)
		e.Score = Points((2*a.sum + n) / (2 * n))
		if c.Aggregation == PlanWeighted && a.planTotal > 0 {
			// (Σ score×plan + planTotal/2) / planTotal, rounded half up.
			lo, carry := bits.Add64(a.lo, a.planTotal/2, 0)
			q, _ := bits.Div64(a.hi+carry, lo, a.planTotal)
			e.Score = Points(q)
		}
		out[i] = e
	}
	slices.SortFunc(out, func(a, b Entry) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	competition(out)
	return out
}

// Board returns the 红榜 (the best n) and the 黑榜 (the worst n) of a
// ranking, each in rank order. A tie across the n-th place is listed
// whole, so a board may hold more than n; an entry is never on both, so
// with fewer than 2n entries the 黑榜 gets what the 红榜 leaves, and when
// everyone ties there is no 黑榜.
func Board(es []Entry, n int) (top, bottom []Entry) {
	if n <= 0 || len(es) == 0 {
		return nil, nil
	}
	k := 0
	for k < len(es) && es[k].Rank <= n {
		k++
	}
	top = es[:k]
	// From the bottom: an entry is among the worst n when fewer than n
	// entries score below it.
	j := len(es)
	for j > k {
		below := len(es) - j // entries after es[j-1]'s tie group start
		if below >= n {
			break
		}
		// Take es[j-1]'s whole tie group.
		s := es[j-1].Score
		for j > k && es[j-1].Score == s {
			j--
		}
	}
	return top, es[j:]
}
