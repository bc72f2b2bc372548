package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/demo"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// clocks are the moments the demo is seeded at in the tests: the turn of
// a year, the first working day after the Spring Festival, a make-up
// Saturday (调休), New Year's Eve, in 2026 and in 2027, and now.
var clocks = []string{
	"2026-01-01 00:30", "2026-02-24 09:00", "2026-02-28 15:00", "2026-12-31 23:30",
	"2027-01-01 10:00", "2027-02-14 11:00", "2027-06-15 09:00", "2027-12-31 23:59",
}

// TestSeedIsIdempotentAndComplete seeds the demo at the clocks above on
// SQLite and at two of them and now on PostgreSQL (each seed writes a
// year of history), and checks the seed's figures each time.
func TestSeedIsIdempotentAndComplete(t *testing.T) {
	for _, e := range storetest.Engines() {
		moments := append(clocks[:len(clocks):len(clocks)], "now")
		if e == store.Postgres {
			moments = []string{"2026-01-01 00:30", "2027-02-14 11:00", "now"}
		}
		for _, m := range moments {
			t.Run(string(e)+"/"+strings.ReplaceAll(m, " ", "T"), func(t *testing.T) {
				t.Parallel()
				now := time.Now()
				if m != "now" {
					var err error
					if now, err = time.ParseInLocation("2006-01-02 15:04", m, sla.Shanghai); err != nil {
						t.Fatal(err)
					}
				}
				checkSeed(t, storetest.Open(t, e), now)
			})
		}
	}
}

func checkSeed(t *testing.T, s *store.Store, now time.Time) {
	t.Helper()
	ctx := context.Background()
	svc := service.New(s)
	svc.Now = func() time.Time { return now }
	res, err := demo.Seed(ctx, svc, s, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n1, brk, err := s.VerifyAudit(ctx)
	if err != nil || brk != nil {
		t.Fatal(err, brk)
	}
	if _, err := demo.Seed(ctx, svc, s, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	n2, _, _ := s.VerifyAudit(ctx)
	if n1 != n2 {
		t.Fatalf("second seed wrote %d audit rows; seeding twice must change nothing", n2-n1)
	}
	if res.Enterprises != 300 {
		t.Fatalf("enterprises %d", res.Enterprises)
	}
	scope := access.Scope{Prefix: "411203"}
	page, err := s.Enterprises(ctx, scope, store.EnterpriseFilter{Limit: 1000})
	if err != nil || page.Total != 300 {
		t.Fatalf("enterprises in the district: %d %v", page.Total, err)
	}
	for _, e := range page.Items {
		if err := uscc.Validate(e.USCC); err != nil {
			t.Fatalf("%s: %v", e.USCC, err)
		}
		if err := industry.Validate(e.IndustryCode); err != nil {
			t.Fatalf("%s: %v", e.IndustryCode, err)
		}
		if e.TownshipCode == "" || e.NameInitials == "" {
			t.Fatalf("incomplete demo enterprise %+v", e)
		}
	}
	roles := map[access.Role]int{}
	users, _ := s.Users(ctx, "411203", "")
	for _, u := range users {
		roles[u.Role]++
	}
	for _, r := range access.Roles {
		if roles[r] == 0 {
			t.Errorf("no demo user with role %s", r)
		}
	}
	depts, _ := s.Departments(ctx, "411203")
	regions, _ := s.Regions(ctx, "411203")
	teams, _ := s.Teams(ctx, "411203")
	if len(depts) < 20 || len(regions) != 14 || len(teams) != 3 {
		t.Fatalf("departments %d, regions %d, teams %d", len(depts), len(regions), len(teams))
	}
	// Cases of every source, state and warning level, and the eight
	// provincial-platform complaints resolved this year.
	all, err := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	sources, statuses, warnings := map[model.CaseSource]int{}, map[model.CaseStatus]int{}, map[model.Warning]int{}
	platformResolved := 0
	from, to := demo.Period(now)
	for _, c := range all.Items {
		sources[c.Source]++
		statuses[c.Status]++
		warnings[c.Warning]++
		if c.Source == model.SourcePlatform && c.Kind == model.KindComplaint && c.ResolvedAt != nil {
			if d := model.DateOf(c.ResolvedAt.In(sla.Shanghai)); !from.After(d) && !d.After(to) {
				platformResolved++
			}
		}
	}
	for _, src := range model.CaseSources {
		if sources[src] == 0 {
			t.Errorf("no demo case from source %s", src)
		}
	}
	for _, st := range model.CaseStatuses {
		if statuses[st] == 0 {
			t.Errorf("no demo case in state %s", st)
		}
	}
	for _, w := range model.Warnings {
		if warnings[w] == 0 {
			t.Errorf("no demo case with warning %s", w)
		}
	}
	if platformResolved != 8 {
		t.Errorf("platform complaints resolved this year: %d, want 8", platformResolved)
	}
	cov, err := svc.Coverage(ctx, &access.Principal{Role: access.Coordinator, RegionPrefix: "411203"})
	if err != nil || cov.Covered != 240 || cov.Uncovered != 60 {
		t.Fatalf("coverage %+v %v", cov, err)
	}
	// The seed's figures, counted from the records of the demo's year.
	st, err := svc.Statistics(ctx, &access.Principal{Role: access.Coordinator, RegionPrefix: "411203"}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if st.CommissionerVisits != 16 || st.CommissionerProblems != 35 || st.CommissionerSolved != 33 {
		t.Errorf("commissioner visits %d, problems %d, solved %d; want 16, 35, 33", st.CommissionerVisits, st.CommissionerProblems, st.CommissionerSolved)
	}
	if st.EventsHeld != 2 || st.ConsultationsAnswered < 40 || st.EnterprisesGuided != 8 {
		t.Errorf("events %d, consultations %d, guided %d; want 2, 40+, 8", st.EventsHeld, st.ConsultationsAnswered, st.EnterprisesGuided)
	}
	if len(st.ByCampaign) != 1 || st.ByCampaign[0].Name != "万人助万企" || st.ByCampaign[0].Solved != 78 {
		t.Errorf("campaign %+v; want 万人助万企 with 78 solved", st.ByCampaign)
	}
	platform := 0
	for _, x := range st.ComplaintsResolved {
		if x.Key == "complaint_platform" {
			platform = x.Solved
		}
	}
	if platform != 8 {
		t.Errorf("platform complaints resolved this year: %d, want 8", platform)
	}
	// The admin can log in with the printed password.
	if _, err := svc.Login(ctx, "admin", demo.DefaultAdminPassword); err != nil {
		t.Fatalf("admin login: %v", err)
	}
}
