package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// Service is the rules of cases over one store.
type Service struct {
	*core.Clock
	db *store.Store

	cal     calendarCache
	cats    categoryCache
	clockCh chan struct{} // wakes the warning clock when a nearer check is set
	clockAt atomic.Int64  // when the clock plans to wake (Unix ns)
}

// New returns the rules of cases on db, at clock's time.
func New(clock *core.Clock, db *store.Store) *Service {
	return &Service{Clock: clock, db: db}
}

// Input is what opens a case.
type Input struct {
	EnterpriseID      int64            `json:"enterprise_id"`
	EnterpriseUSCC    string           `json:"enterprise_uscc"`
	Kind              model.CaseKind   `json:"kind"`
	Category          string           `json:"category"` // code or Chinese name
	Source            model.CaseSource `json:"source"`
	Title             string           `json:"title"`
	Description       string           `json:"description"`
	ReceivedAt        *time.Time       `json:"received_at"`
	TimeLimitWorkdays int              `json:"time_limit_workdays"`
	DueDate           string           `json:"due_date"` // YYYY-MM-DD, for commitments
	ExternalID        string           `json:"external_id"`
	LeaderID          int64            `json:"leader_id"`
}

// Scope is what p may see of cases.
func Scope(p *access.Principal) store.CaseScope {
	sc := store.CaseScope{Prefix: p.RegionPrefix}
	switch p.Role {
	case access.Enterprise:
		sc.EnterpriseID = p.EnterpriseID
		if sc.EnterpriseID == 0 {
			sc.EnterpriseID = -1
		}
	case access.Department:
		sc.DepartmentID = p.DepartmentID
		if sc.DepartmentID == 0 {
			sc.DepartmentID = -1
		}
	case access.Commissioner:
		sc.UserID, sc.Serves = p.UserID, true
	}
	return sc
}

func (s *Service) category(ctx context.Context, key string) (*model.CaseCategory, error) {
	cats, err := s.categories(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		if c.Code == key || c.Name == key {
			return c, nil
		}
	}
	return nil, nil
}

func rulesOf(c *model.CaseCategory) sla.Rules {
	return sla.Rules{YellowPercent: c.YellowPercent, IdleWorkdays: c.IdleWorkdays}
}

// normalize trims the input and fills in the defaults of p's role.
func (in *Input) normalize(p *access.Principal) {
	in.Title, in.Description, in.ExternalID = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.ExternalID)
	if in.Source == "" {
		in.Source = defaultSource(p)
	}
	if in.Kind == "" {
		in.Kind = model.KindProblem
	}
}

// Prepare trims and checks an intake and builds the case to store, with
// its enterprise, category, deadline and warning schedule; other domains
// (visits, events) open cases with it inside their own writes.
func (s *Service) Prepare(ctx context.Context, p *access.Principal, in Input) (*model.Case, error) {
	in.normalize(p)
	return s.prepareCase(ctx, p, in)
}

// prepareCase validates a normalized input and builds the case to store:
// its enterprise, category, time limit, due time and warning schedule.
func (s *Service) prepareCase(ctx context.Context, p *access.Principal, in Input) (*model.Case, error) {
	var fe model.FieldErrors
	if in.Kind.Label() == "" {
		fe.Add("kind", "类型应为 problem（诉求/问题）、complaint（投诉）、consultation（咨询）或 commitment（政府承诺事项）")
	}
	if in.Source.Label() == "" {
		fe.Add("source", "来源应为 visit、complaint_platform、hotline、event、self_report 或 project")
	} else if !sourceAllowed(p, in.Source) {
		return nil, &fault.Error{Class: fault.ClassForbidden, Code: "forbidden", Field: "source", Message: "您的角色不能登记该来源的事项"}
	}
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > 200 {
		fe.Add("title", "标题不能为空，且不超过200字")
	}
	if utf8.RuneCountInString(in.Description) > 10000 {
		fe.Add("description", "内容不超过10000字")
	}
	if len(in.ExternalID) > 100 {
		fe.Add("external_id", "外部编号不超过100个字符")
	}
	now := s.Now()
	received := now
	if in.ReceivedAt != nil {
		received = *in.ReceivedAt
		if received.After(now.Add(time.Minute)) {
			fe.Add("received_at", "受理时间不能晚于当前时间")
		}
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	if !cal.Known(sla.DayOf(received).Year) && sla.DayOf(received).Year < cal.Years()[0] {
		fe.Add("received_at", fmt.Sprintf("工作日历不含 %d 年", sla.DayOf(received).Year))
	}
	// The enterprise, within the user's reach.
	var ent *store.EnterpriseBrief
	scope := p.Scope()
	switch {
	case in.EnterpriseID != 0:
		ent, err = s.db.EnterpriseBriefBy(ctx, scope, in.EnterpriseID, "")
	case in.EnterpriseUSCC != "":
		ent, err = s.db.EnterpriseBriefBy(ctx, scope, 0, uscc.Normalize(in.EnterpriseUSCC))
	case p.Role == access.Enterprise:
		ent, err = s.db.EnterpriseBriefBy(ctx, scope, p.EnterpriseID, "")
	default:
		err = store.ErrNotFound
	}
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		fe.Add("enterprise_id", "企业不存在或不在您的管辖范围内（请填写 enterprise_id 或 enterprise_uscc）")
	}
	cat, err := s.category(ctx, in.Category)
	if err != nil {
		return nil, err
	}
	if cat == nil {
		fe.Add("category", "未知的问题类别："+in.Category)
	}
	c := &model.Case{Kind: in.Kind, Source: in.Source, ExternalID: in.ExternalID, Title: in.Title, Description: in.Description,
		Status: model.StatusReceived, ReceivedAt: received.UTC().Truncate(time.Microsecond), CreatedBy: p.UserID, LeaderID: in.LeaderID}
	c.LastProgressAt = c.ReceivedAt
	var fixed *calendar.Date
	switch {
	case in.DueDate != "":
		d, err := calendar.ParseDate(in.DueDate)
		if err != nil {
			fe.Add("due_date", "到期日格式应为 YYYY-MM-DD")
		} else if d.Compare(sla.DayOf(received)) < 0 {
			fe.Add("due_date", "到期日不能早于受理日期")
		} else {
			fixed, c.FixedDue, c.PromisedDate = &d, true, model.Date(d)
		}
	case in.Kind == model.KindCommitment:
		fe.Add("due_date", "政府承诺事项须填写承诺兑现日期 due_date")
	case in.TimeLimitWorkdays < 0 || in.TimeLimitWorkdays > 250:
		fe.Add("time_limit_workdays", "办理时限应为 1–250 个工作日")
	case in.TimeLimitWorkdays > 0:
		c.TimeLimit = in.TimeLimitWorkdays
	case cat != nil && cat.TimeLimit > 0:
		c.TimeLimit = cat.TimeLimit
	default:
		c.TimeLimit = in.Kind.DefaultTimeLimit()
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	c.EnterpriseID, c.EnterpriseName, c.ScopeCode, c.RegionCode = ent.ID, ent.Name, ent.ScopeCode(), ent.RegionCode
	c.CategoryID, c.CategoryName = cat.ID, cat.Name
	if err := s.assess(cal, c, fixed, rulesOf(cat), now); err != nil {
		return nil, err
	}
	return c, nil
}

// CreateCase opens a case. The same source and external id twice returns
// the existing case with created=false: platforms resend.
func (s *Service) CreateCase(ctx context.Context, p *access.Principal, in Input) (*model.Case, bool, error) {
	if !p.Can(access.CreateCases) {
		return nil, false, fault.Forbidden()
	}
	in.normalize(p)
	if in.ExternalID != "" && in.Source.Label() != "" && len(in.ExternalID) <= 100 {
		if c, err := s.db.CaseByExternalID(ctx, in.Source, in.ExternalID); err == nil {
			if _, err := s.db.Case(ctx, Scope(p), c.ID); err != nil {
				return nil, false, &fault.Error{Class: fault.ClassConflict, Code: "conflict", Field: "external_id", Message: "该外部编号已被其他地区的事项使用"}
			}
			return c, false, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, false, err
		}
	}
	c, err := s.prepareCase(ctx, p, in)
	if err != nil {
		return nil, false, err
	}
	now := s.Now()
	// Intake is the hot write path: concurrent intakes share a transaction.
	// Coordinators are not notified of each new case (a busy district
	// receives thousands a day): 待受理 heads their 我的待办 instead;
	// notifications start with the first assignment.
	err = s.db.GroupIntake(ctx, core.Actor(p), c, now)
	if err != nil {
		var ce *store.ConflictError
		if errors.As(err, &ce) && ce.Field == "source" || errors.As(err, &ce) && ce.Field == "external_id" {
			// Two requests with one external id raced; the other won.
			if existing, err2 := s.db.CaseByExternalID(ctx, in.Source, in.ExternalID); err2 == nil {
				return existing, false, nil
			}
		}
		return nil, false, fault.Explain(err, "事项")
	}
	s.WakeClock(c.NextCheckAt)
	return c, true, nil
}

func defaultSource(p *access.Principal) model.CaseSource {
	switch p.Role {
	case access.Enterprise:
		return model.SourceSelfReport
	case access.Commissioner:
		return model.SourceVisit
	}
	return model.SourceHotline
}

func sourceAllowed(p *access.Principal, src model.CaseSource) bool {
	switch p.Role {
	case access.Enterprise:
		return src == model.SourceSelfReport
	case access.Commissioner:
		return src == model.SourceVisit || src == model.SourceEvent
	}
	return true
}

// assess recomputes a case's due time, warning and next check at now.
func (s *Service) assess(cal *calendar.Calendar, c *model.Case, fixed *calendar.Date, r sla.Rules, now time.Time) error {
	f := factsOf(c, fixed)
	a, err := sla.Assess(cal, f, r, now)
	if err != nil {
		if errors.Is(err, calendar.ErrUnknownYear) {
			return fault.Invalid("received_at", "工作日历不含该年份："+err.Error())
		}
		return err
	}
	if err := countToPromise(cal, c, fixed); err != nil {
		return err
	}
	c.DueAt, c.Provisional, c.Warning, c.NextCheckAt = a.Due.UTC(), a.Provisional, a.Warning, a.NextCheck
	if a.NextCheck != nil {
		t := a.NextCheck.UTC()
		c.NextCheckAt = &t
	}
	return nil
}

func factsOf(c *model.Case, fixed *calendar.Date) *sla.Facts {
	f := &sla.Facts{Status: c.Status, ReceivedAt: c.ReceivedAt, TimeLimit: c.TimeLimit, FixedDue: fixed,
		ExtensionWorkdays: c.ExtensionWorkdays, SuspendedWorkdays: c.SuspendedWorkdays, SuspendedAt: c.SuspendedAt,
		LastProgressAt: c.LastProgressAt, Escalated: c.EscalatedAt != nil}
	return f
}

// countToPromise sets a commitment's time limit to the working days from
// receipt up to its promised date. The count changes when the calendar of
// a year it runs into is imported; the promised date does not.
func countToPromise(cal *calendar.Calendar, c *model.Case, fixed *calendar.Date) error {
	if fixed == nil {
		return nil
	}
	n, _, err := cal.WorkdaysBetweenProvisional(sla.DayOf(c.ReceivedAt), *fixed)
	if err != nil {
		return err
	}
	c.TimeLimit = n
	return nil
}

// fixedDueOf is a commitment's promised date, or nil for a case with a
// time limit. Cases stored before the date was kept (migration 00011) have
// only the working-day count; their date is recovered from it.
func fixedDueOf(cal *calendar.Calendar, c *model.Case) (*calendar.Date, error) {
	if !c.FixedDue {
		return nil, nil
	}
	if !c.PromisedDate.IsZero() {
		d := calendar.Date(c.PromisedDate)
		return &d, nil
	}
	d, _, err := cal.AddWorkdaysProvisional(sla.DayOf(c.ReceivedAt), c.TimeLimit)
	return &d, err
}

// Case returns one case in p's reach with its timeline.
func (s *Service) Case(ctx context.Context, p *access.Principal, id int64) (*model.Case, []model.CaseEvent, error) {
	if !p.Can(access.ReadCases) {
		return nil, nil, fault.Forbidden()
	}
	c, err := s.db.Case(ctx, Scope(p), id)
	if err != nil {
		return nil, nil, fault.Explain(err, "事项")
	}
	ev, err := s.db.CaseEvents(ctx, id)
	return c, ev, err
}

// Cases lists the cases in p's reach.
func (s *Service) Cases(ctx context.Context, p *access.Principal, f store.CaseFilter) (*store.CasePage, error) {
	if !p.Can(access.ReadCases) {
		return nil, fault.Forbidden()
	}
	return s.db.Cases(ctx, Scope(p), f)
}

// MaxAttachmentsPerCase bounds the files one case may carry.
const MaxAttachmentsPerCase = 50

// Attach stores a file with a case. Whoever takes part in the case may
// attach: the coordinators, its assigned departments, its enterprise and
// whoever raised it.
func (s *Service) Attach(ctx context.Context, p *access.Principal, a *store.Attachment) error {
	// The case is locked and its files counted inside the write, so two
	// uploads at once cannot pass the limit or reach a closed case.
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		c, err := tx.CaseForUpdate(ctx, Scope(p), a.CaseID)
		if err != nil {
			return err
		}
		if !(isManager(p) || isAssignee(p, c) || (p.Role == access.Enterprise && p.EnterpriseID == c.EnterpriseID) || c.CreatedBy == p.UserID) {
			return &fault.Error{Class: fault.ClassForbidden, Code: "not_assigned", Message: "您不是该事项的承办方，不能上传附件"}
		}
		if !c.Status.Open() {
			return IllegalTransition(c, "上传附件")
		}
		existing, err := tx.Attachments(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(existing) >= MaxAttachmentsPerCase {
			return fault.Invalid("file", fmt.Sprintf("每个事项最多 %d 个附件", MaxAttachmentsPerCase))
		}
		if err := tx.AddAttachment(ctx, a); err != nil {
			return err
		}
		return tx.AddCaseEvent(ctx, c.ID, model.CaseEvent{Type: "attachment", Note: a.Name, Data: map[string]any{"attachment_id": a.ID, "size": a.Size}})
	})
	return fault.Explain(err, "事项")
}

// categoryTTL bounds how long a process trusts its copy of the categories
// (they change rarely, and only through an administrator).
const categoryTTL = 30 * time.Second

type categoryCache struct {
	mu   sync.Mutex
	list []*model.CaseCategory
	at   time.Time
}

// categories returns the case categories, cached briefly: every intake and
// every workflow step needs them.
func (s *Service) categories(ctx context.Context) ([]*model.CaseCategory, error) {
	c := &s.cats
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && time.Since(c.at) < categoryTTL {
		return c.list, nil
	}
	list, err := s.db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	c.list, c.at = list, time.Now()
	return list, nil
}
