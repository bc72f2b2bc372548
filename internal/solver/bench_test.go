package solver

import (
	"math/rand/v2"
	"testing"
)

// denseTransport is the benchmark shape: every supply may serve
// every demand, at a random value per unit; supply and requests roughly
// balance, so many demands are cut short.
func denseTransport(S, D int, minimums bool, seed uint64) *Transport {
	r := rand.New(rand.NewPCG(seed, 7))
	p := &Transport{}
	for i := 0; i < S; i++ {
		s := 1000 + r.Int64N(9001)
		if minimums {
			s /= 2 // half the demands go short: many decisions to make
		}
		p.Supplies = append(p.Supplies, s)
	}
	for j := 0; j < D; j++ {
		d := Demand{Amount: 100 + r.Int64N(901)}
		if minimums && r.IntN(4) == 0 {
			d.Min = d.Amount / 2
		}
		p.Demands = append(p.Demands, d)
	}
	p.Arcs = make([]Arc, 0, S*D)
	for i := 0; i < S; i++ {
		for j := 0; j < D; j++ {
			p.Arcs = append(p.Arcs, Arc{Supply: i, Demand: j, Value: 1 + r.Int64N(1000)})
		}
	}
	return p
}

func benchmarkTransport(b *testing.B, p *Transport, opt Options) {
	b.Helper()
	var total int64
	for _, s := range p.Supplies {
		total += s
	}
	b.ResetTimer()
	for b.Loop() {
		sol, err := SolveTransport(p, opt)
		if err != nil {
			b.Fatal(err)
		}
		var used int64
		for _, s := range sol.Supplies {
			used += s.Used
		}
		if sol.Objective <= 0 || used == 0 || used > total || sol.Status != Optimal {
			b.Fatalf("objective %d (%v), used %d of %d", sol.Objective, sol.Status, used, total)
		}
		b.ReportMetric(float64(sol.Pivots), "pivots")
		b.ReportMetric(float64(sol.Nodes), "nodes")
	}
}

// BenchmarkTransportDense is 200 supplies × 2,000 demands, all 400,000
// pairs eligible, allocation only.
func BenchmarkTransportDense(b *testing.B) {
	benchmarkTransport(b, denseTransport(200, 2000, false, 1), Options{NoExplain: true})
}

// BenchmarkTransportDenseExplained adds the shadow prices.
func BenchmarkTransportDenseExplained(b *testing.B) {
	benchmarkTransport(b, denseTransport(200, 2000, false, 1), Options{})
}

// BenchmarkTransportDenseMinimums gives a quarter of the demands a minimum
// of half their request, with supply for about half the requests:
// branch-and-bound.
func BenchmarkTransportDenseMinimums(b *testing.B) {
	benchmarkTransport(b, denseTransport(200, 2000, true, 1), Options{NoExplain: true})
}

// denseLand is P parcels and Q projects, any project may use any parcel
// large enough (about half of them), every such pair worth having.
func denseLand(P, Q int, seed uint64) *Land {
	r := rand.New(rand.NewPCG(seed, 11))
	l := &Land{WasteCost: 1}
	for p := 0; p < P; p++ {
		l.Parcels = append(l.Parcels, 10+r.Int64N(91))
	}
	for q := 0; q < Q; q++ {
		l.Projects = append(l.Projects, Project{Area: 10 + r.Int64N(91), Value: 100 + r.Int64N(901)})
	}
	return l
}

func benchmarkLand(b *testing.B, l *Land, opt Options) {
	b.Helper()
	for b.Loop() {
		sol, err := SolveLand(l, opt)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, p := range sol.ParcelOf {
			if p >= 0 {
				n++
			}
		}
		if n == 0 || sol.Objective <= 0 {
			b.Fatalf("%d projects assigned, objective %d", n, sol.Objective)
		}
		b.ReportMetric(float64(n), "assigned")
	}
}

// BenchmarkLandDense is 2,000 parcels × 2,000 projects, about 2 million
// compatible pairs, assignment only.
func BenchmarkLandDense(b *testing.B) {
	benchmarkLand(b, denseLand(2000, 2000, 1), Options{NoExplain: true})
}

// BenchmarkLandDenseExplained adds every parcel's withdrawal loss.
func BenchmarkLandDenseExplained(b *testing.B) {
	benchmarkLand(b, denseLand(2000, 2000, 1), Options{})
}

// hardMinimums is 50 supplies × 500 demands, a fifth of the pairs
// eligible, every demand with a minimum of frac% of its request: many
// decisions compete for the same supply.
func hardMinimums(seed uint64, frac int64) *Transport {
	r := rand.New(rand.NewPCG(seed, 3))
	p := &Transport{}
	for i := 0; i < 50; i++ {
		p.Supplies = append(p.Supplies, 200+r.Int64N(800))
	}
	for j := 0; j < 500; j++ {
		a := 50 + r.Int64N(150)
		p.Demands = append(p.Demands, Demand{Amount: a, Min: a * frac / 100})
	}
	for i := 0; i < 50; i++ {
		for j := 0; j < 500; j++ {
			if r.IntN(5) == 0 {
				p.Arcs = append(p.Arcs, Arc{Supply: i, Demand: j, Value: 1 + r.Int64N(100)})
			}
		}
	}
	return p
}

// BenchmarkTransportHardMinimums: every demand has a minimum of half its
// request.
func BenchmarkTransportHardMinimums(b *testing.B) {
	benchmarkTransport(b, hardMinimums(2, 50), Options{NoExplain: true})
}
