package web_test

import (
	"net/http/httptest"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// BenchmarkGetEnterprise measures one authenticated GET of an enterprise
// through the whole handler chain (token lookup, scope, JSON), in process.
func BenchmarkGetEnterprise(b *testing.B) {
	t := &testing.T{}
	f := newFixture(t, store.SQLite)
	_ = t
	path := "/api/v1/enterprises/" + id(f.A.ID)
	token := "Bearer " + f.tokens[access.Coordinator]
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Authorization", token)
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}
