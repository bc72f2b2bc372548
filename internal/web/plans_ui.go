package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// plansUI are the routes of a commissioner's plan.
func (s *Server) plansUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/my/plan", Allow: roles(access.Commissioner), handler: s.uiMyPlan},
		{Method: "POST", Pattern: "/my/plan", Allow: roles(access.Commissioner), handler: s.uiPlanVisit},
		{Method: "POST", Pattern: "/my/plan/{id}/delete", Allow: roles(access.Commissioner), handler: s.uiUnplan},
	}
}

// planChoices are the periods a commissioner plans for on the page.
var planChoices = []struct{ Value, Label string }{
	{"this-week", "本周"}, {"next-week", "下周"}, {"this-month", "本月"}, {"next-month", "下月"},
}

// uiMyPlan is a commissioner's plan: this month's and later items with
// whether each is done, and a form to add one.
func (s *Server) uiMyPlan(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	today := model.DateOf(s.svc.Now().In(calendar.Shanghai))
	weekStart, _, _ := service.PlanPeriod("week", today)
	from := model.Date{Year: today.Year, Month: today.Month, Day: 1}
	if weekStart.Time(time.UTC).Before(from.Time(time.UTC)) {
		from = weekStart
	}
	items, err := s.svc.Plans(r.Context(), p, from, model.Date{})
	if err != nil {
		s.failAny(w, r, err, "计划")
		return
	}
	mine, err := s.svc.Store.CommissionerEnterprises(r.Context(), p.UserID)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	done := 0
	for _, it := range items {
		if it.VisitedOn != nil {
			done++
		}
	}
	s.render(w, r, http.StatusOK, "my_plan", &view{Title: "我的走访计划", Nav: "plan", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Items": items, "Done": done, "Today": today, "Mine": mine, "Choices": planChoices, "Picked": r.URL.Query().Get("enterprise_id")}})
}

// uiPlanVisit adds an item from the plan page's form.
func (s *Server) uiPlanVisit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	eid, _ := strconv.ParseInt(r.PostForm.Get("enterprise_id"), 10, 64)
	today := s.svc.Now().In(calendar.Shanghai)
	in := service.PlanInput{EnterpriseID: eid, Note: r.PostForm.Get("note")}
	switch r.PostForm.Get("when") {
	case "this-week":
		in.Period, in.On = "week", model.DateOf(today)
	case "next-week":
		in.Period, in.On = "week", model.DateOf(today.AddDate(0, 0, 7))
	case "this-month":
		in.Period, in.On = "month", model.DateOf(today)
	case "next-month":
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		in.Period, in.On = "month", model.DateOf(first.AddDate(0, 1, 0))
	}
	msg := "已加入走访计划"
	if _, err := s.svc.PlanVisit(r.Context(), p, in); err != nil {
		se := service.AsError(err, "计划")
		if se == nil {
			s.failAny(w, r, err, "计划")
			return
		}
		msg = "未加入：" + se.Message
	}
	http.Redirect(w, r, "/my/plan?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}

// uiUnplan removes an item from the plan page.
func (s *Server) uiUnplan(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "计划不存在")
		return
	}
	if err := s.svc.Unplan(r.Context(), p, id); err != nil {
		s.failAny(w, r, err, "计划")
		return
	}
	http.Redirect(w, r, "/my/plan?notice="+url.QueryEscape("已移出走访计划"), http.StatusSeeOther)
}
