package lights

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// benchProjects are n projects with five years (2022–2026) of annual plans,
// monthly figures and ten nodes each: the city tier's 60-month history.
func benchProjects(n int) []*Project {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := make([]*Project, n)
	for i := range ps {
		p := &Project{Phase: model.PhaseConstruction, PlannedStart: d("2022-03-01"), ActualStart: d("2022-04-10"),
			PlannedCompletion: d("2027-12-31"), Since: mo("2022-01")}
		for y := 2022; y <= 2026; y++ {
			p.Plans = append(p.Plans, Plan{Year: y, Amount: model.Money(100000 + rng.IntN(1000000))})
			for m := 1; m <= 12; m++ {
				p.Completed = append(p.Completed, Completed{model.Month{Year: y, Month: time.Month(m)}, model.Money(rng.IntN(120000))})
			}
		}
		for k := range 10 {
			planned := model.Month{Year: 2022, Month: 1}.Add(6 * k).Last()
			n := Node{Name: fmt.Sprintf("节点%d", k), Planned: planned}
			if rng.IntN(4) > 0 {
				n.Actual = model.Month{Year: 2022, Month: 1}.Add(6*k + rng.IntN(4)).First()
			}
			p.Nodes = append(p.Nodes, n)
		}
		ps[i] = p
	}
	return ps
}

// BenchmarkHistory computes the 60-month light history of 10,000 projects.
func BenchmarkHistory(b *testing.B) {
	ps := benchProjects(10000)
	r, now := DefaultRules(), at("2027-01-05 09:00:00")
	for b.Loop() {
		months := 0
		for _, p := range ps {
			h, err := History(p, r, now)
			if err != nil {
				b.Fatal(err)
			}
			months += len(h)
		}
		if months != 60*len(ps) {
			b.Fatalf("%d months, want %d", months, 60*len(ps))
		}
	}
}

// BenchmarkCloseMonth judges one month for 10,000 projects: what the
// service does once a month to freeze the lights.
func BenchmarkCloseMonth(b *testing.B) {
	ps := benchProjects(10000)
	r, m := DefaultRules(), mo("2026-12")
	for b.Loop() {
		red := 0
		for _, p := range ps {
			a, err := Assess(p, r, m)
			if err != nil {
				b.Fatal(err)
			}
			if a.Color == Red {
				red++
			}
		}
		if red == 0 || red == len(ps) {
			b.Fatalf("%d of %d red: the data exercises nothing", red, len(ps))
		}
	}
}
