package service

import (
	"context"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The read models that span domains.

// EnterpriseFile is an enterprise's page (一企一档): the record and, as far
// as the user may see them, its history, cases, commissioners, visits,
// events and teams.
type EnterpriseFile struct {
	Enterprise    *model.Enterprise
	History       []*store.AuditRecord // for those who read the audit log
	Cases         *store.CasePage      // for those who read cases
	Commissioners []*store.Assignment
	Candidates    []*model.User // the region's commissioners, for the office's 包联 form
	Visits        []*model.Visit
	Events        []*store.EventLedgerRow
	Teams         []*model.Team
	CanVisit      bool // p may record a visit to it
	CanEdit       bool // p may change it
}

// EnterpriseFile returns the file of an enterprise in p's scope.
func (s *Service) EnterpriseFile(ctx context.Context, p *access.Principal, id int64) (*EnterpriseFile, error) {
	e, err := s.Enterprise(ctx, p, id)
	if err != nil {
		return nil, err
	}
	f := &EnterpriseFile{Enterprise: e,
		CanVisit: p.Role == access.Commissioner || p.Can(access.ManageCases),
		CanEdit:  p.Can(access.WriteEnterprises) || (p.Can(access.EditOwnEnterprise) && p.EnterpriseID == e.ID)}
	if p.Can(access.ReadAudit) {
		if f.History, err = s.store.ListAudit(ctx, store.AuditFilter{Entity: "enterprise", EntityID: strconv.FormatInt(id, 10), Limit: 20}); err != nil {
			return nil, err
		}
	}
	if p.Can(access.ReadCases) {
		if f.Cases, err = s.Cases(ctx, p, store.CaseFilter{EnterpriseID: id, Limit: 50}); err != nil {
			return nil, err
		}
	}
	if f.Commissioners, err = s.Commissioners(ctx, p, id); err != nil {
		return nil, err
	}
	if p.Role != access.Department {
		if f.Visits, _, err = s.Visits(ctx, p, store.VisitFilter{EnterpriseID: id, Limit: 10}); err != nil {
			return nil, err
		}
	}
	if f.Events, err = s.EnterpriseEvents(ctx, p, id); err != nil {
		return nil, err
	}
	if f.Teams, err = s.EnterpriseTeams(ctx, p, id); err != nil {
		return nil, err
	}
	if p.Can(access.ManageCases) {
		if f.Candidates, err = s.store.Users(ctx, p.RegionPrefix, access.Commissioner); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Home is the figures of the home page.
type Home struct {
	Region      string // the user's region, in full
	Enterprises int
	Departments int
	Townships   int
}

// Home returns the home page's figures of p's region.
func (s *Service) Home(ctx context.Context, p *access.Principal) (*Home, error) {
	if !p.Can(access.ReadEnterprises) {
		return nil, fault.Forbidden()
	}
	h := &Home{Region: division.FullName(p.RegionCode)}
	var err error
	if h.Enterprises, err = s.store.CountEnterprises(ctx, p.Scope()); err != nil {
		return nil, err
	}
	depts, err := s.store.Departments(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	towns, err := s.Townships(ctx, p)
	if err != nil {
		return nil, err
	}
	h.Departments, h.Townships = len(depts), len(towns)
	return h, nil
}
