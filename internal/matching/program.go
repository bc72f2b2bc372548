package matching

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Truth is a three-valued (Kleene) truth value: a condition that reads a
// figure the enterprise has not supplied is Unknown, not False.
type Truth int8

// Truth values. And is the minimum, Or the maximum, Not the negation.
const (
	False   Truth = -1
	Unknown Truth = 0
	True    Truth = 1
)

// Label is the Chinese word for the value.
func (t Truth) Label() string {
	switch t {
	case True:
		return "满足"
	case False:
		return "不满足"
	}
	return "待确认"
}

func and(a, b Truth) Truth { return min(a, b) }
func or(a, b Truth) Truth  { return max(a, b) }

type cmpOp uint8

const (
	opEQ cmpOp = iota
	opNE
	opLT
	opLE
	opGT
	opGE
)

var cmpSymbols = [...]string{"==", "!=", "<", "<=", ">", ">="}
var cmpText = [...]string{"=", "≠", "<", "≤", ">", "≥"}

// negate is the operator of the negation; exact for known values, and
// both sides are unknown for unknown ones.
func (o cmpOp) negate() cmpOp { return [...]cmpOp{opNE, opEQ, opGE, opGT, opLE, opLT}[o] }

// flip is the operator with its operands swapped.
func (o cmpOp) flip() cmpOp { return [...]cmpOp{opEQ, opNE, opGT, opGE, opLT, opLE}[o] }

func (o cmpOp) holds(a, b float64) bool {
	switch o {
	case opEQ:
		return a == b
	case opNE:
		return a != b
	case opLT:
		return a < b
	case opLE:
		return a <= b
	case opGT:
		return a > b
	}
	return a >= b
}

type numKind uint8

const (
	nAttr numKind = iota
	nConst
	nAdd
	nSub
	nMul
	nDiv
	nNeg
)

// numNode is a numeric expression: an attribute, a constant or an
// arithmetic operation on two earlier nodes. Unknown is NaN, and so is a
// division by zero.
type numNode struct {
	kind  numKind
	attr  int
	c     float64
	a, b  int32
	attrs []int
}

type predKind uint8

const (
	pConst predKind = iota
	pCmp
	pStr  // a string attribute equal to one of set, or starting with prefix
	pTag  // a tag in a tags attribute
	pBool // a boolean attribute is true
	pNot
	pAnd
	pOr
)

// pred is a node of the predicate DAG; kids and numeric operands are
// always earlier nodes, so evaluating in index order is a topological
// order.
type pred struct {
	kind   predKind
	c      Truth // pConst
	cmp    cmpOp
	l, r   int32 // pCmp: numeric nodes
	attr   int
	set    []string // pStr: sorted
	prefix string   // pStr with prefix match
	tag    string
	kids   []int32
	attrs  []int // attributes read, sorted
}

// program is the shared DAG of every condition of every policy: equal
// sub-expressions are one node, so a threshold that a hundred policies
// share is evaluated once.
type program struct {
	nums    []numNode
	preds   []pred
	numKey  map[string]int32
	predKey map[string]int32
}

func newProgram() *program {
	return &program{numKey: map[string]int32{}, predKey: map[string]int32{}}
}

func unionAttrs(lists ...[]int) []int {
	var out []int
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func fkey(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func (pg *program) num(n numNode) int32 {
	var key string
	switch n.kind {
	case nAttr:
		key = "a" + strconv.Itoa(n.attr)
		n.attrs = []int{n.attr}
	case nConst:
		key = "c" + fkey(n.c)
	case nNeg:
		key = fmt.Sprintf("-%d", n.a)
		n.attrs = pg.nums[n.a].attrs
	default:
		if (n.kind == nAdd || n.kind == nMul) && n.a > n.b {
			n.a, n.b = n.b, n.a
		}
		key = fmt.Sprintf("%d:%d:%d", n.kind, n.a, n.b)
		n.attrs = unionAttrs(pg.nums[n.a].attrs, pg.nums[n.b].attrs)
	}
	if id, ok := pg.numKey[key]; ok {
		return id
	}
	id := int32(len(pg.nums))
	pg.nums = append(pg.nums, n)
	pg.numKey[key] = id
	return id
}

func (pg *program) constNum(c float64) int32 { return pg.num(numNode{kind: nConst, c: c}) }

// arith builds a op b, folding constants.
func (pg *program) arith(k numKind, a, b int32) int32 {
	x, y := &pg.nums[a], &pg.nums[b]
	if x.kind == nConst && (k == nNeg || y.kind == nConst) {
		return pg.constNum(evalArith(k, x.c, y.c))
	}
	return pg.num(numNode{kind: k, a: a, b: b})
}

func evalArith(k numKind, a, b float64) float64 {
	switch k {
	case nAdd:
		return a + b
	case nSub:
		return a - b
	case nMul:
		return a * b
	case nDiv:
		if b == 0 {
			return math.NaN()
		}
		return a / b
	case nNeg:
		return -a
	}
	panic("matching: bad arithmetic")
}

func (pg *program) pred(p pred) int32 {
	var key string
	switch p.kind {
	case pConst:
		key = "k" + strconv.Itoa(int(p.c))
	case pCmp:
		key = fmt.Sprintf("c%d:%d:%d", p.cmp, p.l, p.r)
		p.attrs = unionAttrs(pg.nums[p.l].attrs, pg.nums[p.r].attrs)
	case pStr:
		key = fmt.Sprintf("s%d:%s:%s", p.attr, p.prefix, strings.Join(p.set, "\x00"))
		p.attrs = []int{p.attr}
	case pTag:
		key = fmt.Sprintf("t%d:%s", p.attr, p.tag)
		p.attrs = []int{p.attr}
	case pBool:
		key = fmt.Sprintf("b%d", p.attr)
		p.attrs = []int{p.attr}
	default:
		ks := make([]string, len(p.kids))
		var lists [][]int
		for i, k := range p.kids {
			ks[i] = strconv.Itoa(int(k))
			lists = append(lists, pg.preds[k].attrs)
		}
		key = fmt.Sprintf("%d(%s)", p.kind, strings.Join(ks, ","))
		p.attrs = unionAttrs(lists...)
	}
	if id, ok := pg.predKey[key]; ok {
		return id
	}
	id := int32(len(pg.preds))
	pg.preds = append(pg.preds, p)
	pg.predKey[key] = id
	return id
}

func (pg *program) constPred(t Truth) int32 { return pg.pred(pred{kind: pConst, c: t}) }

func (pg *program) compare(op cmpOp, l, r int32) int32 {
	a, b := &pg.nums[l], &pg.nums[r]
	if a.kind == nConst && b.kind == nConst {
		if math.IsNaN(a.c) || math.IsNaN(b.c) {
			return pg.constPred(Unknown)
		}
		return pg.constPred(truthOf(op.holds(a.c, b.c)))
	}
	if a.kind == nConst {
		l, r, op = r, l, op.flip()
	}
	return pg.pred(pred{kind: pCmp, cmp: op, l: l, r: r})
}

func truthOf(b bool) Truth {
	if b {
		return True
	}
	return False
}

func (pg *program) not(k int32) int32 {
	p := pg.preds[k]
	switch p.kind {
	case pConst:
		return pg.constPred(-p.c)
	case pNot:
		return p.kids[0]
	case pCmp:
		return pg.pred(pred{kind: pCmp, cmp: p.cmp.negate(), l: p.l, r: p.r})
	}
	return pg.pred(pred{kind: pNot, kids: []int32{k}})
}

// junction builds an n-ary And or Or, flattened, deduplicated and with
// constants folded, so that equal conjunctions share one node.
func (pg *program) junction(kind predKind, kids ...int32) int32 {
	unit, absorb := True, False
	if kind == pOr {
		unit, absorb = False, True
	}
	var flat []int32
	for _, k := range kids {
		p := &pg.preds[k]
		switch {
		case p.kind == kind:
			flat = append(flat, p.kids...)
		case p.kind == pConst && p.c == unit:
		case p.kind == pConst && p.c == absorb:
			return pg.constPred(absorb)
		default:
			flat = append(flat, k)
		}
	}
	slices.Sort(flat)
	flat = slices.Compact(flat)
	switch len(flat) {
	case 0:
		return pg.constPred(unit)
	case 1:
		return flat[0]
	}
	return pg.pred(pred{kind: kind, kids: flat})
}

// evalRow evaluates every node for one enterprise, in index order.
func (pg *program) evalRow(cells []cell, nums []float64, out []Truth) {
	for i := range pg.nums {
		n := &pg.nums[i]
		switch n.kind {
		case nAttr:
			if c := &cells[n.attr]; c.known {
				nums[i] = c.num
			} else {
				nums[i] = math.NaN()
			}
		case nConst:
			nums[i] = n.c
		default:
			nums[i] = evalArith(n.kind, nums[n.a], nums[n.b])
		}
	}
	for i := range pg.preds {
		out[i] = pg.evalPred(i, cells, nums, out)
	}
}

func (pg *program) evalPred(i int, cells []cell, nums []float64, out []Truth) Truth {
	p := &pg.preds[i]
	switch p.kind {
	case pConst:
		return p.c
	case pCmp:
		a, b := nums[p.l], nums[p.r]
		if math.IsNaN(a) || math.IsNaN(b) {
			return Unknown
		}
		return truthOf(p.cmp.holds(a, b))
	case pStr:
		c := &cells[p.attr]
		if !c.known {
			return Unknown
		}
		return truthOf(p.matchString(c.str))
	case pTag:
		c := &cells[p.attr]
		if !c.known {
			return Unknown
		}
		_, found := slices.BinarySearch(c.tags, p.tag)
		return truthOf(found)
	case pBool:
		c := &cells[p.attr]
		if !c.known {
			return Unknown
		}
		return truthOf(c.num != 0)
	case pNot:
		return -out[p.kids[0]]
	case pAnd:
		t := True
		for _, k := range p.kids {
			t = and(t, out[k])
		}
		return t
	}
	t := False
	for _, k := range p.kids {
		t = or(t, out[k])
	}
	return t
}

func (p *pred) matchString(s string) bool {
	if p.prefix != "" {
		return strings.HasPrefix(s, p.prefix)
	}
	_, found := slices.BinarySearch(p.set, s)
	return found
}
