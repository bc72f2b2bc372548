package service_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// BenchmarkWarningClock measures one tick of the warning clock when 100
// cases have fallen due, among 10,000 and among 1,000,000 open cases: the
// cost follows the transitions due, not the open cases.
func BenchmarkWarningClock(b *testing.B) {
	sizes := []int{10_000, 1_000_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, engine := range storetest.Engines() {
		for _, n := range sizes {
			s := storetest.Open(b, engine)
			storetest.FillOpenCases(b, s, n)
			svc := service.New(s)
			rng := rand.New(rand.NewPCG(3, 4))
			b.Run(fmt.Sprintf("%s/open=%d/due=100", engine, n), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					ids := make([]string, 100)
					for i := range ids {
						ids[i] = fmt.Sprint(1 + rng.IntN(n))
					}
					past := time.Now().Add(-time.Minute).UTC().Format("2006-01-02 15:04:05")
					if _, err := s.DB().Exec("UPDATE cases SET next_check_at = '" + past + "' WHERE id IN (" + strings.Join(ids, ",") + ")"); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					got, err := svc.Tick(ctx)
					if err != nil || got == 0 {
						b.Fatalf("tick: %d %v", got, err)
					}
				}
			})
		}
	}
}
