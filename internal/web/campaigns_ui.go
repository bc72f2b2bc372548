package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// campaignsUI are the routes of the campaign pages.
func (s *Server) campaignsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/campaigns", Allow: can(access.ReadOrg), handler: s.uiCampaigns},
		{Method: "POST", Pattern: "/campaigns", Allow: can(access.ManageCases), handler: s.uiCreateCampaign},
		{Method: "GET", Pattern: "/campaigns/{id}", Allow: can(access.ReadOrg), handler: s.uiCampaign},
		{Method: "POST", Pattern: "/campaigns/{id}/participants", Allow: can(access.ManageCases), handler: s.uiAddParticipants},
	}
}

// uiCampaigns lists the region's campaigns with their figures.
func (s *Server) uiCampaigns(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	figures, err := s.svc.Store.CampaignList(r.Context(), p.RegionPrefix)
	if err != nil {
		s.failAny(w, r, err, "专项活动")
		return
	}
	s.render(w, r, http.StatusOK, "campaigns", &view{Title: "专项活动", Nav: "campaigns", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"Items": figures}})
}

// uiCampaign shows one campaign: figures, problems by category, cadres.
func (s *Server) uiCampaign(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "专项活动不存在")
		return
	}
	f, err := s.svc.CampaignFigures(r.Context(), p, id)
	if err != nil {
		s.failAny(w, r, err, "专项活动")
		return
	}
	var candidates []*model.User
	if p.Can(access.ManageCases) {
		all, _ := s.svc.Store.Users(r.Context(), p.RegionPrefix, "")
		in := map[int64]bool{}
		for _, x := range f.Participants {
			in[x.UserID] = true
		}
		for _, u := range all {
			if !in[u.ID] && !u.Disabled && u.Role != access.Enterprise && u.Role != access.Admin {
				candidates = append(candidates, u)
			}
		}
	}
	s.render(w, r, http.StatusOK, "campaign", &view{Title: f.Name, Nav: "campaigns", Notice: r.URL.Query().Get("notice"),
		Data: map[string]any{"C": f, "Candidates": candidates}})
}

// uiAddParticipants adds the cadres ticked on the campaign page.
func (s *Server) uiAddParticipants(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "专项活动不存在")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	var ids []int64
	for _, v := range r.PostForm["user_id"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.renderError(w, r, http.StatusBadRequest, "表单内容有误")
			return
		}
		ids = append(ids, n)
	}
	msg := "已添加参加干部"
	if _, err := s.svc.AddCampaignParticipants(r.Context(), p, id, ids); err != nil {
		se := service.AsError(err, "专项活动")
		if se == nil || se.Class == fault.ClassForbidden || se.Class == fault.ClassNotFound {
			s.failAny(w, r, err, "专项活动")
			return
		}
		msg = "未完成：" + se.Message
	}
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(id, 10)+"?notice="+url.QueryEscape(msg), http.StatusSeeOther)
}

// uiCreateCampaign starts a campaign from the form on the campaigns page.
func (s *Server) uiCreateCampaign(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	in := service.CampaignInput{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	var bad string
	for field, dst := range map[string]*model.Date{"starts_on": &in.StartsOn, "ends_on": &in.EndsOn} {
		if v := r.PostForm.Get(field); v != "" {
			d, err := model.ParseDate(v)
			if err != nil {
				bad = "日期应为 YYYY-MM-DD"
			}
			*dst = d
		}
	}
	var c *model.Campaign
	var err error
	if bad == "" {
		c, err = s.svc.CreateCampaign(r.Context(), p, in)
	}
	switch se := service.AsError(err, "专项活动"); {
	case bad != "":
		http.Redirect(w, r, "/campaigns?notice="+url.QueryEscape("未创建："+bad), http.StatusSeeOther)
	case err == nil:
		http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10)+"?notice="+url.QueryEscape("已创建专项活动"), http.StatusSeeOther)
	case se != nil && se.Class != fault.ClassForbidden:
		http.Redirect(w, r, "/campaigns?notice="+url.QueryEscape("未创建："+se.Message), http.StatusSeeOther)
	default:
		s.failAny(w, r, err, "专项活动")
	}
}
