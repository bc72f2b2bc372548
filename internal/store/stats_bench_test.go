package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// BenchmarkStatistics computes one district's figures for a year with
// 100,000 enterprises, 1,000,000 visits and 10,000 open cases (issue 4:
// under 200 ms).
func BenchmarkStatistics(b *testing.B) {
	ctx := context.Background()
	for _, engine := range storetest.Engines() {
		s := storetest.Open(b, engine)
		storetest.FillOpenCases(b, s, 10_000)
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			return tx.CreateUser(ctx, &model.User{Login: "zy", Role: "commissioner", RegionCode: "411203", PasswordHash: "x"})
		})
		if err != nil {
			b.Fatal(err)
		}
		storetest.FillVisits(b, s, 100_000, 1_000_000)
		b.Run(fmt.Sprintf("%s/visits=1M", engine), func(b *testing.B) {
			for b.Loop() {
				st, err := s.Statistics(ctx, "411203", model.Date{Year: 2026, Month: 1, Day: 1}, model.Date{Year: 2026, Month: 12, Day: 31})
				if err != nil || st.Visits != 1_000_000 {
					b.Fatal(err, st.Visits)
				}
			}
		})
	}
}
