package alloc

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestReferenceSet checks the objective against GLPK's optimum on the
// committed instances (made by `go run ./scripts/alloc-reference`, see
// there): LPs, MILPs with minimums, and land assignments.
func TestReferenceSet(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "reference", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]Decimal
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	if len(expected) < 20 {
		t.Fatalf("only %d reference instances", len(expected))
	}
	for name, want := range expected {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "reference", name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			inst, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Solve(inst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Objective != want || res.Status != "optimal" {
				t.Fatalf("objective %s (%s), GLPK %s", res.Objective, res.Status, want)
			}
			// The flows are what the objective says.
			chk, err := Check(inst, &Allocation{Flows: res.Flows, Assignments: res.Assignments}, Options{})
			if err != nil || !chk.Feasible || chk.Objective != want {
				t.Fatalf("re-check: %+v %v", chk, err)
			}
		})
	}
}
