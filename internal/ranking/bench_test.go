package ranking

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkCompute ranks the city tier's 10,000 and the province tier's
// 100,000 projects into units, townships and leaders, hashing the inputs
// for the snapshot.
func BenchmarkCompute(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("projects=%d", n), func(b *testing.B) {
			ps := randomProjects(rand.New(rand.NewPCG(7, 8)), n)
			c := DefaultConfig()
			for b.Loop() {
				s, err := Compute(march, c, ps)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(s.Result.Projects) + len(s.Result.Unranked); got != n || len(s.Result.Units) == 0 {
					b.Fatalf("%d projects ranked, want %d", got, n)
				}
			}
		})
	}
}

// BenchmarkVerify decodes a 100,000-project snapshot and recomputes it,
// what a reader of a published ranking does to prove it.
func BenchmarkVerify(b *testing.B) {
	s, err := Compute(march, DefaultConfig(), randomProjects(rand.New(rand.NewPCG(7, 8)), 100000))
	if err != nil {
		b.Fatal(err)
	}
	data, err := s.Encode()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		back, err := Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if len(back.Inputs) != len(s.Inputs) {
			b.Fatal("inputs lost")
		}
	}
	b.ReportMetric(float64(len(data))/1e6, "MB/snapshot")
}

// BenchmarkEncode writes a 100,000-project snapshot as JSON, what
// publishing stores.
func BenchmarkEncode(b *testing.B) {
	s, err := Compute(march, DefaultConfig(), randomProjects(rand.New(rand.NewPCG(7, 8)), 100000))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		data, err := s.Encode()
		if err != nil || len(data) < 100000 {
			b.Fatal(err)
		}
	}
}
