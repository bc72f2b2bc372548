package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// commissionersUI are the routes of the 包联 pages.
func (s *Server) commissionersUI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/enterprises/{id}/commissioner", Allow: can(access.ManageCases), handler: s.uiAssignCommissioner},
		{Method: "POST", Pattern: "/enterprises/{id}/commissioner/release", Allow: can(access.ManageCases), handler: s.uiReleaseCommissioner},
		{Method: "GET", Pattern: "/coverage", Allow: officeOrLeaders, handler: s.uiCoverage},
		{Method: "POST", Pattern: "/coverage/cap", Allow: can(access.ManageCases), handler: s.uiSetCap},
		{Method: "GET", Pattern: "/coverage/proposal", Allow: can(access.ManageCases), handler: s.uiProposal},
		{Method: "POST", Pattern: "/coverage/assign", Allow: can(access.ManageCases), handler: s.uiBulkAssign},
		{Method: "GET", Pattern: "/my/enterprises", Allow: roles(access.Commissioner), handler: s.uiMyEnterprises},
	}
}

// uiAssignCommissioner and uiReleaseCommissioner are the enterprise page's
// 包联 forms.
func (s *Server) uiAssignCommissioner(w http.ResponseWriter, r *http.Request) {
	s.commissionerForm(w, r, false)
}

func (s *Server) uiReleaseCommissioner(w http.ResponseWriter, r *http.Request) {
	s.commissionerForm(w, r, true)
}

func (s *Server) commissionerForm(w http.ResponseWriter, r *http.Request, release bool) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "企业不存在")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	var err error
	done := "已指定服务专员"
	if release {
		err, done = s.svc.ReleaseCommissioner(r.Context(), p, id, r.PostForm.Get("reason")), "已解除包联"
	} else {
		uid, _ := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
		_, err = s.svc.AssignCommissioner(r.Context(), p, id, service.CommissionerInput{UserID: uid, Reason: r.PostForm.Get("reason")})
	}
	if err != nil {
		se := service.AsError(err, "企业")
		if se == nil {
			s.failAny(w, r, err, "企业")
			return
		}
		if se.Class == fault.ClassNotFound || se.Class == fault.ClassForbidden {
			s.renderError(w, r, statusOf(se), se.Message)
			return
		}
		done = "未完成：" + se.Message
	}
	http.Redirect(w, r, fmt.Sprintf("/enterprises/%d?notice=%s#commissioner", id, url.QueryEscape(done)), http.StatusSeeOther)
}

// uiCoverage is the office's view of 包联: coverage, each commissioner's
// load, and the enterprises nobody serves yet.
func (s *Server) uiCoverage(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	days := 90
	if v, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil && v >= 1 && v <= 3650 {
		days = v
	}
	o, err := s.svc.CoverageView(r.Context(), p, days, 100)
	if err != nil {
		s.failAny(w, r, err, "包联")
		return
	}
	plans, err := s.planCompletion(r, p)
	if err != nil {
		s.failAny(w, r, err, "包联")
		return
	}
	s.render(w, r, http.StatusOK, "coverage", &view{Title: "服务专员包联", Nav: "coverage", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Cov": o.Coverage, "Uncovered": o.Uncovered, "Cap": s.svc.CommissionerCap(r.Context()), "Days": days, "Stale": o.Stale, "StaleTotal": o.StaleTotal, "ByTownship": o.Townships, "Plans": plans,
		"Townships": s.townships(r.Context(), p.RegionPrefix), "Sections": industry.Sections()}})
}

// uiMyEnterprises is a commissioner's list of the enterprises it serves.
func (s *Server) uiMyEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.CommissionerEnterprises(r.Context(), p.UserID)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	s.render(w, r, http.StatusOK, "my_enterprises", &view{Title: "我包联的企业", Nav: "mine", Data: map[string]any{"Items": list}})
}

// uiSetCap changes the commissioners' load cap.
func (s *Server) uiSetCap(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	n, _ := strconv.Atoi(r.PostFormValue("cap"))
	msg := "已更新包联上限"
	if err := s.svc.SetCommissionerCap(r.Context(), principal(r), n); err != nil {
		se := service.AsError(err, "设置")
		if se == nil {
			s.failAny(w, r, err, "设置")
			return
		}
		if se.Class == fault.ClassForbidden {
			s.renderError(w, r, http.StatusForbidden, se.Message)
			return
		}
		msg = "未完成：" + se.Message
	}
	http.Redirect(w, r, "/coverage?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}

// uiProposal shows a load-balanced bulk 包联 proposal for a township or an
// industry; the official unticks or changes rows and confirms it.
func (s *Server) uiProposal(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	q := r.URL.Query()
	pr, err := s.svc.ProposeAssignments(r.Context(), p, q.Get("township"), q.Get("industry"))
	if err != nil {
		if se := service.AsError(err, "包联"); se != nil && se.Class == fault.ClassInvalid {
			http.Redirect(w, r, "/coverage?notice="+url.QueryEscape("未生成方案："+se.Message), http.StatusSeeOther)
			return
		}
		s.failAny(w, r, err, "包联")
		return
	}
	s.render(w, r, http.StatusOK, "proposal", &view{Title: "批量包联方案", Nav: "coverage", Data: map[string]any{"P": pr}})
}

// uiBulkAssign confirms the ticked rows of a proposal: each row posts
// pick=<enterprise id> and u<enterprise id>=<commissioner id>.
func (s *Server) uiBulkAssign(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	in := service.BulkAssignInput{Reason: r.PostForm.Get("reason")}
	for _, v := range r.PostForm["pick"] {
		eid, err1 := strconv.ParseInt(v, 10, 64)
		uid, err2 := strconv.ParseInt(r.PostForm.Get("u"+v), 10, 64)
		if err1 != nil || err2 != nil {
			s.renderError(w, r, http.StatusBadRequest, "表单内容有误")
			return
		}
		in.Items = append(in.Items, service.BulkItem{EnterpriseID: eid, UserID: uid})
	}
	res, err := s.svc.BulkAssign(r.Context(), p, in)
	var msg string
	switch se := service.AsError(err, "包联"); {
	case err == nil:
		msg = fmt.Sprintf("已为 %d 家企业指定服务专员", res.Assigned)
		if len(res.Skipped) > 0 {
			msg += fmt.Sprintf("；%d 家在此期间已有服务专员，未改动", len(res.Skipped))
		}
	case se != nil && se.Class != fault.ClassForbidden:
		msg = "未完成：" + se.Message
	default:
		s.failAny(w, r, err, "包联")
		return
	}
	http.Redirect(w, r, "/coverage?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}

// planProgress is one commissioner's visit plan for this month.
type planProgress struct {
	Name          string
	Planned, Done int
	Overdue       int // periods ended without the visit
}

// planCompletion sums this month's plan items per commissioner.
func (s *Server) planCompletion(r *http.Request, p *access.Principal) ([]*planProgress, error) {
	today := model.DateOf(s.svc.Now().In(calendar.Shanghai))
	first := model.Date{Year: today.Year, Month: today.Month, Day: 1}
	last := model.DateOf(first.Time(time.UTC).AddDate(0, 1, -1))
	items, err := s.svc.Plans(r.Context(), p, first, last)
	if err != nil {
		return nil, err
	}
	by := map[int64]*planProgress{}
	var out []*planProgress
	for _, it := range items {
		pp := by[it.UserID]
		if pp == nil {
			pp = &planProgress{Name: it.UserName}
			by[it.UserID] = pp
			out = append(out, pp)
		}
		pp.Planned++
		switch {
		case it.VisitedOn != nil:
			pp.Done++
		case today.After(it.EndsOn):
			pp.Overdue++
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
