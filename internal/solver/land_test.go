package solver

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func randomLand(r *rand.Rand, maxP, maxQ int) *Land {
	l := &Land{WasteCost: r.Int64N(4)}
	P, Q := 1+r.IntN(maxP), 1+r.IntN(maxQ)
	for p := 0; p < P; p++ {
		l.Parcels = append(l.Parcels, 1+r.Int64N(20))
	}
	for q := 0; q < Q; q++ {
		pr := Project{Area: 1 + r.Int64N(15), Value: 1 + r.Int64N(40)}
		if r.IntN(2) == 0 {
			pr.Parcels = []int{}
			for p := 0; p < P; p++ {
				if r.IntN(2) == 0 {
					pr.Parcels = append(pr.Parcels, p)
				}
			}
		}
		l.Projects = append(l.Projects, pr)
	}
	usedP := map[int]bool{}
	for q := range l.Projects {
		if r.IntN(5) != 0 {
			continue
		}
		for p := range l.Parcels {
			if !usedP[p] && l.Parcels[p] >= l.Projects[q].Area && l.listed(q, p) {
				usedP[p] = true
				l.Fixed = append(l.Fixed, Pair{Parcel: p, Project: q})
				break
			}
		}
	}
	return l
}

// bruteLand tries every assignment; without, when ≥ 0, is a parcel no
// project may take (unless fixed to it).
func bruteLand(l *Land, without int) int64 {
	fixed := map[int]int{}
	for _, f := range l.Fixed {
		fixed[f.Project] = f.Parcel
	}
	used := make([]bool, len(l.Parcels))
	for _, f := range l.Fixed {
		used[f.Parcel] = true
	}
	best := int64(math.MinInt64)
	var rec func(q int, v int64)
	rec = func(q int, v int64) {
		if q == len(l.Projects) {
			best = max(best, v)
			return
		}
		if p, ok := fixed[q]; ok {
			rec(q+1, v+l.weight(q, p))
			return
		}
		rec(q+1, v)
		for p, a := range l.Parcels {
			if !used[p] && p != without && a >= l.Projects[q].Area && l.listed(q, p) {
				used[p] = true
				rec(q+1, v+l.weight(q, p))
				used[p] = false
			}
		}
	}
	rec(0, 0)
	return best
}

func TestLandMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for it := 0; it < 3000; it++ {
		l := randomLand(r, 5, 5)
		sol, err := SolveLand(l, Options{})
		if err != nil {
			t.Fatalf("instance %d: %v", it, err)
		}
		if want := bruteLand(l, -1); sol.Objective != want {
			t.Fatalf("instance %d %+v: objective %d, brute force %d", it, l, sol.Objective, want)
		}
		var v int64
		seen := map[int]bool{}
		for q, p := range sol.ParcelOf {
			if p < 0 {
				continue
			}
			if seen[p] || sol.ProjectOf[p] != q || l.Parcels[p] < l.Projects[q].Area || !l.listed(q, p) {
				t.Fatalf("instance %d: project %d gets parcel %d wrongly", it, q, p)
			}
			seen[p] = true
			v += l.weight(q, p)
		}
		for _, f := range l.Fixed {
			if sol.ParcelOf[f.Project] != f.Parcel {
				t.Fatalf("instance %d: fixed pair %+v not kept", it, f)
			}
		}
		if v != sol.Objective {
			t.Fatalf("instance %d: objective %d, pairs worth %d", it, sol.Objective, v)
		}
		isFixed := map[int]bool{}
		for _, f := range l.Fixed {
			isFixed[f.Parcel] = true
		}
		for p := range l.Parcels {
			want := int64(0)
			if sol.ProjectOf[p] >= 0 && !isFixed[p] {
				want = sol.Objective - bruteLand(l, p)
			}
			if sol.Loss[p] != want {
				t.Fatalf("instance %d %+v: withdrawing parcel %d loses %d, reported %d", it, l, p, want, sol.Loss[p])
			}
		}
		for q := range l.Projects {
			ex := sol.Explain(l, q)
			if sol.ParcelOf[q] < 0 && ex.Binding == BindSupply {
				for _, o := range ex.Options {
					if o.Net > 0 && o.TakenBy < 0 {
						t.Fatalf("instance %d: project %d said to be crowded out, but parcel %d is free", it, q, o.Parcel)
					}
				}
			}
			if sol.ParcelOf[q] < 0 && ex.Binding != BindSupply && ex.Binding != BindNotWorth && ex.Binding != BindNoSupply {
				t.Fatalf("instance %d: unassigned project %d has binding %s", it, q, ex.Binding)
			}
		}
	}
}

func TestLandRejectsBadInput(t *testing.T) {
	ok := func() *Land {
		return &Land{Parcels: []int64{10, 5}, Projects: []Project{{Area: 6, Value: 10}, {Area: 2, Value: 3, Parcels: []int{1}}}, WasteCost: 1}
	}
	cases := []struct {
		code   string
		change func(l *Land)
	}{
		{"amount_not_positive", func(l *Land) { l.Parcels[0] = 0 }},
		{"amount_not_positive", func(l *Land) { l.Projects[0].Area = -1 }},
		{"value_not_positive", func(l *Land) { l.Projects[0].Value = 0 }},
		{"bad_reference", func(l *Land) { l.Projects[1].Parcels = []int{2} }},
		{"waste_cost_negative", func(l *Land) { l.WasteCost = -1 }},
		{"area_too_small", func(l *Land) { l.Fixed = []Pair{{Parcel: 1, Project: 0}} }},
		{"incompatible", func(l *Land) { l.Fixed = []Pair{{Parcel: 0, Project: 1}} }},
		{"parcel_reused", func(l *Land) { l.Fixed = []Pair{{Parcel: 0, Project: 0}, {Parcel: 0, Project: 1}} }},
		{"project_reused", func(l *Land) { l.Fixed = []Pair{{Parcel: 0, Project: 0}, {Parcel: 1, Project: 0}} }},
	}
	for _, c := range cases {
		l := ok()
		c.change(l)
		_, err := SolveLand(l, Options{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Code != c.code {
			t.Errorf("%s: got %v", c.code, err)
		}
	}
	l := ok()
	l.WasteCost = 1 << 40
	l.Parcels[0] = 1 << 30
	if _, err := SolveLand(l, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge figures: %v", err)
	}
}
