package solver

import "math"

// unreachable is the distance of a node no residual path reaches.
const unreachable = math.MaxInt64

// residual indexes a solved network's arcs by node, for shortest paths in
// its residual graph. Lengths are reduced costs under the final potentials,
// which are non-negative on every residual arc of an optimal flow, so
// Dijkstra applies; the caller turns a reduced length back into a cost.
type residual struct {
	nw                *network
	outStart, outArcs []int32
	inStart, inArcs   []int32
}

func newResidual(nw *network) *residual {
	n, m := nw.nodes(), nw.arcs()
	g := &residual{nw: nw, outStart: make([]int32, n+1), inStart: make([]int32, n+1), outArcs: make([]int32, m), inArcs: make([]int32, m)}
	for e := 0; e < m; e++ {
		g.outStart[nw.src[e]+1]++
		g.inStart[nw.dst[e]+1]++
	}
	for v := 0; v < n; v++ {
		g.outStart[v+1] += g.outStart[v]
		g.inStart[v+1] += g.inStart[v]
	}
	outPos := append([]int32(nil), g.outStart[:n]...)
	inPos := append([]int32(nil), g.inStart[:n]...)
	for e := int32(0); e < int32(m); e++ {
		s, d := nw.src[e], nw.dst[e]
		g.outArcs[outPos[s]] = e
		outPos[s]++
		g.inArcs[inPos[d]] = e
		inPos[d]++
	}
	return g
}

// dijkstra returns the reduced length of the shortest residual path from
// every node to start (toStart) or from start to every node.
func (g *residual) dijkstra(start int32, toStart bool) []int64 {
	nw := g.nw
	dist := make([]int64, nw.nodes())
	for v := range dist {
		dist[v] = unreachable
	}
	dist[start] = 0
	h := &distHeap{}
	h.push(start, 0)
	done := make([]bool, nw.nodes())
	relax := func(v int32, d int64) {
		if d < dist[v] {
			dist[v] = d
			h.push(v, d)
		}
	}
	for h.len() > 0 {
		u, du := h.pop()
		if done[u] || du > dist[u] {
			continue
		}
		done[u] = true
		// Residual arcs leaving u (from start) or entering u (to start):
		// an arc e = (a, b) offers a → b while below capacity, length
		// rc(e), and b → a while it carries flow, length −rc(e).
		for _, e := range g.outArcs[g.outStart[u]:g.outStart[u+1]] {
			b := nw.dst[e]
			if done[b] {
				continue
			}
			if !toStart && nw.flow[e] < nw.cap[e] {
				relax(b, du+nw.reduced(e))
			}
			if toStart && nw.flow[e] > 0 {
				relax(b, du-nw.reduced(e))
			}
		}
		for _, e := range g.inArcs[g.inStart[u]:g.inStart[u+1]] {
			a := nw.src[e]
			if done[a] {
				continue
			}
			if !toStart && nw.flow[e] > 0 {
				relax(a, du-nw.reduced(e))
			}
			if toStart && nw.flow[e] < nw.cap[e] {
				relax(a, du+nw.reduced(e))
			}
		}
	}
	return dist
}

// distHeap is a binary min-heap of (node, distance) with lazy deletion.
type distHeap struct {
	node []int32
	dist []int64
}

func (h *distHeap) len() int { return len(h.node) }

func (h *distHeap) push(v int32, d int64) {
	h.node = append(h.node, v)
	h.dist = append(h.dist, d)
	i := len(h.node) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.dist[p] <= h.dist[i] {
			break
		}
		h.swap(i, p)
		i = p
	}
}

func (h *distHeap) pop() (int32, int64) {
	v, d := h.node[0], h.dist[0]
	last := len(h.node) - 1
	h.swap(0, last)
	h.node, h.dist = h.node[:last], h.dist[:last]
	i := 0
	for {
		l, r, s := 2*i+1, 2*i+2, i
		if l < last && h.dist[l] < h.dist[s] {
			s = l
		}
		if r < last && h.dist[r] < h.dist[s] {
			s = r
		}
		if s == i {
			return v, d
		}
		h.swap(i, s)
		i = s
	}
}

func (h *distHeap) swap(a, b int) {
	h.node[a], h.node[b] = h.node[b], h.node[a]
	h.dist[a], h.dist[b] = h.dist[b], h.dist[a]
}
