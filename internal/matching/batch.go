package matching

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// Count is how many enterprises got each answer for one policy.
type Count struct {
	Qualifies int `json:"qualifies"`
	Maybe     int `json:"maybe"`
	Fails     int `json:"fails"`
	NearMiss  int `json:"near_miss"`
}

// Block is the answers for a run of consecutive enterprises (rows Start
// to Start+Len-1 of the Columns), valid only during the callback that
// receives it.
type Block struct {
	Start, Len int
	w          *worker
}

func (b *Block) bit(words []uint64, i int) bool { return words[i/64]&(1<<(i%64)) != 0 }

// Status is policy p's answer for the i-th enterprise of the block.
func (b *Block) Status(p, i int) Status {
	o := b.w.pol[p*3*blockWords:]
	switch {
	case b.bit(o[:blockWords], i):
		return Qualifies
	case b.bit(o[blockWords:2*blockWords], i):
		return Fails
	}
	return Maybe
}

// NearMiss reports whether policy p fails for the i-th enterprise on
// exactly one condition.
func (b *Block) NearMiss(p, i int) bool { return b.bit(b.w.pol[p*3*blockWords+2*blockWords:], i) }

// Cond is the truth of condition k of policy p (numbered as in
// Result.Conds) for the i-th enterprise of the block.
func (b *Block) Cond(p, k, i int) Truth {
	id := b.w.e.policies[p].conds[k].pred
	if id < 0 {
		return Unknown
	}
	t, f := b.w.tf(id)
	switch {
	case b.bit(t, i):
		return True
	case b.bit(f, i):
		return False
	}
	return Unknown
}

// MatchColumns evaluates every policy for every enterprise of c, column
// by column: each shared predicate once per block of enterprises into a
// true and a false bitset, then each policy as Kleene and/or over those
// bitsets. It uses workers goroutines (GOMAXPROCS when workers ≤ 0) and
// calls fn, when not nil, for each block, from several goroutines at once
// and in no particular order. It returns the counts per policy.
func (e *Engine) MatchColumns(c *Columns, workers int, fn func(*Block)) []Count {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tables := e.stringTables(c)
	blocks := (c.n + blockRows - 1) / blockRows
	var next atomic.Int64
	counts := make([][]Count, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := e.newWorker(c, tables)
			cnt := make([]Count, len(e.policies))
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					break
				}
				w.run(b)
				w.count(cnt)
				if fn != nil {
					fn(&Block{Start: w.start, Len: w.rows, w: w})
				}
			}
			counts[k] = cnt
		}()
	}
	wg.Wait()
	total := make([]Count, len(e.policies))
	for _, cnt := range counts {
		for i, x := range cnt {
			total[i].Qualifies += x.Qualifies
			total[i].Maybe += x.Maybe
			total[i].Fails += x.Fails
			total[i].NearMiss += x.NearMiss
		}
	}
	return total
}

// stringTables decides each text predicate once per distinct value: a
// truth per dictionary code.
func (e *Engine) stringTables(c *Columns) map[int32][]Truth {
	out := map[int32][]Truth{}
	for id := range e.pg.preds {
		p := &e.pg.preds[id]
		if p.kind != pStr || !e.live[id] {
			continue
		}
		words := c.words[p.attr]
		t := make([]Truth, max(len(words), 1))
		for code := 1; code < len(words); code++ {
			t[code] = truthOf(p.matchString(words[code]))
		}
		out[int32(id)] = t
	}
	return out
}

type worker struct {
	e       *Engine
	c       *Columns
	tables  map[int32][]Truth
	start   int
	rows    int
	bits    []uint64    // per predicate: blockWords true words, then blockWords false words
	nums    [][]float64 // per arithmetic node: its values for the block
	pol     []uint64    // per policy: qualifies, fails and near-miss words
	nan     []float64   // a block of unknowns, for columns nobody set
	mask    [blockWords]uint64
	block   int                  // the block being evaluated, plus one
	known   [][blockWords]uint64 // per numeric node: rows with a value, for the block in knownAt
	knownAt []int
}

// knownOf is the rows of the block where numeric node n has a value,
// computed once per block for all the comparisons that read n.
func (w *worker) knownOf(n int32, v []float64) []uint64 {
	if w.knownAt[n] != w.block {
		knownMask(v, w.known[n][:])
		w.knownAt[n] = w.block
	}
	return w.known[n][:]
}

func (e *Engine) newWorker(c *Columns, tables map[int32][]Truth) *worker {
	w := &worker{e: e, c: c, tables: tables,
		bits:    make([]uint64, len(e.pg.preds)*2*blockWords),
		nums:    make([][]float64, len(e.pg.nums)),
		pol:     make([]uint64, len(e.policies)*3*blockWords),
		nan:     make([]float64, blockRows),
		known:   make([][blockWords]uint64, len(e.pg.nums)),
		knownAt: make([]int, len(e.pg.nums)),
	}
	for i := range w.nan {
		w.nan[i] = math.NaN()
	}
	for i, n := range e.pg.nums {
		if n.kind != nAttr && n.kind != nConst && e.liveNum[i] {
			w.nums[i] = make([]float64, blockRows)
		}
	}
	return w
}

func (w *worker) tf(id int32) (t, f []uint64) {
	o := int(id) * 2 * blockWords
	return w.bits[o : o+blockWords], w.bits[o+blockWords : o+2*blockWords]
}

// values is numeric node n's values for the block, or (nil, constant).
func (w *worker) values(n int32) ([]float64, float64) {
	nd := &w.e.pg.nums[n]
	switch nd.kind {
	case nConst:
		return nil, nd.c
	case nAttr:
		col := w.c.num[nd.attr]
		if col == nil {
			return w.nan, 0
		}
		return col[w.start : w.start+blockRows], 0
	}
	return w.nums[n], 0
}

func (w *worker) run(b int) {
	w.start = b * blockRows
	w.block = b + 1
	w.rows = min(blockRows, w.c.n-w.start)
	for i := range w.mask {
		lo := i * 64
		switch {
		case lo+64 <= w.rows:
			w.mask[i] = ^uint64(0)
		case lo >= w.rows:
			w.mask[i] = 0
		default:
			w.mask[i] = 1<<(w.rows-lo) - 1
		}
	}
	pg := w.e.pg
	for i := range pg.nums {
		if w.nums[i] == nil {
			continue
		}
		n := &pg.nums[i]
		dst := w.nums[i]
		a, ca := w.values(n.a)
		bv, cb := w.values(n.b)
		arith(n.kind, dst, a, ca, bv, cb)
	}
	for id := range pg.preds {
		if !w.e.live[id] {
			continue
		}
		w.pred(int32(id))
	}
	w.policies()
}

func arith(k numKind, dst, a []float64, ca float64, b []float64, cb float64) {
	for i := range dst {
		x, y := ca, cb
		if a != nil {
			x = a[i]
		}
		if b != nil {
			y = b[i]
		}
		dst[i] = evalArith(k, x, y)
	}
}

func (w *worker) pred(id int32) {
	p := &w.e.pg.preds[id]
	t, f := w.tf(id)
	switch p.kind {
	case pConst:
		for i := range t {
			t[i], f[i] = 0, 0
			switch p.c {
			case True:
				t[i] = w.mask[i]
			case False:
				f[i] = w.mask[i]
			}
		}
	case pCmp:
		l, _ := w.values(p.l)
		r, c := w.values(p.r)
		if r == nil && p.cmp >= opLT {
			switch p.cmp {
			case opGE:
				cmpGE(l, c, t)
			case opGT:
				cmpGT(l, c, t)
			case opLE:
				cmpLE(l, c, t)
			case opLT:
				cmpLT(l, c, t)
			}
			k := w.knownOf(p.l, l)
			for i := range f {
				f[i] = k[i] &^ t[i]
			}
		} else if r == nil {
			cmpConst(p.cmp, l, c, t, f)
		} else {
			cmpCols(p.cmp, l, r, t, f)
		}
	case pBool:
		col := w.c.num[p.attr]
		if col == nil {
			clear(t)
			clear(f)
			return
		}
		cmpConst(opNE, col[w.start:w.start+blockRows], 0, t, f)
	case pStr:
		codes := w.c.code[p.attr]
		if codes == nil {
			clear(t)
			clear(f)
			return
		}
		table := w.tables[id]
		codes = codes[w.start : w.start+blockRows]
		for i := range t {
			var tw, fw uint64
			for j, code := range codes[i*64 : i*64+64] {
				v := table[code]
				tw |= b2u(v == True) << j
				fw |= b2u(v == False) << j
			}
			t[i], f[i] = tw, fw
		}
	case pTag:
		known := w.c.tagKnown[p.attr]
		if known == nil {
			clear(t)
			clear(f)
			return
		}
		o := w.start / 64
		has := w.c.tagBits[p.attr][p.tag]
		for i := range t {
			k := known[o+i]
			var h uint64
			if has != nil {
				h = has[o+i]
			}
			t[i], f[i] = k&h, k&^h
		}
	case pNot:
		kt, kf := w.tf(p.kids[0])
		copy(t, kf)
		copy(f, kt)
	case pAnd, pOr:
		kt, kf := w.tf(p.kids[0])
		copy(t, kt)
		copy(f, kf)
		for _, k := range p.kids[1:] {
			kt, kf := w.tf(k)
			if p.kind == pAnd {
				for i := range t {
					t[i] &= kt[i]
					f[i] |= kf[i]
				}
			} else {
				for i := range t {
					t[i] |= kt[i]
					f[i] &= kf[i]
				}
			}
		}
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// cmpConst sets t where v op c holds and f where it fails; NaN (unknown)
// is in neither.
func cmpConst(op cmpOp, v []float64, c float64, t, f []uint64) {
	for i := range t {
		vs := v[i*64 : i*64+64 : i*64+64]
		var tw, fw uint64
		switch op {
		case opGE:
			for j, x := range vs {
				tw |= b2u(x >= c) << j
				fw |= b2u(x < c) << j
			}
		case opGT:
			for j, x := range vs {
				tw |= b2u(x > c) << j
				fw |= b2u(x <= c) << j
			}
		case opLE:
			for j, x := range vs {
				tw |= b2u(x <= c) << j
				fw |= b2u(x > c) << j
			}
		case opLT:
			for j, x := range vs {
				tw |= b2u(x < c) << j
				fw |= b2u(x >= c) << j
			}
		case opEQ:
			for j, x := range vs {
				tw |= b2u(x == c) << j
				fw |= b2u(x != c && x == x) << j
			}
		case opNE:
			for j, x := range vs {
				tw |= b2u(x != c && x == x) << j
				fw |= b2u(x == c) << j
			}
		}
		t[i], f[i] = tw, fw
	}
}

// The ordered comparisons with a constant are the bulk of the work: they
// set only the true bits, four independent accumulators so the CPU
// overlaps them, and the false bits are the known rows that are not true.

func cmpGE(v []float64, c float64, t []uint64) {
	for i := range t {
		vs := v[i*64 : i*64+64 : i*64+64]
		var a0, a1, a2, a3 uint64
		for j := 0; j < 64; j += 4 {
			a0 |= b2u(vs[j] >= c) << j
			a1 |= b2u(vs[j+1] >= c) << (j + 1)
			a2 |= b2u(vs[j+2] >= c) << (j + 2)
			a3 |= b2u(vs[j+3] >= c) << (j + 3)
		}
		t[i] = a0 | a1 | a2 | a3
	}
}

func cmpGT(v []float64, c float64, t []uint64) {
	for i := range t {
		vs := v[i*64 : i*64+64 : i*64+64]
		var a0, a1, a2, a3 uint64
		for j := 0; j < 64; j += 4 {
			a0 |= b2u(vs[j] > c) << j
			a1 |= b2u(vs[j+1] > c) << (j + 1)
			a2 |= b2u(vs[j+2] > c) << (j + 2)
			a3 |= b2u(vs[j+3] > c) << (j + 3)
		}
		t[i] = a0 | a1 | a2 | a3
	}
}

func cmpLE(v []float64, c float64, t []uint64) {
	for i := range t {
		vs := v[i*64 : i*64+64 : i*64+64]
		var a0, a1, a2, a3 uint64
		for j := 0; j < 64; j += 4 {
			a0 |= b2u(vs[j] <= c) << j
			a1 |= b2u(vs[j+1] <= c) << (j + 1)
			a2 |= b2u(vs[j+2] <= c) << (j + 2)
			a3 |= b2u(vs[j+3] <= c) << (j + 3)
		}
		t[i] = a0 | a1 | a2 | a3
	}
}

func cmpLT(v []float64, c float64, t []uint64) {
	for i := range t {
		vs := v[i*64 : i*64+64 : i*64+64]
		var a0, a1, a2, a3 uint64
		for j := 0; j < 64; j += 4 {
			a0 |= b2u(vs[j] < c) << j
			a1 |= b2u(vs[j+1] < c) << (j + 1)
			a2 |= b2u(vs[j+2] < c) << (j + 2)
			a3 |= b2u(vs[j+3] < c) << (j + 3)
		}
		t[i] = a0 | a1 | a2 | a3
	}
}

// knownMask sets the rows whose value is not NaN.
func knownMask(v []float64, k []uint64) {
	for i := range k {
		vs := v[i*64 : i*64+64 : i*64+64]
		var a0, a1, a2, a3 uint64
		for j := 0; j < 64; j += 4 {
			a0 |= b2u(vs[j] == vs[j]) << j
			a1 |= b2u(vs[j+1] == vs[j+1]) << (j + 1)
			a2 |= b2u(vs[j+2] == vs[j+2]) << (j + 2)
			a3 |= b2u(vs[j+3] == vs[j+3]) << (j + 3)
		}
		k[i] = a0 | a1 | a2 | a3
	}
}

func cmpCols(op cmpOp, a, b []float64, t, f []uint64) {
	for i := range t {
		var tw, fw uint64
		for j := range 64 {
			x, y := a[i*64+j], b[i*64+j]
			if x != x || y != y {
				continue
			}
			h := op.holds(x, y)
			tw |= b2u(h) << j
			fw |= b2u(!h) << j
		}
		t[i], f[i] = tw, fw
	}
}

// policies combines each policy's conditions for the block, as combine
// does for one enterprise: zero/one are "no condition fails" and "exactly
// one fails", for the near misses.
func (w *worker) policies() {
	var ownT, ownF, ownZero, ownOne, pT, pF, pZero, pOne, anyT, anyF, near [blockWords]uint64
	for pi := range w.e.policies {
		cp := &w.e.policies[pi]
		w.conj(cp.conds[:cp.common], &ownT, &ownF, &ownZero, &ownOne)
		st, sf, sn := w.pol[pi*3*blockWords:][:blockWords], w.pol[pi*3*blockWords+blockWords:][:blockWords], w.pol[pi*3*blockWords+2*blockWords:][:blockWords]
		if len(cp.paths) == 0 {
			for i := range st {
				st[i], sf[i], sn[i] = ownT[i]&w.mask[i], ownF[i]&w.mask[i], ownOne[i]&w.mask[i]
			}
			continue
		}
		anyT, anyF, near = [blockWords]uint64{}, [blockWords]uint64{}, [blockWords]uint64{}
		for i := range anyF {
			anyF[i] = ^uint64(0)
		}
		for _, r := range cp.paths {
			w.conj(cp.conds[r[0]:r[1]], &pT, &pF, &pZero, &pOne)
			for i := range anyT {
				anyT[i] |= pT[i]
				anyF[i] &= pF[i]
				near[i] |= ownOne[i]&pZero[i] | ownZero[i]&pOne[i]
			}
		}
		for i := range st {
			f := (ownF[i] | anyF[i]) & w.mask[i]
			st[i], sf[i], sn[i] = ownT[i]&anyT[i]&w.mask[i], f, near[i]&f
		}
	}
}

func (w *worker) conj(conds []compiledCond, t, f, zero, one *[blockWords]uint64) {
	for i := range t {
		t[i], f[i], zero[i], one[i] = ^uint64(0), 0, ^uint64(0), 0
	}
	for _, c := range conds {
		if c.pred < 0 { // awaiting review: unknown everywhere
			clear(t[:])
			continue
		}
		ct, cf := w.tf(c.pred)
		for i := range t {
			t[i] &= ct[i]
			f[i] |= cf[i]
			one[i] = one[i]&^cf[i] | zero[i]&cf[i]
			zero[i] &^= cf[i]
		}
	}
}

func (w *worker) count(cnt []Count) {
	for pi := range cnt {
		o := w.pol[pi*3*blockWords:]
		var q, f, n int
		for i := range blockWords {
			q += bits.OnesCount64(o[i])
			f += bits.OnesCount64(o[blockWords+i])
			n += bits.OnesCount64(o[2*blockWords+i])
		}
		cnt[pi].Qualifies += q
		cnt[pi].Fails += f
		cnt[pi].NearMiss += n
		cnt[pi].Maybe += w.rows - q - f
	}
}
