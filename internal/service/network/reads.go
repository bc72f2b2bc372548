package network

import (
	"bytes"
	"context"
	"fmt"

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
