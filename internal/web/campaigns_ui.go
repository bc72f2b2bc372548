package web

import (
	"net/http"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
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
func (s *Server) uiCampaigns(w http.ResponseWriter, r *http.Request) error {
	figures, err := s.svc.CampaignList(r.Context(), principal(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "campaigns", &view{Title: "专项活动", Nav: "campaigns", Notice: r.URL.Query().Get("notice"), Data: map[string]any{"Items": figures}})
}

// uiCampaign shows one campaign: figures, problems by category, cadres.
func (s *Server) uiCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "专项活动")
	if err != nil {
		return err
	}
	d, err := s.svc.Campaign(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "campaign", &view{Title: d.Name, Nav: "campaigns", Notice: r.URL.Query().Get("notice"),
		Data: map[string]any{"C": d.CampaignFigures, "Candidates": d.Candidates}})
}

// uiAddParticipants adds the cadres ticked on the campaign page.
func (s *Server) uiAddParticipants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "专项活动")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	ids, err := form.Participants(r.PostForm)
	if err != nil {
		return badRequest("表单内容有误")
	}
	_, err = s.svc.AddCampaignParticipants(r.Context(), principal(r), id, ids)
	msg, err := notice(err, "已添加参加干部", "未完成：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/campaigns/"+strconv.FormatInt(id, 10), msg))
}

// uiCreateCampaign starts a campaign from the form on the campaigns page.
func (s *Server) uiCreateCampaign(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.Campaign(r.PostForm)
	if err == nil {
		var c *model.Campaign
		if c, err = s.svc.CreateCampaign(r.Context(), principal(r), in); err == nil {
			return seeOther(w, r, withNotice("/campaigns/"+strconv.FormatInt(c.ID, 10), "已创建专项活动"))
		}
	}
	msg, err := notice(err, "", "未创建：")
	if err != nil {
		return err
	}
	return seeOther(w, r, withNotice("/campaigns", msg))
}
