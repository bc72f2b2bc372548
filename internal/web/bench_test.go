package web_test

import (
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// BenchmarkGetEnterprise measures one authenticated GET of an enterprise
// through the whole handler chain (token lookup, scope, JSON), in process.
// The fixture is built before the timer starts; every timed request must
// answer 200 with the same body as the first, checked one, and the count
// of answers must match b.N.
func BenchmarkGetEnterprise(b *testing.B) {
	f := newFixture(b, store.SQLite)
	path := "/api/v1/enterprises/" + id(f.A.ID)
	token := "Bearer " + f.tokens[access.Coordinator]
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec
	}
	first := get()
	if first.Code != 200 || !strings.Contains(first.Body.String(), f.A.USCC) {
		b.Fatalf("GET %s: %d %.300s", path, first.Code, first.Body.String())
	}
	size := first.Body.Len()
	var served atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := get()
			if rec.Code != 200 || rec.Body.Len() != size {
				b.Errorf("status %d, %d bytes, want 200 and %d bytes", rec.Code, rec.Body.Len(), size)
				return
			}
			served.Add(1)
		}
	})
	b.StopTimer()
	if n := served.Load(); n != int64(b.N) {
		b.Fatalf("answered %d of %d requests", n, b.N)
	}
}
