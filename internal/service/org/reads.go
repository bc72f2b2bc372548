package org

import (
	"context"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// Regions lists the regions of p's subtree, by code.
func (s *Service) Regions(ctx context.Context, p *access.Principal) ([]*model.Region, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.Regions(ctx, p.RegionPrefix)
}

// Townships lists the townships set up in p's subtree, for filters.
func (s *Service) Townships(ctx context.Context, p *access.Principal) ([]*model.Region, error) {
	regions, err := s.db.Regions(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	var towns []*model.Region
	for _, r := range regions {
		if r.Level == int(division.Township) {
			towns = append(towns, r)
		}
	}
	return towns, nil
}

// Departments lists the departments of p's subtree.
func (s *Service) Departments(ctx context.Context, p *access.Principal) ([]*model.Department, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.Departments(ctx, p.RegionPrefix)
}

// Teams lists the special service teams of p's subtree.
func (s *Service) Teams(ctx context.Context, p *access.Principal) ([]*model.Team, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	return s.db.Teams(ctx, p.RegionPrefix)
}

// Users lists the users of p's subtree, of one role when role is set.
func (s *Service) Users(ctx context.Context, p *access.Principal, role access.Role) ([]*model.User, error) {
	if !p.Can(access.ManageUsers) {
		return nil, fault.Forbidden()
	}
	if role != "" && !role.Valid() {
		return nil, fault.Invalid("role", "未知角色")
	}
	return s.db.Users(ctx, p.RegionPrefix, role)
}

// Tags lists the defined enterprise tags in display order.
func (s *Service) Tags(ctx context.Context) ([]string, error) {
	return s.db.Tags(ctx)
}

// Audit returns the newest audit rows of p's subtree, of one entity (and
// one record of it) when given.
func (s *Service) Audit(ctx context.Context, p *access.Principal, entity, entityID string) ([]*store.AuditRecord, error) {
	if !p.Can(access.ReadAudit) {
		return nil, fault.Forbidden()
	}
	return s.db.ListAudit(ctx, store.AuditFilter{Entity: entity, EntityID: entityID, Prefix: p.RegionPrefix, Limit: 200})
}

// Chart is the organisation page: the regions, departments, teams and
// tags of p's subtree and, for an administrator, its users.
type Chart struct {
	Regions     []*model.Region
	Departments []*model.Department
	Teams       []*model.Team
	Users       []*model.User // nil unless p manages users
	Tags        []string
}

// OrgChart returns the organisation of p's subtree.
func (s *Service) OrgChart(ctx context.Context, p *access.Principal) (*Chart, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	c := &Chart{}
	var err error
	if c.Regions, err = s.db.Regions(ctx, p.RegionPrefix); err != nil {
		return nil, err
	}
	if c.Departments, err = s.db.Departments(ctx, p.RegionPrefix); err != nil {
		return nil, err
	}
	if c.Teams, err = s.db.Teams(ctx, p.RegionPrefix); err != nil {
		return nil, err
	}
	if p.Can(access.ManageUsers) {
		if c.Users, err = s.db.Users(ctx, p.RegionPrefix, ""); err != nil {
			return nil, err
		}
	}
	if c.Tags, err = s.db.Tags(ctx); err != nil {
		return nil, err
	}
	return c, nil
}
