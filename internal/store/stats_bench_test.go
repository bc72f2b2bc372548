package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
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
			// 400 commissioners: the first is the one FillVisits credits.
			for i := range 400 {
				u := &model.User{Login: fmt.Sprintf("zy%03d", i), Name: fmt.Sprintf("专员%03d", i), Role: "commissioner", RegionCode: "411203", PasswordHash: "x"}
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		storetest.FillVisits(b, s, 100_000, 1_000_000)
		covered := storetest.FillAssignments(b, s, 80_000)
		b.Run(fmt.Sprintf("%s/visits=1M", engine), func(b *testing.B) {
			for b.Loop() {
				st, err := s.Statistics(ctx, "411203", model.Date{Year: 2026, Month: 1, Day: 1}, model.Date{Year: 2026, Month: 12, Day: 31})
				if err != nil || st.Visits != 1_000_000 {
					b.Fatal(err, st.Visits)
				}
			}
		})
		// What the coverage page reads: the counts and loads, the first
		// 100 uncovered enterprises, and those not visited in 90 days.
		b.Run(fmt.Sprintf("%s/coverage-page", engine), func(b *testing.B) {
			scope := access.Scope{Prefix: "411203"}
			since := model.Date{Year: 2026, Month: 10, Day: 1}
			for b.Loop() {
				o, err := s.CoverageView(ctx, scope, since, 100)
				if err != nil || o.Covered != covered || len(o.Loads) != 400 || len(o.Uncovered) != 100 {
					b.Fatal(err, o)
				}
			}
		})
	}
}
