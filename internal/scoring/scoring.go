// Package scoring computes the quarterly assessment (季考评) of responsible
// units and leaders in charge, with the breakdown of every score. It does
// no I/O: the service gathers each subject's figures for the quarter, and
// shows or exports what Compute returns.
//
// A score is built like a ranking score (package ranking): each component
// is normalised to 0–100 —
//
//   - ranking (月排名得分): the mean of the subject's scores in the
//     quarter's published monthly rankings;
//   - reports, problems, approvals: the rate times 100, capped at 100;
//   - lights: the mean of the configured colour scores over the
//     project-months of the quarter (a unit with 20 green, 5 yellow and 2
//     red project-months scores (20×100 + 5×60 + 2×0)/27 by default);
//
// then weighted, the weights of the components that do not apply left out
// and the rest renormalised; the weighted score is the sum of the
// contributions. Bonus and penalty points (加减分), each with its reason,
// are added on top, their sum capped at ±MaxAdjustment, so a total may
// exceed 100 or fall below 0. Units and leaders are ranked separately by
// total with competition ranks; a subject to which no component applies
// is listed last without a rank.
package scoring

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/lights"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/ranking"
)

// Component is one part of a quarterly score.
type Component string

// The components, in display order.
const (
	Ranking   Component = "ranking"   // 月排名得分
	Reports   Component = "reports"   // 周报按时报送率
	Problems  Component = "problems"  // 问题按期办结率
	Approvals Component = "approvals" // 审批事项按时办结率
	Lights    Component = "lights"    // 亮灯情况
)

// Components lists the components in display order.
var Components = []Component{Ranking, Reports, Problems, Approvals, Lights}

// Label is the component's Chinese name.
func (c Component) Label() string {
	switch c {
	case Ranking:
		return "月排名得分"
	case Reports:
		return "周报按时报送率"
	case Problems:
		return "问题按期办结率"
	case Approvals:
		return "审批事项按时办结率"
	case Lights:
		return "亮灯情况"
	}
	return ""
}

// Weights are the components' weights; only their proportions count.
type Weights struct {
	Ranking   float64 `json:"ranking"`
	Reports   float64 `json:"reports"`
	Problems  float64 `json:"problems"`
	Approvals float64 `json:"approvals"`
	Lights    float64 `json:"lights"`
}

func (w *Weights) list() [5]float64 {
	return [5]float64{w.Ranking, w.Reports, w.Problems, w.Approvals, w.Lights}
}

// Config is a quarterly assessment's configuration.
type Config struct {
	Weights     Weights             `json:"weights"`
	LightScores ranking.LightScores `json:"light_scores"`
	// MaxAdjustment caps the sum of a subject's bonus and penalty points,
	// either way.
	MaxAdjustment ranking.Points `json:"max_adjustment"`
}

// DefaultConfig weighs the monthly rankings 40, reports 20, problems and
// approvals 15 each and lights 10, scores lights 100/60/0 and allows up to
// 10 bonus or penalty points.
func DefaultConfig() Config {
	return Config{
		Weights:       Weights{Ranking: 40, Reports: 20, Problems: 15, Approvals: 15, Lights: 10},
		LightScores:   ranking.LightScores{Green: ranking.Hundred, Yellow: 6000, Red: 0},
		MaxAdjustment: 1000,
	}
}

// Validate checks the configuration; the errors are Chinese, one per field.
func (c *Config) Validate() error {
	var fe model.FieldErrors
	w := c.Weights.list()
	ranking.ValidateWeights(&fe, "weights", Components, w[:], func(i int) string { return Components[i].Label() })
	ranking.ValidateLightScores(&fe, "light_scores", c.LightScores)
	if c.MaxAdjustment < 0 || c.MaxAdjustment > ranking.Hundred {
		fe.Add("max_adjustment", "加减分上限应在 0 到 100 分之间")
	}
	return fe.Err()
}

// Kind is what a subject is.
type Kind string

// The kinds of subject.
const (
	Unit   Kind = "unit"   // 责任单位
	Leader Kind = "leader" // 分包领导
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Unit:
		return "责任单位"
	case Leader:
		return "分包领导"
	}
	return ""
}

// LightCount counts a subject's project-months of the quarter by the
// light each showed at close.
type LightCount struct {
	Green  int `json:"green"`
	Yellow int `json:"yellow"`
	Red    int `json:"red"`
}

func (l LightCount) total() int { return l.Green + l.Yellow + l.Red }

// Adjustment is a bonus (positive) or penalty (negative) with its reason.
type Adjustment struct {
	Points ranking.Points `json:"points"`
	Reason string         `json:"reason"`
}

// Subject is one unit's or leader's figures for the quarter.
type Subject struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
	// Monthly are the subject's scores in the quarter's published monthly
	// rankings (up to three; fewer when it was not ranked every month).
	Monthly     []ranking.Points `json:"monthly"`
	Reports     ranking.Ratio    `json:"reports"`
	Problems    ranking.Ratio    `json:"problems"`
	Approvals   ranking.Ratio    `json:"approvals"`
	Lights      LightCount       `json:"lights"`
	Adjustments []Adjustment     `json:"adjustments"`
}

// Part is one component's line in a score's breakdown.
type Part struct {
	Component Component `json:"component"`
	// Raw is the figure as displayed: 86.50、88.00、90.25; 80.0%（12/15）;
	// 绿灯 20、黄灯 5、红灯 2; 不适用.
	Raw string `json:"raw"`
	ranking.Term
}

// Score is one subject's quarterly score and its breakdown.
type Score struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
	// Rank is 0 for a subject to which no component applied.
	Rank  int    `json:"rank"`
	Parts []Part `json:"parts"`
	// Weighted is the sum of the parts' contributions.
	Weighted ranking.Points `json:"weighted"`
	// Adjustment is the sum of the adjustments, capped.
	Adjustment  ranking.Points `json:"adjustment"`
	Adjustments []Adjustment   `json:"adjustments"`
	Total       ranking.Points `json:"total"`
}

// Result is a quarter's assessment.
type Result struct {
	Quarter model.Quarter `json:"quarter"`
	Config  Config        `json:"config"`
	Units   []Score       `json:"units"`
	Leaders []Score       `json:"leaders"`
}

// Compute validates the configuration and the subjects and scores the
// quarter.
func Compute(q model.Quarter, c Config, subjects []Subject) (*Result, error) {
	var fe model.FieldErrors
	if !q.Valid() {
		fe.Add("quarter", "考评季度无效")
	}
	if err := c.Validate(); err != nil {
		fe = append(fe, err.(model.FieldErrors)...)
	}
	seen := map[[2]string]bool{}
	for i := range subjects {
		validate(&fe, i, &subjects[i], &c, seen)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	res := &Result{Quarter: q, Config: c, Units: []Score{}, Leaders: []Score{}}
	for i := range subjects {
		s, scored := score(&subjects[i], &c)
		if !scored {
			s.Rank = -1 // sorted last, reset below
		}
		if s.Kind == Unit {
			res.Units = append(res.Units, s)
		} else {
			res.Leaders = append(res.Leaders, s)
		}
	}
	order(res.Units)
	order(res.Leaders)
	return res, nil
}

func validate(fe *model.FieldErrors, i int, s *Subject, c *Config, seen map[[2]string]bool) {
	f := func(name string) string { return "subjects[" + strconv.Itoa(i) + "]." + name }
	if s.Kind != Unit && s.Kind != Leader {
		fe.Add(f("kind"), "考评对象应为责任单位或分包领导")
	}
	if s.ID == "" {
		fe.Add(f("id"), "考评对象缺少编号")
	} else if k := [2]string{string(s.Kind), s.ID}; seen[k] {
		fe.Add(f("id"), "考评对象「"+s.Name+"」重复")
	} else {
		seen[k] = true
	}
	if len(s.Monthly) > 3 {
		fe.Add(f("monthly"), "一个季度最多三次月排名")
	}
	for _, m := range s.Monthly {
		if m < 0 || m > ranking.Hundred {
			fe.Add(f("monthly"), "月排名得分应在 0 到 100 之间")
			break
		}
	}
	for k, r := range [3]ranking.Ratio{s.Reports, s.Problems, s.Approvals} {
		if r.Den < 0 || r.Num < 0 || r.Num > 1_000_000_000 || r.Den > 1_000_000_000 {
			fe.Add(f(string(Components[k+1])), Components[k+1].Label()+"的数据无效")
		}
	}
	if l := s.Lights; l.Green < 0 || l.Yellow < 0 || l.Red < 0 || l.total() > 1_000_000_000 {
		fe.Add(f("lights"), "亮灯次数无效")
	}
	for _, a := range s.Adjustments {
		if strings.TrimSpace(a.Reason) == "" {
			fe.Add(f("adjustments"), "加减分须写明事由")
			break
		}
		if a.Points < -c.MaxAdjustment || a.Points > c.MaxAdjustment {
			fe.Add(f("adjustments"), "单项加减分超过上限 "+c.MaxAdjustment.String()+" 分")
			break
		}
	}
}

func score(s *Subject, c *Config) (Score, bool) {
	out := Score{Kind: s.Kind, ID: s.ID, Name: s.Name, Adjustments: slices.Clone(s.Adjustments)}
	if out.Adjustments == nil {
		out.Adjustments = []Adjustment{}
	}
	w := c.Weights.list()
	var parts []Part
	for k, comp := range Components {
		if !(w[k] > 0) {
			continue
		}
		p := Part{Component: comp, Raw: "不适用", Term: ranking.Term{Weight: w[k]}}
		switch comp {
		case Ranking:
			if n := len(s.Monthly); n > 0 {
				var sum int64
				texts := make([]string, n)
				for i, m := range s.Monthly {
					sum += int64(m)
					texts[i] = m.String()
				}
				p.Score, p.Applicable = ranking.Points((2*sum+int64(n))/(2*int64(n))), true
				p.Raw = strings.Join(texts, "、")
			}
		case Reports, Problems, Approvals:
			r := [3]ranking.Ratio{s.Reports, s.Problems, s.Approvals}[k-1]
			p.Score, p.Applicable, p.Raw = r.Score(), r.Applicable(), r.String()
		case Lights:
			if n := int64(s.Lights.total()); n > 0 {
				sum := int64(s.Lights.Green)*int64(c.LightScores.Green) + int64(s.Lights.Yellow)*int64(c.LightScores.Yellow) + int64(s.Lights.Red)*int64(c.LightScores.Red)
				p.Score, p.Applicable = ranking.Points((2*sum+n)/(2*n)), true
				p.Raw = lights.Green.Label() + " " + strconv.Itoa(s.Lights.Green) + "、" + lights.Yellow.Label() + " " +
					strconv.Itoa(s.Lights.Yellow) + "、" + lights.Red.Label() + " " + strconv.Itoa(s.Lights.Red)
			}
		}
		parts = append(parts, p)
	}
	terms := make([]ranking.Term, len(parts))
	for i := range parts {
		terms[i] = parts[i].Term
	}
	weighted, ok := ranking.Combine(terms)
	for i := range parts {
		parts[i].Term = terms[i]
	}
	var adj ranking.Points
	for _, a := range s.Adjustments {
		adj += a.Points
	}
	adj = min(max(adj, -c.MaxAdjustment), c.MaxAdjustment)
	out.Parts, out.Weighted, out.Adjustment = parts, weighted, adj
	if ok {
		out.Total = weighted + adj
	}
	return out, ok
}

// order sorts scores by total, best first, ties by id, unscored last, and
// gives competition ranks.
func order(ss []Score) {
	slices.SortFunc(ss, func(a, b Score) int {
		if (a.Rank < 0) != (b.Rank < 0) {
			return cmp.Compare(b.Rank, a.Rank) // unscored (-1) after scored (0)
		}
		if a.Total != b.Total {
			return cmp.Compare(b.Total, a.Total)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for i := range ss {
		switch {
		case ss[i].Rank < 0:
			ss[i].Rank = 0
		case i > 0 && ss[i-1].Rank > 0 && ss[i].Total == ss[i-1].Total:
			ss[i].Rank = ss[i-1].Rank
		default:
			ss[i].Rank = i + 1
		}
	}
}

// Table lays out one kind's scores for a spreadsheet or a printed page:
// a header and one row per subject, every component's raw figure, score,
// weight share and contribution, then the adjustments and their reasons.
func (r *Result) Table(k Kind) (header []string, rows [][]string) {
	header = []string{"排名", k.Label(), "总分", "加权得分", "加减分"}
	w := r.Config.Weights.list()
	for i, comp := range Components {
		if w[i] > 0 {
			l := comp.Label()
			header = append(header, l+"（原始值）", l+"（得分）", l+"（权重占比）", l+"（贡献）")
		}
	}
	header = append(header, "加减分事由")
	ss := r.Units
	if k == Leader {
		ss = r.Leaders
	}
	for _, s := range ss {
		rank, total, weighted := "—", "—", "—"
		if s.Rank > 0 {
			rank, total, weighted = strconv.Itoa(s.Rank), s.Total.String(), s.Weighted.String()
		}
		row := []string{rank, s.Name, total, weighted, s.Adjustment.String()}
		for _, p := range s.Parts {
			if !p.Applicable {
				row = append(row, p.Raw, "—", "—", "—")
				continue
			}
			row = append(row, p.Raw, p.Score.String(), strconv.FormatFloat(p.Share*100, 'f', 1, 64)+"%", p.Contribution.String())
		}
		reasons := make([]string, len(s.Adjustments))
		for i, a := range s.Adjustments {
			sign := ""
			if a.Points > 0 {
				sign = "+"
			}
			reasons[i] = a.Reason + "（" + sign + a.Points.String() + "）"
		}
		rows = append(rows, append(row, strings.Join(reasons, "；")))
	}
	return header, rows
}
