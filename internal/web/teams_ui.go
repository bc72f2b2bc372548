package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service"
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
func (s *Server) uiTeam(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "团队不存在")
		return
	}
	d, err := s.svc.Team(r.Context(), principal(r), id)
	if err != nil {
		s.failAny(w, r, err, "团队")
		return
	}
	s.render(w, r, http.StatusOK, "team", &view{Title: d.Name, Nav: "org", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"T": d}})
}

// uiTeamServe adds the enterprises whose credit codes were entered (one per
// line, or separated by commas or spaces).
func (s *Server) uiTeamServe(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "团队不存在")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	codes := strings.FieldsFunc(r.PostForm.Get("usccs"), func(c rune) bool {
		return c == '\n' || c == '\r' || c == ',' || c == '，' || c == ' ' || c == '\t' || c == '、'
	})
	msg := ""
	n, err := s.svc.TeamServe(r.Context(), p, id, service.ServeInput{USCCs: codes})
	switch se := service.AsError(err, "团队"); {
	case err == nil:
		msg = "已添加 " + strconv.Itoa(n) + " 家服务企业"
	case se != nil && se.Class != fault.ClassForbidden && se.Class != fault.ClassNotFound:
		msg = "未添加："
		if len(se.Fields) == 0 {
			msg += se.Message
		}
		for i, f := range se.Fields {
			if i > 0 {
				msg += "；"
			}
			msg += f.Message
		}
	default:
		s.failAny(w, r, err, "团队")
		return
	}
	http.Redirect(w, r, "/teams/"+strconv.FormatInt(id, 10)+"?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}

// uiTeamUnserve removes an enterprise from a team's list.
func (s *Server) uiTeamUnserve(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if !ok || err != nil {
		s.renderError(w, r, http.StatusNotFound, "服务关系不存在")
		return
	}
	if err := s.svc.TeamUnserve(r.Context(), p, id, eid); err != nil {
		s.failAny(w, r, err, "服务关系")
		return
	}
	http.Redirect(w, r, "/teams/"+strconv.FormatInt(id, 10)+"?notice="+url.QueryEscape("已移出服务企业"), http.StatusSeeOther)
}
