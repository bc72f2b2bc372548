package matching

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// The figures in docs/benchmarks.md (issue 13) come from:
//
//	go test -run '^$' -bench 'MatchColumns|MatchOne|Naive' -benchtime 3x ./internal/matching/
//
// The enterprises and policies are generated once per process (see
// gen_test.go for how) and shared by the benchmarks.

const (
	benchPolicies    = 1000
	benchEnterprises = 1_000_000
)

var bench struct {
	once     sync.Once
	policies []Policy
	engine   *Engine
	cols     *Columns
	sample   [][]cell // the first enterprises' cells, for the row-at-a-time benchmarks
	err      error
}

func benchSetup(b *testing.B) {
	b.Helper()
	bench.once.Do(func() {
		r := rand.New(rand.NewPCG(2026, 13))
		bench.policies = genPolicies(r, benchPolicies)
		bench.engine, bench.err = NewEngine(bench.policies)
		if bench.err != nil {
			return
		}
		c := NewColumns(benchEnterprises)
		for row := range benchEnterprises {
			cs := genCells(r)
			c.Set(row, &Profile{cells: cs})
			if row < 20_000 {
				bench.sample = append(bench.sample, cs)
			}
		}
		bench.cols = c
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

// BenchmarkMatchColumns is the full match: 1,000 policies against
// 1,000,000 enterprises, three-valued with per-condition results, on two
// workers.
func BenchmarkMatchColumns(b *testing.B) {
	benchSetup(b)
	e, c := bench.engine, bench.cols
	b.ResetTimer()
	var counts []Count
	for b.Loop() {
		counts = e.MatchColumns(c, 2, nil)
	}
	b.StopTimer()
	var q, m, n int
	for _, x := range counts {
		if x.Qualifies+x.Maybe+x.Fails != benchEnterprises {
			b.Fatalf("counts %+v do not add up to %d", x, benchEnterprises)
		}
		q += x.Qualifies
		m += x.Maybe
		n += x.NearMiss
	}
	if q == 0 || m == 0 || n == 0 {
		b.Fatalf("degenerate answers: %d qualify, %d maybe, %d near misses", q, m, n)
	}
	b.ReportMetric(float64(e.Nodes()), "predicates")
	b.ReportMetric(float64(q)/benchPolicies, "qualify/policy")
	b.ReportMetric(float64(m)/benchPolicies, "maybe/policy")
	b.ReportMetric(float64(n)/benchPolicies, "near/policy")
}

// BenchmarkMatchColumnsDistinct is the full match with every threshold
// jittered (see genPolicies), so that predicates are hardly shared.
func BenchmarkMatchColumnsDistinct(b *testing.B) {
	benchSetup(b)
	jitter = true
	ps := genPolicies(rand.New(rand.NewPCG(7, 13)), benchPolicies)
	jitter = false
	e, err := NewEngine(ps)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var counts []Count
	for b.Loop() {
		counts = e.MatchColumns(bench.cols, 2, nil)
	}
	b.StopTimer()
	q := 0
	for _, x := range counts {
		if x.Qualifies+x.Maybe+x.Fails != benchEnterprises {
			b.Fatalf("counts %+v do not add up", x)
		}
		q += x.Qualifies
	}
	if q == 0 {
		b.Fatal("nothing qualified")
	}
	b.ReportMetric(float64(e.Nodes()), "predicates")
}

// BenchmarkMatchOne is the re-match of one changed enterprise against the
// 1,000 policies.
func BenchmarkMatchOne(b *testing.B) {
	benchSetup(b)
	e := bench.engine
	ps := make([]*Profile, len(bench.sample))
	for i, cs := range bench.sample {
		ps[i] = &Profile{cells: cs}
	}
	b.ResetTimer()
	i, conds := 0, 0
	for b.Loop() {
		res := e.Match(ps[i%len(ps)])
		conds += len(res[len(res)-1].Conds)
		i++
	}
	if conds == 0 {
		b.Fatal("no conditions evaluated")
	}
}

// BenchmarkNaiveRowEngine evaluates the same DAG one enterprise at a
// time over 20,000 enterprises (extrapolated ×50 to the million).
func BenchmarkNaiveRowEngine(b *testing.B) {
	benchSetup(b)
	e := bench.engine
	b.ResetTimer()
	for b.Loop() {
		q := 0
		for _, cs := range bench.sample {
			for _, r := range e.Match(&Profile{cells: cs}) {
				if r.Status == Qualifies {
					q++
				}
			}
		}
		if q == 0 {
			b.Fatal("nothing qualified")
		}
	}
}

// BenchmarkNaiveExpr is the naive way: each policy's rules compiled with
// expr into one program, run per enterprise with a map environment, over
// 2,000 enterprises (extrapolated ×500). It is two-valued (missing data
// reads as 0 or false) and has no per-condition results, so it does less
// than the engine.
func BenchmarkNaiveExpr(b *testing.B) {
	benchSetup(b)
	progs := make([]*vm.Program, len(bench.policies))
	for i, p := range bench.policies {
		var parts []string
		for _, c := range p.Conditions {
			if c.Rule != "" {
				parts = append(parts, "("+c.Rule+")")
			}
		}
		if len(p.Paths) > 0 {
			var alts []string
			for _, path := range p.Paths {
				var ps []string
				for _, c := range path.Conditions {
					if c.Rule != "" {
						ps = append(ps, "("+c.Rule+")")
					}
				}
				alts = append(alts, "("+strings.Join(ps, " && ")+")")
			}
			parts = append(parts, "("+strings.Join(alts, " || ")+")")
		}
		prog, err := expr.Compile(strings.Join(parts, " && "), expr.AsBool())
		if err != nil {
			b.Fatal(err)
		}
		progs[i] = prog
	}
	envs := make([]map[string]any, 2000)
	for i := range envs {
		envs[i] = exprEnv(bench.sample[i], false)
	}
	b.ResetTimer()
	for b.Loop() {
		q := 0
		for _, env := range envs {
			for _, prog := range progs {
				out, err := expr.Run(prog, env)
				if err != nil {
					b.Fatal(err)
				}
				if out.(bool) {
					q++
				}
			}
		}
		if q == 0 {
			b.Fatal("nothing qualified")
		}
	}
}

// exprEnv is an enterprise as expr's environment. Unknown values read as
// zero values unless strict, when they are left out.
func exprEnv(cs []cell, strict bool) map[string]any {
	env := make(map[string]any, len(attributes))
	for i := range attributes {
		a := &attributes[i]
		c := &cs[i]
		if !c.known && strict {
			continue
		}
		switch a.Kind {
		case Bool:
			env[a.Name] = c.known && c.num != 0
		case String:
			env[a.Name] = c.str
		case Tags:
			env[a.Name] = c.tags
		default:
			v := c.num
			if !c.known {
				v = 0
			}
			env[a.Name] = v
		}
	}
	return env
}
