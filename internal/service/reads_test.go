package service_test

import (
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// The read models show each user what their role and part in a case give:
// the steps the page offers, 我的待办 and the counts.
func TestCaseReadModels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{})
		must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID, CooperatingDepartmentID: []int64{w.zrzyID}}))

		coord, err := w.svc.CaseDetail(ctx, w.coord, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !coord.Offers.Assign || coord.Offers.Accept || !coord.Offers.Suspend || len(coord.Departments) != 2 {
			t.Errorf("the office's page: offers %+v, %d departments", coord.Offers, len(coord.Departments))
		}
		lead, err := w.svc.CaseDetail(ctx, w.fgw, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !lead.Offers.Accept || lead.Offers.Assign || !lead.Offers.Extend || lead.Departments != nil {
			t.Errorf("the lead department's page: offers %+v, departments %v", lead.Offers, lead.Departments)
		}
		coop, err := w.svc.CaseDetail(ctx, w.zrzy, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if coop.Offers.Accept || !coop.Offers.Progress || !coop.Offers.Attach {
			t.Errorf("the cooperating department's page: offers %+v", coop.Offers)
		}
		// Asking for more time shows as pending and is offered for a decision.
		must(t)(w.svc.Accept(ctx, w.fgw, c.ID, ""))
		must(t)(w.svc.RequestExtension(ctx, w.fgw, c.ID, service.ExtensionInput{Workdays: 3, Reason: "需会商"}))
		if d, err := w.svc.CaseDetail(ctx, w.coord, c.ID); err != nil || !d.Pending || !d.Offers.Decide || len(d.Extensions) != 1 {
			t.Errorf("pending extension: %+v %v", d, err)
		}

		todo, err := w.svc.Todo(ctx, w.fgw)
		if err != nil {
			t.Fatal(err)
		}
		if len(todo) != 1 || todo[0].Title != "办理中" || len(todo[0].Items) != 1 || todo[0].Items[0].ID != c.ID {
			t.Errorf("the department's 待办: %+v", todo)
		}
		counts, err := w.svc.CaseCounts(ctx, w.leader)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Total == nil || counts.Total.None != 1 || len(counts.ByDept) != 2 {
			t.Errorf("counts: %+v", counts)
		}
		if _, err := w.svc.CaseCounts(ctx, w.fgw); errCode(err) != "forbidden" {
			t.Errorf("a department's counts: %v", err)
		}
		if b, err := w.svc.CaseBoard(ctx, w.fgw, store.CaseFilter{Limit: 20}); err != nil || b.Counts != nil || b.Page.Total != 1 {
			t.Errorf("a department's board: %+v %v", b, err)
		}
		if _, err := w.svc.CaseDetail(ctx, w.ent, 999999); errCode(err) != "not_found" {
			t.Errorf("a case that does not exist: %v", err)
		}
	})
}
