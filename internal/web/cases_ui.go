package web

// The cases pages: the board (all open cases with their warnings and the
// counts per department), 我的待办, the detail page with the action forms
// and the intake form.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// casesUI are the routes of the case pages.
func (s *Server) casesUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/cases", Allow: can(access.ReadCases), handler: s.uiCases},
		{Method: "GET", Pattern: "/cases/new", Allow: can(access.CreateCases), handler: s.uiCaseNew},
		{Method: "POST", Pattern: "/cases", Allow: can(access.CreateCases), handler: s.uiCaseCreate},
		{Method: "GET", Pattern: "/cases/{id}", Allow: can(access.ReadCases), handler: s.uiCase},
		{Method: "POST", Pattern: "/cases/{id}/{action...}", Allow: can(access.ReadCases), handler: s.uiCaseAction},
		{Method: "GET", Pattern: "/todo", Allow: can(access.ReadCases), handler: s.uiTodo},
	}
}

func (s *Server) uiCases(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	f, err := caseFilter(r)
	if err != nil {
		return badFilter(err)
	}
	if r.URL.Query().Get("status") == "" && r.URL.Query().Get("all") == "" {
		f.Open = true // the board shows open cases unless asked otherwise
	}
	b, err := s.svc.CaseBoard(r.Context(), p, f)
	if err != nil {
		return err
	}
	data := map[string]any{"Page": b.Page, "Query": r.URL.Query(), "Pager": newPager(r, b.Page.Total, f.Limit, f.Offset), "Categories": b.Categories,
		"Statuses": model.CaseStatuses, "Sources": model.CaseSources, "Kinds": model.CaseKinds, "Warnings": model.Warnings}
	if b.Counts != nil {
		data["Total"], data["ByDept"], data["Departments"] = b.Counts.Total, b.Counts.ByDept, b.Counts.Departments
	}
	title := "事项督办"
	if p.Role == access.Enterprise {
		title = "我的诉求"
	}
	return s.render(w, r, http.StatusOK, "cases", &view{Title: title, Nav: "cases", Notice: r.URL.Query().Get("notice"), Data: data})
}

// uiTodo is 我的待办: what waits for the user's own next step.
func (s *Server) uiTodo(w http.ResponseWriter, r *http.Request) error {
	sections, err := s.svc.Todo(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "todo", &view{Title: "我的待办", Nav: "todo", Data: map[string]any{"Sections": sections}})
}

func (s *Server) uiCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "事项")
	if err != nil {
		return err
	}
	d, err := s.svc.CaseDetail(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	data := map[string]any{"C": d.Case, "Events": d.Timeline, "Extensions": d.Extensions, "Attachments": d.Attachments,
		"Forms": d.Offers, "Levels": model.SatisfactionLabels, "Departments": d.Departments, "Leaders": d.Leaders}
	return s.render(w, r, http.StatusOK, "case", &view{Title: d.Case.Number, Nav: "cases", Notice: r.URL.Query().Get("notice"), Data: data})
}

// uiCaseAction takes one workflow step (or an upload) from the case page's
// form and returns to the case with what became of it.
func (s *Server) uiCaseAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "事项")
	if err != nil {
		return err
	}
	if r.PathValue("action") == "attachments" {
		return s.uiAttach(w, r, id)
	}
	st, found := stepNamed(r.PathValue("action"))
	if !found {
		return fault.NotFound("页面")
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err = st.fromForm(s, r, id)
	msg, err := notice(err, st.done, "未完成：")
	if err != nil {
		return err
	}
	return s.redirectCase(w, r, id, msg)
}

// uiAttach uploads a file from the case page.
func (s *Server) uiAttach(w http.ResponseWriter, r *http.Request, id int64) error {
	a, err := s.readAttachment(w, r)
	if err != nil {
		if e := fault.As(err, "附件"); e != nil {
			return s.redirectCase(w, r, id, e.Message)
		}
		return err
	}
	a.CaseID = id
	msg, err := notice(s.svc.Attach(r.Context(), principal(r), a), "附件已上传", "未完成：")
	if err != nil {
		return err
	}
	return s.redirectCase(w, r, id, msg)
}

func (s *Server) redirectCase(w http.ResponseWriter, r *http.Request, id int64, notice string) error {
	return seeOther(w, r, fmt.Sprintf("/cases/%d?notice=%s", id, url.QueryEscape(notice)))
}

func (s *Server) uiCaseNew(w http.ResponseWriter, r *http.Request) error {
	vals := url.Values{}
	if e := r.URL.Query().Get("enterprise_id"); e != "" {
		vals.Set("enterprise_id", e)
	}
	return s.renderCaseForm(w, r, http.StatusOK, vals, nil, "")
}

func (s *Server) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) error {
	p := principal(r)
	enterpriseID, err := strconv.ParseInt(vals.Get("enterprise_id"), 10, 64)
	if err != nil {
		enterpriseID = 0 // the form starts without an enterprise
	}
	in, err := s.svc.IntakeForm(r.Context(), p, enterpriseID)
	if err != nil {
		return err
	}
	data := map[string]any{"Values": vals, "Errors": errs, "Categories": in.Categories, "Kinds": model.CaseKinds, "Own": p.Role == access.Enterprise,
		"Sources": in.Sources}
	if in.Enterprise != nil {
		data["Enterprise"] = in.Enterprise
	}
	return s.render(w, r, status, "case_new", &view{Title: "登记事项", Nav: "cases", Notice: notice, Data: data})
}

func (s *Server) uiCaseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.Case(r.PostForm)
	if err == nil {
		var c *model.Case
		if c, _, err = s.svc.CreateCase(r.Context(), principal(r), in); err == nil {
			return s.redirectCase(w, r, c.ID, "事项已登记："+c.Number)
		}
	}
	errs, err := formFaults(err)
	if err != nil {
		return err
	}
	return s.renderCaseForm(w, r, http.StatusUnprocessableEntity, r.PostForm, errs, "请修改标红的字段后重新提交")
}
