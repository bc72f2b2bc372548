package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// teamsAPI are the routes of the enterprises a team serves.
func (s *Server) teamsAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/teams/{id}", Allow: can(access.ReadOrg), Summary: "专项服务团队：成员与服务企业", handler: s.apiTeam},
		{Method: "POST", Pattern: "/api/v1/teams/{id}/enterprises", Allow: can(access.ManageCases), Summary: "为团队添加服务企业（按 ID 或信用代码）", handler: s.apiTeamServe},
		{Method: "DELETE", Pattern: "/api/v1/teams/{id}/enterprises/{eid}", Allow: can(access.ManageCases), Summary: "团队不再服务该企业", handler: s.apiTeamUnserve},
	}
}

// 专项服务团队 and the enterprises they serve.

type servedJSON struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
}

func (s *Server) apiTeam(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "团队")
	if err != nil {
		return err
	}
	d, err := s.svc.Team(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	served := make([]servedJSON, 0, len(d.Served))
	for _, e := range d.Served {
		served = append(served, servedJSON{e.ID, e.Name, e.ScopeCode()})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"team": d.Team, "served": served})
}

func (s *Server) apiTeamServe(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "团队")
	if err != nil {
		return err
	}
	var in service.ServeInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := s.svc.TeamServe(r.Context(), principal(r), id, in)
	return reply(w, http.StatusOK, map[string]any{"added": n}, err)
}

func (s *Server) apiTeamUnserve(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "服务关系")
	if err != nil {
		return err
	}
	eid, err := pathInt(r, "eid", "服务关系")
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, okJSON, s.svc.TeamUnserve(r.Context(), principal(r), id, eid))
}
