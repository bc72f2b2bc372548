package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
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

// uiAssignCommissioner is the enterprise page's 包联 form.
func (s *Server) uiAssignCommissioner(w http.ResponseWriter, r *http.Request) error {
	return s.commissionerForm(w, r, "已指定服务专员", func(id int64) error {
		in, err := form.Commissioner(r.PostForm)
		if err == nil {
			_, err = s.svc.AssignCommissioner(r.Context(), principal(r), id, in)
		}
		return err
	})
}

// uiReleaseCommissioner is the enterprise page's form that ends a 包联.
func (s *Server) uiReleaseCommissioner(w http.ResponseWriter, r *http.Request) error {
	return s.commissionerForm(w, r, "已解除包联", func(id int64) error {
		return s.svc.ReleaseCommissioner(r.Context(), principal(r), id, r.PostForm.Get("reason"))
	})
}

func (s *Server) commissionerForm(w http.ResponseWriter, r *http.Request, done string, do func(id int64) error) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	msg, err := notice(do(id), done, "未完成：")
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/enterprises/%d?notice=%s#commissioner", id, url.QueryEscape(msg)))
}

// uiCoverage is the office's view of 包联: coverage, each commissioner's
// load, and the enterprises nobody serves yet.
func (s *Server) uiCoverage(w http.ResponseWriter, r *http.Request) error {
	days := 90
	if v, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil && v >= 1 && v <= 3650 {
		days = v
	}
	c, err := s.svc.CoveragePage(r.Context(), principal(r), days)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "coverage", &view{Title: "服务专员包联", Nav: "coverage", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Cov": c.Coverage, "Uncovered": c.Uncovered, "Cap": c.Cap, "Days": c.Days, "Stale": c.Stale, "StaleTotal": c.StaleTotal,
		"ByTownship": c.Townships, "Plans": c.Plans, "Townships": c.ProposalTownships, "Sections": industry.Sections()}})
}

// uiMyEnterprises is a commissioner's list of the enterprises it serves.
func (s *Server) uiMyEnterprises(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.MyEnterprises(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "my_enterprises", &view{Title: "我包联的企业", Nav: "mine", Data: map[string]any{"Items": list}})
}

// uiSetCap changes the commissioners' load cap.
func (s *Server) uiSetCap(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	n, err := form.Cap(r.PostForm)
	if err == nil {
		err = s.svc.SetCommissionerCap(r.Context(), principal(r), n)
	}
	msg, err := notice(err, "已更新包联上限", "未完成：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/coverage", msg))
}

// uiProposal shows a load-balanced bulk 包联 proposal for a township or an
// industry; the official unticks or changes rows and confirms it.
func (s *Server) uiProposal(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pr, err := s.svc.ProposeAssignments(r.Context(), principal(r), q.Get("township"), q.Get("industry"))
	if err != nil {
		msg, err := notice(err, "", "未生成方案：")
		if err != nil {
			return err
		}
		return seeOther(w, r, withNotice("/coverage", msg))
	}
	return s.render(w, r, http.StatusOK, "proposal", &view{Title: "批量包联方案", Nav: "coverage", Data: map[string]any{"P": pr}})
}

// uiBulkAssign confirms the ticked rows of a proposal.
func (s *Server) uiBulkAssign(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.BulkAssign(r.PostForm)
	if err != nil {
		return badRequest("表单内容有误")
	}
	res, err := s.svc.BulkAssign(r.Context(), principal(r), in)
	var done string
	if err == nil {
		done = fmt.Sprintf("已为 %d 家企业指定服务专员", res.Assigned)
		if len(res.Skipped) > 0 {
			done += fmt.Sprintf("；%d 家在此期间已有服务专员，未改动", len(res.Skipped))
		}
	}
	msg, err := notice(err, done, "未完成：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/coverage", msg))
}
