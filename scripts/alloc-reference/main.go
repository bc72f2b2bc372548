// Command alloc-reference produces the reference set that the allocation
// tests check zhuqi's solver against: random instances in the format of
// docs/alloc-format.md, each also written as an LP (or, with minimums, a
// MILP with one binary per demand) in CPLEX LP format and solved by GLPK's
// glpsol; the optimal objectives go to expected.json beside them.
//
// Usage (Debian: apt-get install glpk-utils):
//
//	go run ./scripts/alloc-reference [-out internal/solver/alloc/testdata/reference] [-glpsol glpsol]
//
// The instances are fixed by their seeds, so running it again rewrites the
// same files. The LP data are the instance's figures scaled to integers
// (amounts by 10^a, values by 10^b), so glpsol computes on integers and the
// objective it prints, divided by 10^(a+b), is exact.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// spec describes one random instance.
type spec struct {
	name            string
	seed            uint64
	S, D            int
	density         float64 // share of supply–demand pairs that are arcs
	minShare        float64 // share of demands with a minimum
	required        float64 // share of those that must be served
	caps            bool    // some arcs have a cap
	amountDecimals  int
	valueDecimals   int
	parcels, projcs int // land part
}

var specs = []spec{
	{name: "t01-dense-10x40", seed: 1, S: 10, D: 40, density: 1},
	{name: "t02-20x80", seed: 2, S: 20, D: 80, density: 0.5},
	{name: "t03-30x120", seed: 3, S: 30, D: 120, density: 0.3},
	{name: "t04-40x200", seed: 4, S: 40, D: 200, density: 0.25},
	{name: "t05-decimals-15x60", seed: 5, S: 15, D: 60, density: 1, amountDecimals: 1, valueDecimals: 2},
	{name: "t06-caps-25x100", seed: 6, S: 25, D: 100, density: 0.4, caps: true},
	{name: "t07-50x300", seed: 7, S: 50, D: 300, density: 0.1},
	{name: "t08-8x500", seed: 8, S: 8, D: 500, density: 0.5, valueDecimals: 1},
	{name: "t09-100x400", seed: 9, S: 100, D: 400, density: 0.25, caps: true},
	{name: "m01-6x20", seed: 11, S: 6, D: 20, density: 0.6, minShare: 0.5},
	{name: "m02-8x30", seed: 12, S: 8, D: 30, density: 0.5, minShare: 0.4},
	{name: "m03-10x40", seed: 13, S: 10, D: 40, density: 0.5, minShare: 0.3},
	{name: "m04-12x50", seed: 14, S: 12, D: 50, density: 0.4, minShare: 0.5},
	{name: "m05-15x60", seed: 15, S: 15, D: 60, density: 0.3, minShare: 0.3},
	{name: "m06-decimals-10x30", seed: 16, S: 10, D: 30, density: 0.6, minShare: 0.4, amountDecimals: 2, valueDecimals: 1},
	{name: "m07-caps-12x40", seed: 17, S: 12, D: 40, density: 0.5, minShare: 0.4, caps: true},
	{name: "m08-required-10x40", seed: 18, S: 10, D: 40, density: 0.5, minShare: 0.4, required: 0.2},
	{name: "m09-20x80", seed: 19, S: 20, D: 80, density: 0.3, minShare: 0.3},
	{name: "m10-30x100", seed: 20, S: 30, D: 100, density: 0.2, minShare: 0.25},
	{name: "m11-40x150", seed: 21, S: 40, D: 150, density: 0.2, minShare: 0.3},
	{name: "l01-land-20x20", seed: 31, parcels: 20, projcs: 20},
	{name: "l02-land-60x40", seed: 32, parcels: 60, projcs: 40},
	{name: "l03-land-50x80", seed: 33, parcels: 50, projcs: 80},
}

type item = map[string]any

// scaled is a figure as integer units at a given number of decimals.
type scaled struct {
	units int64
	dec   int
}

func (s scaled) json() json.Number {
	return json.Number(decimal(big.NewInt(s.units), s.dec))
}

func decimal(u *big.Int, dec int) string {
	neg := u.Sign() < 0
	s := new(big.Int).Abs(u).String()
	if dec > 0 {
		for len(s) <= dec {
			s = "0" + s
		}
		s = strings.TrimRight(s[:len(s)-dec]+"."+s[len(s)-dec:], "0")
		s = strings.TrimSuffix(s, ".")
	}
	if neg {
		s = "-" + s
	}
	return s
}

func pow10(n int) int64 { return int64(math.Pow10(n)) }

func main() {
	out := flag.String("out", "internal/solver/alloc/testdata/reference", "where the instances and expected.json go")
	glpsol := flag.String("glpsol", "glpsol", "the glpsol command")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "alloc-reference")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	expected := map[string]string{}
	for _, sp := range specs {
		var inst map[string]any
		var lp string
		var scale int
		if sp.parcels > 0 {
			inst, lp, scale = land(sp)
		} else {
			inst, lp, scale = transport(sp)
		}
		lpFile := filepath.Join(tmp, sp.name+".lp")
		if err := os.WriteFile(lpFile, []byte(lp), 0o644); err != nil {
			log.Fatal(err)
		}
		obj, err := solve(*glpsol, lpFile, filepath.Join(tmp, sp.name+".sol"))
		if err != nil {
			log.Fatalf("%s: %v", sp.name, err)
		}
		expected[sp.name+".json"] = decimal(big.NewInt(obj), scale)
		if err := writeInstance(filepath.Join(*out, sp.name+".json"), inst); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-24s objective %s\n", sp.name, expected[sp.name+".json"])
	}
	b, err := json.MarshalIndent(expected, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "expected.json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

// transport makes a divisible instance and its LP.
func transport(sp spec) (map[string]any, string, int) {
	r := rand.New(rand.NewPCG(sp.seed, 2026))
	ad, vd := sp.amountDecimals, sp.valueDecimals
	// Figures are drawn directly in scaled units.
	draw := func(lo, hi int64, dec int) scaled {
		return scaled{lo*pow10(dec) + r.Int64N((hi-lo)*pow10(dec)+1), dec}
	}
	sup := make([]scaled, sp.S)
	var supplies, demands, arcs []item
	for i := range sup {
		sup[i] = draw(50, 500, ad)
		supplies = append(supplies, item{"id": fmt.Sprintf("S%d", i+1), "amount": sup[i].json()})
	}
	type dem struct {
		amount, min scaled
		required    bool
	}
	dems := make([]dem, sp.D)
	for j := range dems {
		d := dem{amount: draw(10, 120, ad)}
		it := item{"id": fmt.Sprintf("D%d", j+1), "amount": d.amount.json()}
		if r.Float64() < sp.minShare {
			d.min = scaled{d.amount.units * (40 + r.Int64N(51)) / 100, ad}
			if d.min.units > 0 {
				it["min"] = d.min.json()
				if r.Float64() < sp.required {
					d.required = true
					it["required"] = true
				}
			}
		}
		dems[j] = d
		demands = append(demands, it)
	}
	type arc struct {
		i, j  int
		value scaled
		cap   scaled
	}
	var as []arc
	for i := 0; i < sp.S; i++ {
		for j := 0; j < sp.D; j++ {
			if r.Float64() >= sp.density {
				continue
			}
			a := arc{i: i, j: j, value: draw(1, 100, vd)}
			it := item{"supply": fmt.Sprintf("S%d", i+1), "demand": fmt.Sprintf("D%d", j+1), "value": a.value.json()}
			if sp.caps && r.IntN(3) == 0 {
				a.cap = draw(5, 60, ad)
				it["cap"] = a.cap.json()
			}
			as = append(as, a)
			arcs = append(arcs, it)
		}
	}
	// A required demand needs an arc, and enough supply, to be feasible:
	// give it a big uncapped arc from the first supply.
	for j, d := range dems {
		if !d.required {
			continue
		}
		found := false
		for _, a := range as {
			found = found || a.j == j && a.i == 0 && a.cap.units == 0
		}
		if !found {
			a := arc{i: 0, j: j, value: draw(1, 100, vd)}
			as = append(as, a)
			arcs = append(arcs, item{"supply": "S1", "demand": fmt.Sprintf("D%d", j+1), "value": a.value.json()})
		}
	}

	var lp strings.Builder
	fmt.Fprintf(&lp, "\\* %s: amounts ×10^%d, values ×10^%d *\\\nMaximize\n obj:", sp.name, ad, vd)
	for k, a := range as {
		fmt.Fprintf(&lp, " + %d x%d", a.value.units, k)
		if k%10 == 9 {
			lp.WriteString("\n")
		}
	}
	lp.WriteString("\nSubject To\n")
	bySupply := make([][]int, sp.S)
	byDemand := make([][]int, sp.D)
	for k, a := range as {
		bySupply[a.i] = append(bySupply[a.i], k)
		byDemand[a.j] = append(byDemand[a.j], k)
	}
	sum := func(ks []int) string {
		if len(ks) == 0 {
			return "0 x_none"
		}
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, " + x%d", k)
		}
		return b.String()
	}
	for i, ks := range bySupply {
		if len(ks) > 0 {
			fmt.Fprintf(&lp, " s%d: %s <= %d\n", i, sum(ks), sup[i].units)
		}
	}
	var binaries []int
	for j, d := range dems {
		ks := byDemand[j]
		if len(ks) == 0 {
			continue
		}
		if d.min.units == 0 {
			fmt.Fprintf(&lp, " d%d: %s <= %d\n", j, sum(ks), d.amount.units)
			continue
		}
		// served: y = 1 and min ≤ Σx ≤ amount; not served: y = 0 and Σx = 0
		fmt.Fprintf(&lp, " d%d: %s - %d y%d <= 0\n", j, sum(ks), d.amount.units, j)
		fmt.Fprintf(&lp, " m%d: %s - %d y%d >= 0\n", j, sum(ks), d.min.units, j)
		if d.required {
			fmt.Fprintf(&lp, " r%d: y%d = 1\n", j, j)
		}
		binaries = append(binaries, j)
	}
	lp.WriteString("Bounds\n")
	for k, a := range as {
		if a.cap.units > 0 {
			fmt.Fprintf(&lp, " 0 <= x%d <= %d\n", k, a.cap.units)
		}
	}
	if len(binaries) > 0 {
		lp.WriteString("Binary\n")
		for _, j := range binaries {
			fmt.Fprintf(&lp, " y%d\n", j)
		}
	}
	lp.WriteString("End\n")
	return map[string]any{"supplies": supplies, "demands": demands, "arcs": arcs}, lp.String(), ad + vd
}

// land makes a land instance (integer figures, waste cost 1) and the LP of
// its assignment, which is integral.
func land(sp spec) (map[string]any, string, int) {
	r := rand.New(rand.NewPCG(sp.seed, 2026))
	area := make([]int64, sp.parcels)
	var parcels, projects []item
	for p := range area {
		area[p] = 10 + r.Int64N(91)
		parcels = append(parcels, item{"id": fmt.Sprintf("P%d", p+1), "area": area[p]})
	}
	var lp strings.Builder
	fmt.Fprintf(&lp, "\\* %s *\\\nMaximize\n obj:", sp.name)
	type pair struct{ p, q int }
	var pairs []pair
	for q := 0; q < sp.projcs; q++ {
		need, value := 10+r.Int64N(91), 20+r.Int64N(200)
		it := item{"id": fmt.Sprintf("Q%d", q+1), "area": need, "value": value}
		var listed []string
		restricted := r.IntN(2) == 0
		for p := range area {
			ok := !restricted || r.IntN(3) == 0
			if restricted && ok {
				listed = append(listed, fmt.Sprintf("P%d", p+1))
			}
			if w := value - (area[p] - need); ok && area[p] >= need && w > 0 {
				fmt.Fprintf(&lp, " + %d x%d_%d", w, p, q)
				pairs = append(pairs, pair{p, q})
			}
		}
		if restricted {
			it["parcels"] = listed
		}
		projects = append(projects, it)
	}
	if len(pairs) == 0 {
		lp.WriteString(" 0 x_none")
	}
	lp.WriteString("\nSubject To\n")
	byP := map[int][]pair{}
	byQ := map[int][]pair{}
	for _, pq := range pairs {
		byP[pq.p] = append(byP[pq.p], pq)
		byQ[pq.q] = append(byQ[pq.q], pq)
	}
	row := func(name string, ps []pair) {
		fmt.Fprintf(&lp, " %s:", name)
		for _, pq := range ps {
			fmt.Fprintf(&lp, " + x%d_%d", pq.p, pq.q)
		}
		lp.WriteString(" <= 1\n")
	}
	keys := func(m map[int][]pair) []int {
		var ks []int
		for k := range m {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		return ks
	}
	for _, p := range keys(byP) {
		row(fmt.Sprintf("p%d", p), byP[p])
	}
	for _, q := range keys(byQ) {
		row(fmt.Sprintf("q%d", q), byQ[q])
	}
	lp.WriteString("Bounds\n")
	for _, pq := range pairs {
		fmt.Fprintf(&lp, " 0 <= x%d_%d <= 1\n", pq.p, pq.q)
	}
	lp.WriteString("End\n")
	return map[string]any{"waste_cost": 1, "parcels": parcels, "projects": projects}, lp.String(), 0
}

// solve runs glpsol and returns the optimal objective, which must be an
// integer (every coefficient is).
func solve(glpsol, lpFile, solFile string) (int64, error) {
	out, err := exec.Command(glpsol, "--lp", lpFile, "-w", solFile).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v\n%s", err, out)
	}
	f, err := os.Open(solFile)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || fs[0] != "s" {
			continue
		}
		// s bas ROWS COLS PRIM DUAL OBJ   or   s mip ROWS COLS STATUS OBJ
		switch {
		case fs[1] == "bas" && len(fs) == 7 && fs[4] == "f" && fs[5] == "f":
		case fs[1] == "mip" && len(fs) == 6 && fs[4] == "o":
		default:
			return 0, fmt.Errorf("not solved to optimality: %s", sc.Text())
		}
		v, err := strconv.ParseFloat(fs[len(fs)-1], 64)
		if err != nil {
			return 0, err
		}
		if v != math.Round(v) || math.Abs(v) > 1<<52 {
			return 0, fmt.Errorf("objective %v is not an exact integer", v)
		}
		return int64(v), nil
	}
	return 0, fmt.Errorf("no solution line in %s", solFile)
}

// writeInstance writes one JSON item per line: small, diffable files.
func writeInstance(path string, inst map[string]any) error {
	var b strings.Builder
	b.WriteString("{\n")
	order := []string{"waste_cost", "supplies", "demands", "arcs", "parcels", "projects"}
	first := true
	for _, k := range order {
		v, ok := inst[k]
		if !ok {
			continue
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		items, isList := v.([]item)
		if !isList {
			j, _ := json.Marshal(v)
			fmt.Fprintf(&b, "%q: %s", k, j)
			continue
		}
		fmt.Fprintf(&b, "%q: [\n", k)
		for n, it := range items {
			j, err := json.Marshal(it)
			if err != nil {
				return err
			}
			b.Write(j)
			if n < len(items)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]")
	}
	b.WriteString("\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
