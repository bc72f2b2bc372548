package service_test

import (
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

func TestPlanPeriod(t *testing.T) {
	for _, c := range []struct{ period, on, start, end string }{
		{"week", "2026-03-02", "2026-03-02", "2026-03-08"}, // a Monday
		{"week", "2026-03-08", "2026-03-02", "2026-03-08"}, // its Sunday
		{"week", "2026-12-31", "2026-12-28", "2027-01-03"}, // across the year
		{"month", "2026-02-14", "2026-02-01", "2026-02-28"},
		{"month", "2024-02-29", "2024-02-01", "2024-02-29"},
		{"month", "2026-12-31", "2026-12-01", "2026-12-31"},
	} {
		start, end, ok := service.PlanPeriod(c.period, date(c.on))
		if !ok || start.String() != c.start || end.String() != c.end {
			t.Errorf("%s of %s: %s–%s %v, want %s–%s", c.period, c.on, start, end, ok, c.start, c.end)
		}
	}
	if _, _, ok := service.PlanPeriod("year", date("2026-03-02")); ok {
		t.Error("a year is not a plan period")
	}
}

func TestVisitPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s) // Monday 2026-03-02
		mk := func(login string) *access.Principal {
			u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: login, Name: login, Role: access.Commissioner, RegionCode: "411203", Password: "password-1"})
			if err != nil {
				t.Fatal(err)
			}
			return service.PrincipalOf(u)
		}
		zy, other := mk("zy"), mk("other")
		week, err := w.svc.PlanVisit(ctx, zy, service.PlanInput{EnterpriseID: w.entID, Period: "week", Note: "了解用工"})
		if err != nil || week.StartsOn.String() != "2026-03-02" || week.EndsOn.String() != "2026-03-08" {
			t.Fatalf("plan: %+v %v", week, err)
		}
		if _, err := w.svc.PlanVisit(ctx, zy, service.PlanInput{EnterpriseID: w.entID, Period: "week", On: date("2026-03-05")}); errCode(err) != "already_planned" {
			t.Fatalf("twice in a week: %v", err)
		}
		month, err := w.svc.PlanVisit(ctx, zy, service.PlanInput{EnterpriseID: w.entID, Period: "month", On: date("2026-04-10")})
		if err != nil || month.StartsOn.String() != "2026-04-01" {
			t.Fatalf("next month: %+v %v", month, err)
		}
		for name, c := range map[string]struct {
			p    *access.Principal
			in   service.PlanInput
			code string
		}{
			"past week":   {zy, service.PlanInput{EnterpriseID: w.entID, Period: "week", On: date("2026-02-27")}, "invalid"},
			"bad period":  {zy, service.PlanInput{EnterpriseID: w.entID, Period: "day"}, "invalid"},
			"no such ent": {zy, service.PlanInput{EnterpriseID: 999999, Period: "week"}, "invalid"},
			"too far":     {zy, service.PlanInput{EnterpriseID: w.entID, Period: "month", On: date("2027-06-01")}, "invalid"},
			"coordinator": {w.coord, service.PlanInput{EnterpriseID: w.entID, Period: "week"}, "forbidden"},
		} {
			if _, err := w.svc.PlanVisit(ctx, c.p, c.in); errCode(err) != c.code {
				t.Fatalf("%s: %v, want %s", name, err, c.code)
			}
		}

		// Another commissioner's visit does not complete zy's plan; zy's own does.
		if _, _, err := w.svc.RecordVisit(ctx, other, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-03-02")}); err != nil {
			t.Fatal(err)
		}
		items, err := w.svc.Plans(ctx, zy, date("2026-03-01"), date("2026-03-31"))
		if err != nil || len(items) != 1 || items[0].VisitedOn != nil {
			t.Fatalf("before zy's visit: %+v %v", items, err)
		}
		w.now = at("2026-03-04 16:00")
		if _, _, err := w.svc.RecordVisit(ctx, zy, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-03-04")}); err != nil {
			t.Fatal(err)
		}
		items, err = w.svc.Plans(ctx, zy, date("2026-03-01"), date("2026-04-30"))
		if err != nil || len(items) != 2 || items[0].VisitedOn == nil || items[0].VisitedOn.String() != "2026-03-04" || items[1].VisitedOn != nil {
			t.Fatalf("after: %+v %v", items, err)
		}
		// The office sees the region's plans; others' plans stay theirs.
		if all, err := w.svc.Plans(ctx, w.coord, date("2026-03-01"), date("2026-04-30")); err != nil || len(all) != 2 || all[0].UserName != "zy" {
			t.Fatalf("office: %+v %v", all, err)
		}
		if mine, err := w.svc.Plans(ctx, other, date("2026-03-01"), date("2026-04-30")); err != nil || len(mine) != 0 {
			t.Fatalf("other's plan: %+v %v", mine, err)
		}
		if _, err := w.svc.Plans(ctx, w.ent, date("2026-03-01"), date("2026-04-30")); errCode(err) != "forbidden" {
			t.Fatalf("enterprise: %v", err)
		}
		if err := w.svc.Unplan(ctx, other, month.ID); errCode(err) != "not_found" {
			t.Fatalf("removing another's item: %v", err)
		}
		if err := w.svc.Unplan(ctx, zy, month.ID); err != nil {
			t.Fatal(err)
		}
		if items, _ := w.svc.Plans(ctx, zy, date("2026-03-01"), date("2026-04-30")); len(items) != 1 {
			t.Fatalf("after removal: %d items", len(items))
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit %v %+v", err, brk)
		}
	})
}
