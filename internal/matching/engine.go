package matching

import (
	"fmt"
	"sync"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Status is the answer for one enterprise and one policy.
type Status int8

// Statuses, in the order of Truth: a policy's status is the three-valued
// conjunction of its conditions.
const (
	Fails     Status = -1 // 不符合
	Maybe     Status = 0  // 可能符合: nothing fails, but data is missing or a review is pending
	Qualifies Status = 1  // 符合
)

// Label is the Chinese name of the status.
func (s Status) Label() string {
	switch s {
	case Qualifies:
		return "符合"
	case Fails:
		return "不符合"
	}
	return "可能符合"
}

// Code is the stable English code of the status.
func (s Status) Code() string {
	switch s {
	case Qualifies:
		return "qualifies"
	case Fails:
		return "fails"
	}
	return "maybe"
}

type compiledCond struct {
	c    *Condition
	path int   // -1 for the policy's own conditions
	pred int32 // -1 for a condition that only a review decides
}

type compiledPolicy struct {
	p      Policy
	conds  []compiledCond // the policy's own first, then each path's in order
	common int            // how many of conds are the policy's own
	paths  [][2]int       // [start, end) of each path in conds
}

// Engine matches enterprises against a fixed set of policies. All the
// policies' conditions are compiled into one DAG in which equal
// sub-expressions are shared, evaluated once per enterprise (Match) or
// once per column of enterprises (MatchColumns). An Engine is immutable
// and safe for concurrent use; build a new one when the policies change.
type Engine struct {
	pg       *program
	policies []compiledPolicy
	live     []bool // predicates some condition reaches (a flattened junction leaves its parts behind)
	liveNum  []bool
	scratch  sync.Pool
}

type scratch struct {
	nums []float64
	out  []Truth
}

// NewEngine validates and compiles the policies. On any error it returns
// every problem found, the fields prefixed with the policy's position
// (policies[2].conditions[1].rule).
func NewEngine(policies []Policy) (*Engine, error) {
	e := &Engine{pg: newProgram()}
	var errs model.FieldErrors
	for i := range policies {
		policies[i].validate(e.pg, fmt.Sprintf("policies[%d].", i), &errs)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// compile again into a clean program: a failed compile may have left
	// nodes behind, and validation did not record which node is which
	e.pg = newProgram()
	for i := range policies {
		cp := compiledPolicy{p: policies[i]}
		p := &cp.p
		add := func(path int, c *Condition) {
			cc := compiledCond{c: c, path: path, pred: -1}
			if c.Rule != "" {
				id, err := e.pg.compileRule(c.Rule)
				if err != nil {
					panic("matching: rule compiled once but not twice: " + err.Error())
				}
				cc.pred = id
			}
			cp.conds = append(cp.conds, cc)
		}
		for k := range p.Conditions {
			add(-1, &p.Conditions[k])
		}
		cp.common = len(cp.conds)
		for j := range p.Paths {
			start := len(cp.conds)
			for k := range p.Paths[j].Conditions {
				add(j, &p.Paths[j].Conditions[k])
			}
			cp.paths = append(cp.paths, [2]int{start, len(cp.conds)})
		}
		e.policies = append(e.policies, cp)
	}
	e.markLive()
	e.scratch.New = func() any {
		return &scratch{nums: make([]float64, len(e.pg.nums)), out: make([]Truth, len(e.pg.preds))}
	}
	return e, nil
}

func (e *Engine) markLive() {
	e.live = make([]bool, len(e.pg.preds))
	e.liveNum = make([]bool, len(e.pg.nums))
	var num func(int32)
	num = func(id int32) {
		if e.liveNum[id] {
			return
		}
		e.liveNum[id] = true
		if n := &e.pg.nums[id]; n.kind != nAttr && n.kind != nConst {
			num(n.a)
			num(n.b)
		}
	}
	var mark func(int32)
	mark = func(id int32) {
		if e.live[id] {
			return
		}
		e.live[id] = true
		p := &e.pg.preds[id]
		for _, k := range p.kids {
			mark(k)
		}
		if p.kind == pCmp {
			num(p.l)
			num(p.r)
		}
	}
	for i := range e.policies {
		for _, c := range e.policies[i].conds {
			if c.pred >= 0 {
				mark(c.pred)
			}
		}
	}
}

// Len is the number of policies.
func (e *Engine) Len() int { return len(e.policies) }

// Policy is the i-th policy, as given to NewEngine.
func (e *Engine) Policy(i int) *Policy { return &e.policies[i].p }

// Nodes is the number of distinct predicates after sharing, a measure of
// how much the policies overlap.
func (e *Engine) Nodes() int { return len(e.pg.preds) }

// Result is one policy's answer for one enterprise, without the words:
// what the service stores and a list page shows. Explain gives the words.
type Result struct {
	Status   Status
	NearMiss bool    // fails on exactly one condition (in the closest path)
	Conds    []Truth // per condition: the policy's own, then each path's
}

// Match evaluates every policy for one enterprise. It is the re-match of
// a changed enterprise and the policy calculator (with Profile.With).
func (e *Engine) Match(p *Profile) []Result {
	s := e.eval(p)
	defer e.scratch.Put(s)
	res := make([]Result, len(e.policies))
	truths := make([]Truth, 0, e.condCount())
	for i := range e.policies {
		cp := &e.policies[i]
		start := len(truths)
		for _, c := range cp.conds {
			truths = append(truths, condTruth(c, s.out))
		}
		conds := truths[start:len(truths):len(truths)]
		res[i] = Result{Conds: conds}
		res[i].Status, res[i].NearMiss, _ = combine(cp, conds)
	}
	return res
}

func (e *Engine) condCount() int {
	n := 0
	for i := range e.policies {
		n += len(e.policies[i].conds)
	}
	return n
}

func (e *Engine) eval(p *Profile) *scratch {
	s := e.scratch.Get().(*scratch)
	e.pg.evalRow(p.cells, s.nums, s.out)
	return s
}

func condTruth(c compiledCond, out []Truth) Truth {
	if c.pred < 0 {
		return Unknown
	}
	return out[c.pred]
}

// combine is the policy's status from its conditions' truths: the Kleene
// conjunction of its own conditions and the disjunction over paths of each
// path's conjunction. It also says whether the policy fails on exactly one
// condition in some path, and which path is closest (the first that holds,
// else the one with the fewest failing, then unknown, conditions; -1
// without paths).
func combine(cp *compiledPolicy, t []Truth) (Status, bool, int) {
	own, ownFalse, _ := conj(t[:cp.common])
	if len(cp.paths) == 0 {
		return Status(own), own == False && ownFalse == 1, -1
	}
	any := False
	best, bestFalse, bestUnknown := -1, 0, 0
	near := false
	for j, r := range cp.paths {
		v, f, u := conj(t[r[0]:r[1]])
		any = or(any, v)
		if ownFalse+f == 1 {
			near = true
		}
		if best < 0 || f < bestFalse || (f == bestFalse && u < bestUnknown) {
			best, bestFalse, bestUnknown = j, f, u
		}
	}
	st := and(own, any)
	return Status(st), st == False && near, best
}

func conj(t []Truth) (v Truth, falses, unknowns int) {
	v = True
	for _, x := range t {
		v = and(v, x)
		switch x {
		case False:
			falses++
		case Unknown:
			unknowns++
		}
	}
	return v, falses, unknowns
}
