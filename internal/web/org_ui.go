package web

import (
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
)

// orgUI are the routes of the home page, the organisation and the audit log.
func (s *Server) orgUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Allow: signedIn, handler: s.uiHome},
		{Method: "GET", Pattern: "/org", Allow: can(access.ReadOrg), handler: s.uiOrg},
		{Method: "GET", Pattern: "/audit", Allow: can(access.ReadAudit), handler: s.uiAudit},
	}
}

func (s *Server) uiHome(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Role == access.Enterprise {
		return seeOther(w, r, "/enterprises/"+strconv.FormatInt(p.EnterpriseID, 10))
	}
	h, err := s.svc.Home(r.Context(), p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", &view{Title: "首页", Nav: "home", Data: h})
}

func (s *Server) uiOrg(w http.ResponseWriter, r *http.Request) error {
	chart, err := s.svc.OrgChart(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "org", &view{Title: "组织机构", Nav: "org", Data: chart})
}

func (s *Server) uiAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.Audit(r.Context(), principal(r), q.Get("entity"), q.Get("entity_id"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audit", &view{Title: "审计日志", Nav: "audit", Data: map[string]any{"Items": list, "Entity": q.Get("entity"), "EntityID": q.Get("entity_id")}})
}
