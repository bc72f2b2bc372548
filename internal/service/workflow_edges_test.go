package service_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// atSec is a Beijing time to the second.
func atSec(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, sla.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// resolved opens a case at the world's clock, has fgw take it and resolves
// it at the given Beijing time.
func (w *world) resolved(t *testing.T, at string) *model.Case {
	t.Helper()
	c := w.create(t, service.CaseInput{})
	must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
	must(t)(w.svc.Accept(ctx, w.fgw, c.ID, ""))
	w.now = atSec(at)
	return must(t)(w.svc.Resolve(ctx, w.fgw, c.ID, "已办结"))
}

// TestCloseExactlyAfterRatingWindow: an unrated case may be closed once
// three working days have passed since the Beijing date it was resolved,
// not a day earlier, whatever the time of day.
func TestCloseExactlyAfterRatingWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		steps := []struct {
			name, resolved, close string
			ok                    bool
		}{
			// Resolved Tuesday 07:00 Beijing (still Monday in UTC): Wednesday
			// and Thursday make two working days, Friday the third.
			{"two working days later, last minute", "2026-03-03 07:00:00", "2026-03-05 23:59:59", false},
			{"three working days later, first second", "2026-03-03 07:00:00", "2026-03-06 00:00:00", true},
			// Resolved Thursday evening: Friday, Monday, Tuesday.
			{"over a weekend, two working days", "2026-03-05 22:00:00", "2026-03-09 18:00:00", false},
			{"over a weekend, three working days", "2026-03-05 22:00:00", "2026-03-10 08:00:00", true},
		}
		for _, st := range steps {
			w.now = at("2026-03-02 09:00")
			c := w.resolved(t, st.resolved)
			w.now = atSec(st.close)
			got, err := w.svc.Close(ctx, w.coord, c.ID, "回访期满未评价")
			if st.ok {
				if err != nil || got.Status != model.StatusClosed {
					t.Errorf("%s: close %v", st.name, err)
				}
				continue
			}
			if errCode(err) != "awaiting_rating" || !strings.Contains(err.Error(), "已过 2 个") {
				t.Errorf("%s: close %v, want awaiting_rating after 2 working days", st.name, err)
			}
		}
	})
}

// TestReturnedCaseKeepsItsClock: a case sent back to the coordinator (退回)
// is still being handled, so it turns yellow and red like any other.
func TestReturnedCaseKeepsItsClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{})
		must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
		c = must(t)(w.svc.Return(ctx, w.fgw, c.ID, "不属于本部门职责"))
		if c.Status != model.StatusReturned || c.NextCheckAt == nil {
			t.Fatalf("returned: %s next check %v", c.Status, c.NextCheckAt)
		}
		for _, step := range []struct {
			now  string
			want model.Warning
		}{
			{"2026-03-05 12:00", model.WarningNone},
			{"2026-03-06 00:00", model.WarningYellow}, // three working days without progress
			{"2026-03-12 00:00", model.WarningRed},    // past the due date
		} {
			w.now = at(step.now)
			if _, err := w.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := s.Case(ctx, store.CaseScope{}, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != model.StatusReturned || got.Warning != step.want {
				t.Fatalf("at %s: %s %s, want returned %s", step.now, got.Status, got.Warning, step.want)
			}
		}
		page, err := w.svc.Cases(ctx, w.coord, store.CaseFilter{Warning: model.WarningRed, Open: true})
		if err != nil || page.Total != 1 || page.Items[0].ID != c.ID {
			t.Fatalf("red list of the coordinator: %v %+v", err, page)
		}
		counts, _ := s.CaseCounts(ctx, "411203")
		if counts[0].Red != 1 {
			t.Fatalf("district counts %+v, want the returned case red", counts[0])
		}
	})
}

// TestOverdueFlag: a case resolved in the due date's last second is in
// time; one resolved a second later is overdue, and stays marked so.
func TestOverdueFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		// Received Monday 03-02: due Wednesday 03-11 23:59:59.
		inTime := w.resolved(t, "2026-03-11 23:59:59")
		w.now = at("2026-03-02 09:00")
		late := w.resolved(t, "2026-03-12 00:00:00")
		if got := inTime.DueAt.In(sla.Shanghai).Format("2006-01-02 15:04:05"); got != "2026-03-11 23:59:59" {
			t.Fatalf("due %s", got)
		}
		for _, c := range []struct {
			id   int64
			want bool
		}{{inTime.ID, false}, {late.ID, true}} {
			got, err := s.Case(ctx, store.CaseScope{}, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Overdue != c.want || got.Warning != model.WarningNone {
				t.Errorf("case %d: overdue %v warning %s, want overdue %v and no warning once resolved", c.id, got.Overdue, got.Warning, c.want)
			}
		}
		// Rated and closed, the late case is still marked overdue.
		must(t)(w.svc.Rate(ctx, w.ent, late.ID, service.RateInput{Satisfaction: 1}))
		closed := must(t)(w.svc.Close(ctx, w.coord, late.ID, ""))
		if !closed.Overdue {
			t.Fatal("closing cleared the overdue mark")
		}
	})
}

// TestRatingLevels: of the five GB/T 39735 levels, 非常满意, 满意 and 基本满意
// confirm the handling; 不满意 and 非常不满意 reopen the case (重办).
func TestRatingLevels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		for _, lv := range []struct {
			s      model.Satisfaction
			label  string
			reopen bool
		}{{1, "非常满意", false}, {2, "满意", false}, {3, "基本满意", false}, {4, "不满意", true}, {5, "非常不满意", true}} {
			w.now = at("2026-03-02 09:00")
			c := w.resolved(t, "2026-03-04 10:00:00")
			c = must(t)(w.svc.Rate(ctx, w.ent, c.ID, service.RateInput{Satisfaction: lv.s}))
			want, reopens := model.StatusConfirmed, 0
			if lv.reopen {
				want, reopens = model.StatusReopened, 1
			}
			if c.Status != want || c.ReopenCount != reopens || c.Rating != lv.s || lv.s.Label() != lv.label {
				t.Errorf("rating %d (%s): %s reopened %d times, want %s %d", lv.s, lv.label, c.Status, c.ReopenCount, want, reopens)
			}
			if lv.reopen && (c.ResolvedAt != nil || c.NextCheckAt == nil) {
				t.Errorf("rating %d: a reopened case must run its clock again (resolved %v, next check %v)", lv.s, c.ResolvedAt, c.NextCheckAt)
			}
			_, events, err := w.svc.Case(ctx, w.coord, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := events[len(events)-1]
			if last.Type != "rate" || last.Data["label"] != lv.label || last.ToStatus != want {
				t.Errorf("rating %d: last event %+v", lv.s, last)
			}
		}
	})
}

// TestExternalIDAcrossDistricts: intake is idempotent within a district;
// another district sending the same platform id gets a conflict, neither
// the other district's case nor a duplicate; the same id from another
// source is another case.
func TestExternalIDAcrossDistricts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		if _, err := w.svc.SetupRegion(ctx, nil, "411202"); err != nil {
			t.Fatal(err)
		}
		code, _ := uscc.Build('9', '1', "411202", "MA000009")
		other, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: code, Name: "湖滨测试有限公司", RegionCode: "411202"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: "hbcoord", Name: "湖滨营商办", Role: access.Coordinator, RegionCode: "411202", Password: "password-1"})
		if err != nil {
			t.Fatal(err)
		}
		hb := service.PrincipalOf(u)
		in := service.CaseInput{EnterpriseID: w.entID, Kind: model.KindComplaint, Category: "审批", Source: model.SourcePlatform, Title: "施工许可审批超时", ExternalID: "HN-TS-2026-0042"}
		first, created, err := w.svc.CreateCase(ctx, w.coord, in)
		if err != nil || !created {
			t.Fatal(err)
		}
		again, created, err := w.svc.CreateCase(ctx, w.coord, in)
		if err != nil || created || again.ID != first.ID {
			t.Fatalf("resend in the same district: %v created %v id %d, want %d", err, created, again.ID, first.ID)
		}
		theirs := in
		theirs.EnterpriseID = other.ID
		c, created, err := w.svc.CreateCase(ctx, hb, theirs)
		var e *service.Error
		if !errors.As(err, &e) || e.Class != fault.ClassConflict || e.Field != "external_id" || c != nil || created {
			t.Fatalf("another district's external id: %v %+v created %v, want a conflict on external_id", err, c, created)
		}
		if page, _ := w.svc.Cases(ctx, hb, store.CaseFilter{}); page.Total != 0 {
			t.Fatalf("湖滨区 sees %d cases after the refused intake", page.Total)
		}
		theirs.Source = model.SourceHotline
		c, created, err = w.svc.CreateCase(ctx, hb, theirs)
		if err != nil || !created || c.ID == first.ID || c.RegionCode != "411202" {
			t.Fatalf("the same id from another source: %v created %v %+v", err, created, c)
		}
		if page, _ := w.svc.Cases(ctx, w.coord, store.CaseFilter{}); page.Total != 1 || page.Items[0].ID != first.ID {
			t.Fatalf("陕州区 cases after the other district's intake: %+v", page)
		}
	})
}
