package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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

var ctx = context.Background()

// world is a district with a coordinator, a leader, two departments with a
// clerk each, an enterprise and its user, and a clock the test moves.
type world struct {
	svc                                  *service.Service
	now                                  time.Time
	coord, leader, fgw, zrzy, ent, other *access.Principal
	fgwID, zrzyID                        int64
	entID                                int64
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, sla.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func newWorld(t testing.TB, s *store.Store) *world {
	t.Helper()
	w := &world{svc: service.New(s), now: at("2026-03-02 09:00")}
	w.svc.Now = func() time.Time { return w.now }
	if _, err := w.svc.SetupRegion(ctx, nil, "411203"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"fgw", "zrzyj"} {
		if _, err := w.svc.CreateDepartment(ctx, nil, service.DepartmentInput{RegionCode: "411203", Code: d, Name: d}); err != nil {
			t.Fatal(err)
		}
	}
	code, _ := uscc.Build('9', '1', "411203", "MA000001")
	e, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: code, Name: "三门峡测试有限公司", RegionCode: "411203"})
	if err != nil {
		t.Fatal(err)
	}
	w.entID = e.ID
	mk := func(login string, role access.Role, dept string) *access.Principal {
		in := service.UserInput{Login: login, Name: login, Role: role, RegionCode: "411203", DepartmentCode: dept, Password: "password-1", EnterpriseID: e.ID}
		u, err := w.svc.CreateUser(ctx, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		return service.PrincipalOf(u)
	}
	w.coord = mk("coord", access.Coordinator, "")
	w.leader = mk("leader", access.Leader, "")
	w.fgw = mk("fgw", access.Department, "fgw")
	w.zrzy = mk("zrzy", access.Department, "zrzyj")
	w.ent = mk("ent", access.Enterprise, "")
	w.fgwID, w.zrzyID = w.fgw.DepartmentID, w.zrzy.DepartmentID
	return w
}

func (w *world) create(t *testing.T, in service.CaseInput) *model.Case {
	t.Helper()
	if in.EnterpriseID == 0 {
		in.EnterpriseID = w.entID
	}
	if in.Category == "" {
		in.Category = "资金"
	}
	if in.Title == "" {
		in.Title = "企业贷款贴息申请进度慢"
	}
	c, created, err := w.svc.CreateCase(ctx, w.coord, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if !created {
		t.Fatalf("expected a new case")
	}
	return c
}

// must fails the test on an error and returns the case.
func must(t *testing.T) func(*model.Case, error) *model.Case {
	return func(c *model.Case, err error) *model.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func errCode(err error) string {
	var e *service.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "other:" + err.Error()
	}
	return ""
}

func TestCaseWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{Source: model.SourceHotline, Kind: model.KindProblem})
		if c.Number != "411203-2026-000001" || c.Status != model.StatusReceived || c.TimeLimit != 7 {
			t.Fatalf("created %+v", c)
		}
		if got := c.DueAt.In(sla.Shanghai).Format("2006-01-02 15:04:05"); got != "2026-03-11 23:59:59" {
			t.Fatalf("due %s", got)
		}
		c = must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID, CooperatingDepartmentID: []int64{w.zrzyID}}))
		if c.Status != model.StatusAssigned || len(c.Assignees) != 2 {
			t.Fatalf("assigned %+v", c)
		}
		// The cooperating department is not the lead: 403.
		if _, err := w.svc.Accept(ctx, w.zrzy, c.ID, ""); errCode(err) != "not_assigned" {
			t.Fatalf("coop accepting: %v", err)
		}
		// Resolving before accepting is illegal: 409 with the state.
		if _, err := w.svc.Resolve(ctx, w.fgw, c.ID, "done"); errCode(err) != "illegal_transition" || !strings.Contains(err.Error(), "已交办") {
			t.Fatalf("resolve from assigned: %v", err)
		}
		w.now = at("2026-03-03 10:00")
		c = must(t)(w.svc.Accept(ctx, w.fgw, c.ID, "已签收"))
		c = must(t)(w.svc.Progress(ctx, w.zrzy, c.ID, "已联系银行"))
		c = must(t)(w.svc.Resolve(ctx, w.fgw, c.ID, "贴息资金已拨付"))
		if c.Status != model.StatusResolved || c.Overdue {
			t.Fatalf("resolved %+v", c)
		}
		// Closing right away: the enterprise has three working days to rate.
		if _, err := w.svc.Close(ctx, w.coord, c.ID, ""); errCode(err) != "awaiting_rating" {
			t.Fatalf("early close: %v", err)
		}
		if _, err := w.svc.Rate(ctx, w.ent, c.ID, service.RateInput{Satisfaction: 6}); errCode(err) != "invalid" {
			t.Fatalf("rating 6: %v", err)
		}
		c = must(t)(w.svc.Rate(ctx, w.ent, c.ID, service.RateInput{Satisfaction: 2, Comment: "办事效率高"}))
		if c.Status != model.StatusConfirmed || c.Rating != 2 {
			t.Fatalf("rated %+v", c)
		}
		if _, err := w.svc.Rate(ctx, w.ent, c.ID, service.RateInput{Satisfaction: 1}); errCode(err) != "illegal_transition" {
			t.Fatalf("rating twice: %v", err)
		}
		c = must(t)(w.svc.Close(ctx, w.coord, c.ID, "已销号"))
		if c.Status != model.StatusClosed || c.ClosedAt == nil {
			t.Fatalf("closed %+v", c)
		}
		_, events, err := w.svc.Case(ctx, w.coord, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, e := range events {
			types = append(types, e.Type)
		}
		if got := strings.Join(types, ","); got != "created,assign,accept,progress,resolve,rate,close" {
			t.Fatalf("timeline %s", got)
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit %v %+v", err, brk)
		}
		// Counts: the closed case counts nowhere.
		counts, _ := s.CaseCounts(ctx, "411203")
		if c := counts[0]; c.None+c.Yellow+c.Red != 0 {
			t.Fatalf("counts after close %+v", c)
		}
	})
}

func TestCaseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		future := w.now.Add(2 * time.Hour)
		old := at("2003-05-01 09:00")
		cases := []struct {
			in    service.CaseInput
			field string
		}{
			{service.CaseInput{Category: "不存在"}, "category"},
			{service.CaseInput{EnterpriseID: 99999}, "enterprise_id"},
			{service.CaseInput{ReceivedAt: &future}, "received_at"},
			{service.CaseInput{ReceivedAt: &old}, "received_at"},
			{service.CaseInput{Kind: "gripe"}, "kind"},
			{service.CaseInput{Source: "fax"}, "source"},
			{service.CaseInput{Kind: model.KindCommitment}, "due_date"},
			{service.CaseInput{DueDate: "2026-02-30"}, "due_date"},
			{service.CaseInput{TimeLimitWorkdays: 999}, "time_limit_workdays"},
		}
		for _, c := range cases {
			in := c.in
			if in.EnterpriseID == 0 {
				in.EnterpriseID = w.entID
			}
			if in.Category == "" {
				in.Category = "资金"
			}
			in.Title = "标题"
			_, _, err := w.svc.CreateCase(ctx, w.coord, in)
			var e *service.Error
			if !errors.As(err, &e) || e.Class != fault.ClassInvalid || (e.Field != c.field && !hasField(e, c.field)) {
				t.Errorf("%+v: got %v, want invalid %s", c.in, err, c.field)
			}
		}
		page, _ := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{})
		if page.Total != 0 {
			t.Fatalf("a rejected case was written")
		}
		// An enterprise may only report for itself, as a self-report.
		if _, _, err := w.svc.CreateCase(ctx, w.ent, service.CaseInput{Source: model.SourceHotline, Category: "资金", Title: "x"}); errCode(err) != "forbidden" {
			t.Fatalf("enterprise as hotline: %v", err)
		}
		c, created, err := w.svc.CreateCase(ctx, w.ent, service.CaseInput{Category: "用电", Title: "厂区供电不稳"})
		if err != nil || !created || c.Source != model.SourceSelfReport || c.EnterpriseID != w.entID {
			t.Fatalf("self report: %v %+v", err, c)
		}
		// A department cannot open cases.
		if _, _, err := w.svc.CreateCase(ctx, w.fgw, service.CaseInput{EnterpriseID: w.entID, Category: "资金", Title: "x"}); errCode(err) != "forbidden" {
			t.Fatalf("department creating: %v", err)
		}
	})
}

func hasField(e *service.Error, f string) bool {
	for _, x := range e.Fields {
		if x.Field == f {
			return true
		}
	}
	return false
}

func TestCaseExternalIDIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		received := at("2026-02-27 16:20")
		in := service.CaseInput{EnterpriseID: w.entID, Kind: model.KindComplaint, Category: "审批", Source: model.SourcePlatform,
			Title: "施工许可审批超时", ExternalID: "HN-TS-2026-0042", ReceivedAt: &received}
		first, created, err := w.svc.CreateCase(ctx, w.coord, in)
		if err != nil || !created {
			t.Fatal(err)
		}
		// 审批 is a complex category: 22 working days from the receipt.
		if first.TimeLimit != 22 || !first.ReceivedAt.Equal(received) {
			t.Fatalf("%+v", first)
		}
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, created, err := w.svc.CreateCase(ctx, w.coord, in)
				if err != nil || created {
					t.Errorf("resend %d: created %v err %v", i, created, err)
					return
				}
				ids[i] = c.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != first.ID {
				t.Fatalf("resend returned case %d, want %d", id, first.ID)
			}
		}
	})
}

func TestCaseNumbersAreGapFree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		var wg sync.WaitGroup
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := w.svc.CreateCase(ctx, w.coord, service.CaseInput{EnterpriseID: w.entID, Category: "其他", Title: "并发"}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		page, err := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, c := range page.Items {
			seen[c.Number] = true
		}
		for i := 1; i <= 40; i++ {
			if n := fmt.Sprintf("411203-2026-%06d", i); !seen[n] {
				t.Fatalf("number %s missing (have %d)", n, len(seen))
			}
		}
	})
}

func TestWarningsSupervisionAndEscalation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{})
		must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
		tick := func(now string) *model.Case {
			t.Helper()
			w.now = at(now)
			if _, err := w.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := s.Case(ctx, store.CaseScope{}, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := tick("2026-03-05 12:00"); got.Warning != model.WarningNone {
			t.Fatalf("before idle threshold: %s", got.Warning)
		}
		// Assigned Monday 09:00 with no progress: yellow once Thursday ends.
		if got := tick("2026-03-06 00:00"); got.Warning != model.WarningYellow {
			t.Fatalf("after 3 idle working days: %s", got.Warning)
		}
		counts, _ := s.CaseCounts(ctx, "411203")
		if counts[0].Yellow != 1 || counts[w.fgwID] == nil || counts[w.fgwID].Yellow != 1 {
			t.Fatalf("counts %+v %+v", counts[0], counts[w.fgwID])
		}
		if got := tick("2026-03-12 00:00"); got.Warning != model.WarningRed {
			t.Fatalf("overdue: %s", got.Warning)
		}
		notes, _ := s.Notifications(ctx, w.leader.UserID, false, 10)
		if len(notes) != 1 || notes[0].Kind != "supervision" {
			t.Fatalf("leader's 督办 copy: %+v", notes)
		}
		notes, _ = s.Notifications(ctx, w.fgw.UserID, false, 10)
		if len(notes) < 3 || notes[0].Kind != "supervision" {
			t.Fatalf("department notices: %+v", notes)
		}
		page, _ := s.Cases(ctx, store.CaseScope{}, store.CaseFilter{DepartmentID: w.fgwID, Warning: model.WarningRed, Open: true})
		if page.Total != 1 {
			t.Fatalf("red cases of the department: %d", page.Total)
		}
		// Five working days after the due date: 通报 to the coordinators.
		got := tick("2026-03-19 00:00")
		if got.EscalatedAt == nil || got.NextCheckAt != nil {
			t.Fatalf("escalation %+v", got)
		}
		notes, _ = s.Notifications(ctx, w.coord.UserID, false, 10)
		if len(notes) == 0 || notes[0].Kind != "escalation" {
			t.Fatalf("coordinator's 通报: %+v", notes)
		}
		// Ticking again changes nothing: no duplicate events.
		_, before, _ := w.svc.Case(ctx, w.coord, c.ID)
		tick("2026-03-20 00:00")
		_, after, _ := w.svc.Case(ctx, w.coord, c.ID)
		if len(after) != len(before) {
			t.Fatalf("a quiet tick added events: %d → %d", len(before), len(after))
		}
		// An extension can no longer be asked for.
		if _, err := w.svc.RequestExtension(ctx, w.fgw, c.ID, service.ExtensionInput{Workdays: 3, Reason: "需补充材料"}); errCode(err) != "past_due" {
			t.Fatalf("late extension: %v", err)
		}
	})
}

func TestExtensionSuspensionAndReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{})
		must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
		must(t)(w.svc.Accept(ctx, w.fgw, c.ID, ""))
		c = must(t)(w.svc.RequestExtension(ctx, w.fgw, c.ID, service.ExtensionInput{Workdays: 3, Reason: "需市级部门会商"}))
		if _, err := w.svc.RequestExtension(ctx, w.fgw, c.ID, service.ExtensionInput{Workdays: 1, Reason: "再延"}); errCode(err) != "extension_pending" {
			t.Fatalf("second request: %v", err)
		}
		if _, err := w.svc.DecideExtension(ctx, w.fgw, c.ID, service.DecideInput{Approve: true}); errCode(err) != "not_assigned" {
			t.Fatalf("department approving: %v", err)
		}
		c = must(t)(w.svc.DecideExtension(ctx, w.coord, c.ID, service.DecideInput{Approve: true, Note: "同意"}))
		if got := c.DueAt.In(sla.Shanghai).Format("2006-01-02"); got != "2026-03-16" || c.ExtensionWorkdays != 3 {
			t.Fatalf("due after extension %s (%d)", got, c.ExtensionWorkdays)
		}
		// Suspended Wednesday 03-04, resumed Monday 03-09: 3 working days
		// (Thu, Fri, Mon) move the due date.
		w.now = at("2026-03-04 10:00")
		c = must(t)(w.svc.Suspend(ctx, w.fgw, c.ID, "等待企业补充材料"))
		if _, err := w.svc.Resume(ctx, w.fgw, c.ID, ""); errCode(err) != "not_assigned" {
			t.Fatalf("department resuming: %v", err)
		}
		w.now = at("2026-03-09 10:00")
		c = must(t)(w.svc.Resume(ctx, w.coord, c.ID, "材料已齐"))
		if got := c.DueAt.In(sla.Shanghai).Format("2006-01-02"); got != "2026-03-19" || c.SuspendedWorkdays != 3 {
			t.Fatalf("due after suspension %s (%d)", got, c.SuspendedWorkdays)
		}
		c = must(t)(w.svc.Resolve(ctx, w.fgw, c.ID, "已解决"))
		c = must(t)(w.svc.Rate(ctx, w.coord, c.ID, service.RateInput{Satisfaction: 5, Comment: "企业电话回访：问题未解决"}))
		if c.Status != model.StatusReopened || c.ReopenCount != 1 {
			t.Fatalf("dissatisfied: %+v", c)
		}
		c = must(t)(w.svc.Accept(ctx, w.fgw, c.ID, "重新办理"))
		c = must(t)(w.svc.Resolve(ctx, w.fgw, c.ID, "已再次处理"))
		// Unrated for three working days: the coordinator may close.
		w.now = at("2026-03-13 10:00")
		c = must(t)(w.svc.Close(ctx, w.coord, c.ID, "回访期满未评价"))
		if c.Status != model.StatusClosed {
			t.Fatalf("%+v", c)
		}
	})
}

func TestCalendarImportRecomputesProvisionalDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		pinCalendar(t, w.svc, 2026) // written before 2027 was announced
		w.now = at("2026-12-24 10:00")
		c := w.create(t, service.CaseInput{Kind: model.KindComplaint})
		if !c.Provisional || c.DueAt.In(sla.Shanghai).Format("2006-01-02") != "2027-01-12" {
			t.Fatalf("provisional due %s %v", c.DueAt, c.Provisional)
		}
		// The State Council's 2027 notice (made up for the test): 1–3 January off,
		// Saturday 9 January worked, 2 weeks of Spring Festival in February.
		file := `{"years":{"2027":{"holidays":["2027-01-01","2027-01-04","2027-02-08","2027-02-09","2027-02-10","2027-02-11","2027-02-12"],"workdays":["2027-01-09"]}}}`
		if _, err := w.svc.ImportCalendar(ctx, w.coord, strings.NewReader(file)); errCode(err) != "forbidden" {
			t.Fatalf("coordinator importing: %v", err)
		}
		admin := &access.Principal{Role: access.Admin, Login: "admin"}
		res, err := w.svc.ImportCalendar(ctx, admin, strings.NewReader(file))
		if err != nil || res.Recomputed != 1 {
			t.Fatalf("import: %+v %v", res, err)
		}
		got, _ := s.Case(ctx, store.CaseScope{}, c.ID)
		// Dec 25 … 31 gives 5 working days, then Jan 5,6,7,8,9(Sat, worked),11,12,13 → the 13th.
		if got.Provisional || got.DueAt.In(sla.Shanghai).Format("2006-01-02") != "2027-01-13" {
			t.Fatalf("after import: due %s provisional %v", got.DueAt.In(sla.Shanghai), got.Provisional)
		}
		if _, err := w.svc.ImportCalendar(ctx, admin, strings.NewReader(`{"years":{"2027":{"holidays":["2027-02-30"],"workdays":[]}}}`)); errCode(err) != "invalid" {
			t.Fatalf("bad calendar: %v", err)
		}
	})
}
