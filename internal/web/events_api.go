package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// eventsAPI are the routes of events and the statistics of a briefing.
func (s *Server) eventsAPI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/events", Allow: can(access.ManageCases), Summary: "登记活动（现场咨询与降本指导）", handler: s.apiRecordEvent},
		{Method: "GET", Pattern: "/api/v1/events", Allow: can(access.ReadOrg), Summary: "活动列表", handler: s.apiListEvents},
		{Method: "GET", Pattern: "/api/v1/events/{id}", Allow: can(access.ReadOrg), Summary: "活动详情：部门、参加企业、现场咨询、降本指导", handler: s.apiEvent},
		{Method: "GET", Pattern: "/api/v1/statistics", Allow: officeOrLeaders, Summary: "统计（走访、问题、投诉、活动、咨询、降本指导、满意度）", handler: s.apiStatistics},
	}
}

func (s *Server) apiRecordEvent(w http.ResponseWriter, r *http.Request) error {
	var in service.EventInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.svc.RecordEvent(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, res, err)
}

func (s *Server) apiListEvents(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Events(r.Context(), principal(r))
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

// apiStatistics returns the period's figures; the period defaults to this
// year up to today (Beijing time).
func (s *Server) apiStatistics(w http.ResponseWriter, r *http.Request) error {
	today := model.DateOf(s.svc.Now().In(calendar.Shanghai))
	from, until := model.Date{Year: today.Year, Month: 1, Day: 1}, today
	if err := queryDates(r, map[string]*model.Date{"from": &from, "to": &until}); err != nil {
		return err
	}
	st, err := s.svc.Statistics(r.Context(), principal(r), from, until)
	return reply(w, http.StatusOK, st, err)
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "活动")
	if err != nil {
		return err
	}
	d, err := s.svc.Event(r.Context(), principal(r), id)
	return reply(w, http.StatusOK, d, err)
}
