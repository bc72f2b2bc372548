package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// FillOpenCases fills a migrated store with n open cases spread over 20
// departments (5% red, 15% yellow), each with its lead assignee and the
// maintained counters, all checks scheduled in the future, written straight
// to the tables (a million take a minute, not an hour); it returns the id
// of the first department. For benchmarks.
func FillOpenCases(b testing.TB, s *store.Store, n int) int64 {
	b.Helper()
	ctx := context.Background()
	engine := s.Engine()
	regions := []model.Region{
		{Code: "410000", Name: "河南省", Level: 1, Prefix: "41"},
		{Code: "411200", Name: "三门峡市", Level: 2, ParentCode: "410000", Prefix: "4112"},
		{Code: "411203", Name: "陕州区", Level: 3, ParentCode: "411200", Prefix: "411203"},
	}
	var depts []int64
	err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		for i := range regions {
			if _, err := tx.PutRegion(ctx, &regions[i]); err != nil {
				return err
			}
		}
		for i := range 20 {
			d := &model.Department{RegionCode: "411203", Code: fmt.Sprintf("d%02d", i), Name: fmt.Sprintf("部门%d", i)}
			if err := tx.CreateDepartment(ctx, d); err != nil {
				return err
			}
			depts = append(depts, d.ID)
		}
		return tx.CreateEnterprise(ctx, &model.Enterprise{USCC: "91411203MA0000001X", Name: "基准企业", RegionCode: "411203"})
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
	return depts[0]
}

// FillVisits adds ents enterprises and writes n visits (each by one
// commissioner) spread over them and over the year 2026, straight to the
// tables. For benchmarks; the store must hold the region 411203 and a user
// with id 1.
func FillVisits(b testing.TB, s *store.Store, ents, n int) {
	b.Helper()
	db := s.DB()
	rng := rand.New(rand.NewPCG(5, 6))
	ts := time.Now().UTC().Format("2006-01-02 15:04:05")
	var first int64
	db.QueryRow("SELECT COALESCE(MAX(id), 0) + 1 FROM enterprises").Scan(&first)
	const chunk = 1000
	for start := 0; start < ents; start += chunk {
		var sb strings.Builder
		for i := start; i < min(start+chunk, ents); i++ {
			if i > start {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, "(%d,'BENCH%013d','基准企业%d','411203','411203','%s','%s')", first+int64(i), i, i, ts, ts)
		}
		if _, err := db.Exec("INSERT INTO enterprises (id, uscc, name, region_code, scope_code, created_at, updated_at) VALUES " + sb.String()); err != nil {
			b.Fatal(err)
		}
	}
	for start := 0; start < n; start += chunk {
		var visits, people strings.Builder
		for i := start; i < min(start+chunk, n); i++ {
			if i > start {
				visits.WriteString(",")
				people.WriteString(",")
			}
			day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365)).Format("2006-01-02")
			fmt.Fprintf(&visits, "(%d,'411203','411203',%d,'%s','onsite','','%s',TRUE)", i+1, first+int64(rng.IntN(ents)), day, ts)
			fmt.Fprintf(&people, "(%d,1,'commissioner')", i+1)
		}
		if _, err := db.Exec("INSERT INTO visits (id, region_code, scope_code, enterprise_id, visited_on, mode, notes, created_at, by_commissioner) VALUES " + visits.String()); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec("INSERT INTO visit_people (visit_id, user_id, role) VALUES " + people.String()); err != nil {
			b.Fatal(err)
		}
	}
	// The per-day counters every visit write keeps.
	if _, err := db.Exec(`INSERT INTO visit_days (scope_code, day, by_commissioner, n)
		SELECT scope_code, visited_on, by_commissioner, COUNT(*) FROM visits GROUP BY scope_code, visited_on, by_commissioner`); err != nil {
		b.Fatal(err)
	}
	db.Exec("ANALYZE")
}

// FillAssignments gives n enterprises without a commissioner (lowest ids
// first) one, round-robin over the store's commissioners, straight to the
// table, and returns how many enterprises are now covered. For benchmarks.
func FillAssignments(b testing.TB, s *store.Store, n int) int {
	b.Helper()
	db := s.DB()
	var users []int64
	rows, err := db.Query("SELECT id FROM users WHERE role = 'commissioner' ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		users = append(users, id)
	}
	rows.Close()
	if len(users) == 0 {
		b.Fatal("no commissioners")
	}
	var ents []int64
	rows, err = db.Query(`SELECT id FROM enterprises WHERE NOT EXISTS (SELECT 1 FROM commissioner_assignments a
		WHERE a.enterprise_id = enterprises.id AND a.ended_at IS NULL) ORDER BY id LIMIT ` + strconv.Itoa(n))
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ents = append(ents, id)
	}
	rows.Close()
	ts := time.Now().UTC().Format("2006-01-02 15:04:05")
	const chunk = 1000
	for start := 0; start < len(ents); start += chunk {
		var sb strings.Builder
		for i := start; i < min(start+chunk, len(ents)); i++ {
			if i > start {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, "(%d,%d,'411203','%s')", ents[i], users[i%len(users)], ts)
		}
		if _, err := db.Exec("INSERT INTO commissioner_assignments (enterprise_id, user_id, region_code, started_at) VALUES " + sb.String()); err != nil {
			b.Fatal(err)
		}
	}
	db.Exec("ANALYZE")
	var covered int
	if err := db.QueryRow("SELECT COUNT(*) FROM commissioner_assignments WHERE ended_at IS NULL").Scan(&covered); err != nil {
		b.Fatal(err)
	}
	return covered
}
