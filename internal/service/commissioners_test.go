package service_test

import (
	"sync"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

func TestCommissionerAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		mk := func(login, region string) *access.Principal {
			if _, err := w.svc.SetupRegion(ctx, nil, region); err != nil {
				t.Fatal(err)
			}
			u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: login, Name: login, Role: access.Commissioner, RegionCode: region, Password: "password-1", Phone: "13900000000"})
			if err != nil {
				t.Fatal(err)
			}
			return service.PrincipalOf(u)
		}
		sun, yang := mk("sun", "411203"), mk("yang", "411203")
		outsider := mk("hubin", "411202")

		a, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: sun.UserID})
		if err != nil || a.UserName != "sun" {
			t.Fatalf("assign: %+v %v", a, err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: sun.UserID}); errCode(err) != "already_assigned" {
			t.Fatalf("same again: %v", err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: yang.UserID}); errCode(err) != "invalid" {
			t.Fatalf("reassignment without a reason: %v", err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: outsider.UserID, Reason: "调整"}); errCode(err) != "invalid" {
			t.Fatalf("a commissioner from another district: %v", err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.fgw, w.entID, service.CommissionerInput{UserID: yang.UserID, Reason: "x"}); errCode(err) != "forbidden" {
			t.Fatalf("a department assigning: %v", err)
		}
		if _, err := w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: yang.UserID, Reason: "孙专员调岗"}); err != nil {
			t.Fatalf("reassign: %v", err)
		}
		hist, err := w.svc.Commissioners(ctx, w.coord, w.entID)
		if err != nil || len(hist) != 2 || hist[0].UserName != "yang" || hist[0].EndedAt != nil || hist[1].EndedAt == nil || hist[1].EndReason != "孙专员调岗" {
			t.Fatalf("history: %+v %v", hist, err)
		}
		// The enterprise sees who serves it now, with the phone, not the history.
		mine, err := w.svc.Commissioners(ctx, w.ent, w.entID)
		if err != nil || len(mine) != 1 || mine[0].UserName != "yang" || mine[0].UserPhone == "" {
			t.Fatalf("enterprise view: %+v %v", mine, err)
		}
		// The commissioner sees the cases of the enterprises it serves.
		c := w.create(t, service.CaseInput{})
		if _, _, err := w.svc.Case(ctx, yang, c.ID); err != nil {
			t.Fatalf("commissioner reading its enterprise's case: %v", err)
		}
		if _, _, err := w.svc.Case(ctx, sun, c.ID); errCode(err) != "not_found" {
			t.Fatalf("former commissioner still reads the case: %v", err)
		}
		cov, err := w.svc.Coverage(ctx, w.coord)
		if err != nil || cov.Enterprises != 1 || cov.Covered != 1 || len(cov.Loads) != 2 || cov.Loads[0].Enterprises != 1 {
			t.Fatalf("coverage: %+v %v", cov, err)
		}
		if err := w.svc.ReleaseCommissioner(ctx, w.coord, w.entID, ""); errCode(err) != "invalid" {
			t.Fatalf("release without a reason: %v", err)
		}
		if err := w.svc.ReleaseCommissioner(ctx, w.coord, w.entID, "企业注销"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.ReleaseCommissioner(ctx, w.coord, w.entID, "企业注销"); errCode(err) != "not_assigned" {
			t.Fatalf("release twice: %v", err)
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit %v %+v", err, brk)
		}
	})
}

// TestOneActiveCommissioner races assignments of different commissioners
// to one enterprise: exactly one wins, the database holds one active row.
func TestOneActiveCommissioner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		var ids []int64
		for i := range 6 {
			u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: "c" + string(rune('a'+i)), Name: "专员", Role: access.Commissioner, RegionCode: "411203", Password: "password-1"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.ID)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(ids))
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.svc.AssignCommissioner(ctx, w.coord, w.entID, service.CommissionerInput{UserID: id})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			}
		}
		hist, _ := s.Assignments(ctx, w.entID)
		active := 0
		for _, a := range hist {
			if a.EndedAt == nil {
				active++
			}
		}
		if won != 1 || active != 1 || len(hist) != 1 {
			t.Fatalf("won %d, active %d, rows %d: %v", won, active, len(hist), errs)
		}
	})
}

var _ = model.KindProblem
