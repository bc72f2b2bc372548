package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
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
func (s *Server) uiMyPlan(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.MyPlan(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "my_plan", &view{Title: "我的走访计划", Nav: "plan", Notice: r.URL.Query().Get("notice"), Data: map[string]any{
		"Items": m.Items, "Done": m.Done, "Today": m.Today, "Mine": m.Mine, "Choices": planChoices, "Picked": r.URL.Query().Get("enterprise_id")}})
}

// uiPlanVisit adds an item from the plan page's form.
func (s *Server) uiPlanVisit(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.Plan(r.PostForm, s.svc.Now().In(calendar.Shanghai))
	if err == nil {
		_, err = s.svc.PlanVisit(r.Context(), principal(r), in)
	}
	msg, err := notice(err, "已加入走访计划", "未加入：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/my/plan", msg))
}

// uiUnplan removes an item from the plan page.
func (s *Server) uiUnplan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "计划")
	if err != nil {
		return err
	}
	if err := s.svc.Unplan(r.Context(), principal(r), id); err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/my/plan", "已移出走访计划"))
}
