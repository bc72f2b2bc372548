package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// plansAPI are the routes of visit plans.
func (s *Server) plansAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/plans", Allow: planReaders, Summary: "走访计划及完成情况（专员本人的，或本地区的）", handler: s.apiPlans},
		{Method: "POST", Pattern: "/api/v1/plans", Allow: roles(access.Commissioner), Denied: "只有服务专员制定走访计划", Summary: "服务专员把一次走访列入周或月计划", handler: s.apiPlanVisit},
		{Method: "DELETE", Pattern: "/api/v1/plans/{id}", Allow: roles(access.Commissioner), Denied: "只有服务专员制定走访计划", Summary: "移出走访计划", handler: s.apiUnplan},
	}
}

// The 走访计划: a commissioner's planned visits for a week or a month, done
// when a visit of theirs to the enterprise falls in the period.

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := model.DateOf(s.svc.Now().In(calendar.Shanghai))
	from, until := model.Date{Year: today.Year, Month: today.Month, Day: 1}, model.Date{}
	for name, dst := range map[string]*model.Date{"from": &from, "to": &until} {
		if v := q.Get(name); v != "" {
			d, err := model.ParseDate(v)
			if err != nil || d.IsZero() {
				writeAPIError(w, service.Invalid(name, name+" 应为 YYYY-MM-DD"))
				return
			}
			*dst = d
		}
	}
	items, err := s.svc.Plans(r.Context(), principal(r), from, until)
	if err != nil {
		s.fail(w, r, err, "计划")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiPlanVisit(w http.ResponseWriter, r *http.Request) {
	var in service.PlanInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	it, err := s.svc.PlanVisit(r.Context(), principal(r), in)
	if err != nil {
		s.fail(w, r, err, "计划")
		return
	}
	writeJSON(w, http.StatusCreated, it)
}

func (s *Server) apiUnplan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "not_found", Message: "计划不存在"})
		return
	}
	if err := s.svc.Unplan(r.Context(), principal(r), id); err != nil {
		s.fail(w, r, err, "计划")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}
