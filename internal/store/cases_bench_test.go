package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

func caseSizes() []int {
	if testing.Short() {
		return []int{10_000}
	}
	return []int{10_000, 1_000_000}
}

// BenchmarkRedCasesOfDepartment lists the first page of one department's
// red cases, and reads the board's counters.
func BenchmarkRedCasesOfDepartment(b *testing.B) {
	ctx := context.Background()
	for _, engine := range storetest.Engines() {
		for _, n := range caseSizes() {
			s := storetest.Open(b, engine)
			dept := storetest.FillOpenCases(b, s, n)
			b.Run(fmt.Sprintf("%s/open=%d/red-of-department", engine, n), func(b *testing.B) {
				for b.Loop() {
					page, err := s.Cases(ctx, store.CaseScope{Prefix: "411203"}, store.CaseFilter{DepartmentID: dept, Warning: model.WarningRed, Open: true, Limit: 20, NoCount: true})
					if err != nil || len(page.Items) != 20 {
						b.Fatalf("%v %d", err, len(page.Items))
					}
				}
			})
			b.Run(fmt.Sprintf("%s/open=%d/board-counts", engine, n), func(b *testing.B) {
				for b.Loop() {
					c, err := s.CaseCounts(ctx, "411203")
					if err != nil || c[0].Red == 0 {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/open=%d/due-checks", engine, n), func(b *testing.B) {
				// Nothing is due: finding that out must not depend on n.
				for b.Loop() {
					ids, err := s.DueChecks(ctx, time.Now(), 200)
					if err != nil || len(ids) != 0 {
						b.Fatal(err, len(ids))
					}
				}
			})
		}
	}
}
