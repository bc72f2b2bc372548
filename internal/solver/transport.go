package solver

import (
	"container/heap"
	"fmt"
	"math"
	"math/bits"
)

// Transport is an allocation problem for one or more divisible resources,
// in integer units (amounts and values already scaled).
type Transport struct {
	Supplies []int64 // the amount of each supply item
	Demands  []Demand
	Arcs     []Arc   // which supply may serve which demand, and at what value
	Fixed    []Fixed // overrides: arcs that carry exactly a given amount
}

// Demand is one project's request for a divisible resource.
type Demand struct {
	Amount   int64 // the most it may receive (> 0)
	Min      int64 // it receives nothing or at least this much (0 ≤ Min ≤ Amount)
	Required bool  // it must receive at least Min (> 0)
}

// Arc says supply item Supply may serve demand Demand, each unit adding
// Value to the objective (any sign).
type Arc struct {
	Supply, Demand int
	Value          int64
	Cap            int64 // the most this arc may carry; 0 means no cap of its own
}

// Fixed pins an arc's amount: an official's override. The rest of the
// allocation is optimised around it.
type Fixed struct {
	Arc    int
	Amount int64
}

// Status says whether a solution is proven optimal.
type Status int

// Statuses.
const (
	Optimal   Status = iota // proven optimal
	NodeLimit               // branch-and-bound stopped at Options.MaxNodes: best found, with Bound
)

// String returns the status as the CLI prints it.
func (s Status) String() string {
	if s == Optimal {
		return "optimal"
	}
	return "node_limit"
}

// DefaultMaxNodes is how many branch-and-bound subproblems a solve may
// explore when Options.MaxNodes is zero.
const DefaultMaxNodes = 20000

// Options tune a solve.
type Options struct {
	MaxNodes  int  // branch-and-bound subproblems to explore at most; 0 means DefaultMaxNodes
	NoExplain bool // skip shadow prices, force costs and parcel losses (just the allocation)
}

// TransportSolution is an allocation and what explains it.
type TransportSolution struct {
	Status    Status
	Objective int64 // Σ value × flow, fixed arcs included
	Bound     int64 // no allocation is better than this; equals Objective when Optimal
	Flow      []int64
	Supplies  []SupplyOutcome
	Demands   []DemandOutcome
	Nodes     int // subproblems solved
	Pivots    int // network simplex pivots, over all subproblems

	// Explained is false when Options.NoExplain was set: gains and force
	// costs are then zero and mean nothing.
	Explained bool

	arcsOfSupply, arcsOfDemand [][]int32
	takersOf                   [][]Taker // per supply, built as explanations ask
	takersDone                 []bool
}

// SupplyOutcome is what became of one supply item.
type SupplyOutcome struct {
	Used int64
	// Gain is the objective gained per unit of a larger supply: the exact
	// right derivative of the optimum of the final subproblem.
	Gain int64
}

// DemandOutcome is what one demand received and what more would be worth.
type DemandOutcome struct {
	Received int64
	// Gain is the objective gained per unit of a larger request (zero when
	// the request is not what limits it).
	Gain int64
	// Force is set for a demand with a minimum that received nothing: what
	// serving it at its minimum would do, the other served-or-not decisions
	// held.
	Force *Force
}

// Force is the effect of making a demand receive its minimum.
type Force struct {
	Feasible bool  // false: impossible without dropping another demand's minimum
	Cost     int64 // objective lost (when Feasible)
}

// InputError is a problem that is not well formed. Package alloc checks
// its own input first, so these mostly guard direct callers.
type InputError struct {
	Code  string // stable English identifier, e.g. "min_above_amount"
	Item  string // "supply", "demand", "arc", "fixed", "parcel", "project"
	Index int
	Value int64 // the offending figure, when there is one
	Limit int64 // the figure it breaks, when there is one
}

// Error describes the fault in English, for logs.
func (e *InputError) Error() string {
	return fmt.Sprintf("solver: %s %d: %s (%d, limit %d)", e.Item, e.Index, e.Code, e.Value, e.Limit)
}

// InfeasibleError says no allocation meets the required minimums: the
// demands listed must together receive Need, but the supplies that can
// serve them can give them at most Available (each supply its amount, or
// the caps of its arcs to these demands when smaller). Amounts are net of
// fixed arcs.
type InfeasibleError struct {
	Demands   []int
	Supplies  []int
	Need      int64
	Available int64
}

// Error describes the certificate in English, for logs.
func (e *InfeasibleError) Error() string {
	return fmt.Sprintf("solver: infeasible: demands %v need %d, supplies %v can give %d", e.Demands, e.Need, e.Supplies, e.Available)
}

// ErrTooLarge is returned when the figures could overflow exact 64-bit
// arithmetic.
var ErrTooLarge = fmt.Errorf("solver: figures too large for exact arithmetic")

const maxFigure = 1 << 62

// validate checks p and returns its largest |value| (at least 1).
func (p *Transport) validate() (int64, error) {
	var total uint64
	for i, s := range p.Supplies {
		if s <= 0 {
			return 0, &InputError{Code: "amount_not_positive", Item: "supply", Index: i, Value: s}
		}
		total += uint64(s)
		if s > maxFigure || total > maxFigure {
			return 0, ErrTooLarge
		}
	}
	for j, d := range p.Demands {
		switch {
		case d.Amount <= 0:
			return 0, &InputError{Code: "amount_not_positive", Item: "demand", Index: j, Value: d.Amount}
		case d.Amount > maxFigure:
			return 0, ErrTooLarge
		case d.Min < 0:
			return 0, &InputError{Code: "min_negative", Item: "demand", Index: j, Value: d.Min}
		case d.Min > d.Amount:
			return 0, &InputError{Code: "min_above_amount", Item: "demand", Index: j, Value: d.Min, Limit: d.Amount}
		case d.Required && d.Min == 0:
			return 0, &InputError{Code: "required_without_min", Item: "demand", Index: j}
		}
	}
	var maxV uint64
	for e, a := range p.Arcs {
		switch {
		case a.Supply < 0 || a.Supply >= len(p.Supplies) || a.Demand < 0 || a.Demand >= len(p.Demands):
			return 0, &InputError{Code: "bad_reference", Item: "arc", Index: e}
		case a.Cap < 0:
			return 0, &InputError{Code: "cap_negative", Item: "arc", Index: e, Value: a.Cap}
		case a.Value > maxFigure || a.Value < -maxFigure:
			return 0, ErrTooLarge
		}
		v := a.Value
		if v < 0 {
			v = -v
		}
		maxV = max(maxV, uint64(v))
	}
	if hi, lo := bits.Mul64(total, maxV); hi != 0 || lo > maxFigure {
		return 0, ErrTooLarge
	}
	seen := make(map[int]bool, len(p.Fixed))
	perSupply := make(map[int]int64)
	perDemand := make(map[int]int64)
	for k, f := range p.Fixed {
		if f.Arc < 0 || f.Arc >= len(p.Arcs) {
			return 0, &InputError{Code: "bad_reference", Item: "fixed", Index: k}
		}
		a := p.Arcs[f.Arc]
		switch {
		case seen[f.Arc]:
			return 0, &InputError{Code: "fixed_duplicate", Item: "fixed", Index: k}
		case f.Amount <= 0:
			return 0, &InputError{Code: "amount_not_positive", Item: "fixed", Index: k, Value: f.Amount}
		case a.Cap > 0 && f.Amount > a.Cap:
			return 0, &InputError{Code: "fixed_above_cap", Item: "fixed", Index: k, Value: f.Amount, Limit: a.Cap}
		}
		seen[f.Arc] = true
		perSupply[a.Supply] += f.Amount
		if s := p.Supplies[a.Supply]; perSupply[a.Supply] > s {
			return 0, &InputError{Code: "fixed_exceeds_supply", Item: "fixed", Index: k, Value: perSupply[a.Supply], Limit: s}
		}
		perDemand[a.Demand] += f.Amount
		if d := p.Demands[a.Demand].Amount; perDemand[a.Demand] > d {
			return 0, &InputError{Code: "fixed_exceeds_demand", Item: "fixed", Index: k, Value: perDemand[a.Demand], Limit: d}
		}
	}
	return max(1, int64(maxV)), nil
}

// demand decisions in branch-and-bound
const (
	decNone int8 = iota // no minimum to decide
	decFree             // undecided
	decOn               // receives at least its minimum
	decOff              // receives nothing
)

// tnet is a Transport as a network: supply nodes 0…S−1, one node per
// demand that can still receive something, and a sink (the root). Every
// supply has an uncapacitated arc to the sink (what it keeps); every demand
// reaches the sink through A (its minimum, capacity Min) and B (the rest),
// and the minimum decisions are penalty costs on those two arcs.
type tnet struct {
	p      *Transport
	nw     *network
	sink   int32
	big    int64
	fixed  []int64 // per problem arc; nil when nothing is fixed
	fixedV int64   // Σ value × amount over fixed arcs
	sRes   []int64 // supply left after fixed arcs
	dRes   []int64 // request left after fixed arcs
	mRes   []int64 // minimum left after fixed arcs
	fixedD []int64 // per demand, fixed inflow
	fixedS []int64
	node   []int32 // per demand, its node or −1
	arcNet []int32 // per problem arc, its network arc or −1
	aArc   []int32 // per demand or −1
	bArc   []int32
	uArc   []int32 // per supply
	dec    []int8  // per demand
	free   []int32 // demands whose minimum is to be decided
}

func buildTransport(p *Transport, maxV int64) (*tnet, error) {
	S, D := len(p.Supplies), len(p.Demands)
	tn := &tnet{p: p, fixedD: make([]int64, D), fixedS: make([]int64, S)}
	if len(p.Fixed) > 0 {
		tn.fixed = make([]int64, len(p.Arcs))
	}
	for _, f := range p.Fixed {
		a := p.Arcs[f.Arc]
		tn.fixed[f.Arc] = f.Amount
		tn.fixedS[a.Supply] += f.Amount
		tn.fixedD[a.Demand] += f.Amount
		tn.fixedV += a.Value * f.Amount
	}
	tn.sRes = make([]int64, S)
	for i, s := range p.Supplies {
		tn.sRes[i] = s - tn.fixedS[i]
	}
	tn.dRes, tn.mRes, tn.dec = make([]int64, D), make([]int64, D), make([]int8, D)
	tn.node, tn.aArc, tn.bArc = make([]int32, D), make([]int32, D), make([]int32, D)
	n := int32(S)
	for j, d := range p.Demands {
		tn.dRes[j] = d.Amount - tn.fixedD[j]
		tn.mRes[j] = max(0, d.Min-tn.fixedD[j])
		tn.node[j], tn.aArc[j], tn.bArc[j] = -1, -1, -1
		if tn.dRes[j] > 0 {
			tn.node[j] = n
			n++
		}
		switch {
		case tn.mRes[j] == 0:
			tn.dec[j] = decNone
		case d.Required || tn.fixedD[j] > 0:
			tn.dec[j] = decOn
		default:
			tn.dec[j] = decFree
			tn.free = append(tn.free, int32(j))
		}
	}
	tn.sink = n
	n++

	hasPenalty := false
	for j := range p.Demands {
		if tn.mRes[j] > 0 && tn.node[j] >= 0 {
			hasPenalty = true
		}
	}
	if hasPenalty {
		// A penalty larger than any path's worth makes the decisions
		// dominate. Potentials are sums of at most n tree-arc costs, and a
		// reduced cost adds two of them to a cost: all must stay in range.
		hi, lo := bits.Mul64(uint64(maxV+1), uint64(n+1))
		if hi != 0 || lo > maxFigure {
			return nil, ErrTooLarge
		}
		tn.big = int64(lo)
	}
	if hi, lo := bits.Mul64(uint64(n+2)*2, uint64(tn.big+maxV)); hi != 0 || lo > math.MaxInt64/2 {
		return nil, ErrTooLarge
	}

	nw := newNetwork(int(n), len(p.Arcs)+S+2*D)
	tn.arcNet = make([]int32, len(p.Arcs))
	// Likely arcs first: pricing starts on them alone (see candidates).
	cut := candidates(p, tn)
	rest := make([]int32, 0, len(p.Arcs))
	for e, a := range p.Arcs {
		tn.arcNet[e] = -1
		v := tn.node[a.Demand]
		if v < 0 || tn.fixedOn(e) {
			continue
		}
		if a.Value < cut[a.Demand] {
			rest = append(rest, int32(e))
			continue
		}
		tn.arcNet[e] = nw.addArc(int32(a.Supply), v, arcCap(a), -a.Value)
	}
	tree := make([]int32, n)
	tn.uArc = make([]int32, S)
	for i := range p.Supplies {
		tn.uArc[i] = nw.addArc(int32(i), tn.sink, capInf, 0)
		tree[i] = tn.uArc[i]
		nw.supply[i] = tn.sRes[i]
	}
	var total int64
	for _, s := range tn.sRes {
		total += s
	}
	nw.supply[tn.sink] = -total
	for j := range p.Demands {
		v := tn.node[j]
		if v < 0 {
			continue
		}
		if m := tn.mRes[j]; m > 0 {
			tn.aArc[j] = nw.addArc(v, tn.sink, m, 0)
			tree[v] = tn.aArc[j]
		}
		if rest := tn.dRes[j] - tn.mRes[j]; rest > 0 {
			tn.bArc[j] = nw.addArc(v, tn.sink, rest, 0)
			if tn.aArc[j] < 0 {
				tree[v] = tn.bArc[j]
			}
		}
	}
	priced := nw.arcs()
	for _, e := range rest {
		a := p.Arcs[e]
		tn.arcNet[e] = nw.addArc(int32(a.Supply), tn.node[a.Demand], arcCap(a), -a.Value)
	}
	tn.nw = nw
	for j, d := range tn.dec {
		tn.setDecision(j, d)
	}
	if err := nw.init(tn.sink, tree); err != nil {
		return nil, err
	}
	nw.setPriced(priced)
	return tn, nil
}

func arcCap(a Arc) int64 {
	if a.Cap > 0 {
		return a.Cap
	}
	return capInf
}

// stagedPricing is switched off by tests, to compare.
var stagedPricing = true

type sided struct {
	j int32
	x int64
}

// candidatesPerDemand is how many of its best arcs per demand the first
// pricing phase looks at.
const candidatesPerDemand = 12

// candidates returns, for every demand, the value its arcs need to be
// among its candidatesPerDemand best (ties included): on a dense problem
// most pivots then scan these few. When the arcs are few anyway, every arc
// is a candidate.
func candidates(p *Transport, tn *tnet) []int64 {
	const k = candidatesPerDemand
	cut := make([]int64, len(p.Demands))
	for j := range cut {
		cut[j] = math.MinInt64
	}
	if !stagedPricing || len(p.Arcs) <= 4*k*len(p.Demands) {
		return cut
	}
	// top[j] holds demand j's k best values so far, ascending; top[j][0]
	// is the bar to pass. Arcs come supply by supply, so few values pass.
	top := make([][k]int64, len(p.Demands))
	seen := make([]int32, len(p.Demands))
	for e, a := range p.Arcs {
		j := a.Demand
		if tn.node[j] < 0 || tn.fixedOn(e) {
			continue
		}
		t := &top[j]
		if seen[j] < k {
			// fill from the top down while fewer than k are known
			i := k - 1 - int(seen[j])
			t[i] = a.Value
			for ; i+1 < k && t[i] > t[i+1]; i++ {
				t[i], t[i+1] = t[i+1], t[i]
			}
			seen[j]++
			continue
		}
		if a.Value <= t[0] {
			continue
		}
		i := 0
		for ; i+1 < k && t[i+1] < a.Value; i++ {
			t[i] = t[i+1]
		}
		t[i] = a.Value
	}
	for j := range cut {
		if seen[j] == k {
			cut[j] = top[j][0]
		}
	}
	return cut
}

func (tn *tnet) fixedAmount(e int) int64 {
	if tn.fixed == nil {
		return 0
	}
	return tn.fixed[e]
}

func (tn *tnet) fixedOn(e int) bool { return tn.fixed != nil && tn.fixed[e] > 0 }

func (tn *tnet) setDecision(j int, d int8) {
	tn.dec[j] = d
	a, b := tn.aArc[j], tn.bArc[j]
	var ca, cb int64
	switch d {
	case decOn:
		ca = -tn.big
	case decOff:
		ca, cb = tn.big, tn.big
	}
	if a >= 0 {
		tn.nw.setCost(a, ca)
	}
	if b >= 0 {
		tn.nw.setCost(b, cb)
	}
}

// inflow is what demand j receives in the network (fixed arcs excluded).
func (tn *tnet) inflow(j int) int64 {
	var x int64
	if a := tn.aArc[j]; a >= 0 {
		x += tn.nw.flow[a]
	}
	if b := tn.bArc[j]; b >= 0 {
		x += tn.nw.flow[b]
	}
	return x
}

// lp solves the current subproblem and returns its value and whether its
// decisions can be met.
func (tn *tnet) lp() (int64, bool, error) {
	tn.nw.computePotentials()
	if err := tn.nw.solve(); err != nil {
		return 0, false, err
	}
	for j, d := range tn.dec {
		switch {
		case d == decOn && tn.aArc[j] >= 0 && tn.nw.flow[tn.aArc[j]] < tn.mRes[j]:
			return 0, false, nil
		case d == decOn && tn.aArc[j] < 0 && tn.mRes[j] > 0:
			return 0, false, nil // nothing can reach it
		case d == decOff && tn.inflow(j) > 0:
			return 0, false, nil
		}
	}
	// The value is what the flows are worth: the network's cost without
	// the penalties (which the decisions met make a constant), negated.
	penalty := int64(0)
	for j := range tn.dec {
		if a := tn.aArc[j]; a >= 0 {
			penalty += tn.nw.cost[a] * tn.nw.flow[a]
		}
		if b := tn.bArc[j]; b >= 0 {
			penalty += tn.nw.cost[b] * tn.nw.flow[b]
		}
	}
	return tn.fixedV - (tn.nw.total - penalty), true, nil
}

// violated returns the undecided demands whose inflow is strictly between
// zero and their minimum.
func (tn *tnet) violated(buf []int32) []int32 {
	buf = buf[:0]
	for _, j := range tn.free {
		if tn.dec[j] != decFree {
			continue
		}
		if x := tn.inflow(int(j)); x > 0 && x < tn.mRes[j] {
			buf = append(buf, j)
		}
	}
	return buf
}

type bbNode struct {
	parent *bbNode
	demand int32
	dec    int8
	bound  int64
	depth  int
}

// bbQueue is a max-heap of open nodes by bound (deeper first on ties,
// to reach incumbents sooner).
type bbQueue []*bbNode

func (q bbQueue) Len() int { return len(q) }
func (q bbQueue) Less(a, b int) bool {
	if q[a].bound != q[b].bound {
		return q[a].bound > q[b].bound
	}
	return q[a].depth > q[b].depth
}
func (q bbQueue) Swap(a, b int) { q[a], q[b] = q[b], q[a] }
func (q *bbQueue) Push(x any)   { *q = append(*q, x.(*bbNode)) }
func (q *bbQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// SolveTransport returns an optimal allocation of p (see the package
// documentation for the method and where its guarantee ends), or an
// *InputError, an *InfeasibleError or ErrTooLarge.
func SolveTransport(p *Transport, opt Options) (*TransportSolution, error) {
	maxV, err := p.validate()
	if err != nil {
		return nil, err
	}
	tn, err := buildTransport(p, maxV)
	if err != nil {
		return nil, err
	}
	maxNodes := opt.MaxNodes
	if maxNodes <= 0 {
		maxNodes = DefaultMaxNodes
	}
	sol := &TransportSolution{Status: Optimal}

	var (
		best     = int64(math.MinInt64)
		bestDec  []int8 // decisions of the incumbent's subproblem
		touched  []int32
		viol     []int32
		rootSeen bool
		side     []sided
	)
	queue := &bbQueue{{bound: math.MaxInt64}}
	for queue.Len() > 0 {
		nd := heap.Pop(queue).(*bbNode)
		if bestDec != nil && nd.bound <= best {
			continue
		}
		if sol.Nodes >= maxNodes {
			heap.Push(queue, nd)
			break
		}
		for _, j := range touched {
			tn.setDecision(int(j), decFree)
		}
		touched = touched[:0]
		for x := nd; x.parent != nil; x = x.parent {
			tn.setDecision(int(x.demand), x.dec)
			touched = append(touched, x.demand)
		}
		val, ok, err := tn.lp()
		sol.Nodes++
		if err != nil {
			return nil, err
		}
		if !rootSeen {
			rootSeen = true
			if !ok {
				return nil, tn.certify()
			}
		}
		if !ok || bestDec != nil && val <= best {
			continue
		}
		viol = tn.violated(viol)
		if len(viol) == 0 {
			best, bestDec = val, tn.decisionsNow()
			continue
		}
		// Branch on the demand furthest from both zero and its minimum, by
		// the product of the two distances (found best on random instances).
		pick, score := int32(-1), -1.0
		for _, j := range viol {
			x := tn.inflow(int(j))
			if s := float64(x) * float64(tn.mRes[j]-x); s > score {
				pick, score = j, s
			}
		}
		// A feasible allocation near this one: every undecided demand that
		// has at least half its minimum is served, the others get nothing,
		// re-solved; if that cannot be met, only those that have their
		// minimum are served (always feasible: the others' flow just goes).
		side = side[:0]
		for _, j := range tn.free {
			if tn.dec[j] == decFree {
				side = append(side, sided{j, tn.inflow(int(j))})
			}
		}
		for _, half := range []bool{true, false} {
			for _, sd := range side {
				d := decOff
				if sd.x >= tn.mRes[sd.j] || half && 2*sd.x >= tn.mRes[sd.j] {
					d = decOn
				}
				tn.setDecision(int(sd.j), d)
				touched = append(touched, sd.j)
			}
			hv, hok, err := tn.lp()
			sol.Nodes++
			if err != nil {
				return nil, err
			}
			if hok && (bestDec == nil || hv > best) {
				best, bestDec = hv, tn.decisionsNow()
			}
			if hok {
				break
			}
		}
		if bestDec != nil && val <= best {
			continue
		}
		heap.Push(queue, &bbNode{parent: nd, demand: pick, dec: decOn, bound: val, depth: nd.depth + 1})
		heap.Push(queue, &bbNode{parent: nd, demand: pick, dec: decOff, bound: val, depth: nd.depth + 1})
	}
	sol.Bound = best
	for _, nd := range *queue {
		if nd.bound > sol.Bound {
			sol.Bound = nd.bound
			sol.Status = NodeLimit
		}
	}

	// The incumbent's subproblem, solved: its flows are the answer and its
	// tree gives the prices. Undecided demands are decided by what they got
	// (so the prices hold those decisions); when the network already holds
	// the incumbent this is one pricing pass.
	for j, d := range bestDec {
		tn.setDecision(j, d)
	}
	val, ok, err := tn.lp()
	if err != nil {
		return nil, err
	}
	if !ok || val != best {
		return nil, fmt.Errorf("solver: internal error: incumbent %d re-solved to %d (%v)", best, val, ok)
	}
	sol.Objective = best
	if sol.Status == Optimal {
		sol.Bound = best
	}
	tn.fill(sol)
	if !opt.NoExplain {
		tn.explain(sol)
	}
	sol.Pivots = tn.nw.pivots
	return sol, nil
}

func (tn *tnet) decisionsNow() []int8 {
	d := make([]int8, len(tn.dec))
	copy(d, tn.dec)
	// An undecided demand is decided by what it got.
	for _, j := range tn.free {
		if d[j] == decFree {
			if tn.inflow(int(j)) > 0 {
				d[j] = decOn
			} else {
				d[j] = decOff
			}
		}
	}
	return d
}

// fill copies the network's flows into the solution.
func (tn *tnet) fill(sol *TransportSolution) {
	p := tn.p
	sol.Flow = make([]int64, len(p.Arcs))
	sol.Supplies = make([]SupplyOutcome, len(p.Supplies))
	sol.Demands = make([]DemandOutcome, len(p.Demands))
	for e, a := range p.Arcs {
		f := tn.fixedAmount(e)
		if na := tn.arcNet[e]; na >= 0 {
			f += tn.nw.flow[na]
		}
		sol.Flow[e] = f
		sol.Supplies[a.Supply].Used += f
		sol.Demands[a.Demand].Received += f
	}
}

// explain sets the gains (from shortest residual paths) and, for every
// demand left out because of its minimum, the cost of serving it.
func (tn *tnet) explain(sol *TransportSolution) {
	sol.Explained = true
	nw := tn.nw
	g := newResidual(nw)
	toSink := g.dijkstra(tn.sink, true)
	for i := range tn.p.Supplies {
		if d := toSink[i]; d < unreachable {
			// true cost of the path = reduced length − π(i) + π(sink)
			sol.Supplies[i].Gain = max(0, -(d - nw.pi[i] + nw.pi[tn.sink]))
		}
	}
	fromSink := g.dijkstra(tn.sink, false)
	trueFrom := func(v int32) (int64, bool) {
		d := fromSink[v]
		if d >= unreachable {
			return 0, false
		}
		return d - nw.pi[tn.sink] + nw.pi[v], true
	}
	for j := range tn.p.Demands {
		if tn.dec[j] == decOff {
			continue
		}
		var gain int64
		if v := tn.node[j]; v >= 0 {
			if c, ok := trueFrom(v); ok {
				gain = max(0, -c)
			}
		} else {
			// Every unit of it is fixed: one more unit comes over one of
			// its arcs from a supply that gives it up elsewhere.
			for _, e := range sol.arcsOf(tn.p, j) {
				a := tn.p.Arcs[e]
				if tn.fixedOn(int(e)) {
					continue // pinned: it cannot carry more
				}
				if c, ok := trueFrom(int32(a.Supply)); ok {
					gain = max(gain, a.Value-c)
				}
			}
		}
		sol.Demands[j].Gain = gain
	}
	// Force costs change the network, so they come last.
	for _, j := range tn.free {
		if tn.dec[j] != decOff {
			continue
		}
		tn.setDecision(int(j), decOn)
		v, ok, err := tn.lp()
		f := &Force{Feasible: ok && err == nil}
		if f.Feasible {
			f.Cost = sol.Objective - v
		}
		sol.Demands[j].Force = f
		tn.setDecision(int(j), decOff)
	}
}

// certify explains why the required minimums cannot all be met: a max flow
// into the demands that must be served, and the cut it stops at.
func (tn *tnet) certify() error {
	p := tn.p
	S := len(p.Supplies)
	var must []int
	for j, d := range tn.dec {
		if d == decOn && tn.mRes[j] > 0 {
			must = append(must, j)
		}
	}
	node := make(map[int]int32, len(must))
	for k, j := range must {
		node[j] = int32(S + k)
	}
	sink := int32(S + len(must))
	nw := newNetwork(S+len(must)+1, len(p.Arcs)+S+len(must))
	arcOf := make([]int32, len(p.Arcs))
	for e, a := range p.Arcs {
		arcOf[e] = -1
		v, ok := node[a.Demand]
		if !ok || tn.fixedOn(e) || tn.sRes[a.Supply] == 0 {
			continue
		}
		c := int64(capInf)
		if a.Cap > 0 {
			c = a.Cap
		}
		arcOf[e] = nw.addArc(int32(a.Supply), v, c, 0)
	}
	tree := make([]int32, S+len(must)+1)
	uArc := make([]int32, S)
	var total int64
	for i := range p.Supplies {
		uArc[i] = nw.addArc(int32(i), sink, capInf, 0)
		tree[i] = uArc[i]
		nw.supply[i] = tn.sRes[i]
		total += tn.sRes[i]
	}
	nw.supply[sink] = -total
	for _, j := range must {
		tree[node[j]] = nw.addArc(node[j], sink, tn.mRes[j], -1)
	}
	if err := nw.init(sink, tree); err != nil {
		return err
	}
	if err := nw.solve(); err != nil {
		return err
	}
	// Nodes reachable from the source: supplies with something left, then
	// along residual supply→demand arcs both ways.
	reached := make([]bool, nw.nodes())
	var stack []int32
	for i := range p.Supplies {
		if nw.flow[uArc[i]] > 0 {
			reached[i] = true
			stack = append(stack, int32(i))
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, na := range arcOf {
			if na < 0 {
				continue
			}
			a, b := nw.src[na], nw.dst[na]
			switch {
			case a == v && !reached[b] && nw.flow[na] < nw.cap[na]:
				reached[b] = true
				stack = append(stack, b)
			case b == v && !reached[a] && nw.flow[na] > 0:
				reached[a] = true
				stack = append(stack, a)
			}
		}
	}
	ie := &InfeasibleError{}
	inR := make(map[int]bool)
	for _, j := range must {
		if !reached[node[j]] {
			ie.Demands = append(ie.Demands, j)
			ie.Need += tn.mRes[j]
			inR[j] = true
		}
	}
	toR := make([]int64, S)
	hasArc := make([]bool, S)
	for e, a := range p.Arcs {
		if !inR[a.Demand] || tn.fixedOn(e) || tn.sRes[a.Supply] == 0 {
			continue
		}
		hasArc[a.Supply] = true
		if a.Cap == 0 || toR[a.Supply]+a.Cap > tn.sRes[a.Supply] {
			toR[a.Supply] = tn.sRes[a.Supply]
		} else {
			toR[a.Supply] += a.Cap
		}
	}
	for i := range p.Supplies {
		if hasArc[i] {
			ie.Supplies = append(ie.Supplies, i)
			ie.Available += toR[i]
		}
	}
	if len(ie.Demands) == 0 || ie.Available >= ie.Need {
		return fmt.Errorf("solver: internal error: no certificate for an infeasible problem")
	}
	return ie
}

// arcsOf returns the arcs into demand j.
func (sol *TransportSolution) arcsOf(p *Transport, j int) []int32 {
	sol.index(p)
	return sol.arcsOfDemand[j]
}

// index lists the arcs by supply and by demand, once.
func (sol *TransportSolution) index(p *Transport) {
	if sol.arcsOfDemand != nil {
		return
	}
	sol.arcsOfSupply = make([][]int32, len(p.Supplies))
	sol.arcsOfDemand = make([][]int32, len(p.Demands))
	for e, a := range p.Arcs {
		sol.arcsOfSupply[a.Supply] = append(sol.arcsOfSupply[a.Supply], int32(e))
		sol.arcsOfDemand[a.Demand] = append(sol.arcsOfDemand[a.Demand], int32(e))
	}
}
