package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// eventsUI are the routes of the event pages.
func (s *Server) eventsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/events", Allow: can(access.ReadOrg), handler: s.uiEvents},
		{Method: "GET", Pattern: "/events/new", Allow: can(access.ManageCases), handler: s.uiEventNew},
		{Method: "POST", Pattern: "/events", Allow: can(access.ManageCases), handler: s.uiEventCreate},
		{Method: "GET", Pattern: "/events/{id}", Allow: can(access.ReadOrg), handler: s.uiEvent},
	}
}

// uiEvents lists the region's events with what each produced.
func (s *Server) uiEvents(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.EventLedger(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "events", &view{Title: "活动与咨询", Nav: "events", Data: map[string]any{"Items": list}})
}

// uiEvent shows one event: departments, enterprises, the consultations
// answered there and the cost-reduction guidance given.
func (s *Server) uiEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "活动")
	if err != nil {
		return err
	}
	d, err := s.svc.Event(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "event", &view{Title: d.Title, Nav: "events", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"E": d}})
}

// uiEventNew is the office's form for an event and what happened there.
func (s *Server) uiEventNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderEventForm(w, r, http.StatusOK, url.Values{"held_on": {s.svc.Now().In(calendar.Shanghai).Format("2006-01-02")}}, nil, "")
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) error {
	c, err := s.svc.EventForm(r.Context(), principal(r))
	if err != nil {
		return err
	}
	data := map[string]any{"Values": vals, "Errors": errs, "Kinds": model.EventKinds, "Areas": model.CostAreas,
		"CSlots": make([]int, form.ConsultationSlots), "GSlots": make([]int, form.GuidanceSlots),
		"Departments": c.Departments, "Categories": c.Categories}
	return s.render(w, r, status, "event_new", &view{Title: "登记活动", Nav: "events", Notice: notice, Data: data})
}

// uiEventCreate records the event from the form; on bad input the form
// comes back with what was typed and the faults marked.
func (s *Server) uiEventCreate(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.Event(r.PostForm, s.enterpriseLookup(r))
	if err == nil {
		var res *service.EventResult
		if res, err = s.svc.RecordEvent(r.Context(), principal(r), in); err == nil {
			msg := fmt.Sprintf("活动已登记：%d 条咨询，%d 家企业获降本指导", len(res.Consultations), len(res.Guidance))
			return seeOther(w, r, withNotice(fmt.Sprintf("/events/%d", res.Event.ID), msg))
		}
	}
	errs, err := formFaults(err)
	if err != nil {
		return err
	}
	return s.renderEventForm(w, r, http.StatusUnprocessableEntity, r.PostForm, errs, "请修改标红的字段后重新提交")
}
