package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// orgUI are the routes of the home page, the organisation and the audit log.
func (s *Server) orgUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Allow: signedIn, handler: s.uiHome},
		{Method: "GET", Pattern: "/org", Allow: can(access.ReadOrg), handler: s.uiOrg},
		{Method: "GET", Pattern: "/audit", Allow: can(access.ReadAudit), handler: s.uiAudit},
	}
}

func (s *Server) uiHome(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if p.Role == access.Enterprise {
		http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(p.EnterpriseID, 10), http.StatusSeeOther)
		return
	}
	n, err := s.svc.Store.CountEnterprises(r.Context(), p.Scope())
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	depts, err := s.svc.Store.Departments(r.Context(), p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	regions, err := s.svc.Store.Regions(r.Context(), p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	townships := 0
	for _, x := range regions {
		if x.Level == int(division.Township) {
			townships++
		}
	}
	s.render(w, r, http.StatusOK, "home", &view{Title: "首页", Nav: "home", Data: map[string]any{
		"Enterprises": n, "Departments": len(depts), "Townships": townships, "Region": division.FullName(p.RegionCode),
	}})
}

func (s *Server) uiOrg(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	ctx := r.Context()
	regions, err := s.svc.Store.Regions(ctx, p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	depts, err := s.svc.Store.Departments(ctx, p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	teams, err := s.svc.Store.Teams(ctx, p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	var users []*model.User
	if p.Can(access.ManageUsers) {
		if users, err = s.svc.Store.Users(ctx, p.RegionPrefix, ""); err != nil {
			s.failAny(w, r, err, "")
			return
		}
	}
	tags, _ := s.svc.Store.Tags(ctx)
	s.render(w, r, http.StatusOK, "org", &view{Title: "组织机构", Nav: "org", Data: map[string]any{
		"Regions": regions, "Departments": depts, "Teams": teams, "Users": users, "Tags": tags}})
}

func (s *Server) uiAudit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	q := r.URL.Query()
	list, err := s.svc.Store.ListAudit(r.Context(), store.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Prefix: p.RegionPrefix, Limit: 200})
	if err != nil {
		s.failAny(w, r, err, "")
		return
	}
	s.render(w, r, http.StatusOK, "audit", &view{Title: "审计日志", Nav: "audit", Data: map[string]any{"Items": list, "Entity": q.Get("entity"), "EntityID": q.Get("entity_id")}})
}

// townships lists the townships set up under a region prefix, for filters.
func (s *Server) townships(ctx context.Context, prefix string) []*model.Region {
	regions, _ := s.svc.Store.Regions(ctx, prefix)
	var towns []*model.Region
	for _, t := range regions {
		if t.Level == int(division.Township) {
			towns = append(towns, t)
		}
	}
	return towns
}
