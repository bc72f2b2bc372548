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
	Reach int64
	Arcs  []ArcExplanation // its eligible arcs, most valuable first
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

// Explain says why demand j received what it did, listing at most
// maxTakers takers per supply (0: all).
func (s *TransportSolution) Explain(p *Transport, j, maxTakers int) Explanation {
	arcs := s.arcsOf(p, j)
	d := p.Demands[j]
	ex := Explanation{}
	fixed := make(map[int]bool)
	fixedS := make([]int64, len(p.Supplies))
	for _, f := range p.Fixed {
		fixed[f.Arc] = true
		fixedS[p.Arcs[f.Arc].Supply] += f.Amount
	}
	allBlocked := true
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
			ae.Takers, ae.MoreTakers = s.takers(p, a.Supply, int(e), maxTakers)
		case a.Value <= 0:
			ae.Reason = ArcNotWorth
			allBlocked = false
		default:
			ae.Reason = ArcOpen
			allBlocked = false
		}
		ex.Arcs = append(ex.Arcs, ae)
		reach := p.Supplies[a.Supply] - fixedS[a.Supply]
		if a.Cap > 0 {
			reach = min(reach, a.Cap)
		}
		if !fixed[int(e)] {
			ex.Reach += reach
		}
	}
	slices.SortStableFunc(ex.Arcs, func(x, y ArcExplanation) int {
		return cmp.Compare(p.Arcs[y.Arc].Value, p.Arcs[x.Arc].Value)
	})
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
	default:
		ex.Binding = BindNotWorth
		for _, ae := range ex.Arcs {
			if ae.Reason == ArcOpen && p.Arcs[ae.Arc].Value > 0 {
				// an optimal allocation would have used it
				ex.Binding = BindUnproven
			}
		}
	}
	if ex.Binding != BindMinUnreachable && ex.Binding != BindMinNotWorth {
		ex.Reach = 0
	}
	return ex
}

// takers lists the arcs other than skip that supply i serves, most
// valuable first.
func (s *TransportSolution) takers(p *Transport, i, skip, limit int) ([]Taker, int) {
	var ts []Taker
	for _, e := range s.arcsOfSupply[i] {
		if int(e) == skip || s.Flow[e] == 0 {
			continue
		}
		a := p.Arcs[e]
		ts = append(ts, Taker{Arc: int(e), Demand: a.Demand, Amount: s.Flow[e], Value: a.Value})
	}
	slices.SortStableFunc(ts, func(x, y Taker) int { return cmp.Compare(y.Value, x.Value) })
	if limit > 0 && len(ts) > limit {
		return ts[:limit], len(ts) - limit
	}
	return ts, 0
}

// Uses lists what supply i serves, most valuable first.
func (s *TransportSolution) Uses(p *Transport, i int) []Taker {
	s.index(p)
	ts, _ := s.takers(p, i, -1, 0)
	return ts
}
