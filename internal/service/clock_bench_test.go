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
// cost follows the transitions due, not the open cases. Each round makes
// 100 distinct cases due outside the timer; the tick must recheck exactly
// those 100 and leave none of them due.
func BenchmarkWarningClock(b *testing.B) {
	sizes := []int{10_000, 1_000_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	const due = 100
	for _, engine := range storetest.Engines() {
		for _, n := range sizes {
			s := storetest.Open(b, engine)
			storetest.FillOpenCases(b, s, n)
			svc := service.New(s)
			rng := rand.New(rand.NewPCG(3, 4))
			if left, err := s.DueChecks(ctx, time.Now(), 1); err != nil || len(left) != 0 {
				b.Fatalf("freshly filled store has cases due: %v %v", left, err)
			}
			b.Run(fmt.Sprintf("%s/open=%d/due=%d", engine, n, due), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					picked := map[int]bool{}
					ids := make([]string, 0, due)
					for len(ids) < due {
						id := 1 + rng.IntN(n)
						if !picked[id] {
							picked[id] = true
							ids = append(ids, fmt.Sprint(id))
						}
					}
					past := time.Now().Add(-time.Minute).UTC().Format("2006-01-02 15:04:05")
					res, err := s.DB().Exec("UPDATE cases SET next_check_at = '" + past + "' WHERE id IN (" + strings.Join(ids, ",") + ")")
					if err != nil {
						b.Fatal(err)
					}
					if k, err := res.RowsAffected(); err != nil || k != due {
						b.Fatalf("made %d cases due, want %d (%v)", k, due, err)
					}
					b.StartTimer()
					got, err := svc.Tick(ctx)
					b.StopTimer()
					if err != nil || got != due {
						b.Fatalf("tick rechecked %d cases, want %d (%v)", got, due, err)
					}
					if left, err := s.DueChecks(ctx, time.Now(), due); err != nil || len(left) != 0 {
						b.Fatalf("after the tick %d cases are still due: %v %v", len(left), left, err)
					}
					b.StartTimer()
				}
			})
		}
	}
}
