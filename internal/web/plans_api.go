package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
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

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	today := model.DateOf(s.svc.Now().In(calendar.Shanghai))
	from, until := model.Date{Year: today.Year, Month: today.Month, Day: 1}, model.Date{}
	if err := queryDates(r, map[string]*model.Date{"from": &from, "to": &until}); err != nil {
		return err
	}
	list, err := s.svc.Plans(r.Context(), principal(r), from, until)
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiPlanVisit(w http.ResponseWriter, r *http.Request) error {
	var in service.PlanInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	it, err := s.svc.PlanVisit(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, it, err)
}

func (s *Server) apiUnplan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "计划")
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, okJSON, s.svc.Unplan(r.Context(), principal(r), id))
}
