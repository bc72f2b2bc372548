package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// openCases fills a fresh store with n open cases spread over 20
// departments (5% red, 15% yellow), each with its lead assignee and the
// maintained counters, all checks scheduled in the future; it returns the
// store and the id of the first department.
func openCases(b *testing.B, engine store.Engine, n int) (*store.Store, int64) {
	b.Helper()
	s := storetest.Open(b, engine)
	ctx := context.Background()
	t := &testing.T{}
	seedRegions(t, s)
	var depts []int64
	err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		for i := range 20 {
			d := &model.Department{RegionCode: "411203", Code: fmt.Sprintf("d%02d", i), Name: fmt.Sprintf("部门%d", i)}
			if err := tx.CreateDepartment(ctx, d); err != nil {
				return err
			}
			depts = append(depts, d.ID)
		}
		return tx.CreateEnterprise(ctx, enterprise("91411203MA0000001X", "基准企业", "411203"))
	})
	if err != nil {
		b.Fatal(err)
	}
	db := s.DB()
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	ts := func(t time.Time) string { return "'" + t.Format("2006-01-02 15:04:05") + "+00'" }
	if engine == store.SQLite {
		ts = func(t time.Time) string { return "'" + t.Format("2006-01-02 15:04:05") + "'" }
	}
	type key struct {
		dept    int64
		warning string
	}
	counts := map[key]int{}
	const chunk = 1000
	for start := 0; start < n; start += chunk {
		var cases, assignees strings.Builder
		for i := start; i < min(start+chunk, n); i++ {
			id := i + 1
			warning := "none"
			switch r := rng.IntN(100); {
			case r < 5:
				warning = "red"
			case r < 20:
				warning = "yellow"
			}
			dept := depts[rng.IntN(len(depts))]
			counts[key{0, warning}]++
			counts[key{dept, warning}]++
			due := now.Add(time.Duration(rng.IntN(30*24)-10*24) * time.Hour)
			next := now.Add(time.Duration(1+rng.IntN(20*24)) * time.Hour)
			if i > start {
				cases.WriteString(",")
				assignees.WriteString(",")
			}
			fmt.Fprintf(&cases, "(%d,'411203-2026-%07d','411203','411203',1,'problem',1,'hotline','基准事项','','in_progress','%s',TRUE,%s,7,FALSE,0,0,%s,FALSE,%s,%s,%s,%s)",
				id, id, warning, ts(now), ts(due), ts(now), ts(next), ts(now), ts(now))
			fmt.Fprintf(&assignees, "(%d,'lead',%d,TRUE,'%s',%s,%s)", id, dept, warning, ts(due), ts(now))
		}
		if _, err := db.Exec(`INSERT INTO cases (id, number, region_code, scope_code, enterprise_id, kind, category_id, source, title, description,
			status, warning, open, received_at, time_limit, fixed_due, extension_workdays, suspended_workdays, due_at, provisional,
			last_progress_at, next_check_at, created_at, updated_at) VALUES ` + cases.String()); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO case_assignees (case_id, role, department_id, open, warning, due_at, assigned_at) VALUES ` + assignees.String()); err != nil {
			b.Fatal(err)
		}
	}
	for k, v := range counts {
		if _, err := db.Exec(fmt.Sprintf("INSERT INTO case_counts (region_code, department_id, warning, shard, n) VALUES ('411203', %d, '%s', 0, %d)", k.dept, k.warning, v)); err != nil {
			b.Fatal(err)
		}
	}
	if engine == store.Postgres {
		db.Exec("ANALYZE")
		db.Exec("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases))")
	} else {
		db.Exec("ANALYZE")
	}
	return s, depts[0]
}

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
			s, dept := openCases(b, engine, n)
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
