package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// visitsUI are the routes of the visit pages.
func (s *Server) visitsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/visits", Allow: visitReaders, handler: s.uiVisits},
		{Method: "GET", Pattern: "/visits/new", Allow: visitors, handler: s.uiVisitNew},
		{Method: "POST", Pattern: "/visits", Allow: visitors, handler: s.uiVisitCreate},
		{Method: "GET", Pattern: "/visits/{id}", Allow: visitReaders, handler: s.uiVisit},
	}
}

// uiVisits lists visits: a commissioner's own, or the region's.
func (s *Server) uiVisits(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	f, err := visitFilter(r)
	if err != nil {
		return badFilter(err)
	}
	list, total, err := s.svc.Visits(r.Context(), p, f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "visits", &view{Title: "走访记录", Nav: "visits", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Items": list, "Total": total, "Pager": newPager(r, total, f.Limit, f.Offset), "CanVisit": visitors(p)}})
}

func (s *Server) uiVisit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "走访记录")
	if err != nil {
		return err
	}
	d, err := s.svc.VisitDetail(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "visit", &view{Title: "走访记录", Nav: "visits", Notice: r.URL.Query().Get("notice"),
		Data: map[string]any{"V": d.Visit, "Cases": d.Cases}})
}

func (s *Server) uiVisitNew(w http.ResponseWriter, r *http.Request) error {
	vals := url.Values{"visited_on": {s.svc.Now().In(calendar.Shanghai).Format("2006-01-02")}, "enterprise_id": {r.URL.Query().Get("enterprise_id")}}
	return s.renderVisitForm(w, r, http.StatusOK, vals, nil, "")
}

func (s *Server) renderVisitForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) error {
	enterpriseID, err := strconv.ParseInt(vals.Get("enterprise_id"), 10, 64)
	if err != nil {
		enterpriseID = 0 // the form starts without an enterprise
	}
	c, err := s.svc.VisitForm(r.Context(), principal(r), enterpriseID)
	if err != nil {
		return err
	}
	data := map[string]any{"Values": vals, "Errors": errs, "Modes": model.VisitModes, "Slots": make([]int, form.ProblemSlots),
		"Categories": c.Categories, "Campaigns": c.Campaigns, "Mine": c.Mine, "People": c.People}
	if c.Enterprise != nil {
		data["Enterprise"] = c.Enterprise
	}
	return s.render(w, r, status, "visit_new", &view{Title: "登记走访", Nav: "visits", Notice: notice, Data: data})
}

func (s *Server) uiVisitCreate(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.Visit(r.PostForm, s.enterpriseLookup(r))
	if err == nil {
		var visit *model.Visit
		var cases []*model.Case
		if visit, cases, err = s.svc.RecordVisit(r.Context(), principal(r), in); err == nil {
			msg := "走访已登记"
			if len(cases) > 0 {
				msg = fmt.Sprintf("走访已登记，%d 个问题已转为事项", len(cases))
			}
			return seeOther(w, r, withNotice(fmt.Sprintf("/visits/%d", visit.ID), msg))
		}
	}
	errs, err := formFaults(err)
	if err != nil {
		return err
	}
	return s.renderVisitForm(w, r, http.StatusUnprocessableEntity, r.PostForm, errs, "请修改标红的字段后重新提交")
}
