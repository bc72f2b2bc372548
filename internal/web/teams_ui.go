package web

import (
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// teamsUI are the routes of the team page.
func (s *Server) teamsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/teams/{id}", Allow: can(access.ReadOrg), handler: s.uiTeam},
		{Method: "POST", Pattern: "/teams/{id}/enterprises", Allow: can(access.ManageCases), handler: s.uiTeamServe},
		{Method: "POST", Pattern: "/teams/{id}/enterprises/{eid}/delete", Allow: can(access.ManageCases), handler: s.uiTeamUnserve},
	}
}

// uiTeam shows a team: its members and the enterprises it serves, with a
// form for the office to add enterprises by credit code.
func (s *Server) uiTeam(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "团队")
	if err != nil {
		return err
	}
	d, err := s.svc.Team(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "team", &view{Title: d.Name, Nav: "org", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"T": d}})
}

// uiTeamServe adds the enterprises whose credit codes were entered (one per
// line, or separated by commas or spaces); every code refused is named.
func (s *Server) uiTeamServe(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "团队")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	n, err := s.svc.TeamServe(r.Context(), principal(r), id, form.Serve(r.PostForm))
	msg, err := notice(everyFault(err), "已添加 "+strconv.Itoa(n)+" 家服务企业", "未添加：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/teams/"+strconv.FormatInt(id, 10), msg))
}

// uiTeamUnserve removes an enterprise from a team's list.
func (s *Server) uiTeamUnserve(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "服务关系")
	if err != nil {
		return err
	}
	eid, err := pathInt(r, "eid", "服务关系")
	if err != nil {
		return err
	}
	if err := s.svc.TeamUnserve(r.Context(), principal(r), id, eid); err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/teams/"+strconv.FormatInt(id, 10), "已移出服务企业"))
}
