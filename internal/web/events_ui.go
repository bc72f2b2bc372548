package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
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
func (s *Server) uiEvents(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.EventLedger(r.Context(), p.RegionPrefix, 500)
	if err != nil {
		s.failAny(w, r, err, "活动")
		return
	}
	s.render(w, r, http.StatusOK, "events", &view{Title: "活动与咨询", Nav: "events", Data: map[string]any{"Items": list}})
}

// uiEvent shows one event: departments, enterprises, the consultations
// answered there and the cost-reduction guidance given.
func (s *Server) uiEvent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "活动不存在")
		return
	}
	d, err := s.svc.Event(r.Context(), principal(r), id)
	if err != nil {
		s.failAny(w, r, err, "活动")
		return
	}
	s.render(w, r, http.StatusOK, "event", &view{Title: d.Title, Nav: "events", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"E": d}})
}

// Slots on the event form: rows left empty are not recorded.
const consultationSlots, guidanceSlots = 10, 5

// uiEventNew is the office's form for an event and what happened there.
func (s *Server) uiEventNew(w http.ResponseWriter, r *http.Request) {
	s.renderEventForm(w, r, http.StatusOK, url.Values{"held_on": {s.svc.Now().In(calendar.Shanghai).Format("2006-01-02")}}, nil, "")
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) {
	p := principal(r)
	data := map[string]any{"Values": vals, "Errors": errs, "Kinds": model.EventKinds, "Areas": model.CostAreas,
		"CSlots": make([]int, consultationSlots), "GSlots": make([]int, guidanceSlots)}
	data["Departments"], _ = s.svc.Store.Departments(r.Context(), p.RegionPrefix)
	data["Categories"], _ = s.svc.Store.Categories(r.Context())
	s.render(w, r, status, "event_new", &view{Title: "登记活动", Nav: "events", Notice: notice, Data: data})
}

// uiEventCreate records the event from the form; on bad input the form
// comes back with what was typed and the faults marked.
func (s *Server) uiEventCreate(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	in := service.EventInput{Title: v.Get("title"), Kind: v.Get("kind"), Place: v.Get("place"), Notes: v.Get("notes")}
	if d := strings.TrimSpace(v.Get("held_on")); d != "" {
		if hd, err := model.ParseDate(d); err != nil {
			errs["held_on"] = "日期应为 YYYY-MM-DD"
		} else {
			in.HeldOn = hd
		}
	}
	in.OrganizerDepartmentID, _ = strconv.ParseInt(v.Get("organizer_department_id"), 10, 64)
	for _, x := range v["invited_department_ids"] {
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			in.InvitedDepartmentIDs = append(in.InvitedDepartmentIDs, n)
		}
	}
	// Enterprises are named by credit code on the form.
	lookup := func(field, code string) int64 {
		code = strings.ToUpper(strings.TrimSpace(code))
		e, err := s.svc.Store.EnterpriseBriefBy(r.Context(), p.Scope(), 0, code)
		if err != nil {
			errs[field] = "本地区没有信用代码为「" + code + "」的企业"
			return 0
		}
		return e.ID
	}
	for _, code := range strings.FieldsFunc(v.Get("enterprises"), func(c rune) bool {
		return c == '\n' || c == '\r' || c == ',' || c == '，' || c == ' ' || c == '、'
	}) {
		if id := lookup("enterprises", code); id != 0 {
			in.EnterpriseIDs = append(in.EnterpriseIDs, id)
		}
	}
	for i := range consultationSlots {
		q := strings.TrimSpace(v.Get(fmt.Sprintf("c%d_question", i)))
		if q == "" {
			continue
		}
		c := service.ConsultationInput{Question: q, Answer: v.Get(fmt.Sprintf("c%d_answer", i)), Category: v.Get(fmt.Sprintf("c%d_category", i))}
		c.DepartmentID, _ = strconv.ParseInt(v.Get(fmt.Sprintf("c%d_dept", i)), 10, 64)
		c.EnterpriseID = lookup(fmt.Sprintf("consultations[%d].enterprise_id", len(in.Consultations)), v.Get(fmt.Sprintf("c%d_uscc", i)))
		in.Consultations = append(in.Consultations, c)
	}
	for i := range guidanceSlots {
		code := strings.TrimSpace(v.Get(fmt.Sprintf("g%d_uscc", i)))
		if code == "" {
			continue
		}
		g := service.GuidanceInput{Area: v.Get(fmt.Sprintf("g%d_area", i)), Note: v.Get(fmt.Sprintf("g%d_note", i))}
		if x := strings.TrimSpace(v.Get(fmt.Sprintf("g%d_saving", i))); x != "" {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil || n < 0 {
				errs[fmt.Sprintf("guidance[%d].estimated_saving_yuan", len(in.Guidance))] = "预计节省金额应为不小于 0 的整数（元）"
			}
			g.EstimatedSavingYuan = n
		}
		g.EnterpriseID = lookup(fmt.Sprintf("guidance[%d].enterprise_id", len(in.Guidance)), code)
		in.Guidance = append(in.Guidance, g)
	}
	if len(errs) == 0 {
		res, err := s.svc.RecordEvent(r.Context(), p, in)
		if err == nil {
			msg := fmt.Sprintf("活动已登记：%d 条咨询，%d 家企业获降本指导", len(res.Consultations), len(res.Guidance))
			http.Redirect(w, r, fmt.Sprintf("/events/%d?notice=%s", res.Event.ID, url.QueryEscape(msg)), http.StatusSeeOther)
			return
		}
		se := service.AsError(err, "活动")
		if se == nil || se.Class == fault.ClassForbidden {
			s.failAny(w, r, err, "活动")
			return
		}
		errs = formErrors(se)
	}
	s.renderEventForm(w, r, http.StatusUnprocessableEntity, v, errs, "请修改标红的字段后重新提交")
}
