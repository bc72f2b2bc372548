package solver

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// randomTransport makes a small instance; fixed arcs are valid by
// construction (within caps, supplies and requests).
func randomTransport(r *rand.Rand, maxS, maxD, maxArcs int, maxAmt int64) *Transport {
	p := &Transport{}
	S, D := 1+r.IntN(maxS), 1+r.IntN(maxD)
	for i := 0; i < S; i++ {
		p.Supplies = append(p.Supplies, 1+r.Int64N(maxAmt))
	}
	for j := 0; j < D; j++ {
		d := Demand{Amount: 1 + r.Int64N(maxAmt)}
		if r.IntN(2) == 0 {
			d.Min = r.Int64N(d.Amount + 1)
		}
		d.Required = d.Min > 0 && r.IntN(5) == 0
		p.Demands = append(p.Demands, d)
	}
	pairs := map[[2]int]bool{}
	for k := r.IntN(maxArcs + 1); k > 0; k-- {
		i, j := r.IntN(S), r.IntN(D)
		if pairs[[2]int{i, j}] {
			continue
		}
		pairs[[2]int{i, j}] = true
		a := Arc{Supply: i, Demand: j, Value: r.Int64N(21) - 5}
		if r.IntN(3) == 0 {
			a.Cap = 1 + r.Int64N(maxAmt)
		}
		p.Arcs = append(p.Arcs, a)
	}
	usedS := make([]int64, S)
	usedD := make([]int64, D)
	for e, a := range p.Arcs {
		if r.IntN(6) != 0 {
			continue
		}
		room := min(p.Supplies[a.Supply]-usedS[a.Supply], p.Demands[a.Demand].Amount-usedD[a.Demand])
		if a.Cap > 0 {
			room = min(room, a.Cap)
		}
		if room <= 0 {
			continue
		}
		f := 1 + r.Int64N(room)
		usedS[a.Supply] += f
		usedD[a.Demand] += f
		p.Fixed = append(p.Fixed, Fixed{Arc: e, Amount: f})
	}
	return p
}

// bruteTransport enumerates every integral flow (an optimal allocation of
// integral data is integral for every served-or-not pattern, so this finds
// the true optimum). force, when not nil, holds each demand's decision:
// +1 served (at least its minimum), −1 nothing, 0 free.
func bruteTransport(p *Transport, force []int) (best int64, ok bool) {
	fixed := make(map[int]int64)
	for _, f := range p.Fixed {
		fixed[f.Arc] = f.Amount
	}
	n := len(p.Arcs)
	flow := make([]int64, n)
	usedS := make([]int64, len(p.Supplies))
	got := make([]int64, len(p.Demands))
	best = math.MinInt64
	var rec func(e int)
	rec = func(e int) {
		if e == n {
			for j, d := range p.Demands {
				x := got[j]
				if x > 0 && x < d.Min || d.Required && x < d.Min {
					return
				}
				if force != nil && (force[j] > 0 && x < max(d.Min, 1) || force[j] < 0 && x > 0) {
					return
				}
			}
			var v int64
			for k, a := range p.Arcs {
				v += a.Value * flow[k]
			}
			if v > best {
				best, ok = v, true
			}
			return
		}
		a := p.Arcs[e]
		lo, hi := int64(0), min(p.Supplies[a.Supply]-usedS[a.Supply], p.Demands[a.Demand].Amount-got[a.Demand])
		if a.Cap > 0 {
			hi = min(hi, a.Cap)
		}
		if f, isFixed := fixed[e]; isFixed {
			if f > hi {
				return
			}
			lo, hi = f, f
		}
		for f := lo; f <= hi; f++ {
			flow[e] = f
			usedS[a.Supply] += f
			got[a.Demand] += f
			rec(e + 1)
			usedS[a.Supply] -= f
			got[a.Demand] -= f
		}
		flow[e] = 0
	}
	rec(0)
	return best, ok
}

// checkAllocation asserts that a solution respects every constraint and
// that its objective is what its flows are worth.
func checkAllocation(t *testing.T, p *Transport, sol *TransportSolution) {
	t.Helper()
	usedS := make([]int64, len(p.Supplies))
	got := make([]int64, len(p.Demands))
	var v int64
	for e, a := range p.Arcs {
		f := sol.Flow[e]
		if f < 0 || a.Cap > 0 && f > a.Cap {
			t.Fatalf("arc %d carries %d (cap %d)", e, f, a.Cap)
		}
		usedS[a.Supply] += f
		got[a.Demand] += f
		v += f * a.Value
	}
	for _, f := range p.Fixed {
		if sol.Flow[f.Arc] != f.Amount {
			t.Fatalf("fixed arc %d carries %d, not %d", f.Arc, sol.Flow[f.Arc], f.Amount)
		}
	}
	for i, s := range p.Supplies {
		if usedS[i] > s || usedS[i] != sol.Supplies[i].Used {
			t.Fatalf("supply %d: used %d (reported %d) of %d", i, usedS[i], sol.Supplies[i].Used, s)
		}
	}
	for j, d := range p.Demands {
		x := got[j]
		if x > d.Amount || x > 0 && x < d.Min || d.Required && x < d.Min || x != sol.Demands[j].Received {
			t.Fatalf("demand %d %+v receives %d (reported %d)", j, d, x, sol.Demands[j].Received)
		}
	}
	if v != sol.Objective {
		t.Fatalf("objective %d, flows are worth %d", sol.Objective, v)
	}
}

func TestTransportMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	infeasible, branched := 0, 0
	for it := 0; it < 22000; it++ {
		var p *Transport
		if it < 20000 {
			p = randomTransport(r, 3, 3, 5, 4)
		} else {
			p = randomTransport(r, 4, 4, 6, 5) // fewer, larger: more branching
		}
		want, ok := bruteTransport(p, nil)
		sol, err := SolveTransport(p, Options{})
		if !ok {
			var ie *InfeasibleError
			if !errors.As(err, &ie) {
				t.Fatalf("instance %d %+v: brute force finds it infeasible, solver says %v", it, p, err)
			}
			checkCertificate(t, p, ie)
			infeasible++
			continue
		}
		if err != nil {
			t.Fatalf("instance %d %+v: %v", it, p, err)
		}
		checkAllocation(t, p, sol)
		if sol.Nodes > 1 {
			branched++
		}
		if sol.Objective != want || sol.Status != Optimal || sol.Bound != want {
			t.Fatalf("instance %d %+v: objective %d (%v, bound %d), brute force %d", it, p, sol.Objective, sol.Status, sol.Bound, want)
		}
		checkGains(t, p, sol)
	}
	if infeasible < 50 || branched < 100 {
		t.Fatalf("%d infeasible and %d branched instances: the test does not cover certificates and branching", infeasible, branched)
	}
}

// checkCertificate recomputes an infeasibility certificate from the problem.
func checkCertificate(t *testing.T, p *Transport, ie *InfeasibleError) {
	t.Helper()
	fixedS := make([]int64, len(p.Supplies))
	fixedD := make([]int64, len(p.Demands))
	isFixed := map[int]bool{}
	for _, f := range p.Fixed {
		fixedS[p.Arcs[f.Arc].Supply] += f.Amount
		fixedD[p.Arcs[f.Arc].Demand] += f.Amount
		isFixed[f.Arc] = true
	}
	inR := map[int]bool{}
	var need int64
	for _, j := range ie.Demands {
		d := p.Demands[j]
		if !d.Required && fixedD[j] == 0 || d.Min <= fixedD[j] {
			t.Fatalf("certificate names demand %d, which need not be served", j)
		}
		inR[j] = true
		need += d.Min - fixedD[j]
	}
	toR := make([]int64, len(p.Supplies))
	for e, a := range p.Arcs {
		if inR[a.Demand] && !isFixed[e] {
			c := a.Cap
			if c == 0 {
				c = p.Supplies[a.Supply]
			}
			toR[a.Supply] += c
		}
	}
	var avail int64
	for i, s := range p.Supplies {
		avail += min(toR[i], s-fixedS[i])
	}
	if need != ie.Need || avail != ie.Available || avail >= need {
		t.Fatalf("certificate %+v: recomputed need %d, available %d", ie, need, avail)
	}
}

// decisions reads each demand's served-or-not decision off a solution.
func decisions(p *Transport, sol *TransportSolution) []int {
	force := make([]int, len(p.Demands))
	for j, d := range p.Demands {
		if d.Min > 0 {
			if sol.Demands[j].Received > 0 {
				force[j] = 1
			} else {
				force[j] = -1
			}
		}
	}
	return force
}

// checkGains compares every price with a brute-force re-solve of the final
// subproblem with one more unit.
func checkGains(t *testing.T, p *Transport, sol *TransportSolution) {
	t.Helper()
	force := decisions(p, sol)
	base, ok := bruteTransport(p, force)
	if !ok || base != sol.Objective {
		t.Fatalf("%+v: the final subproblem is worth %d (%v), not %d", p, base, ok, sol.Objective)
	}
	for i := range p.Supplies {
		p.Supplies[i]++
		more, _ := bruteTransport(p, force)
		p.Supplies[i]--
		if more-base != sol.Supplies[i].Gain {
			t.Fatalf("%+v: supply %d gains %d per unit, reported %d", p, i, more-base, sol.Supplies[i].Gain)
		}
	}
	for j := range p.Demands {
		if force[j] < 0 {
			f := sol.Demands[j].Force
			force[j] = 1
			forced, ok := bruteTransport(p, force)
			force[j] = -1
			if f == nil || f.Feasible != ok || ok && f.Cost != base-forced {
				t.Fatalf("%+v: forcing demand %d: brute force %d (%v), reported %+v", p, j, base-forced, ok, f)
			}
			continue
		}
		p.Demands[j].Amount++
		more, _ := bruteTransport(p, force)
		p.Demands[j].Amount--
		if more-base != sol.Demands[j].Gain {
			t.Fatalf("%+v: demand %d gains %d per unit of request, reported %d", p, j, more-base, sol.Demands[j].Gain)
		}
	}
}

func TestTransportRejectsBadInput(t *testing.T) {
	ok := func() *Transport {
		return &Transport{
			Supplies: []int64{10},
			Demands:  []Demand{{Amount: 5, Min: 2}},
			Arcs:     []Arc{{Supply: 0, Demand: 0, Value: 3, Cap: 4}},
		}
	}
	cases := []struct {
		code   string
		change func(p *Transport)
	}{
		{"amount_not_positive", func(p *Transport) { p.Supplies[0] = 0 }},
		{"amount_not_positive", func(p *Transport) { p.Demands[0].Amount = -1 }},
		{"min_negative", func(p *Transport) { p.Demands[0].Min = -1 }},
		{"min_above_amount", func(p *Transport) { p.Demands[0].Min = 6 }},
		{"required_without_min", func(p *Transport) { p.Demands[0] = Demand{Amount: 5, Required: true} }},
		{"bad_reference", func(p *Transport) { p.Arcs[0].Demand = 1 }},
		{"cap_negative", func(p *Transport) { p.Arcs[0].Cap = -1 }},
		{"fixed_above_cap", func(p *Transport) { p.Fixed = []Fixed{{Arc: 0, Amount: 5}} }},
		{"fixed_duplicate", func(p *Transport) { p.Fixed = []Fixed{{Arc: 0, Amount: 1}, {Arc: 0, Amount: 1}} }},
		{"amount_not_positive", func(p *Transport) { p.Fixed = []Fixed{{Arc: 0, Amount: 0}} }},
		{"fixed_exceeds_demand", func(p *Transport) {
			p.Supplies = []int64{10, 10}
			p.Arcs = []Arc{{Supply: 0, Demand: 0, Value: 1}, {Supply: 1, Demand: 0, Value: 1}}
			p.Fixed = []Fixed{{Arc: 0, Amount: 3}, {Arc: 1, Amount: 3}}
		}},
		{"fixed_exceeds_supply", func(p *Transport) {
			p.Supplies = []int64{4}
			p.Arcs[0].Cap = 0
			p.Fixed = []Fixed{{Arc: 0, Amount: 5}}
		}},
	}
	for _, c := range cases {
		p := ok()
		c.change(p)
		_, err := SolveTransport(p, Options{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Code != c.code {
			t.Errorf("%s: got %v", c.code, err)
		}
	}
	p := ok()
	p.Supplies[0] = 1 << 40
	p.Arcs[0].Value = 1 << 30
	if _, err := SolveTransport(p, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge figures: %v", err)
	}
}

// A required demand that no supply can reach is infeasible on its own.
func TestTransportInfeasibleCertificate(t *testing.T) {
	p := &Transport{
		Supplies: []int64{30, 40, 100},
		Demands:  []Demand{{Amount: 50, Min: 50, Required: true}, {Amount: 40, Min: 30, Required: true}, {Amount: 10}},
		Arcs: []Arc{
			{Supply: 0, Demand: 0, Value: 1}, {Supply: 1, Demand: 0, Value: 1}, {Supply: 1, Demand: 1, Value: 1},
			{Supply: 0, Demand: 1, Value: 1, Cap: 5}, {Supply: 2, Demand: 2, Value: 1},
		},
	}
	_, err := SolveTransport(p, Options{})
	var ie *InfeasibleError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	if len(ie.Demands) != 2 || ie.Need != 80 || ie.Available != 70 || len(ie.Supplies) != 2 {
		t.Fatalf("certificate %+v: want demands 0 and 1 needing 80 from supplies 0 and 1 giving 70", ie)
	}
}

// The first pricing phase sees only each demand's best arcs; the answer
// must still be optimal over all of them.
func TestStagedPricingIsExact(t *testing.T) {
	for seed := uint64(0); seed < 12; seed++ {
		p := denseTransport(60, 100, seed%2 == 1, seed)
		r := rand.New(rand.NewPCG(seed, 9))
		for e := range p.Arcs {
			if r.IntN(4) == 0 {
				p.Arcs[e].Cap = 1 + r.Int64N(300)
			}
		}
		maxV, err := p.validate()
		if err != nil {
			t.Fatal(err)
		}
		tn, err := buildTransport(p, maxV)
		if err != nil {
			t.Fatal(err)
		}
		if tn.nw.priced >= tn.nw.arcs() {
			t.Fatal("pricing is not staged on a dense instance")
		}
		staged, err := SolveTransport(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkAllocation(t, p, staged)
		stagedPricing = false
		full, err := SolveTransport(p, Options{})
		stagedPricing = true
		if err != nil {
			t.Fatal(err)
		}
		if staged.Objective != full.Objective {
			t.Fatalf("seed %d: staged pricing %d, full pricing %d", seed, staged.Objective, full.Objective)
		}
		if seed%2 == 0 {
			if _, ok, err := tn.lp(); err != nil || !ok {
				t.Fatal(ok, err)
			}
			checkOptimal(t, tn.nw)
			for i := range staged.Supplies {
				if staged.Supplies[i].Gain != full.Supplies[i].Gain {
					t.Fatalf("seed %d: supply %d gains %d staged, %d in full", seed, i, staged.Supplies[i].Gain, full.Supplies[i].Gain)
				}
			}
		}
	}
}

// Every explanation is consistent with the allocation it explains.
func TestExplanationsAreConsistent(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	for it := 0; it < 2000; it++ {
		p := randomTransport(r, 4, 5, 10, 6)
		sol, err := SolveTransport(p, Options{})
		if err != nil {
			continue
		}
		for j, d := range p.Demands {
			ex := sol.Explain(p, j, 0, 0)
			got := sol.Demands[j].Received
			switch ex.Binding {
			case BindMet:
				if got != d.Amount {
					t.Fatalf("%+v: demand %d met with %d of %d", p, j, got, d.Amount)
				}
			case BindSupply:
				for _, ae := range ex.Arcs {
					if ae.Reason != ArcExhausted && ae.Reason != ArcCap && ae.Reason != ArcFixed {
						t.Fatalf("%+v: demand %d short of supply, but arc %d is %s", p, j, ae.Arc, ae.Reason)
					}
				}
			case BindMinUnreachable, BindMinNotWorth:
				if got != 0 || d.Min == 0 {
					t.Fatalf("%+v: demand %d %s with %d", p, j, ex.Binding, got)
				}
			case BindUnproven:
				t.Fatalf("%+v: demand %d unproven in an optimal solution", p, j)
			}
			for _, ae := range ex.Arcs {
				if ae.Reason != ArcExhausted {
					continue
				}
				sum := ae.Flow
				for _, tk := range ae.Takers {
					sum += tk.Amount
				}
				i := p.Arcs[ae.Arc].Supply
				if sum != sol.Supplies[i].Used || sum != p.Supplies[i] {
					t.Fatalf("%+v: supply %d used up, its takers add to %d", p, i, sum)
				}
			}
		}
	}
}

// A search stopped early says so and bounds what it did not prove.
func TestNodeLimit(t *testing.T) {
	p := denseTransport(40, 200, true, 1)
	full, err := SolveTransport(p, Options{NoExplain: true})
	if err != nil {
		t.Fatal(err)
	}
	if full.Nodes < 4 {
		t.Fatalf("the instance needs only %d subproblems: it does not test the limit", full.Nodes)
	}
	cut, err := SolveTransport(p, Options{MaxNodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkAllocation(t, p, cut)
	if cut.Status != NodeLimit || cut.Bound < full.Objective || cut.Objective > full.Objective {
		t.Fatalf("stopped: %v objective %d bound %d; full search %d", cut.Status, cut.Objective, cut.Bound, full.Objective)
	}
}

// The incumbent came from a subproblem where two demands were still
// undecided; the prices must be those of the subproblem with them decided
// (a stale tree once priced supply 0 at 92 instead of 8).
func TestPricesHoldTheDecisions(t *testing.T) {
	p := &Transport{
		Supplies: []int64{1, 3},
		Demands:  []Demand{{Amount: 3, Min: 1}, {Amount: 2, Min: 2}, {Amount: 4, Min: 1}},
		Arcs:     []Arc{{Supply: 0, Demand: 0, Value: 8}, {Supply: 0, Demand: 2, Value: 1}, {Supply: 0, Demand: 1, Value: 10}, {Supply: 1, Demand: 2, Value: 12}},
	}
	sol, err := SolveTransport(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Objective != 44 || sol.Supplies[0].Gain != 8 {
		t.Fatalf("objective %d, supply 0 gains %d", sol.Objective, sol.Supplies[0].Gain)
	}
	checkGains(t, p, sol)
}
