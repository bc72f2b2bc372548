package service_test

import (
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRecordVisit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s) // the clock stands at 2026-03-02 09:00
		u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: "zy", Name: "孙海波", Role: access.Commissioner, RegionCode: "411203", Password: "password-1"})
		if err != nil {
			t.Fatal(err)
		}
		zy := service.PrincipalOf(u)
		camp, err := w.svc.CreateCampaign(ctx, w.coord, service.CampaignInput{Name: "万人助万企", StartsOn: date("2026-01-01"), EndsOn: date("2026-02-28")})
		if err != nil {
			t.Fatal(err)
		}
		// An enterprise of the other district, out of the commissioner's reach.
		if _, err := w.svc.SetupRegion(ctx, nil, "411202"); err != nil {
			t.Fatal(err)
		}
		code, _ := uscc.Build('9', '1', "411202", "MA000009")
		other, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: code, Name: "湖滨企业", RegionCode: "411202"})
		if err != nil {
			t.Fatal(err)
		}
		young, _ := uscc.Build('9', '1', "411203", "MA000010")
		newco, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: young, Name: "新设企业", RegionCode: "411203", FoundedOn: date("2026-02-20")})
		if err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			in    service.VisitInput
			field string
		}{
			{service.VisitInput{EnterpriseID: w.entID}, "visited_on"},
			{service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-03-03")}, "visited_on"},
			{service.VisitInput{EnterpriseID: newco.ID, VisitedOn: date("2026-02-10")}, "visited_on"},
			{service.VisitInput{EnterpriseID: other.ID, VisitedOn: date("2026-02-10")}, "enterprise_id"},
			{service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-03-01"), CampaignID: camp.ID}, "campaign_id"},
			{service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-10"), Mode: "fax"}, "mode"},
			{service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-10"), Problems: []service.ProblemInput{{Category: "资金", Title: "贷款难"}, {Category: "无此类别", Title: "x"}}}, "problems[1].category"},
		}
		for _, c := range bad {
			_, _, err := w.svc.RecordVisit(ctx, zy, c.in)
			if errCode(err) != "invalid" || !(err.(*service.Error).Field == c.field || hasField(err.(*service.Error), c.field)) {
				t.Errorf("%+v: %v, want invalid %s", c.in, err, c.field)
			}
		}
		if list, total, _ := s.Visits(ctx, access.Scope{}, store.VisitFilter{}); total != 0 || len(list) != 0 {
			t.Fatalf("a rejected visit was written")
		}
		if page, _ := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{}); page.Total != 0 {
			t.Fatalf("a rejected visit's problem was written")
		}
		v, cases, err := w.svc.RecordVisit(ctx, zy, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-10"), CampaignID: camp.ID,
			OfficialIDs: []int64{w.fgw.UserID}, Notes: "了解企业生产经营情况",
			Problems: []service.ProblemInput{{Category: "资金", Title: "贷款难"}, {Category: "用电", Title: "电压不稳", Kind: model.KindComplaint}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.People) != 2 || len(cases) != 2 || len(v.CaseIDs) != 2 {
			t.Fatalf("visit %+v cases %d", v, len(cases))
		}
		for _, c := range cases {
			got, err := s.Case(ctx, store.CaseScope{}, c.ID)
			if err != nil || got.VisitID != v.ID || got.CampaignID != camp.ID || got.Source != model.SourceVisit || got.ReceivedAt.In(service.Shanghai).Format("2006-01-02") != "2026-02-10" {
				t.Fatalf("case of the visit: %+v %v", got, err)
			}
		}
		mine, total, err := w.svc.Visits(ctx, zy, store.VisitFilter{})
		if err != nil || total != 1 || mine[0].ID != v.ID || len(mine[0].CaseIDs) != 2 {
			t.Fatalf("commissioner's visits: %d %+v %v", total, mine, err)
		}
		if _, _, err := w.svc.Visits(ctx, w.fgw, store.VisitFilter{}); errCode(err) != "forbidden" {
			t.Fatalf("department listing visits: %v", err)
		}
		if _, _, err := w.svc.RecordVisit(ctx, w.fgw, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-10")}); errCode(err) != "forbidden" {
			t.Fatalf("department recording a visit: %v", err)
		}
		// Not visited in the last 30 days: the new enterprise, not the visited one.
		view, err := w.svc.CoverageView(ctx, w.coord, 30, 10)
		if err != nil || view.StaleTotal != 1 || len(view.Stale) != 1 || view.Stale[0].ID != newco.ID {
			t.Fatalf("not visited: %+v %v", view, err)
		}
		if view, _ := w.svc.CoverageView(ctx, w.coord, 10, 10); view.StaleTotal != 2 {
			t.Fatalf("not visited in 10 days: %d, want 2", view.StaleTotal)
		}
		if _, err := w.svc.CoverageView(ctx, w.coord, 0, 10); errCode(err) != "invalid" {
			t.Fatalf("0 days: %v", err)
		}
		if _, err := w.svc.CoverageView(ctx, w.fgw, 30, 10); errCode(err) != "forbidden" {
			t.Fatalf("a clerk reading coverage: %v", err)
		}
		if err := w.svc.SetCommissionerCap(ctx, w.coord, 0); errCode(err) != "invalid" {
			t.Fatalf("cap 0: %v", err)
		}
		if err := w.svc.SetCommissionerCap(ctx, w.coord, 12); err != nil || w.svc.CommissionerCap(ctx) != 12 {
			t.Fatalf("cap: %v %d", err, w.svc.CommissionerCap(ctx))
		}
	})
}
