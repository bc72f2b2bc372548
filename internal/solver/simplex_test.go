package solver

import (
	"math/rand/v2"
	"testing"
)

// randomNetwork builds a random min-cost flow problem with a feasible
// strongly feasible star: every node is joined to the root by an expensive
// uncapacitated arc, in the direction its supply needs.
func randomNetwork(r *rand.Rand, n, m int, maxCap, maxCost int64) (*network, []int32) {
	nw := newNetwork(n, m+n)
	root := int32(n - 1)
	var sum int64
	for v := 0; v < n-1; v++ {
		b := r.Int64N(2*maxCap+1) - maxCap
		nw.supply[v] = b
		sum += b
	}
	nw.supply[root] = -sum
	for i := 0; i < m; i++ {
		a, b := int32(r.IntN(n)), int32(r.IntN(n))
		if a == b {
			continue
		}
		// Uncapacitated arcs never cost less than zero, so no cycle of
		// unlimited capacity has a negative cost.
		c, cost := int64(capInf), r.Int64N(maxCost+1)
		if r.IntN(3) > 0 {
			c, cost = 1+r.Int64N(maxCap), r.Int64N(2*maxCost+1)-maxCost
		}
		nw.addArc(a, b, c, cost)
	}
	big := (maxCost + 1) * int64(n+1)
	tree := make([]int32, n)
	for v := int32(0); v < root; v++ {
		if nw.supply[v] >= 0 {
			tree[v] = nw.addArc(v, root, capInf, big)
		} else {
			tree[v] = nw.addArc(root, v, capInf, big)
		}
	}
	return nw, tree
}

// cancelCycles is an independent reference: from the same feasible start,
// cancel negative residual cycles (found by Bellman-Ford) until none is
// left; the result is a min-cost flow.
func cancelCycles(nw *network, tree []int32) int64 {
	n, m := nw.nodes(), nw.arcs()
	flow := make([]int64, m)
	for v := 0; v < n; v++ {
		if int32(v) == int32(n-1) {
			continue
		}
		e := tree[v]
		if nw.src[e] == int32(v) {
			flow[e] = nw.supply[v]
		} else {
			flow[e] = -nw.supply[v]
		}
	}
	type res struct {
		arc int
		fwd bool
	}
	for {
		dist := make([]int64, n)
		predArc := make([]res, n)
		for v := range predArc {
			predArc[v] = res{-1, false}
		}
		x := -1
		for it := 0; it < n; it++ {
			x = -1
			for e := 0; e < m; e++ {
				a, b, c := nw.src[e], nw.dst[e], nw.cost[e]
				if flow[e] < nw.cap[e] && dist[a]+c < dist[b] {
					dist[b] = dist[a] + c
					predArc[b] = res{e, true}
					x = int(b)
				}
				if flow[e] > 0 && dist[b]-c < dist[a] {
					dist[a] = dist[b] - c
					predArc[a] = res{e, false}
					x = int(a)
				}
			}
			if x < 0 {
				break
			}
		}
		if x < 0 {
			var s int64
			for e := 0; e < m; e++ {
				s += flow[e] * nw.cost[e]
			}
			return s
		}
		for i := 0; i < n; i++ {
			p := predArc[x]
			if p.fwd {
				x = int(nw.src[p.arc])
			} else {
				x = int(nw.dst[p.arc])
			}
		}
		// x is on the cycle: find its bottleneck, then push.
		delta := int64(capInf)
		for v := x; ; {
			p := predArc[v]
			var d int64
			if p.fwd {
				d = nw.cap[p.arc] - flow[p.arc]
				v = int(nw.src[p.arc])
			} else {
				d = flow[p.arc]
				v = int(nw.dst[p.arc])
			}
			delta = min(delta, d)
			if v == x {
				break
			}
		}
		for v := x; ; {
			p := predArc[v]
			if p.fwd {
				flow[p.arc] += delta
				v = int(nw.src[p.arc])
			} else {
				flow[p.arc] -= delta
				v = int(nw.dst[p.arc])
			}
			if v == x {
				break
			}
		}
	}
}

// checkOptimal asserts conservation, bounds, tree consistency and the
// reduced-cost optimality conditions.
func checkOptimal(t *testing.T, nw *network) {
	t.Helper()
	n, m := nw.nodes(), nw.arcs()
	bal := make([]int64, n)
	for e := 0; e < m; e++ {
		f := nw.flow[e]
		if f < 0 || f > nw.cap[e] {
			t.Fatalf("arc %d: flow %d outside [0, %d]", e, f, nw.cap[e])
		}
		bal[nw.src[e]] += f
		bal[nw.dst[e]] -= f
		rc := nw.reduced(int32(e))
		switch nw.state[e] {
		case stateLower:
			if f != 0 || rc < 0 {
				t.Fatalf("arc %d at lower bound: flow %d, reduced cost %d", e, f, rc)
			}
		case stateUpper:
			if f != nw.cap[e] || rc > 0 {
				t.Fatalf("arc %d at upper bound: flow %d, reduced cost %d", e, f, rc)
			}
		case stateTree:
			if rc != 0 {
				t.Fatalf("tree arc %d: reduced cost %d", e, rc)
			}
		}
	}
	for v := 0; v < n; v++ {
		if bal[v] != nw.supply[v] {
			t.Fatalf("node %d: net outflow %d, supply %d", v, bal[v], nw.supply[v])
		}
	}
	// The thread visits every node once, each subtree is contiguous and of
	// the recorded size, parents come before children.
	seen := make([]bool, n)
	order := make([]int32, 0, n)
	v := nw.root
	for i := 0; i < n; i++ {
		if seen[v] {
			t.Fatalf("thread visits %d twice", v)
		}
		seen[v] = true
		order = append(order, v)
		if nw.revThread[nw.thread[v]] != v {
			t.Fatalf("revThread of %d's successor is wrong", v)
		}
		v = nw.thread[v]
	}
	if v != nw.root {
		t.Fatal("thread is not a cycle through the root")
	}
	pos := make([]int, n)
	for i, v := range order {
		pos[v] = i
	}
	for i, v := range order {
		sz := int(nw.succNum[v])
		if i+sz-1 >= n || order[i+sz-1] != nw.lastSucc[v] {
			t.Fatalf("node %d: subtree size %d does not end at lastSucc %d", v, sz, nw.lastSucc[v])
		}
		if v != nw.root {
			p := nw.parent[v]
			if pos[p] >= i || pos[nw.lastSucc[p]] < i {
				t.Fatalf("node %d is not inside its parent %d's subtree", v, p)
			}
			e := nw.pred[v]
			if nw.state[e] != stateTree || !(nw.src[e] == v && nw.dst[e] == p && nw.predDir[v] == dirUp || nw.dst[e] == v && nw.src[e] == p && nw.predDir[v] == dirDown) {
				t.Fatalf("node %d: pred arc %d does not join it to parent %d", v, e, p)
			}
		}
	}
}

func TestNetworkSimplexMatchesCycleCanceling(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 400; it++ {
		n := 2 + r.IntN(12)
		m := r.IntN(40)
		nw, tree := randomNetwork(r, n, m, 1+r.Int64N(20), 1+r.Int64N(30))
		if err := nw.init(int32(n-1), tree); err != nil {
			t.Fatal(err)
		}
		if err := nw.solve(); err != nil {
			t.Fatalf("instance %d: %v", it, err)
		}
		checkOptimal(t, nw)
		got := nw.costOf(0, nw.arcs())
		if got != nw.total {
			t.Fatalf("instance %d: running total %d, flows cost %d", it, nw.total, got)
		}
		if want := cancelCycles(nw, tree); got != want {
			t.Fatalf("instance %d: network simplex cost %d, cycle canceling %d", it, got, want)
		}
	}
}

// Changing costs keeps the tree feasible; re-solving from it must reach the
// optimum of the new costs.
func TestNetworkSimplexWarmStart(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for it := 0; it < 200; it++ {
		n := 2 + r.IntN(10)
		nw, tree := randomNetwork(r, n, r.IntN(30), 1+r.Int64N(10), 20)
		if err := nw.init(int32(n-1), tree); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 4; round++ {
			if err := nw.solve(); err != nil {
				t.Fatal(err)
			}
			checkOptimal(t, nw)
			if got, want := nw.costOf(0, nw.arcs()), cancelCycles(nw, tree); got != want {
				t.Fatalf("instance %d round %d: %d, want %d", it, round, got, want)
			}
			for e := 0; e < nw.arcs()-(n-1); e++ {
				if r.IntN(3) == 0 {
					c := r.Int64N(41) - 20
					if nw.cap[e] == capInf {
						c = r.Int64N(21)
					}
					nw.setCost(int32(e), c)
				}
			}
			nw.computePotentials()
		}
	}
}

func TestNetworkSimplexRejectsBadStart(t *testing.T) {
	nw := newNetwork(2, 1)
	nw.supply[0], nw.supply[1] = 5, -5
	e := nw.addArc(0, 1, 3, 1) // too small for the supply
	if err := nw.init(1, []int32{e, -1}); err == nil {
		t.Fatal("an infeasible star was accepted")
	}
	nw = newNetwork(2, 1)
	nw.supply[0], nw.supply[1] = 1, -2
	e = nw.addArc(0, 1, 3, 1)
	if err := nw.init(1, []int32{e, -1}); err == nil {
		t.Fatal("unbalanced supplies were accepted")
	}
}
