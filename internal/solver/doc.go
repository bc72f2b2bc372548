// Package solver allocates a resource package (资源包) to project demands
// exactly, in integer arithmetic, with no I/O: divisible resources (energy
// quota, funds) as a transportation problem with semi-continuous minimums,
// indivisible land as an assignment problem. Callers scale decimal amounts
// to integers first (package alloc does, and maps ids and messages); every
// figure here is an exact int64.
//
// # Divisible resources
//
// SolveTransport maximises Σ value × amount over the arcs (supply, demand),
// each supply used at most its amount, each arc at most its cap, each demand
// receiving at most its amount and either nothing or at least its minimum
// (at least its minimum when it is required), with fixed arcs (an official's
// overrides) carrying exactly their amounts.
//
// Without minimums this is a min-cost flow problem, solved exactly by the
// network simplex method; with integral data the flows are integral. The
// minimums make it a mixed-integer problem, solved by branch-and-bound:
// every node is the same network with some demands forced to receive at
// least their minimum and others forced to receive nothing (expressed as
// penalty costs, so the nodes differ only in costs and each is solved warm
// from the previous tree). The relaxation (minimums dropped) of a
// semi-continuous amount is its convex hull, so each node's bound is the best
// possible without branching. The result is proven optimal when the search
// finishes within Options.MaxNodes; otherwise it is the best allocation found
// with a proven upper bound on the optimum (Status NodeLimit), and that is
// where the guarantee ends.
//
// Shadow prices are exact right derivatives of the final network problem:
// the objective gained by one more unit of a supply (or of a demand's
// request), read as a shortest path in the residual network. With minimums
// they are those of the final subproblem, the one with every demand's
// served-or-not decision held as in the answer: one more unit may also make
// it worth serving another demand at its minimum, a jump that the price does
// not show. For each demand left unserved because of its minimum, the
// solution also gives what serving it at its minimum would cost with the
// other decisions held.
//
// # Land
//
// SolveLand assigns each parcel to at most one project and each project at
// most one compatible parcel of adequate area, maximising Σ (project value −
// waste cost × unused area), by successive shortest augmenting paths
// (the Hungarian method with Dijkstra on the sparse compatibility graph).
// It is exact: the assignment polytope is integral. For every assigned
// parcel the solution gives the exact loss if it were withdrawn.
package solver
