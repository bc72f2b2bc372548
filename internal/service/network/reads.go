package network

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/ledger"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// MyEnterprises lists the enterprises the commissioner p serves now.
func (s *Service) MyEnterprises(ctx context.Context, p *access.Principal) ([]*store.Assignment, error) {
	if p.Role != access.Commissioner {
		return nil, &fault.Error{Class: fault.ClassForbidden, Code: "forbidden", Message: "只有服务专员有包联企业"}
	}
	return s.db.CommissionerEnterprises(ctx, p.UserID)
}

// Events lists the events of p's region, newest first.
func (s *Service) Events(ctx context.Context, p *access.Principal) ([]*model.Event, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.Events(ctx, p.RegionPrefix, 200)
}

// EventLedger lists the events of p's region with what each produced.
func (s *Service) EventLedger(ctx context.Context, p *access.Principal) ([]*store.EventLedgerRow, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.EventLedger(ctx, p.RegionPrefix, 500)
}

// Campaigns lists the campaigns of p's region, newest first.
func (s *Service) Campaigns(ctx context.Context, p *access.Principal) ([]*model.Campaign, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.Campaigns(ctx, p.RegionPrefix)
}

// CampaignList lists the campaigns of p's region with their figures.
func (s *Service) CampaignList(ctx context.Context, p *access.Principal) ([]*store.CampaignFigures, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.CampaignList(ctx, p.RegionPrefix)
}

// CampaignDetail is a campaign's page: its figures and, for the office,
// the cadres who could still join it.
type CampaignDetail struct {
	*store.CampaignFigures
	Candidates []*model.User
}

// Campaign returns a campaign of p's region with its figures.
func (s *Service) Campaign(ctx context.Context, p *access.Principal, id int64) (*CampaignDetail, error) {
	f, err := s.CampaignFigures(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &CampaignDetail{CampaignFigures: f}
	if !p.Can(access.ManageCases) {
		return d, nil
	}
	all, err := s.db.Users(ctx, p.RegionPrefix, "")
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, x := range f.Participants {
		in[x.UserID] = true
	}
	for _, u := range all {
		if !in[u.ID] && !u.Disabled && u.Role != access.Enterprise && u.Role != access.Admin {
			d.Candidates = append(d.Candidates, u)
		}
	}
	return d, nil
}

// Visit returns one visit in p's reach.
func (s *Service) Visit(ctx context.Context, p *access.Principal, id int64) (*model.Visit, error) {
	list, _, err := s.Visits(ctx, p, store.VisitFilter{ID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fault.NotFound("走访记录")
	}
	return list[0], nil
}

// VisitDetail is a visit's page: the visit and the cases raised on it
// that p may see.
type VisitDetail struct {
	Visit *model.Visit
	Cases []*model.Case
}

// VisitDetail returns one visit in p's reach with its cases.
func (s *Service) VisitDetail(ctx context.Context, p *access.Principal, id int64) (*VisitDetail, error) {
	v, err := s.Visit(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &VisitDetail{Visit: v}
	for _, cid := range v.CaseIDs {
		c, _, err := s.cases.Case(ctx, p, cid)
		switch fault.ClassOf(err) {
		case 0:
			if err != nil {
				return nil, err
			}
			d.Cases = append(d.Cases, c)
		case fault.ClassNotFound, fault.ClassForbidden: // not p's to see
		default:
			return nil, err
		}
	}
	return d, nil
}

// VisitChoices are what the visit form offers: the categories of the
// problems, the campaigns, and the enterprises a commissioner serves or
// the commissioners an official may name as companions; the enterprise
// the form starts from, when it is in reach.
type VisitChoices struct {
	Categories []*model.CaseCategory
	Campaigns  []*model.Campaign
	Mine       []*store.Assignment // a commissioner's enterprises
	People     []*model.User       // the region's commissioners, for officials
	Enterprise *model.Enterprise
}

// VisitForm returns the choices of p's visit form; enterpriseID (0 for
// none) pre-fills the enterprise.
func (s *Service) VisitForm(ctx context.Context, p *access.Principal, enterpriseID int64) (*VisitChoices, error) {
	if p.Role != access.Commissioner && !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	c := &VisitChoices{}
	var err error
	if c.Categories, err = s.db.Categories(ctx); err != nil {
		return nil, err
	}
	if c.Campaigns, err = s.db.Campaigns(ctx, p.RegionPrefix); err != nil {
		return nil, err
	}
	if p.Role == access.Commissioner {
		c.Mine, err = s.db.CommissionerEnterprises(ctx, p.UserID)
	} else {
		c.People, err = s.db.Users(ctx, p.RegionPrefix, access.Commissioner)
	}
	if err != nil {
		return nil, err
	}
	if enterpriseID > 0 {
		e, err := s.enterprises.Enterprise(ctx, p, enterpriseID)
		switch fault.ClassOf(err) {
		case 0:
			if err != nil {
				return nil, err
			}
			c.Enterprise = e
		case fault.ClassNotFound:
		default:
			return nil, err
		}
	}
	return c, nil
}

// EventChoices are what the event form offers: the region's departments
// and the categories of consultations.
type EventChoices struct {
	Departments []*model.Department
	Categories  []*model.CaseCategory
}

// EventForm returns the choices of the event form, for the office.
func (s *Service) EventForm(ctx context.Context, p *access.Principal) (*EventChoices, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	c := &EventChoices{}
	var err error
	if c.Departments, err = s.db.Departments(ctx, p.RegionPrefix); err != nil {
		return nil, err
	}
	if c.Categories, err = s.db.Categories(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// MaxLedgerRows bounds one downloaded ledger.
const MaxLedgerRows = 200_000

// Ledger writes one of the network's XLSX ledgers of p's region —
// visits.xlsx (this year's 走访台账), assignments.xlsx (包联台账) or
// events.xlsx (活动台账) — and returns its file name.
func (s *Service) Ledger(ctx context.Context, p *access.Principal, name string) (string, []byte, error) {
	if !p.Can(access.ManageCases) && p.Role != access.Leader {
		return "", nil, fault.Forbidden()
	}
	var buf bytes.Buffer
	today := s.Now().In(calendar.Shanghai)
	switch name {
	case "visits.xlsx":
		year := model.Date{Year: today.Year(), Month: 1, Day: 1}
		visits, _, err := s.db.Visits(ctx, p.Scope(), store.VisitFilter{From: year, Limit: MaxLedgerRows})
		if err != nil {
			return "", nil, err
		}
		page, err := s.db.Cases(ctx, store.CaseScope{Prefix: p.RegionPrefix}, store.CaseFilter{Source: model.SourceVisit,
			ReceivedFrom: year.Time(calendar.Shanghai), Limit: MaxLedgerRows, NoCount: true})
		if err != nil {
			return "", nil, err
		}
		cases := map[int64]*model.Case{}
		for _, c := range page.Items {
			cases[c.ID] = c
		}
		camps, err := s.db.Campaigns(ctx, p.RegionPrefix)
		if err != nil {
			return "", nil, err
		}
		names := map[int64]string{}
		for _, c := range camps {
			names[c.ID] = c.Name
		}
		if err := ledger.Visits(&buf, visits, cases, names); err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("走访台账-%d.xlsx", today.Year()), buf.Bytes(), nil
	case "assignments.xlsx":
		list, err := s.db.AssignmentsIn(ctx, p.RegionPrefix, MaxLedgerRows)
		if err == nil {
			err = ledger.Assignments(&buf, list, division.FullName)
		}
		if err != nil {
			return "", nil, err
		}
		return "包联台账-" + today.Format("20060102") + ".xlsx", buf.Bytes(), nil
	case "events.xlsx":
		list, err := s.db.EventLedger(ctx, p.RegionPrefix, MaxLedgerRows)
		if err == nil {
			err = ledger.Events(&buf, list)
		}
		if err != nil {
			return "", nil, err
		}
		return "活动台账-" + today.Format("20060102") + ".xlsx", buf.Bytes(), nil
	}
	return "", nil, fault.NotFound("台账")
}

// PlanProgress is one commissioner's visit plan for this month.
type PlanProgress struct {
	Name          string
	Planned, Done int
	Overdue       int // periods ended without the visit
}

// CoveragePage is the office's view of 包联: coverage and loads, the
// enterprises nobody serves or nobody visited in the last Days days, this
// month's plans per commissioner, the load cap and the townships to
// propose bulk 包联 for.
type CoveragePage struct {
	*store.CoverageOverview
	Days  int
	Cap   int
	Plans []*PlanProgress
	// ProposalTownships are the townships of the region, to propose bulk
	// 包联 for (the overview's Townships are their figures).
	ProposalTownships []*model.Region
}

// CoveragePage returns the coverage page of p's region; days (1–3650)
// bounds what counts as not visited lately.
func (s *Service) CoveragePage(ctx context.Context, p *access.Principal, days int) (*CoveragePage, error) {
	o, err := s.CoverageView(ctx, p, days, 100)
	if err != nil {
		return nil, err
	}
	c := &CoveragePage{CoverageOverview: o, Days: days, Cap: s.CommissionerCap(ctx)}
	if c.Plans, err = s.planCompletion(ctx, p); err != nil {
		return nil, err
	}
	regions, err := s.db.Regions(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	for _, r := range regions {
		if r.Level == int(division.Township) {
			c.ProposalTownships = append(c.ProposalTownships, r)
		}
	}
	return c, nil
}

// planCompletion sums this month's plan items per commissioner.
func (s *Service) planCompletion(ctx context.Context, p *access.Principal) ([]*PlanProgress, error) {
	today := model.DateOf(s.Now().In(calendar.Shanghai))
	first := model.Date{Year: today.Year, Month: today.Month, Day: 1}
	last := model.DateOf(first.Time(time.UTC).AddDate(0, 1, -1))
	items, err := s.Plans(ctx, p, first, last)
	if err != nil {
		return nil, err
	}
	by := map[int64]*PlanProgress{}
	var out []*PlanProgress
	for _, it := range items {
		pp := by[it.UserID]
		if pp == nil {
			pp = &PlanProgress{Name: it.UserName}
			by[it.UserID] = pp
			out = append(out, pp)
		}
		pp.Planned++
		switch {
		case it.VisitedOn != nil:
			pp.Done++
		case today.After(it.EndsOn):
			pp.Overdue++
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// MyPlan is a commissioner's plan page: this month's and later items (and
// those of a week begun last month) with whether each is done, and the
// enterprises the commissioner serves, to plan for.
type MyPlan struct {
	Items []*store.PlanItem
	Done  int
	Today model.Date
	Mine  []*store.Assignment
}

// MyPlan returns the commissioner p's plan page.
func (s *Service) MyPlan(ctx context.Context, p *access.Principal) (*MyPlan, error) {
	today := model.DateOf(s.Now().In(calendar.Shanghai))
	from := model.Date{Year: today.Year, Month: today.Month, Day: 1}
	if weekStart, _, ok := PlanPeriod("week", today); ok && weekStart.Time(time.UTC).Before(from.Time(time.UTC)) {
		from = weekStart
	}
	items, err := s.Plans(ctx, p, from, model.Date{})
	if err != nil {
		return nil, err
	}
	mine, err := s.MyEnterprises(ctx, p)
	if err != nil {
		return nil, err
	}
	m := &MyPlan{Items: items, Today: today, Mine: mine}
	for _, it := range items {
		if it.VisitedOn != nil {
			m.Done++
		}
	}
	return m, nil
}
