package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
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

// The cases pages: the board (all open cases with their warnings and the
// counts per department), 我的待办, the detail page with the action forms
// and the intake form.

func (s *Server) uiCases(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f, ferr := caseFilter(r)
	if ferr != nil {
		s.renderError(w, r, http.StatusBadRequest, ferr.Message)
		return
	}
	if r.URL.Query().Get("status") == "" && r.URL.Query().Get("all") == "" {
		f.Open = true // the board shows open cases unless asked otherwise
	}
	page, err := s.svc.Cases(r.Context(), p, f)
	if err != nil {
		s.failAny(w, r, err, "事项")
		return
	}
	data := map[string]any{"Page": page, "Query": r.URL.Query(), "Pager": newPager(r, page.Total, f.Limit, f.Offset),
		"Statuses": model.CaseStatuses, "Sources": model.CaseSources, "Kinds": model.CaseKinds, "Warnings": model.Warnings}
	if cats, err := s.svc.Store.Categories(r.Context()); err == nil {
		data["Categories"] = cats
	}
	if p.Can(access.ManageCases) || p.Role == access.Leader {
		counts, err := s.svc.Store.CaseCounts(r.Context(), p.RegionPrefix)
		if err != nil {
			s.failAny(w, r, err, "事项")
			return
		}
		depts, _ := s.svc.Store.Departments(r.Context(), p.RegionPrefix)
		type row struct {
			Dept   *model.Department
			Counts *store.WarningCounts
		}
		var rows []row
		for _, d := range depts {
			if c := counts[d.ID]; c != nil && c.None+c.Yellow+c.Red > 0 {
				rows = append(rows, row{d, c})
			}
		}
		data["Total"], data["ByDept"], data["Departments"] = counts[0], rows, depts
	}
	title := "事项督办"
	if p.Role == access.Enterprise {
		title = "我的诉求"
	}
	s.render(w, r, http.StatusOK, "cases", &view{Title: title, Nav: "cases", Notice: r.URL.Query().Get("notice"), Data: data})
}

// uiTodo is 我的待办: what waits for the user's own next step.
func (s *Server) uiTodo(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	type section struct {
		Title string
		Hint  string
		Items []*model.Case
	}
	var sections []section
	add := func(title, hint string, f store.CaseFilter) error {
		f.Limit = 100
		page, err := s.svc.Cases(r.Context(), p, f)
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			sections = append(sections, section{title, hint, page.Items})
		}
		return nil
	}
	var err error
	switch {
	case p.Can(access.ManageCases):
		for _, q := range []struct {
			title, hint string
			f           store.CaseFilter
		}{
			{"待受理", "请核实后交办给牵头部门", store.CaseFilter{Status: model.StatusReceived}},
			{"部门退回", "请重新交办", store.CaseFilter{Status: model.StatusReturned}},
			{"重办", "企业不满意，请重新交办或督促承办部门", store.CaseFilter{Status: model.StatusReopened}},
			{"红色预警", "办理超时，请督办", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true}},
			{"已办结待回访", "请组织企业评价；办结满 3 个工作日未评价的可销号", store.CaseFilter{Status: model.StatusResolved}},
			{"已回访待销号", "", store.CaseFilter{Status: model.StatusConfirmed}},
		} {
			if err = add(q.title, q.hint, q.f); err != nil {
				break
			}
		}
	case p.Role == access.Department:
		for _, q := range []struct {
			title, hint string
			f           store.CaseFilter
		}{
			{"红色预警（已超时）", "请立即办理并填报进展", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true}},
			{"黄色预警（推进缓慢）", "请加快办理进度", store.CaseFilter{Open: true, Warning: model.WarningYellow, Handling: true}},
			{"待签收", "", store.CaseFilter{Status: model.StatusAssigned}},
			{"办理中", "", store.CaseFilter{Status: model.StatusInProgress, Warning: model.WarningNone}},
			{"重办", "企业对办理结果不满意", store.CaseFilter{Status: model.StatusReopened}},
		} {
			if err = add(q.title, q.hint, q.f); err != nil {
				break
			}
		}
	case p.Role == access.Enterprise:
		err = add("待评价", "请对办理结果作出评价", store.CaseFilter{Status: model.StatusResolved})
		if err == nil {
			err = add("办理中", "", store.CaseFilter{Open: true, Handling: true})
		}
	case p.Role == access.Leader:
		err = add("我分包的事项", "交办给您的项目问题（三方交办）", store.CaseFilter{Open: true, Handling: true, AssignedUser: p.UserID})
		if err == nil {
			err = add("红色预警（督办）", "办理超时的事项", store.CaseFilter{Open: true, Warning: model.WarningRed, Handling: true})
		}
		if err == nil {
			err = add("已通报", "超期 5 个工作日仍未办结", store.CaseFilter{Open: true, Escalated: true})
		}
	default:
		err = add("我登记的在办事项", "", store.CaseFilter{Open: true, Handling: true})
	}
	if err != nil {
		s.failAny(w, r, err, "事项")
		return
	}
	s.render(w, r, http.StatusOK, "todo", &view{Title: "我的待办", Nav: "todo", Data: map[string]any{"Sections": sections}})
}

// caseForms says which action forms the detail page shows; the service
// still decides (a form shown by mistake gets a clear refusal).
type caseForms struct {
	Assign, Accept, Progress, Return, Resolve, Extend, Decide, Suspend, Resume, Rate, Close, Attach bool
}

func formsFor(p *access.Principal, c *model.Case, pending bool, now time.Time) caseForms {
	manager := p.Can(access.ManageCases)
	lead, assignee := false, false
	for _, a := range c.Assignees {
		if p.Role == access.Department && a.DepartmentID == p.DepartmentID {
			assignee = true
			lead = lead || a.Role == model.AssignLead
		}
	}
	st := c.Status
	working := st == model.StatusAssigned || st == model.StatusInProgress || st == model.StatusReopened
	return caseForms{
		Assign:   manager && (st == model.StatusReceived || st == model.StatusReturned || st == model.StatusReopened || st == model.StatusAssigned),
		Accept:   lead && (st == model.StatusAssigned || st == model.StatusReopened),
		Progress: (assignee || manager) && working,
		Return:   lead && working,
		Resolve:  lead && st == model.StatusInProgress && c.SuspendedAt == nil,
		Extend:   lead && working && !pending && !now.After(c.DueAt),
		Decide:   manager && pending,
		Suspend:  (lead || manager) && working && c.SuspendedAt == nil,
		Resume:   manager && c.SuspendedAt != nil,
		Rate:     st == model.StatusResolved && (manager || (p.Role == access.Enterprise && p.EnterpriseID == c.EnterpriseID)),
		Close:    manager && (st == model.StatusConfirmed || st == model.StatusResolved),
		Attach:   st.Open() && (manager || assignee || (p.Role == access.Enterprise && p.EnterpriseID == c.EnterpriseID) || c.CreatedBy == p.UserID),
	}
}

func (s *Server) uiCase(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "事项不存在")
		return
	}
	c, events, err := s.svc.Case(r.Context(), p, id)
	if err != nil {
		s.failAny(w, r, err, "事项")
		return
	}
	exts, _ := s.svc.Store.Extensions(r.Context(), id)
	atts, _ := s.svc.Store.Attachments(r.Context(), id)
	pending := false
	for _, x := range exts {
		pending = pending || x.Status == "pending"
	}
	data := map[string]any{"C": c, "Events": events, "Extensions": exts, "Attachments": atts,
		"Forms": formsFor(p, c, pending, time.Now()), "Levels": model.SatisfactionLabels}
	if p.Can(access.ManageCases) {
		depts, _ := s.svc.Store.Departments(r.Context(), regionPrefixOf(c.RegionCode))
		leaders, _ := s.svc.Store.Users(r.Context(), regionPrefixOf(c.RegionCode), access.Leader)
		data["Departments"], data["Leaders"] = depts, leaders
	}
	s.render(w, r, http.StatusOK, "case", &view{Title: c.Number, Nav: "cases", Notice: r.URL.Query().Get("notice"), Data: data})
}

// uiCaseAction runs one workflow step from a form and returns to the case.
func (s *Server) uiCaseAction(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "事项不存在")
		return
	}
	ctx := r.Context()
	var err error
	var done string
	if r.PathValue("action") == "attachments" {
		a, ferr := s.readAttachment(w, r)
		if ferr != nil {
			s.redirectCase(w, r, id, ferr.Message)
			return
		}
		a.CaseID = id
		err, done = s.svc.Attach(ctx, p, a), "附件已上传"
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
		if perr := r.ParseForm(); perr != nil {
			s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
			return
		}
		v := r.PostForm
		note := strings.TrimSpace(v.Get("note"))
		switch r.PathValue("action") {
		case "assign":
			in := service.AssignInput{Note: note}
			in.LeadDepartmentID, _ = strconv.ParseInt(v.Get("lead_department_id"), 10, 64)
			in.LeaderUserID, _ = strconv.ParseInt(v.Get("leader_user_id"), 10, 64)
			in.UnitDepartmentID, _ = strconv.ParseInt(v.Get("unit_department_id"), 10, 64)
			for _, x := range v["cooperating_department_ids"] {
				if n, e := strconv.ParseInt(x, 10, 64); e == nil {
					in.CooperatingDepartmentID = append(in.CooperatingDepartmentID, n)
				}
			}
			_, err = s.svc.Assign(ctx, p, id, in)
			done = "已交办"
		case "accept":
			_, err = s.svc.Accept(ctx, p, id, note)
			done = "已签收"
		case "progress":
			_, err = s.svc.Progress(ctx, p, id, note)
			done = "进展已填报"
		case "return":
			_, err = s.svc.Return(ctx, p, id, note)
			done = "已退回牵头办公室"
		case "resolve":
			_, err = s.svc.Resolve(ctx, p, id, note)
			done = "已办结，等待企业回访评价"
		case "extension":
			n, _ := strconv.Atoi(v.Get("workdays"))
			_, err = s.svc.RequestExtension(ctx, p, id, service.ExtensionInput{Workdays: n, Reason: note})
			done = "延期申请已提交"
		case "extension/decide":
			_, err = s.svc.DecideExtension(ctx, p, id, service.DecideInput{Approve: v.Get("approve") == "true", Note: note})
			done = "已审批延期申请"
		case "suspend":
			_, err = s.svc.Suspend(ctx, p, id, note)
			done = "已挂起，办理时限暂停计算"
		case "resume":
			_, err = s.svc.Resume(ctx, p, id, note)
			done = "已恢复办理"
		case "rate":
			n, _ := strconv.Atoi(v.Get("satisfaction"))
			_, err = s.svc.Rate(ctx, p, id, service.RateInput{Satisfaction: model.Satisfaction(n), Comment: note})
			done = "感谢您的评价"
		case "close":
			_, err = s.svc.Close(ctx, p, id, note)
			done = "已销号"
		default:
			s.renderError(w, r, http.StatusNotFound, "页面不存在")
			return
		}
	}
	if err != nil {
		se := service.AsError(err, "事项")
		if se == nil {
			s.failAny(w, r, err, "事项")
			return
		}
		if se.Class == fault.ClassNotFound || se.Class == fault.ClassForbidden {
			s.renderError(w, r, statusOf(se), se.Message)
			return
		}
		s.redirectCase(w, r, id, "未完成："+se.Message)
		return
	}
	s.redirectCase(w, r, id, done)
}

func (s *Server) redirectCase(w http.ResponseWriter, r *http.Request, id int64, notice string) {
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?notice=%s", id, url.QueryEscape(notice)), http.StatusSeeOther)
}

func (s *Server) uiCaseNew(w http.ResponseWriter, r *http.Request) {
	vals := url.Values{}
	if e := r.URL.Query().Get("enterprise_id"); e != "" {
		vals.Set("enterprise_id", e)
	}
	s.renderCaseForm(w, r, http.StatusOK, vals, nil, "")
}

func (s *Server) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) {
	p := principal(r)
	cats, _ := s.svc.Store.Categories(r.Context())
	data := map[string]any{"Values": vals, "Errors": errs, "Categories": cats, "Kinds": model.CaseKinds, "Own": p.Role == access.Enterprise}
	var sources []model.CaseSource
	for _, src := range model.CaseSources {
		switch p.Role {
		case access.Enterprise:
			if src != model.SourceSelfReport {
				continue
			}
		case access.Commissioner:
			if src != model.SourceVisit && src != model.SourceEvent {
				continue
			}
		}
		sources = append(sources, src)
	}
	data["Sources"] = sources
	if id, err := strconv.ParseInt(vals.Get("enterprise_id"), 10, 64); err == nil {
		if e, err := s.svc.Store.Enterprise(r.Context(), p.Scope(), id); err == nil {
			data["Enterprise"] = e
		}
	}
	s.render(w, r, status, "case_new", &view{Title: "登记事项", Nav: "cases", Notice: notice, Data: data})
}

func (s *Server) uiCaseCreate(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	v := r.PostForm
	in := service.CaseInput{Kind: model.CaseKind(v.Get("kind")), Category: v.Get("category"), Source: model.CaseSource(v.Get("source")),
		Title: v.Get("title"), Description: v.Get("description"), DueDate: v.Get("due_date"), ExternalID: v.Get("external_id")}
	in.EnterpriseID, _ = strconv.ParseInt(v.Get("enterprise_id"), 10, 64)
	in.EnterpriseUSCC = strings.TrimSpace(v.Get("enterprise_uscc"))
	errs := map[string]string{}
	if t := v.Get("time_limit_workdays"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			errs["time_limit_workdays"] = "办理时限应为整数"
		}
		in.TimeLimitWorkdays = n
	}
	if t := strings.TrimSpace(v.Get("received_at")); t != "" {
		rt, err := time.ParseInLocation("2006-01-02T15:04", t, calendar.Shanghai)
		if err != nil {
			errs["received_at"] = "受理时间格式不正确"
		}
		in.ReceivedAt = &rt
	}
	if len(errs) == 0 {
		c, _, err := s.svc.CreateCase(r.Context(), p, in)
		if err == nil {
			s.redirectCase(w, r, c.ID, "事项已登记："+c.Number)
			return
		}
		se := service.AsError(err, "事项")
		if se == nil {
			s.failAny(w, r, err, "事项")
			return
		}
		errs = formErrors(se)
	}
	s.renderCaseForm(w, r, http.StatusUnprocessableEntity, v, errs, "请修改标红的字段后重新提交")
}
