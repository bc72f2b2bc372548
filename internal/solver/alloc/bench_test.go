package alloc

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// denseInstance is the solver benchmark's 200 × 2,000 dense transportation
// problem as a service would build it: ids, names, decimal strings.
func denseInstance(S, D int) *Instance {
	r := rand.New(rand.NewPCG(1, 7))
	inst := &Instance{}
	for i := 0; i < S; i++ {
		inst.Supplies = append(inst.Supplies, Supply{ID: fmt.Sprintf("S%d", i), Name: fmt.Sprintf("指标 %d", i), Amount: Int(1000 + r.Int64N(9001))})
	}
	for j := 0; j < D; j++ {
		inst.Demands = append(inst.Demands, Demand{ID: fmt.Sprintf("D%d", j), Name: fmt.Sprintf("项目 %d", j), Amount: Int(100 + r.Int64N(901))})
	}
	for i := 0; i < S; i++ {
		for j := 0; j < D; j++ {
			inst.Arcs = append(inst.Arcs, Arc{Supply: inst.Supplies[i].ID, Demand: inst.Demands[j].ID, Value: NewDecimal(1+r.Int64N(100000), 2)})
		}
	}
	return inst
}

func benchmarkSolve(b *testing.B, opt Options) {
	inst := denseInstance(200, 2000)
	b.ResetTimer()
	for b.Loop() {
		res, err := Solve(inst, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Flows) == 0 || opt.Explain && len(res.Demands) != 2000 {
			b.Fatalf("%d flows, %d demand reports", len(res.Flows), len(res.Demands))
		}
	}
}

// BenchmarkSolveDense is the 200 × 2,000 dense problem through the
// service-facing API: checking, scaling, solving and mapping back.
func BenchmarkSolveDense(b *testing.B) { benchmarkSolve(b, Options{}) }

// BenchmarkSolveDenseExplained adds every item's report and reason.
func BenchmarkSolveDenseExplained(b *testing.B) { benchmarkSolve(b, Options{Explain: true}) }
