package solver

import (
	"errors"
	"math"
)

// network is a min-cost flow problem solved by the primal network simplex
// method in integer arithmetic: arcs with a capacity and a cost, nodes with a
// supply (positive) or demand (negative) summing to zero.
//
// The spanning tree is kept as a rooted tree with a preorder thread (the
// thread/revThread lists, subtree sizes and each subtree's last node), so
// that finding the cycle of an entering arc, updating flows and re-rooting
// the detached subtree cost the length of the cycle plus the size of that
// subtree. Pricing is by block search. Trees are kept strongly feasible,
// which rules out cycling.
//
// Unlike textbook implementations there are no artificial arcs: the caller
// hands a feasible star (every node joined to the root by one arc) to init.
// Every problem this package builds has one, and it means that changing arc
// costs never makes the current tree infeasible, so branch-and-bound nodes,
// which differ only in costs, are solved warm from the previous node's tree.
type network struct {
	src, dst []int32
	cap      []int64
	cost     []int64
	flow     []int64
	state    []int8

	supply    []int64
	pi        []int64
	parent    []int32
	pred      []int32
	predDir   []int8
	thread    []int32
	revThread []int32
	succNum   []int32
	lastSucc  []int32
	root      int32

	// total is Σ cost × flow, kept up to date by pivots and cost changes.
	// It may wrap around: Go's integers wrap, so differences of totals are
	// still exact whenever the true difference fits in an int64.
	total int64

	blockSize int
	nextArc   int
	// priced is how many arcs (from the first) pricing looks at: a caller
	// may put likely arcs first and set it lower, so that most pivots scan
	// a small candidate set; solve widens it to every arc before it stops,
	// so the answer is still optimal over all arcs.
	priced int
	pivots int

	// scratch for the re-rooted path
	path                              []int32
	oldRev, oldLast, oldNext, oldSucc []int32
	oldPred                           []int32
	oldDir                            []int8
}

const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1

	dirUp   int8 = 1  // the pred arc goes from the node to its parent
	dirDown int8 = -1 // the pred arc goes from the parent to the node

	// capInf marks an arc without a capacity. Residuals are computed as
	// capInf − flow, which stays positive for any flow.
	capInf = math.MaxInt64
)

var errUnbounded = errors.New("solver: the problem is unbounded (a negative cycle of unlimited capacity)")

func newNetwork(nodes, arcsHint int) *network {
	return &network{
		src:    make([]int32, 0, arcsHint),
		dst:    make([]int32, 0, arcsHint),
		cap:    make([]int64, 0, arcsHint),
		cost:   make([]int64, 0, arcsHint),
		supply: make([]int64, nodes),
	}
}

func (nw *network) nodes() int { return len(nw.supply) }
func (nw *network) arcs() int  { return len(nw.src) }

// addArc adds an arc and returns its index. A capacity of capInf means none.
func (nw *network) addArc(from, to int32, cap, cost int64) int32 {
	nw.src = append(nw.src, from)
	nw.dst = append(nw.dst, to)
	nw.cap = append(nw.cap, cap)
	nw.cost = append(nw.cost, cost)
	return int32(len(nw.src) - 1)
}

// init sets up the initial tree: the root and, for every other node v,
// treeArc[v], an arc between v and the root. The flows on those arcs follow
// from the supplies; every other arc starts empty. The star must be
// feasible and strongly feasible (a tree arc without flow points at the root,
// one at capacity away from it), which init checks.
func (nw *network) init(root int32, treeArc []int32) error {
	n, m := nw.nodes(), nw.arcs()
	nw.flow = make([]int64, m)
	nw.state = make([]int8, m)
	for e := range nw.state {
		nw.state[e] = stateLower
	}
	nw.pi = make([]int64, n)
	nw.parent = make([]int32, n)
	nw.pred = make([]int32, n)
	nw.predDir = make([]int8, n)
	nw.thread = make([]int32, n)
	nw.revThread = make([]int32, n)
	nw.succNum = make([]int32, n)
	nw.lastSucc = make([]int32, n)
	nw.root = root
	var sum int64
	for _, b := range nw.supply {
		sum += b
	}
	if sum != 0 {
		return errors.New("solver: supplies do not sum to zero")
	}
	prev := root
	for v := int32(0); v < int32(n); v++ {
		if v == root {
			continue
		}
		e := treeArc[v]
		nw.parent[v] = root
		nw.pred[v] = e
		nw.succNum[v] = 1
		nw.lastSucc[v] = v
		nw.thread[prev] = v
		nw.revThread[v] = prev
		prev = v
		nw.state[e] = stateTree
		b := nw.supply[v]
		switch {
		case nw.src[e] == v && nw.dst[e] == root:
			nw.predDir[v] = dirUp
			if b < 0 || b >= nw.cap[e] {
				return errors.New("solver: the initial tree is not strongly feasible")
			}
			nw.flow[e] = b
		case nw.dst[e] == v && nw.src[e] == root:
			nw.predDir[v] = dirDown
			if -b <= 0 || -b > nw.cap[e] {
				return errors.New("solver: the initial tree is not strongly feasible")
			}
			nw.flow[e] = -b
		default:
			return errors.New("solver: a tree arc does not join its node to the root")
		}
	}
	nw.thread[prev] = root
	nw.revThread[root] = prev
	nw.parent[root] = -1
	nw.pred[root] = -1
	nw.succNum[root] = int32(n)
	nw.lastSucc[root] = prev
	nw.computePotentials()
	for v := int32(0); v < int32(n); v++ {
		if v != root {
			nw.total += nw.cost[nw.pred[v]] * nw.flow[nw.pred[v]]
		}
	}
	nw.setPriced(m)
	nw.path = make([]int32, 0, 16)
	return nil
}

// computePotentials sets the node potentials so that every tree arc has a
// zero reduced cost. Needed after costs change.
func (nw *network) computePotentials() {
	nw.pi[nw.root] = 0
	for v := nw.thread[nw.root]; v != nw.root; v = nw.thread[v] {
		e := nw.pred[v]
		if nw.predDir[v] == dirUp {
			nw.pi[v] = nw.pi[nw.parent[v]] - nw.cost[e]
		} else {
			nw.pi[v] = nw.pi[nw.parent[v]] + nw.cost[e]
		}
	}
}

// setCost changes an arc's cost; call computePotentials before solving.
func (nw *network) setCost(e int32, c int64) {
	if nw.flow != nil {
		nw.total += (c - nw.cost[e]) * nw.flow[e]
	}
	nw.cost[e] = c
}

// reduced returns the reduced cost of arc e under the current potentials.
func (nw *network) reduced(e int32) int64 {
	return nw.cost[e] + nw.pi[nw.src[e]] - nw.pi[nw.dst[e]]
}

// setPriced limits pricing to the first k arcs.
func (nw *network) setPriced(k int) {
	nw.priced = k
	nw.nextArc = 0
	nw.blockSize = max(10, int(math.Sqrt(float64(k))))
}

// solve pivots until no arc prices out.
func (nw *network) solve() error {
	for {
		in := nw.findEntering()
		if in < 0 {
			if nw.priced < nw.arcs() {
				nw.setPriced(nw.arcs())
				continue
			}
			return nil
		}
		if err := nw.pivot(in); err != nil {
			return err
		}
		nw.pivots++
	}
}

// findEntering returns an arc whose reduced cost violates optimality, the
// worst of the first block that has one, or −1.
func (nw *network) findEntering() int32 {
	m := nw.priced
	best, bestArc := int64(0), -1
	e := nw.nextArc
	for left := m; left > 0; {
		n := min(nw.blockSize, left)
		left -= n
		if hi := e + n; hi <= m {
			best, bestArc = nw.scan(e, hi, best, bestArc)
			e = hi
		} else {
			best, bestArc = nw.scan(e, m, best, bestArc)
			e = hi - m
			best, bestArc = nw.scan(0, e, best, bestArc)
		}
		if e == m {
			e = 0
		}
		if bestArc >= 0 {
			nw.nextArc = e
			return int32(bestArc)
		}
	}
	return -1
}

// scan prices the arcs [lo, hi). The state (+1 at the lower bound, −1 at
// the upper, 0 in the tree) turns the reduced cost into a violation without
// a branch.
func (nw *network) scan(lo, hi int, best int64, bestArc int) (int64, int) {
	src := nw.src[lo:hi]
	dst := nw.dst[lo:hi]
	dst = dst[:len(src)]
	cost := nw.cost[lo:hi]
	cost = cost[:len(src)]
	state := nw.state[lo:hi]
	state = state[:len(src)]
	pi := nw.pi
	for k, s := range src {
		if c := (cost[k] + pi[s] - pi[dst[k]]) * int64(state[k]); c < best {
			best, bestArc = c, lo+k
		}
	}
	return best, bestArc
}

func (nw *network) residualUp(u int32) int64 { // flow can move from u to its parent
	e := nw.pred[u]
	if nw.predDir[u] == dirUp {
		return nw.cap[e] - nw.flow[e]
	}
	return nw.flow[e]
}

func (nw *network) residualDown(u int32) int64 { // flow can move from u's parent to u
	e := nw.pred[u]
	if nw.predDir[u] == dirDown {
		return nw.cap[e] - nw.flow[e]
	}
	return nw.flow[e]
}

func (nw *network) pivot(in int32) error {
	var first, second int32
	if nw.state[in] == stateLower {
		first, second = nw.src[in], nw.dst[in]
	} else {
		first, second = nw.dst[in], nw.src[in]
	}
	u, w := first, second
	for u != w {
		if nw.succNum[u] < nw.succNum[w] {
			u = nw.parent[u]
		} else {
			w = nw.parent[w]
		}
	}
	join := u

	// The leaving arc is the last blocking arc met going round the cycle in
	// the direction of the flow change, starting at the join: this keeps the
	// tree strongly feasible.
	delta := nw.cap[in]
	result := 0
	var uOut int32 = -1
	for u := first; u != join; u = nw.parent[u] {
		if d := nw.residualDown(u); d < delta {
			delta, uOut, result = d, u, 1
		}
	}
	for u := second; u != join; u = nw.parent[u] {
		if d := nw.residualUp(u); d <= delta {
			delta, uOut, result = d, u, 2
		}
	}
	if delta == capInf {
		return errUnbounded
	}
	if delta > 0 {
		// Round the cycle the costs add up to the entering arc's reduced
		// cost (the potentials cancel).
		nw.total += int64(nw.state[in]) * delta * nw.reduced(in)
		val := int64(nw.state[in]) * delta
		nw.flow[in] += val
		for u := nw.src[in]; u != join; u = nw.parent[u] {
			nw.flow[nw.pred[u]] -= int64(nw.predDir[u]) * val
		}
		for u := nw.dst[in]; u != join; u = nw.parent[u] {
			nw.flow[nw.pred[u]] += int64(nw.predDir[u]) * val
		}
	}
	if result == 0 {
		nw.state[in] = -nw.state[in]
		return nil
	}
	leaving := nw.pred[uOut]
	nw.state[in] = stateTree
	if nw.flow[leaving] == 0 {
		nw.state[leaving] = stateLower
	} else {
		nw.state[leaving] = stateUpper
	}
	uIn, vIn := first, second
	if result == 2 {
		uIn, vIn = second, first
	}
	nw.updateTree(in, uIn, vIn, uOut, join)
	return nil
}

func (nw *network) link(a, b int32) {
	nw.thread[a] = b
	nw.revThread[b] = a
}

// updateTree replaces the pred arc of uOut by the entering arc in, which
// joins uIn (in uOut's subtree S) to vIn (outside it): S is detached,
// re-rooted at uIn, and hung under vIn.
func (nw *network) updateTree(in, uIn, vIn, uOut, join int32) {
	path := nw.path[:0]
	for x := uIn; ; x = nw.parent[x] {
		path = append(path, x)
		if x == uOut {
			break
		}
	}
	nw.path = path
	k := len(path) - 1
	if cap(nw.oldRev) < len(path) {
		c := 2 * len(path)
		nw.oldRev, nw.oldLast, nw.oldNext = make([]int32, c), make([]int32, c), make([]int32, c)
		nw.oldSucc, nw.oldPred, nw.oldDir = make([]int32, c), make([]int32, c), make([]int8, c)
	}
	oldRev, oldLast, oldNext := nw.oldRev[:len(path)], nw.oldLast[:len(path)], nw.oldNext[:len(path)]
	oldSucc, oldPred, oldDir := nw.oldSucc[:len(path)], nw.oldPred[:len(path)], nw.oldDir[:len(path)]
	for i, x := range path {
		oldRev[i] = nw.revThread[x]
		oldLast[i] = nw.lastSucc[x]
		oldNext[i] = nw.thread[nw.lastSucc[x]]
		oldSucc[i] = nw.succNum[x]
		oldPred[i] = nw.pred[x]
		oldDir[i] = nw.predDir[x]
	}
	size := oldSucc[k]
	last := oldLast[k]

	// Potentials of S move by the entering arc's reduced cost.
	sigma := nw.reduced(in)
	if nw.src[in] == uIn {
		sigma = -sigma
	}
	for v := uOut; ; v = nw.thread[v] {
		nw.pi[v] += sigma
		if v == last {
			break
		}
	}

	// Detach S from the thread and from its old ancestors.
	before := oldRev[k]
	nw.link(before, oldNext[k])
	fixSucc, fixLast := true, true
	for a := nw.parent[uOut]; a >= 0 && (fixSucc || fixLast); a = nw.parent[a] {
		if a == join {
			fixSucc = false
		}
		if fixSucc {
			nw.succNum[a] -= size
		}
		if fixLast {
			if nw.lastSucc[a] == last {
				nw.lastSucc[a] = before
			} else {
				fixLast = false
			}
		}
	}

	// Re-root S at uIn: x0's own subtree first, then for each x_i up the old
	// path the part of its old subtree that is not x_{i-1}'s.
	end := oldLast[0]
	for i := 1; i <= k; i++ {
		nw.link(end, path[i])
		end = oldRev[i-1]
		if oldLast[i] != oldLast[i-1] {
			nw.link(end, oldNext[i-1])
			end = oldLast[i]
		}
	}
	for i := k; i >= 1; i-- {
		x := path[i]
		nw.parent[x] = path[i-1]
		nw.pred[x] = oldPred[i-1]
		nw.predDir[x] = -oldDir[i-1]
		nw.succNum[x] = size - oldSucc[i-1]
		nw.lastSucc[x] = end
	}
	nw.parent[uIn] = vIn
	nw.pred[uIn] = in
	if nw.src[in] == uIn {
		nw.predDir[uIn] = dirUp
	} else {
		nw.predDir[uIn] = dirDown
	}
	nw.succNum[uIn] = size
	nw.lastSucc[uIn] = end

	// Hang S under vIn as its first child.
	nw.link(end, nw.thread[vIn])
	nw.link(vIn, uIn)
	fixSucc, fixLast = true, true
	for a := vIn; a >= 0 && (fixSucc || fixLast); a = nw.parent[a] {
		if a == join {
			fixSucc = false
		}
		if fixSucc {
			nw.succNum[a] += size
		}
		if fixLast {
			if nw.lastSucc[a] == vIn {
				nw.lastSucc[a] = end
			} else {
				fixLast = false
			}
		}
	}
}

// value returns Σ cost × flow over the arcs [from, to).
func (nw *network) costOf(from, to int) int64 {
	var s int64
	for e := from; e < to; e++ {
		s += nw.cost[e] * nw.flow[e]
	}
	return s
}
