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

// visitsUI are the routes of the visit pages.
func (s *Server) visitsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/visits", Allow: visitReaders, handler: s.uiVisits},
		{Method: "GET", Pattern: "/visits/new", Allow: visitors, handler: s.uiVisitNew},
		{Method: "POST", Pattern: "/visits", Allow: visitors, handler: s.uiVisitCreate},
		{Method: "GET", Pattern: "/visits/{id}", Allow: visitReaders, handler: s.uiVisit},
	}
}

// problemSlots is how many problems the visit form offers; it works
// without JavaScript, so the slots are fixed and empty ones are skipped.
const problemSlots = 5

func canVisit(p *access.Principal) bool {
	return p.Role == access.Commissioner || p.Can(access.ManageCases)
}

// uiVisits lists visits: a commissioner's own, or the region's.
func (s *Server) uiVisits(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f, ferr := visitFilter(r)
	if ferr != nil {
		s.renderError(w, r, http.StatusBadRequest, ferr.Message)
		return
	}
	list, total, err := s.svc.Visits(r.Context(), p, f)
	if err != nil {
		s.failAny(w, r, err, "走访")
		return
	}
	s.render(w, r, http.StatusOK, "visits", &view{Title: "走访记录", Nav: "visits", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Items": list, "Total": total, "Pager": newPager(r, total, f.Limit, f.Offset), "CanVisit": canVisit(p)}})
}

func (s *Server) uiVisit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "走访记录不存在")
		return
	}
	list, _, err := s.svc.Visits(r.Context(), principal(r), store.VisitFilter{ID: id, Limit: 1})
	if err != nil {
		s.failAny(w, r, err, "走访记录")
		return
	}
	if len(list) == 0 {
		s.renderError(w, r, http.StatusNotFound, "走访记录不存在")
		return
	}
	v := list[0]
	var cases []*model.Case
	for _, cid := range v.CaseIDs {
		if c, _, err := s.svc.Case(r.Context(), principal(r), cid); err == nil {
			cases = append(cases, c)
		}
	}
	s.render(w, r, http.StatusOK, "visit", &view{Title: "走访记录", Nav: "visits", Notice: r.URL.Query().Get("notice"),
		Data: map[string]any{"V": v, "Cases": cases}})
}

func (s *Server) uiVisitNew(w http.ResponseWriter, r *http.Request) {
	vals := url.Values{"visited_on": {time.Now().In(calendar.Shanghai).Format("2006-01-02")}, "enterprise_id": {r.URL.Query().Get("enterprise_id")}}
	s.renderVisitForm(w, r, http.StatusOK, vals, nil, "")
}

func (s *Server) renderVisitForm(w http.ResponseWriter, r *http.Request, status int, vals url.Values, errs map[string]string, notice string) {
	p := principal(r)
	ctx := r.Context()
	data := map[string]any{"Values": vals, "Errors": errs, "Modes": model.VisitModes, "Slots": make([]int, problemSlots)}
	data["Categories"], _ = s.svc.Store.Categories(ctx)
	data["Campaigns"], _ = s.svc.Store.Campaigns(ctx, p.RegionPrefix)
	if p.Role == access.Commissioner {
		data["Mine"], _ = s.svc.Store.CommissionerEnterprises(ctx, p.UserID)
	} else {
		data["People"], _ = s.svc.Store.Users(ctx, p.RegionPrefix, access.Commissioner)
	}
	if id, err := strconv.ParseInt(vals.Get("enterprise_id"), 10, 64); err == nil {
		if e, err := s.svc.Store.Enterprise(ctx, p.Scope(), id); err == nil {
			data["Enterprise"] = e
		}
	}
	s.render(w, r, status, "visit_new", &view{Title: "登记走访", Nav: "visits", Notice: notice, Data: data})
}

func (s *Server) uiVisitCreate(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	v := r.PostForm
	errs := map[string]string{}
	in := service.VisitInput{Mode: model.VisitMode(v.Get("mode")), Notes: v.Get("notes")}
	in.EnterpriseID, _ = strconv.ParseInt(v.Get("enterprise_id"), 10, 64)
	if in.EnterpriseID == 0 && strings.TrimSpace(v.Get("enterprise_uscc")) != "" {
		if e, err := s.svc.Store.EnterpriseBriefBy(r.Context(), p.Scope(), 0, strings.ToUpper(strings.TrimSpace(v.Get("enterprise_uscc")))); err == nil {
			in.EnterpriseID = e.ID
		}
	}
	in.CampaignID, _ = strconv.ParseInt(v.Get("campaign_id"), 10, 64)
	for _, x := range v["official_ids"] {
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			in.OfficialIDs = append(in.OfficialIDs, n)
		}
	}
	if d, err := model.ParseDate(strings.TrimSpace(v.Get("visited_on"))); err != nil {
		errs["visited_on"] = err.Error()
	} else {
		in.VisitedOn = d
	}
	for i := range problemSlots {
		title := strings.TrimSpace(v.Get(fmt.Sprintf("p%d_title", i)))
		if title == "" {
			continue
		}
		in.Problems = append(in.Problems, service.ProblemInput{Category: v.Get(fmt.Sprintf("p%d_category", i)), Title: title,
			Description: v.Get(fmt.Sprintf("p%d_description", i))})
	}
	if len(errs) == 0 {
		visit, cases, err := s.svc.RecordVisit(r.Context(), p, in)
		if err == nil {
			msg := "走访已登记"
			if len(cases) > 0 {
				msg = fmt.Sprintf("走访已登记，%d 个问题已转为事项", len(cases))
			}
			http.Redirect(w, r, fmt.Sprintf("/visits/%d?notice=%s", visit.ID, url.QueryEscape(msg)), http.StatusSeeOther)
			return
		}
		se := service.AsError(err, "走访")
		if se == nil {
			s.failAny(w, r, err, "走访")
			return
		}
		if se.Class == fault.ClassForbidden {
			s.renderError(w, r, http.StatusForbidden, se.Message)
			return
		}
		errs = formErrors(se)
	}
	s.renderVisitForm(w, r, http.StatusUnprocessableEntity, v, errs, "请修改标红的字段后重新提交")
}
