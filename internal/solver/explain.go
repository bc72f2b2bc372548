package solver

import (
	"cmp"
	"slices"
)

// What limits a demand's allocation: stable English codes.
const (
	BindMet            = "met"                // it received its whole request
	BindNoSupply       = "no_eligible_supply" // no supply may serve it
	BindMinUnreachable = "min_unreachable"    // all its eligible supply together is below its minimum
	BindMinNotWorth    = "min_not_worth"      // its minimum could be met only at the cost in Force
	BindSupply         = "supply_exhausted"   // its eligible supplies are used up, or their arcs full
	BindNotWorth       = "not_worth"          // what is left could reach it only at a value ≤ 0
	BindUnproven       = "search_limit"       // the search stopped before proving more impossible
)

// Why an eligible arc carries no more: stable English codes.
const (
	ArcFixed     = "fixed"            // pinned by an override
	ArcExhausted = "supply_exhausted" // the supply is used up
	ArcCap       = "arc_cap"          // the arc carries its cap
	ArcNotWorth  = "not_worth"        // its value is not positive
	ArcOpen      = "open"             // it could carry more: the demand's own limit binds
)

// Explanation says why a demand got what it got.
type Explanation struct {
	Binding string
	// Reach is the most all its eligible supplies could give it, each its
	// amount net of fixed arcs or the arc's cap when smaller (set for
	// demands with a minimum that received nothing).
	Reach    int64
	Arcs     []ArcExplanation // its eligible arcs, most valuable first
	MoreArcs int              // eligible arcs left off the list
}

// ArcExplanation is one eligible arc of a demand and why it carries no more.
type ArcExplanation struct {
	Arc    int
	Flow   int64
	Reason string
	// Takers are the other demands served by the arc's supply, most
	// valuable first, when that supply is used up: who took what this
	// demand could have had.
	Takers     []Taker
	MoreTakers int // takers left off the list
}

// Taker is a demand served from a supply.
type Taker struct {
	Arc    int
	Demand int
	Amount int64
	Value  int64 // per unit
}

// Explain says why demand j received what it did, listing its maxArcs
// most valuable eligible arcs (0: all) and at most maxTakers takers per
// supply (0: all).
func (s *TransportSolution) Explain(p *Transport, j, maxArcs, maxTakers int) Explanation {
	arcs := s.arcsOf(p, j)
	d := p.Demands[j]
	ex := Explanation{}
	fixed := make(map[int]bool, len(p.Fixed))
	fixedS := make(map[int]int64, len(p.Fixed))
	for _, f := range p.Fixed {
		fixed[f.Arc] = true
		fixedS[p.Arcs[f.Arc].Supply] += f.Amount
	}
	better := func(x, y int) bool { // arc x listed before arc y
		vx, vy := p.Arcs[x].Value, p.Arcs[y].Value
		return vx > vy || vx == vy && x < y
	}
	allBlocked := true
	openWorth := false
	for _, e := range arcs {
		a := p.Arcs[e]
		ae := ArcExplanation{Arc: int(e), Flow: s.Flow[e]}
		switch {
		case fixed[int(e)]:
			ae.Reason = ArcFixed
		case a.Cap > 0 && s.Flow[e] >= a.Cap:
			ae.Reason = ArcCap // more supply would not help
		case s.Supplies[a.Supply].Used >= p.Supplies[a.Supply]:
			ae.Reason = ArcExhausted
		case a.Value <= 0:
			ae.Reason = ArcNotWorth
			allBlocked = false
		default:
			ae.Reason = ArcOpen
			allBlocked, openWorth = false, true
		}
		if !fixed[int(e)] {
			reach := p.Supplies[a.Supply] - fixedS[a.Supply]
			if a.Cap > 0 {
				reach = min(reach, a.Cap)
			}
			ex.Reach += reach
		}
		// keep the maxArcs best, in order
		if maxArcs > 0 && len(ex.Arcs) == maxArcs {
			ex.MoreArcs++
			if !better(int(e), ex.Arcs[maxArcs-1].Arc) {
				continue
			}
			ex.Arcs = ex.Arcs[:maxArcs-1]
		}
		k := len(ex.Arcs)
		ex.Arcs = append(ex.Arcs, ae)
		for ; k > 0 && better(int(e), ex.Arcs[k-1].Arc); k-- {
			ex.Arcs[k], ex.Arcs[k-1] = ex.Arcs[k-1], ex.Arcs[k]
		}
	}
	for k := range ex.Arcs {
		if ae := &ex.Arcs[k]; ae.Reason == ArcExhausted {
			ae.Takers, ae.MoreTakers = s.takers(p, p.Arcs[ae.Arc].Supply, ae.Arc, maxTakers)
		}
	}
	got := s.Demands[j].Received
	switch {
	case got >= d.Amount:
		ex.Binding = BindMet
	case len(arcs) == 0:
		ex.Binding = BindNoSupply
	case d.Min > 0 && got == 0 && ex.Reach < d.Min:
		ex.Binding = BindMinUnreachable
	case d.Min > 0 && got == 0:
		ex.Binding = BindMinNotWorth
	case allBlocked:
		ex.Binding = BindSupply
	case openWorth:
		ex.Binding = BindUnproven // an optimal allocation would have used it
	default:
		ex.Binding = BindNotWorth
	}
	if ex.Binding != BindMinUnreachable && ex.Binding != BindMinNotWorth {
		ex.Reach = 0
	}
	return ex
}

// takers lists the arcs other than skip that supply i serves, most
// valuable first, at most limit (0: all), and how many were left off.
func (s *TransportSolution) takers(p *Transport, i, skip, limit int) ([]Taker, int) {
	s.index(p)
	if s.takersOf == nil {
		s.takersOf = make([][]Taker, len(p.Supplies))
		s.takersDone = make([]bool, len(p.Supplies))
	}
	if !s.takersDone[i] {
		var ts []Taker
		for _, e := range s.arcsOfSupply[i] {
			if s.Flow[e] > 0 {
				a := p.Arcs[e]
				ts = append(ts, Taker{Arc: int(e), Demand: a.Demand, Amount: s.Flow[e], Value: a.Value})
			}
		}
		slices.SortFunc(ts, func(x, y Taker) int { return cmp.Or(cmp.Compare(y.Value, x.Value), cmp.Compare(x.Arc, y.Arc)) })
		s.takersOf[i], s.takersDone[i] = ts, true
	}
	all := s.takersOf[i]
	out := make([]Taker, 0, min(len(all), max(limit, 1)))
	more := 0
	for _, t := range all {
		if t.Arc == skip {
			continue
		}
		if limit > 0 && len(out) == limit {
			more++
			continue
		}
		out = append(out, t)
	}
	return out, more
}

// Uses lists what supply i serves, most valuable first.
func (s *TransportSolution) Uses(p *Transport, i int) []Taker {
	ts, _ := s.takers(p, i, -1, 0)
	return ts
}
