package solver

import (
	"cmp"
	"math/bits"
	"slices"
)

// Land is an assignment problem for indivisible parcels, in integer units.
type Land struct {
	Parcels   []int64 // the area of each parcel (> 0)
	Projects  []Project
	WasteCost int64  // objective lost per unit of a parcel's area a project leaves unused (≥ 0)
	Fixed     []Pair // overrides: a project gets a parcel
}

// Project is one project's need for land.
type Project struct {
	Area  int64 // the area it needs (> 0)
	Value int64 // what meeting its need is worth (> 0)
	// Parcels lists the parcels it may use (land use, location); nil means
	// any. A parcel must also be at least Area large.
	Parcels []int
}

// Pair gives a project a parcel.
type Pair struct {
	Parcel, Project int
}

// LandSolution is an assignment and what explains it.
type LandSolution struct {
	Objective int64 // Σ over assigned pairs of value − waste cost × unused area
	ParcelOf  []int // per project, its parcel or −1
	ProjectOf []int // per parcel, its project or −1
	// Loss is, per parcel, the objective lost if it were withdrawn (the
	// rest re-assigned optimally): zero for an unused or a fixed parcel.
	// Set unless Options.NoExplain.
	Loss      []int64
	Explained bool

	eligible [][]int32 // per project, the parcels it may use at all
}

// weight is what parcel p is worth to project q (which it fits).
func (l *Land) weight(q, p int) int64 {
	return l.Projects[q].Value - l.WasteCost*(l.Parcels[p]-l.Projects[q].Area)
}

func (l *Land) validate() error {
	var areas, values uint64
	var maxArea int64
	for p, a := range l.Parcels {
		if a <= 0 {
			return &InputError{Code: "amount_not_positive", Item: "parcel", Index: p, Value: a}
		}
		areas += uint64(a)
		maxArea = max(maxArea, a)
		if areas > maxFigure {
			return ErrTooLarge
		}
	}
	for q, pr := range l.Projects {
		switch {
		case pr.Area <= 0:
			return &InputError{Code: "amount_not_positive", Item: "project", Index: q, Value: pr.Area}
		case pr.Value <= 0:
			return &InputError{Code: "value_not_positive", Item: "project", Index: q, Value: pr.Value}
		}
		values += uint64(pr.Value)
		if values > maxFigure {
			return ErrTooLarge
		}
		for _, p := range pr.Parcels {
			if p < 0 || p >= len(l.Parcels) {
				return &InputError{Code: "bad_reference", Item: "project", Index: q}
			}
		}
	}
	if l.WasteCost < 0 {
		return &InputError{Code: "waste_cost_negative", Item: "land", Value: l.WasteCost}
	}
	// Every weight, and every sum of weights along an augmenting path, must
	// stay in range.
	hi, lo := bits.Mul64(uint64(l.WasteCost), areas)
	if hi != 0 || lo > maxFigure {
		return ErrTooLarge
	}
	w := uint64(maxArea)*uint64(l.WasteCost) + values
	if hi, lo := bits.Mul64(w, uint64(len(l.Parcels)+len(l.Projects)+2)); hi != 0 || lo > maxFigure {
		return ErrTooLarge
	}
	parcelUsed := make(map[int]bool)
	projectUsed := make(map[int]bool)
	for k, f := range l.Fixed {
		switch {
		case f.Parcel < 0 || f.Parcel >= len(l.Parcels) || f.Project < 0 || f.Project >= len(l.Projects):
			return &InputError{Code: "bad_reference", Item: "fixed", Index: k}
		case parcelUsed[f.Parcel]:
			return &InputError{Code: "parcel_reused", Item: "fixed", Index: k}
		case projectUsed[f.Project]:
			return &InputError{Code: "project_reused", Item: "fixed", Index: k}
		case l.Parcels[f.Parcel] < l.Projects[f.Project].Area:
			return &InputError{Code: "area_too_small", Item: "fixed", Index: k, Value: l.Parcels[f.Parcel], Limit: l.Projects[f.Project].Area}
		case !l.listed(f.Project, f.Parcel):
			return &InputError{Code: "incompatible", Item: "fixed", Index: k}
		}
		parcelUsed[f.Parcel], projectUsed[f.Project] = true, true
	}
	return nil
}

// listed reports whether project q's list allows parcel p.
func (l *Land) listed(q, p int) bool {
	ps := l.Projects[q].Parcels
	return ps == nil || slices.Contains(ps, p)
}

// eligibleParcels returns, per project, the parcels it may use: listed and
// large enough.
func (l *Land) eligibleParcels() [][]int32 {
	out := make([][]int32, len(l.Projects))
	for q, pr := range l.Projects {
		if pr.Parcels == nil {
			for p, a := range l.Parcels {
				if a >= pr.Area {
					out[q] = append(out[q], int32(p))
				}
			}
			continue
		}
		seen := make(map[int]bool, len(pr.Parcels))
		for _, p := range pr.Parcels {
			if !seen[p] && l.Parcels[p] >= pr.Area {
				seen[p] = true
				out[q] = append(out[q], int32(p))
			}
		}
	}
	return out
}

// assignment is the state of the shortest-augmenting-path method. Rows are
// projects, columns are parcels 0…P−1 and, for every project q, a private
// column P+q that stands for "no parcel" at cost 0, so that assigning
// nobody is always possible. Costs are −weight; only edges of positive
// weight are kept (one of weight ≤ 0 is never better than no parcel).
type assignment struct {
	P, Q    int
	start   []int32 // row q's edges are col[start[q]:start[q+1]]
	col     []int32
	cost    []int64
	u, v    []int64 // row and column potentials: cost − u − v ≥ 0, = 0 when matched
	owner   []int32 // per column, its row or −1
	rowCol  []int32 // per row, its column or −1 (not yet processed)
	dist    []int64
	prevRow []int32
	popped  []int32
	done    []bool
	heap    distHeap
}

func newAssignment(P, Q int, start, col []int32, cost []int64) *assignment {
	a := &assignment{P: P, Q: Q, start: start, col: col, cost: cost}
	nc := P + Q
	a.u = make([]int64, Q)
	a.v = make([]int64, nc)
	a.owner = make([]int32, nc)
	a.rowCol = make([]int32, Q)
	a.dist = make([]int64, nc)
	a.prevRow = make([]int32, nc)
	a.done = make([]bool, nc)
	for c := range a.owner {
		a.owner[c] = -1
		a.dist[c] = unreachable
	}
	for q := range a.rowCol {
		a.rowCol[q] = -1
	}
	return a
}

// isFree reports whether column c can end an augmenting path.
func (a *assignment) isFree(c int32) bool { return a.owner[c] < 0 }

func (a *assignment) relaxRow(r int32, rho int64) {
	for k := a.start[r]; k < a.start[r+1]; k++ {
		c := a.col[k]
		if a.done[c] {
			continue
		}
		if d := rho + a.cost[k] - a.u[r] - a.v[c]; d < a.dist[c] {
			a.dist[c], a.prevRow[c] = d, r
			a.heap.push(c, d)
		}
	}
	z := int32(a.P) + r
	if !a.done[z] {
		if d := rho - a.u[r] - a.v[z]; d < a.dist[z] {
			a.dist[z], a.prevRow[z] = d, r
			a.heap.push(z, d)
		}
	}
}

// search runs Dijkstra from row r0 to the nearest free column and returns
// it with its reduced distance; popped lists the columns settled.
func (a *assignment) search(r0 int32) (int32, int64) {
	for _, c := range a.popped {
		a.dist[c], a.done[c] = unreachable, false
	}
	a.popped = a.popped[:0]
	for _, c := range a.heap.node {
		a.dist[c] = unreachable
	}
	a.heap.node, a.heap.dist = a.heap.node[:0], a.heap.dist[:0]
	a.relaxRow(r0, 0)
	for a.heap.len() > 0 {
		c, d := a.heap.pop()
		if a.done[c] || d > a.dist[c] {
			continue
		}
		a.done[c] = true
		a.popped = append(a.popped, c)
		if a.isFree(c) {
			return c, d
		}
		a.relaxRow(a.owner[c], d)
	}
	return -1, 0 // cannot happen: r0's own "no parcel" column is free
}

// add assigns row r0 optimally given the rows before it.
func (a *assignment) add(r0 int32) {
	// Make r0's reduced costs non-negative.
	m := -a.v[int32(a.P)+r0]
	for k := a.start[r0]; k < a.start[r0+1]; k++ {
		m = min(m, a.cost[k]-a.v[a.col[k]])
	}
	a.u[r0] = m
	end, D := a.search(r0)
	// Potentials: every settled column moves by its distance short of D,
	// and so does the row matched to it (r0 by all of D).
	a.u[r0] += D
	for _, c := range a.popped {
		if dc := a.dist[c]; dc < D {
			a.v[c] -= D - dc
			if r := a.owner[c]; r >= 0 {
				a.u[r] += D - dc
			}
		}
	}
	for c := end; ; {
		r := a.prevRow[c]
		next := a.rowCol[r]
		a.owner[c], a.rowCol[r] = r, c
		if r == r0 {
			break
		}
		c = next
	}
}

// distToFree returns, for every row, the cost of the cheapest alternating
// path from it to a free column: the change in total cost if the row lost
// its column and re-augmented. One Dijkstra from all free columns at once,
// backwards: a path's true cost is its reduced length + u(row) + v(end),
// and the ends start at v(end) − min v, which is not negative.
func (a *assignment) distToFree() []int64 {
	nc := a.P + a.Q
	// rows with an edge into each column
	inStart := make([]int32, nc+1)
	for _, c := range a.col {
		inStart[c+1]++
	}
	for c := 0; c < nc; c++ {
		inStart[c+1] += inStart[c]
	}
	inRow := make([]int32, len(a.col))
	inEdge := make([]int32, len(a.col))
	pos := append([]int32(nil), inStart[:nc]...)
	for r := int32(0); r < int32(a.Q); r++ {
		for k := a.start[r]; k < a.start[r+1]; k++ {
			c := a.col[k]
			inRow[pos[c]], inEdge[pos[c]] = r, k
			pos[c]++
		}
	}
	v0 := int64(unreachable)
	for c := 0; c < nc; c++ {
		if a.isFree(int32(c)) {
			v0 = min(v0, a.v[c])
		}
	}
	colDist := make([]int64, nc)
	rowDist := make([]int64, a.Q)
	for c := range colDist {
		colDist[c] = unreachable
	}
	for r := range rowDist {
		rowDist[r] = unreachable
	}
	// Heap entries are columns (≥ 0) and rows (encoded −1 − r).
	h := &distHeap{}
	for c := 0; c < nc; c++ {
		if a.isFree(int32(c)) {
			colDist[c] = a.v[c] - v0
			h.push(int32(c), colDist[c])
		}
	}
	rowDone := make([]bool, a.Q)
	colDone := make([]bool, nc)
	for h.len() > 0 {
		x, d := h.pop()
		if x < 0 {
			r := -1 - x
			if rowDone[r] || d > rowDist[r] {
				continue
			}
			rowDone[r] = true
			// Whoever reaches r's column takes it over and sends r on.
			if c := a.rowCol[r]; c >= 0 && !colDone[c] && d < colDist[c] {
				colDist[c] = d
				h.push(c, d)
			}
			continue
		}
		c := x
		if colDone[c] || d > colDist[c] {
			continue
		}
		colDone[c] = true
		relax := func(r int32, rc int64) {
			if !rowDone[r] && d+rc < rowDist[r] {
				rowDist[r] = d + rc
				h.push(-1-r, rowDist[r])
			}
		}
		if int(c) >= a.P {
			r := c - int32(a.P)
			relax(r, -a.u[r]-a.v[c])
			continue
		}
		for k := inStart[c]; k < inStart[c+1]; k++ {
			r := inRow[k]
			relax(r, a.cost[inEdge[k]]-a.u[r]-a.v[c])
		}
	}
	out := make([]int64, a.Q)
	for r := range out {
		if rowDist[r] < unreachable {
			out[r] = rowDist[r] + v0 + a.u[r]
		}
	}
	return out
}

// SolveLand returns an optimal assignment of l, or an *InputError or
// ErrTooLarge.
func SolveLand(l *Land, opt Options) (*LandSolution, error) {
	if err := l.validate(); err != nil {
		return nil, err
	}
	P, Q := len(l.Parcels), len(l.Projects)
	sol := &LandSolution{ParcelOf: make([]int, Q), ProjectOf: make([]int, P), Loss: make([]int64, P), eligible: l.eligibleParcels()}
	for q := range sol.ParcelOf {
		sol.ParcelOf[q] = -1
	}
	for p := range sol.ProjectOf {
		sol.ProjectOf[p] = -1
	}
	for _, f := range l.Fixed {
		sol.ParcelOf[f.Project], sol.ProjectOf[f.Parcel] = f.Parcel, f.Project
		sol.Objective += l.weight(f.Project, f.Parcel)
	}
	start := make([]int32, Q+1)
	var col []int32
	var cost []int64
	for q := 0; q < Q; q++ {
		if sol.ParcelOf[q] < 0 {
			for _, p := range sol.eligible[q] {
				if w := l.weight(q, int(p)); w > 0 && sol.ProjectOf[p] < 0 {
					col = append(col, p)
					cost = append(cost, -w)
				}
			}
		}
		start[q+1] = int32(len(col))
	}
	a := newAssignment(P, Q, start, col, cost)
	for q := 0; q < Q; q++ {
		if sol.ParcelOf[q] < 0 {
			a.add(int32(q))
		}
	}
	for q := 0; q < Q; q++ {
		if c := a.rowCol[q]; c >= 0 && int(c) < P {
			sol.ParcelOf[q], sol.ProjectOf[c] = int(c), q
			sol.Objective += l.weight(q, int(c))
		}
	}
	if !opt.NoExplain {
		sol.Explained = true
		toFree := a.distToFree()
		for p := 0; p < P; p++ {
			if r := a.owner[p]; r >= 0 {
				// Withdraw p: r takes the best path to a free column, which
				// never comes back through p (that would be a cycle).
				sol.Loss[p] = l.weight(int(r), p) + toFree[r]
			}
		}
	}
	return sol, nil
}

// What limits a project's land: the Bind codes, and BindFixed.
const BindFixed = "fixed" // an override gave it its parcel

// LandExplanation says why a project got what it did.
type LandExplanation struct {
	Binding string // BindMet, BindFixed, BindNoSupply, BindSupply or BindNotWorth
	// Options are the parcels it may use, most valuable to it first.
	Options []ParcelOption
	// TooSmall counts parcels it may use by its list but that are smaller
	// than its need.
	TooSmall int
}

// ParcelOption is one parcel a project could use.
type ParcelOption struct {
	Parcel   int
	Net      int64 // value − waste cost × unused area, for this project
	TakenBy  int   // the project it went to, or −1
	TakerNet int64 // what it is worth there
}

// Explain says why project q got its parcel or none.
func (s *LandSolution) Explain(l *Land, q int) LandExplanation {
	ex := LandExplanation{}
	for _, p := range s.eligible[q] {
		o := ParcelOption{Parcel: int(p), Net: l.weight(q, int(p)), TakenBy: s.ProjectOf[p]}
		if o.TakenBy >= 0 {
			o.TakerNet = l.weight(o.TakenBy, int(p))
		}
		ex.Options = append(ex.Options, o)
	}
	slices.SortStableFunc(ex.Options, func(x, y ParcelOption) int { return cmp.Compare(y.Net, x.Net) })
	for p, a := range l.Parcels {
		if a < l.Projects[q].Area && l.listed(q, p) {
			ex.TooSmall++
		}
	}
	fixed := false
	for _, f := range l.Fixed {
		fixed = fixed || f.Project == q
	}
	switch {
	case fixed:
		ex.Binding = BindFixed
	case s.ParcelOf[q] >= 0:
		ex.Binding = BindMet
	case len(ex.Options) == 0:
		ex.Binding = BindNoSupply
	default:
		ex.Binding = BindNotWorth
		for _, o := range ex.Options {
			if o.Net > 0 {
				ex.Binding = BindSupply // every parcel worth having went elsewhere
			}
		}
	}
	return ex
}
