package service_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// BenchmarkCreateCase opens cases from parallel goroutines (as concurrent
// HTTP requests would), each with its audit row, counters and clock.
func BenchmarkCreateCase(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			s := storetest.Open(b, engine)
			t := &testing.T{}
			w := newWorld(t, s)
			var n atomic.Int64
			b.SetParallelism(16) // 32 goroutines on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_, _, err := w.svc.CreateCase(ctx, w.coord, service.CaseInput{EnterpriseID: w.entID, Category: "资金",
						Title: fmt.Sprintf("压测 %d", n.Add(1))})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
		})
	}
}

var _ = store.SQLite
