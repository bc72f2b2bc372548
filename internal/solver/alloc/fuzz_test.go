package alloc

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParseSolve feeds arbitrary bytes to the instance parser and, when
// they parse into a small instance, solves it: bad input must come back as
// Errors (never a panic or another error), and every answer must pass
// Check with the objective it claims.
func FuzzParseSolve(f *testing.F) {
	f.Add([]byte(`{"supplies":[{"id":"S1","amount":120}],"demands":[{"id":"D1","amount":50,"min":0}],"arcs":[{"supply":"S1","demand":"D1","value":7}]}`))
	f.Add([]byte(explainInstance))
	f.Add([]byte(landInstance))
	f.Fuzz(func(t *testing.T, data []byte) {
		inst, err := Parse(bytes.NewReader(data))
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("parse error of the wrong kind: %v", err)
			}
			return
		}
		if len(inst.Supplies)+len(inst.Demands)+len(inst.Arcs)+len(inst.Parcels)+len(inst.Projects) > 60 {
			return // keep each run fast
		}
		res, err := Solve(inst, Options{Explain: true, MaxNodes: 100})
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("solve error of the wrong kind: %v", err)
			}
			return
		}
		chk, err := Check(inst, &Allocation{Flows: res.Flows, Assignments: res.Assignments}, Options{MaxNodes: 100})
		if err != nil {
			t.Fatalf("the answer does not re-check: %v", err)
		}
		if !chk.Feasible || chk.Objective != res.Objective {
			t.Fatalf("the answer breaks %v or is worth %s, not %s", chk.Violations, chk.Objective, res.Objective)
		}
	})
}

// FuzzDecimal checks that a parsed figure prints back to the same figure.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "12.5", "-3.25", "1e3", "1.5E-3", "0.000001", "abc", "1.", "999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, sc, err := Decimal(s).parse()
		if err != nil {
			return
		}
		back := NewDecimal(u, sc)
		u2, sc2, err := back.parse()
		if err != nil || u2 != u || sc2 != sc {
			t.Fatalf("%q → %d×10^-%d → %q → %d×10^-%d (%v)", s, u, sc, back, u2, sc2, err)
		}
	})
}
