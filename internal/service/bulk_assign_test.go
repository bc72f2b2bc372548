package service_test

import (
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

func TestBulkAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		admin := &access.Principal{Role: access.Admin}
		for _, code := range []string{"411203100", "411203101"} {
			if _, err := w.svc.SetupRegion(ctx, nil, code); err != nil {
				t.Fatal(err)
			}
		}
		// 大营镇 has six uncovered manufacturers and one retailer; 原店镇 one manufacturer.
		mkEnt := func(i int, township, ind string) int64 {
			code, _ := uscc.Build('9', '1', "411203", fmt.Sprintf("MA1%05d", i))
			e, err := w.svc.CreateEnterprise(ctx, admin, service.EnterpriseInput{USCC: code, Name: fmt.Sprintf("企业%02d", i),
				RegionCode: "411203", TownshipCode: township, IndustryCode: ind})
			if err != nil {
				t.Fatal(err)
			}
			return e.ID
		}
		var dayingC []int64
		for i := range 6 {
			dayingC = append(dayingC, mkEnt(i, "411203100", "C39"))
		}
		retail := mkEnt(10, "411203100", "F52")
		yuandian := mkEnt(11, "411203101", "C13")
		mk := func(login, region string) *access.Principal {
			u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: login, Name: login, Role: access.Commissioner, RegionCode: region, Password: "password-1"})
			if err != nil {
				t.Fatal(err)
			}
			return service.PrincipalOf(u)
		}
		// A district commissioner who already serves one enterprise, one
		// of 大营镇 and one of 原店镇 with none.
		district, daying, yd := mk("qu", "411203"), mk("daying", "411203100"), mk("yuandian", "411203101")
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: district.UserID}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetCommissionerCap(ctx, w.coord, 3); err != nil {
			t.Fatal(err)
		}

		pr, err := w.svc.ProposeAssignments(ctx, w.coord, "411203100", "C")
		if err != nil {
			t.Fatal(err)
		}
		// Six enterprises, cap 3: 大营镇's commissioner takes three, the
		// district's two (it had one); the sixth has no room. 原店镇's
		// commissioner cannot serve 大营镇.
		per := map[int64]int{}
		for _, it := range pr.Items {
			per[it.UserID]++
			if it.EnterpriseID == retail || it.EnterpriseID == yuandian {
				t.Fatalf("outside the filter: %+v", it)
			}
		}
		if len(pr.Items) != 5 || per[daying.UserID] != 3 || per[district.UserID] != 2 || per[yd.UserID] != 0 || len(pr.Unplaced) != 1 {
			t.Fatalf("proposal: %d items %v, %d unplaced", len(pr.Items), per, len(pr.Unplaced))
		}
		// The first goes to the least loaded (大营镇's, 0 against 1); at a
		// tie the township's commissioner comes before the district's.
		if pr.Items[0].UserID != daying.UserID || pr.Items[0].EnterpriseID != dayingC[0] {
			t.Fatalf("first pick: %+v", pr.Items[0])
		}

		// Bad input refuses everything.
		for name, in := range map[string]service.BulkAssignInput{
			"empty":              {},
			"duplicate":          {Items: []service.BulkItem{{EnterpriseID: dayingC[0], UserID: daying.UserID}, {EnterpriseID: dayingC[0], UserID: daying.UserID}}},
			"wrong township":     {Items: []service.BulkItem{{EnterpriseID: dayingC[1], UserID: daying.UserID}, {EnterpriseID: yuandian, UserID: daying.UserID}}},
			"not a commissioner": {Items: []service.BulkItem{{EnterpriseID: dayingC[1], UserID: w.fgw.UserID}}},
			"no such enterprise": {Items: []service.BulkItem{{EnterpriseID: dayingC[1], UserID: daying.UserID}, {EnterpriseID: 999999, UserID: daying.UserID}}},
		} {
			if _, err := w.svc.BulkAssign(ctx, w.coord, in); errCode(err) != "invalid" {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if _, err := w.svc.BulkAssign(ctx, w.fgw, service.BulkAssignInput{Items: []service.BulkItem{{EnterpriseID: dayingC[1], UserID: daying.UserID}}}); errCode(err) != "forbidden" {
			t.Fatalf("a department: %v", err)
		}
		if cov, _ := w.svc.Coverage(ctx, w.coord); cov.Covered != 1 {
			t.Fatalf("a refused batch wrote %d assignments", cov.Covered-1)
		}

		// One enterprise gets a commissioner between proposal and confirmation.
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, pr.Items[1].EnterpriseID, service.CommissionerInput{UserID: yd.UserID}); errCode(err) != "invalid" {
			t.Fatalf("原店镇's commissioner for 大营镇: %v", err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, pr.Items[1].EnterpriseID, service.CommissionerInput{UserID: district.UserID}); err != nil {
			t.Fatal(err)
		}
		var in service.BulkAssignInput
		for _, it := range pr.Items {
			in.Items = append(in.Items, service.BulkItem{EnterpriseID: it.EnterpriseID, UserID: it.UserID})
		}
		res, err := w.svc.BulkAssign(ctx, w.coord, in)
		if err != nil || res.Assigned != 4 || len(res.Skipped) != 1 || res.Skipped[0].UserID != district.UserID {
			t.Fatalf("bulk: %+v %v", res, err)
		}
		cov, err := w.svc.Coverage(ctx, w.coord)
		if err != nil || cov.Covered != 6 || cov.Uncovered != 3 {
			t.Fatalf("coverage after: %+v %v", cov, err)
		}
		// Per township: the district-level enterprise, 大营镇 (seven, five
		// now served), 原店镇 (one, none); no visits yet, so all stale.
		view, err := w.svc.CoverageView(ctx, w.coord, 90, 100)
		if err != nil || len(view.Townships) != 3 || view.Enterprises != 9 || view.Covered != 6 || view.StaleTotal != 9 || len(view.Uncovered) != 3 {
			t.Fatalf("coverage view: %+v %v", view, err)
		}
		got := map[string][2]int{}
		for _, tc := range view.Townships {
			got[tc.RegionCode] = [2]int{tc.Enterprises, tc.Covered}
		}
		if got["411203"] != [2]int{1, 1} || got["411203100"] != [2]int{7, 5} || got["411203101"] != [2]int{1, 0} {
			t.Fatalf("by township: %v", got)
		}
		if _, _, err := w.svc.RecordVisit(ctx, daying, service.VisitInput{EnterpriseID: dayingC[0], VisitedOn: date("2026-03-02")}); err != nil {
			t.Fatal(err)
		}
		view, _ = w.svc.CoverageView(ctx, w.coord, 90, 100)
		for _, tc := range view.Townships {
			if tc.RegionCode == "411203100" && tc.Stale != 6 || view.StaleTotal != 8 {
				t.Fatalf("after a visit: %+v, %d stale", tc, view.StaleTotal)
			}
		}
		hist, _ := w.svc.Commissioners(ctx, w.coord, dayingC[0])
		if len(hist) != 1 || hist[0].StartReason != "批量包联" {
			t.Fatalf("history: %+v", hist)
		}
		// Bad filters.
		if _, err := w.svc.ProposeAssignments(ctx, w.coord, "411202001", ""); errCode(err) != "invalid" {
			t.Fatalf("another district's township: %v", err)
		}
		if _, err := w.svc.ProposeAssignments(ctx, w.coord, "", "Z9"); errCode(err) != "invalid" {
			t.Fatalf("bad industry: %v", err)
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit %v %+v", err, brk)
		}
	})
}
