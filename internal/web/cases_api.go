package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// casesAPI are the routes of cases: intake, the lists and a case with its
// workflow's steps. A step is taken by whom the service finds taking part
// in the case (404 outside the user's reach, 403 for the others).
func (s *Server) casesAPI() []Route {
	routes := []Route{
		{Method: "POST", Pattern: "/api/v1/cases", Allow: can(access.CreateCases), Summary: "登记事项（诉求、投诉、咨询、承诺）", handler: s.apiCreateCase},
		{Method: "GET", Pattern: "/api/v1/cases", Allow: can(access.ReadCases), Summary: "事项列表", handler: s.apiListCases},
		{Method: "GET", Pattern: "/api/v1/cases/counts", Allow: officeOrLeaders, Summary: "各预警等级在办事项数（按部门）", handler: s.apiCaseCounts},
		{Method: "GET", Pattern: "/api/v1/cases/{id}", Allow: can(access.ReadCases), Summary: "事项详情与办理过程", handler: s.apiGetCase},
	}
	for _, st := range caseSteps {
		routes = append(routes, Route{Method: "POST", Pattern: "/api/v1/cases/{id}/" + st.name, Allow: can(access.ReadCases), Summary: st.summary, handler: s.apiStep(st)})
	}
	return routes
}

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) error {
	var in service.CaseInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, created, err := s.svc.CreateCase(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, status, createdOf(c))
}

// createdCase is what intake answers: enough to follow the case up (the
// full record is at the Location).
type createdCase struct {
	ID          int64            `json:"id"`
	Number      string           `json:"number"`
	Status      model.CaseStatus `json:"status"`
	DueAt       time.Time        `json:"due_at"`
	Provisional bool             `json:"due_provisional"`
	Warning     model.Warning    `json:"warning"`
}

func createdOf(c *model.Case) createdCase {
	return createdCase{ID: c.ID, Number: c.Number, Status: c.Status, DueAt: c.DueAt, Provisional: c.Provisional, Warning: c.Warning}
}

// caseFilter reads the list filters of /api/v1/cases and the board.
func caseFilter(r *http.Request) (store.CaseFilter, error) {
	q := r.URL.Query()
	var f store.CaseFilter
	if v := q.Get("status"); v != "" {
		if v == "open" {
			f.Open = true
		} else if model.CaseStatus(v).Label() == "" {
			return f, fault.Invalid("status", "未知的状态："+v)
		} else {
			f.Status = model.CaseStatus(v)
		}
	}
	if v := q.Get("warning"); v != "" {
		if v != "none" && v != "yellow" && v != "red" {
			return f, fault.Invalid("warning", "预警应为 none、yellow 或 red")
		}
		f.Warning = model.Warning(v)
	}
	if v := q.Get("kind"); v != "" {
		if model.CaseKind(v).Label() == "" {
			return f, fault.Invalid("kind", "未知的类型："+v)
		}
		f.Kind = model.CaseKind(v)
	}
	if v := q.Get("source"); v != "" {
		if model.CaseSource(v).Label() == "" {
			return f, fault.Invalid("source", "未知的来源："+v)
		}
		f.Source = model.CaseSource(v)
	}
	ids := map[string]*int64{"category_id": &f.CategoryID, "department_id": &f.DepartmentID, "enterprise_id": &f.EnterpriseID}
	for name, dst := range ids {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, fault.Invalid(name, name+" 应为正整数")
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Time{"received_from": &f.ReceivedFrom, "received_to": &f.ReceivedUntil} {
		if v := q.Get(name); v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, calendar.Shanghai)
			if err != nil {
				return f, fault.Invalid(name, name+" 应为 YYYY-MM-DD")
			}
			if name == "received_to" {
				d = d.AddDate(0, 0, 1) // inclusive
			}
			*dst = d
		}
	}
	f.Escalated = q.Get("escalated") == "true"
	limit, offset, err := listParams(r)
	f.Limit, f.Offset = limit, offset
	return f, err
}

func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request) error {
	f, err := caseFilter(r)
	if err != nil {
		return err
	}
	page, err := s.svc.Cases(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	items := make([]caseView, len(page.Items))
	for i, c := range page.Items {
		items[i] = viewOf(c)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": page.Total, "page": f.Offset/f.Limit + 1, "per_page": f.Limit})
}

// caseView is a case as the API returns it, with its warning's Chinese
// label and, on the detail route, its timeline.
type caseView struct {
	*model.Case
	StatusLabel  string              `json:"status_label"`
	WarningLabel string              `json:"warning_label"`
	Timeline     []model.CaseEvent   `json:"timeline,omitempty"`
	Extensions   []*model.Extension  `json:"extensions,omitempty"`
	Attachments  []*store.Attachment `json:"attachments,omitempty"`
}

func viewOf(c *model.Case) caseView {
	return caseView{Case: c, StatusLabel: c.Status.Label(), WarningLabel: c.Warning.Label()}
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "事项")
	if err != nil {
		return err
	}
	d, err := s.svc.CaseDetail(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	v := viewOf(d.Case)
	v.Timeline, v.Extensions, v.Attachments = d.Timeline, d.Extensions, d.Attachments
	return writeJSON(w, http.StatusOK, v)
}

// departmentCounts is one row of /api/v1/cases/counts.
type departmentCounts struct {
	DepartmentID int64  `json:"department_id"`
	Department   string `json:"department"`
	*store.WarningCounts
}

func (s *Server) apiCaseCounts(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.svc.CaseCounts(r.Context(), principal(r))
	if err != nil {
		return err
	}
	out := []departmentCounts{}
	for _, d := range counts.ByDept {
		out = append(out, departmentCounts{d.Dept.ID, d.Dept.Name, d.Counts})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"total": counts.Total, "departments": out})
}

// apiStep takes one workflow step from its JSON body (a step that needs
// no input may send none) and answers with the case.
func (s *Server) apiStep(st step) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "事项")
		if err != nil {
			return err
		}
		c, err := st.fromJSON(s, w, r, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, viewOf(c))
	}
}
