package matching

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Reading is the value of one attribute a condition read, with where it
// came from.
type Reading struct {
	Attr   string     `json:"attr"`
	Label  string     `json:"label"` // with the year for yearly figures
	Value  string     `json:"value"` // "" when unknown
	Source string     `json:"source,omitempty"`
	On     model.Date `json:"on,omitempty"`
}

// Gap says by how much a failing comparison misses, e.g. "近三年研发费用
// 占销售收入比例 4.6%，需 ≥ 5%，差 0.4 个百分点". Numeric is false for
// a failing yes/no or text condition, which has only the Text.
type Gap struct {
	Label     string  `json:"label"`
	Numeric   bool    `json:"numeric"`
	Value     float64 `json:"value,omitempty"`
	Op        string  `json:"op,omitempty"`
	Threshold float64 `json:"threshold,omitempty"`
	Diff      float64 `json:"diff,omitempty"` // always ≥ 0, in Unit
	Unit      string  `json:"unit,omitempty"` // "个百分点" for ratios
	Text      string  `json:"text"`
}

// ConditionResult is one condition's answer, explained.
type ConditionResult struct {
	Key      string    `json:"key"`
	Name     string    `json:"name"`
	Citation string    `json:"citation"`
	Path     string    `json:"path,omitempty"` // the path it belongs to, "" for the policy's own
	Truth    Truth     `json:"truth"`
	Readings []Reading `json:"readings"`
	Missing  []Need    `json:"missing,omitempty"` // data to supply (when unknown)
	Review   string    `json:"review,omitempty"`  // why an expert must judge it (when undecided)
	Reasons  []string  `json:"reasons,omitempty"` // other reasons it is unknown
	Gaps     []Gap     `json:"gaps,omitempty"`    // when it fails
}

// Explanation is one policy's answer for one enterprise in words.
type Explanation struct {
	Key        string            `json:"key"`
	Title      string            `json:"title"`
	Status     Status            `json:"status"`
	NearMiss   bool              `json:"near_miss"`
	Path       string            `json:"path,omitempty"` // the path that holds, or the closest one
	Conditions []ConditionResult `json:"conditions"`
	Missing    []Need            `json:"missing,omitempty"` // data to supply, for 可能符合
	Review     []string          `json:"review,omitempty"`  // conditions awaiting an expert
	Failing    []string          `json:"failing,omitempty"` // names of the failing conditions
	Gaps       []Gap             `json:"gaps,omitempty"`    // of the failing conditions
	Summary    string            `json:"summary"`
}

// Explain evaluates policy i for the enterprise and says why, condition by
// condition.
func (e *Engine) Explain(p *Profile, i int) Explanation {
	s := e.eval(p)
	defer e.scratch.Put(s)
	return e.explain(p, i, s)
}

// Calculate is the policy calculator (政策计算器): every policy the
// enterprise qualifies for, may qualify for, or misses by one condition,
// explained; qualifying ones first. Pass a profile adjusted with
// Profile.With; nothing is stored.
func (e *Engine) Calculate(p *Profile) []Explanation {
	s := e.eval(p)
	defer e.scratch.Put(s)
	var out []Explanation
	truths := make([]Truth, 0, 32)
	for i := range e.policies {
		cp := &e.policies[i]
		truths = truths[:0]
		for _, c := range cp.conds {
			truths = append(truths, condTruth(c, s.out))
		}
		st, near, _ := combine(cp, truths)
		if st == Fails && !near {
			continue
		}
		out = append(out, e.explain(p, i, s))
	}
	slices.SortStableFunc(out, func(a, b Explanation) int { return int(b.Status) - int(a.Status) })
	return out
}

func (e *Engine) explain(p *Profile, i int, s *scratch) Explanation {
	cp := &e.policies[i]
	truths := make([]Truth, len(cp.conds))
	for k, c := range cp.conds {
		truths[k] = condTruth(c, s.out)
	}
	st, near, best := combine(cp, truths)
	x := Explanation{Key: cp.p.Key, Title: cp.p.Title, Status: st, NearMiss: near}
	if best >= 0 {
		x.Path = cp.p.Paths[best].Name
	}
	seen := map[Need]bool{}
	for k, c := range cp.conds {
		r := e.conditionResult(p, cp, c, truths[k], s)
		x.Conditions = append(x.Conditions, r)
		if c.path >= 0 && c.path != best {
			continue // the summary speaks of the closest path only
		}
		switch r.Truth {
		case False:
			x.Failing = append(x.Failing, r.Name)
			x.Gaps = append(x.Gaps, r.Gaps...)
		case Unknown:
			if r.Review != "" {
				x.Review = append(x.Review, r.Name+"："+r.Review)
				continue
			}
			for _, n := range r.Missing {
				if !seen[n] {
					seen[n] = true
					x.Missing = append(x.Missing, n)
				}
			}
		}
	}
	x.Summary = summary(&x)
	return x
}

func summary(x *Explanation) string {
	var b strings.Builder
	b.WriteString(x.Status.Label())
	if x.Path != "" && x.Status != Fails {
		fmt.Fprintf(&b, "（%s）", x.Path)
	}
	switch x.Status {
	case Qualifies:
		b.WriteString("：各项条件均满足")
	case Maybe:
		b.WriteString("：未发现不满足的条件")
		if len(x.Missing) > 0 {
			labels := make([]string, len(x.Missing))
			for i, n := range x.Missing {
				labels[i] = n.Label()
			}
			fmt.Fprintf(&b, "；请补充 %d 项数据：%s", len(labels), strings.Join(labels, "、"))
		}
		if len(x.Review) > 0 {
			fmt.Fprintf(&b, "；需专家评审 %d 项：%s", len(x.Review), strings.Join(x.Review, "；"))
		}
	case Fails:
		if x.NearMiss {
			b.WriteString("，只差一项")
		}
		fmt.Fprintf(&b, "：%d 项条件不满足：%s", len(x.Failing), strings.Join(x.Failing, "、"))
		if len(x.Gaps) > 0 {
			texts := make([]string, len(x.Gaps))
			for i, g := range x.Gaps {
				texts[i] = g.Text
			}
			fmt.Fprintf(&b, "（%s）", strings.Join(texts, "；"))
		}
	}
	return b.String()
}

func (e *Engine) conditionResult(p *Profile, cp *compiledPolicy, c compiledCond, t Truth, s *scratch) ConditionResult {
	r := ConditionResult{Key: c.c.Key, Name: c.c.Name, Citation: c.c.Citation, Truth: t}
	if c.path >= 0 {
		r.Path = cp.p.Paths[c.path].Name
	}
	if c.pred < 0 {
		r.Review = c.c.Review
		return r
	}
	for _, ai := range e.pg.preds[c.pred].attrs {
		r.Readings = append(r.Readings, p.reading(ai))
	}
	switch t {
	case Unknown:
		if c.c.Review != "" {
			r.Review = c.c.Review
		}
		for _, ai := range e.pg.preds[c.pred].attrs {
			cl := &p.cells[ai]
			if cl.known {
				continue
			}
			r.Missing = append(r.Missing, cl.needs...)
			if cl.reason != "" && cl.reason != "无" {
				r.Reasons = append(r.Reasons, cl.reason)
			}
		}
		r.Missing = dedupNeeds(r.Missing)
	case False:
		r.Gaps = e.gaps(p, c.pred, s)
	}
	return r
}

func dedupNeeds(ns []Need) []Need {
	var out []Need
	for _, n := range ns {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func (p *Profile) reading(ai int) Reading {
	a := &attributes[ai]
	c := &p.cells[ai]
	r := Reading{Attr: a.Name, Label: a.Label, Value: p.text(ai)}
	if a.Yearly {
		r.Label = yearLabel(a, p.ReferenceYear())
	}
	switch {
	case c.src != nil:
		r.Source, r.On = c.src.Source.Label(), c.src.On
	case a.Derived && c.known:
		r.Source = "系统计算"
	}
	if r.Value == "" && c.reason == "无" {
		r.Value = "无"
	}
	return r
}

// gaps explains a failing predicate: the gap of each failing comparison of
// a conjunction, and of the disjunct with the fewest failing parts.
func (e *Engine) gaps(p *Profile, id int32, s *scratch) []Gap {
	pr := &e.pg.preds[id]
	switch pr.kind {
	case pAnd:
		var out []Gap
		for _, k := range pr.kids {
			if s.out[k] == False {
				out = append(out, e.gaps(p, k, s)...)
			}
		}
		return out
	case pOr:
		var best []Gap
		for _, k := range pr.kids {
			if g := e.gaps(p, k, s); best == nil || len(g) < len(best) {
				best = g
			}
		}
		return best
	case pCmp:
		return []Gap{e.cmpGap(pr, s)}
	case pNot:
		k := &e.pg.preds[pr.kids[0]]
		if k.kind == pBool || k.kind == pStr || k.kind == pTag {
			return []Gap{{Label: attributes[k.attr].Label, Text: e.leafText(p, k) + "，不符合要求"}}
		}
		return []Gap{{Text: "条件不成立"}}
	case pBool, pStr, pTag:
		return []Gap{{Label: attributes[pr.attr].Label, Text: e.leafText(p, pr) + "，不符合要求"}}
	}
	return []Gap{{Text: "条件不成立"}}
}

func (e *Engine) leafText(p *Profile, pr *pred) string {
	a := &attributes[pr.attr]
	switch pr.kind {
	case pTag:
		return fmt.Sprintf("企业标签中没有「%s」", pr.tag)
	case pStr:
		return fmt.Sprintf("%s为「%s」", a.Label, p.text(pr.attr))
	}
	return fmt.Sprintf("%s：%s", a.Label, p.text(pr.attr))
}

func (e *Engine) cmpGap(pr *pred, s *scratch) Gap {
	l, r := &e.pg.nums[pr.l], &e.pg.nums[pr.r]
	v, th := s.nums[pr.l], s.nums[pr.r]
	g := Gap{Label: e.numLabel(pr.l), Numeric: true, Value: v, Op: cmpText[pr.cmp], Threshold: th}
	switch pr.cmp {
	case opGE, opGT:
		g.Diff = th - v
	case opLE, opLT:
		g.Diff = v - th
	case opEQ:
		g.Diff = math.Abs(v - th)
	}
	unitAttr := numAttr(e.pg, l)
	if unitAttr == nil && r.kind == nAttr {
		unitAttr = &attributes[r.attr]
	}
	vt, tt, dt := formatNumber(v), formatNumber(th), formatNumber(g.Diff)
	if unitAttr != nil {
		switch {
		case unitAttr.Kind == Ratio:
			g.Unit = "个百分点"
			vt, tt, dt = vt+"%", tt+"%", dt+" 个百分点"
		case unitAttr.Kind == Date:
			g.Unit = "天"
			vt, tt, dt = dateOfDays(v).String(), dateOfDays(th).String(), dt+" 天"
		case unitAttr.Kind == Bool:
		case unitAttr.Unit != "":
			g.Unit = unitAttr.Unit
			vt, tt, dt = vt+" "+g.Unit, tt+" "+g.Unit, dt+" "+g.Unit
		}
	}
	if r.kind != nConst {
		tt = e.numLabel(pr.r) + " " + tt
	}
	g.Text = fmt.Sprintf("%s %s，需 %s %s", g.Label, vt, g.Op, tt)
	if pr.cmp != opNE {
		g.Text += "，差 " + dt
	}
	return g
}

// numAttr is the attribute a numeric expression is measured in: its only
// attribute, or nil when it mixes several.
func numAttr(pg *program, n *numNode) *Attribute {
	if len(n.attrs) == 0 {
		return nil
	}
	a := &attributes[n.attrs[0]]
	for _, ai := range n.attrs[1:] {
		b := &attributes[ai]
		if b.Kind != a.Kind || b.Unit != a.Unit {
			return nil
		}
	}
	return a
}

// numLabel writes a numeric expression with Chinese labels.
func (e *Engine) numLabel(id int32) string {
	n := &e.pg.nums[id]
	switch n.kind {
	case nAttr:
		return attributes[n.attr].Label
	case nConst:
		return formatNumber(n.c)
	case nNeg:
		return "-" + e.numLabel(n.a)
	}
	op := map[numKind]string{nAdd: "+", nSub: "-", nMul: "×", nDiv: "÷"}[n.kind]
	return fmt.Sprintf("（%s %s %s）", e.numLabel(n.a), op, e.numLabel(n.b))
}
