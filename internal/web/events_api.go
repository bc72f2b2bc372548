package web

import (
	"net/http"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
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

func (s *Server) apiRecordEvent(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.EventInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	res, err := s.svc.RecordEvent(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "活动")
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

func (s *Server) apiListEvents(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Events(r.Context(), p.RegionPrefix, 200)
	if err != nil {
		s.fail(w, r, err, "活动")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

// apiStatistics returns the period's figures; the period defaults to this
// year up to today (Beijing time).
func (s *Server) apiStatistics(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := model.DateOf(time.Now().In(calendar.Shanghai))
	from, until := model.Date{Year: today.Year, Month: 1, Day: 1}, today
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
	st, err := s.svc.Statistics(r.Context(), principal(r), from, until)
	if err != nil {
		s.fail(w, r, err, "统计")
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "not_found", Message: "活动不存在"})
		return
	}
	d, err := s.svc.Event(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "活动")
		return
	}
	writeJSON(w, http.StatusOK, d)
}
