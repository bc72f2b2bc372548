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
// HTTP requests would), each with its audit row, counters and clock. The
// district is set up before the timer starts; afterwards the store must
// hold exactly b.N cases and an intact audit chain.
func BenchmarkCreateCase(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			s := storetest.Open(b, engine)
			w := newWorld(b, s)
			var n atomic.Int64
			b.SetParallelism(16) // 32 goroutines on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_, created, err := w.svc.CreateCase(ctx, w.coord, service.CaseInput{EnterpriseID: w.entID, Category: "资金",
						Title: fmt.Sprintf("压测 %d", n.Add(1))})
					if err != nil || !created {
						b.Errorf("create: created %v, %v", created, err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
			page, err := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{Limit: 1})
			if err != nil || page.Total != b.N {
				b.Fatalf("%d cases stored after %d intakes (%v)", page.Total, b.N, err)
			}
			if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
				b.Fatalf("audit after the run: %+v %v", brk, err)
			}
		})
	}
}
