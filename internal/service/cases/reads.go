package cases

import (
	"context"
	"errors"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The read models of the cases pages and API: what one page or answer
// shows, read in one call with every error returned.

// Detail is one case as its page and the API show it.
type Detail struct {
	Case        *model.Case
	Timeline    []model.CaseEvent
	Extensions  []*model.Extension
	Attachments []*store.Attachment
	Pending     bool // an extension request awaits a decision
	Offers      Offers
	// For the office, who a 交办 may name: the departments and leaders
	// of the case's region.
	Departments []*model.Department
	Leaders     []*model.User
}

// CaseDetail returns a case in p's reach with its timeline, extensions and
// files, and for the office the choices of a 交办.
func (s *Service) CaseDetail(ctx context.Context, p *access.Principal, id int64) (*Detail, error) {
	c, events, err := s.Case(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Case: c, Timeline: events}
	if d.Extensions, err = s.db.Extensions(ctx, id); err != nil {
		return nil, err
	}
	if d.Attachments, err = s.db.Attachments(ctx, id); err != nil {
		return nil, err
	}
	for _, x := range d.Extensions {
		d.Pending = d.Pending || x.Status == "pending"
	}
	d.Offers = offersTo(p, c, d.Pending, s.Now())
	if p.Can(access.ManageCases) {
		prefix := division.Prefix(c.RegionCode)
		if d.Departments, err = s.db.Departments(ctx, prefix); err != nil {
			return nil, err
		}
		if d.Leaders, err = s.db.Users(ctx, prefix, access.Leader); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// DepartmentCounts are one department's open cases by warning.
type DepartmentCounts struct {
	Dept   *model.Department
	Counts *store.WarningCounts
}

// Counts are the open cases of a region by warning, in all and for each
// department that has some.
type Counts struct {
	Total       *store.WarningCounts
	ByDept      []DepartmentCounts
	Departments []*model.Department // every department of the region
}

// CaseCounts returns the open cases of p's region by warning, for the
// office and the leaders.
func (s *Service) CaseCounts(ctx context.Context, p *access.Principal) (*Counts, error) {
	if !p.Can(access.ManageCases) && p.Role != access.Leader {
		return nil, fault.Forbidden()
	}
	counts, err := s.db.CaseCounts(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	depts, err := s.db.Departments(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	out := &Counts{Total: counts[0], Departments: depts}
	for _, d := range depts {
		if c := counts[d.ID]; c != nil && c.None+c.Yellow+c.Red > 0 {
			out.ByDept = append(out.ByDept, DepartmentCounts{d, c})
		}
	}
	return out, nil
}

// Board is the cases board: a page of cases, the categories to filter by
// and, for the office and the leaders, the counts.
type Board struct {
	Page       *store.CasePage
	Categories []*model.CaseCategory
	Counts     *Counts // nil for those who do not see them
}

// CaseBoard returns the board of the cases f selects in p's reach.
func (s *Service) CaseBoard(ctx context.Context, p *access.Principal, f store.CaseFilter) (*Board, error) {
	page, err := s.Cases(ctx, p, f)
	if err != nil {
		return nil, err
	}
	b := &Board{Page: page}
	if b.Categories, err = s.db.Categories(ctx); err != nil {
		return nil, err
	}
	if p.Can(access.ManageCases) || p.Role == access.Leader {
		if b.Counts, err = s.CaseCounts(ctx, p); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Intake is what the intake form offers p: the categories, the sources p
// may register and, when the form starts from one, the enterprise.
type Intake struct {
	Categories []*model.CaseCategory
	Sources    []model.CaseSource
	Enterprise *model.Enterprise // nil when none was named or it is not in p's reach
}

// IntakeForm returns the choices of p's intake form; enterpriseID (0 for
// none) pre-fills the enterprise.
func (s *Service) IntakeForm(ctx context.Context, p *access.Principal, enterpriseID int64) (*Intake, error) {
	if !p.Can(access.CreateCases) {
		return nil, fault.Forbidden()
	}
	in := &Intake{}
	var err error
	if in.Categories, err = s.db.Categories(ctx); err != nil {
		return nil, err
	}
	for _, src := range model.CaseSources {
		if sourceAllowed(p, src) {
			in.Sources = append(in.Sources, src)
		}
	}
	if enterpriseID > 0 {
		e, err := s.db.Enterprise(ctx, p.Scope(), enterpriseID)
		switch {
		case err == nil:
			in.Enterprise = e
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	return in, nil
}

// Categories lists the case categories with their time limits.
func (s *Service) Categories(ctx context.Context) ([]*model.CaseCategory, error) {
	return s.db.Categories(ctx)
}

// AttachmentFile returns one file of a case in p's reach, with its content.
func (s *Service) AttachmentFile(ctx context.Context, p *access.Principal, caseID, id int64) (*store.Attachment, error) {
	if _, _, err := s.Case(ctx, p, caseID); err != nil {
		return nil, err
	}
	a, err := s.db.AttachmentData(ctx, caseID, id)
	return a, fault.Explain(err, "附件")
}

// Notifications lists p's notifications, newest first (the unread ones
// only when asked).
func (s *Service) Notifications(ctx context.Context, p *access.Principal, unreadOnly bool) ([]*store.Notification, error) {
	return s.db.Notifications(ctx, p.UserID, unreadOnly, 200)
}

// MarkNotificationsRead marks all of p's notifications read.
func (s *Service) MarkNotificationsRead(ctx context.Context, p *access.Principal) error {
	return s.db.MarkNotificationsRead(ctx, p.UserID, s.Now())
}

// Webhooks lists the webhooks of p's region, for the office.
func (s *Service) Webhooks(ctx context.Context, p *access.Principal) ([]*store.Webhook, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	return s.db.Webhooks(ctx, p.RegionPrefix)
}

// ImportedYears lists the years whose arrangement an administrator
// imported over the built-in calendar.
func (s *Service) ImportedYears(ctx context.Context) ([]int, error) {
	years, err := s.db.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(years))
	for i, y := range years {
		out[i] = y.Year
	}
	return out, nil
}

// Offers are the steps the case page offers p as forms: those the
// workflow would let p take now. Taking one checks everything again, so a
// form shown by mistake gets a clear refusal.
type Offers struct {
	Assign, Accept, Progress, Return, Resolve, Extend, Decide, Suspend, Resume, Rate, Close, Attach bool
}

func offersTo(p *access.Principal, c *model.Case, pending bool, now time.Time) Offers {
	manager := isManager(p)
	lead, assignee := false, false
	for _, a := range c.Assignees {
		if p.Role == access.Department && a.DepartmentID == p.DepartmentID {
			assignee = true
			lead = lead || a.Role == model.AssignLead
		}
	}
	st := c.Status
	working := st == model.StatusAssigned || st == model.StatusInProgress || st == model.StatusReopened
	ownEnterprise := p.Role == access.Enterprise && p.EnterpriseID == c.EnterpriseID
	return Offers{
		Assign:   manager && (st == model.StatusReceived || st == model.StatusReturned || st == model.StatusReopened || st == model.StatusAssigned),
		Accept:   lead && (st == model.StatusAssigned || st == model.StatusReopened),
		Progress: (assignee || manager) && working,
		Return:   lead && working,
		Resolve:  lead && st == model.StatusInProgress && c.SuspendedAt == nil,
		Extend:   lead && working && !pending && !now.After(c.DueAt),
		Decide:   manager && pending,
		Suspend:  (lead || manager) && working && c.SuspendedAt == nil,
		Resume:   manager && c.SuspendedAt != nil,
		Rate:     st == model.StatusResolved && (manager || ownEnterprise),
		Close:    manager && (st == model.StatusConfirmed || st == model.StatusResolved),
		Attach:   st.Open() && (manager || assignee || ownEnterprise || c.CreatedBy == p.UserID),
	}
}

// TodoSection is one heading of 我的待办 and the cases under it.
type TodoSection struct {
	Title string
	Hint  string
	Items []*model.Case
}

type todoQuery struct {
	title, hint string
	f           store.CaseFilter
}

// Todo is 我的待办: the cases that wait for p's own next step, by what the
// step is, each heading up to 100 cases and left out when it has none.
func (s *Service) Todo(ctx context.Context, p *access.Principal) ([]TodoSection, error) {
	var qs []todoQuery
	switch {
	case isManager(p):
		qs = []todoQuery{
			{"待受理", "请核实后交办给牵头部门", store.CaseFilter{Status: model.StatusReceived}},
			{"部门退回", "请重新交办", store.CaseFilter{Status: model.StatusReturned}},
			{"重办", "企业不满意，请重新交办或督促承办部门", store.CaseFilter{Status: model.StatusReopened}},
			{"红色预警", "办理超时，请督办", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true}},
			{"已办结待回访", "请组织企业评价；办结满 3 个工作日未评价的可销号", store.CaseFilter{Status: model.StatusResolved}},
			{"已回访待销号", "", store.CaseFilter{Status: model.StatusConfirmed}},
		}
	case p.Role == access.Department:
		qs = []todoQuery{
			{"红色预警（已超时）", "请立即办理并填报进展", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true}},
			{"黄色预警（推进缓慢）", "请加快办理进度", store.CaseFilter{Open: true, Warning: model.WarningYellow, Handling: true}},
			{"待签收", "", store.CaseFilter{Status: model.StatusAssigned}},
			{"办理中", "", store.CaseFilter{Status: model.StatusInProgress, Warning: model.WarningNone}},
			{"重办", "企业对办理结果不满意", store.CaseFilter{Status: model.StatusReopened}},
		}
	case p.Role == access.Enterprise:
		qs = []todoQuery{
			{"待评价", "请对办理结果作出评价", store.CaseFilter{Status: model.StatusResolved}},
			{"办理中", "", store.CaseFilter{Open: true, Handling: true}},
		}
	case p.Role == access.Leader:
		qs = []todoQuery{
			{"我分包的事项", "交办给您的项目问题（三方交办）", store.CaseFilter{Open: true, Handling: true, AssignedUser: p.UserID}},
			{"红色预警（督办）", "办理超时的事项", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true}},
			{"已通报", "超期 5 个工作日仍未办结", store.CaseFilter{Open: true, Escalated: true}},
		}
	default:
		qs = []todoQuery{{"我登记的在办事项", "", store.CaseFilter{Open: true, Handling: true}}}
	}
	var out []TodoSection
	for _, q := range qs {
		q.f.Limit = 100
		page, err := s.Cases(ctx, p, q.f)
		if err != nil {
			return nil, err
		}
		if len(page.Items) > 0 {
			out = append(out, TodoSection{q.title, q.hint, page.Items})
		}
	}
	return out, nil
}
