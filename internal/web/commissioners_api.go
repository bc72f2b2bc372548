package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

func (s *Server) apiCommissioners(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	list, err := s.svc.Commissioners(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiAssignCommissioner(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ManageCases) {
		writeAPIError(w, service.Forbidden())
		return
	}
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	var in service.CommissionerInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	a, err := s.svc.AssignCommissioner(r.Context(), p, id, in)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiReleaseCommissioner(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ManageCases) {
		writeAPIError(w, service.Forbidden())
		return
	}
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	var in noteInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	if err := s.svc.ReleaseCommissioner(r.Context(), p, id, in.text()); err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) {
	cov, err := s.svc.Coverage(r.Context(), principal(r))
	if err != nil {
		s.fail(w, r, err, "包联")
		return
	}
	writeJSON(w, http.StatusOK, cov)
}

func (s *Server) apiMyEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if p.Role != access.Commissioner {
		writeAPIError(w, &fault.Error{Class: fault.ClassForbidden, Code: "forbidden", Message: "只有服务专员有包联企业"})
		return
	}
	list, err := s.svc.Store.CommissionerEnterprises(r.Context(), p.UserID)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) apiProposeAssignments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pr, err := s.svc.ProposeAssignments(r.Context(), principal(r), q.Get("township"), q.Get("industry"))
	if err != nil {
		s.fail(w, r, err, "包联")
		return
	}
	writeJSON(w, http.StatusOK, pr)
}

func (s *Server) apiBulkAssign(w http.ResponseWriter, r *http.Request) {
	var in service.BulkAssignInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	res, err := s.svc.BulkAssign(r.Context(), principal(r), in)
	if err != nil {
		s.fail(w, r, err, "包联")
		return
	}
	writeJSON(w, http.StatusOK, res)
}
