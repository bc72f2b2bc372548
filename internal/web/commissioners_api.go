package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// commissionersAPI are the routes of 服务专员 and their 包联.
func (s *Server) commissionersAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/commissioners", Allow: can(access.ReadEnterprises), Summary: "企业的服务专员（当前与历史）", handler: s.apiCommissioners},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/commissioner", Allow: can(access.ManageCases), Summary: "指定或调整服务专员（包联）", handler: s.apiAssignCommissioner},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/commissioner/release", Allow: can(access.ManageCases), Summary: "解除包联", handler: s.apiReleaseCommissioner},
		{Method: "GET", Pattern: "/api/v1/coverage", Allow: officeOrLeaders, Summary: "包联覆盖情况与专员负荷", handler: s.apiCoverage},
		{Method: "GET", Pattern: "/api/v1/coverage/proposal", Allow: can(access.ManageCases), Summary: "按乡镇或行业生成均衡负荷的批量包联方案（不写入）", handler: s.apiProposeAssignments},
		{Method: "POST", Pattern: "/api/v1/coverage/assign", Allow: can(access.ManageCases), Summary: "确认批量包联（一个事务）", handler: s.apiBulkAssign},
		{Method: "GET", Pattern: "/api/v1/me/enterprises", Allow: roles(access.Commissioner), Denied: "只有服务专员有包联企业", Summary: "我包联的企业（服务专员）", handler: s.apiMyEnterprises},
	}
}

func (s *Server) apiCommissioners(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	list, err := s.svc.Commissioners(r.Context(), principal(r), id)
	return reply(w, http.StatusOK, items(list), err)
}

func (s *Server) apiAssignCommissioner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	var in service.CommissionerInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := s.svc.AssignCommissioner(r.Context(), principal(r), id, in)
	return reply(w, http.StatusCreated, a, err)
}

func (s *Server) apiReleaseCommissioner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	var in noteInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return reply(w, http.StatusOK, okJSON, s.svc.ReleaseCommissioner(r.Context(), principal(r), id, in.text()))
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) error {
	cov, err := s.svc.Coverage(r.Context(), principal(r))
	return reply(w, http.StatusOK, cov, err)
}

func (s *Server) apiMyEnterprises(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.MyEnterprises(r.Context(), principal(r))
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiProposeAssignments(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pr, err := s.svc.ProposeAssignments(r.Context(), principal(r), q.Get("township"), q.Get("industry"))
	return reply(w, http.StatusOK, pr, err)
}

func (s *Server) apiBulkAssign(w http.ResponseWriter, r *http.Request) error {
	var in service.BulkAssignInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.svc.BulkAssign(r.Context(), principal(r), in)
	return reply(w, http.StatusOK, res, err)
}
