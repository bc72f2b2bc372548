package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// campaignsAPI are the routes of campaigns.
func (s *Server) campaignsAPI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/campaigns", Allow: can(access.ManageCases), Summary: "新增专项活动（如万人助万企）", handler: s.apiCreateCampaign},
		{Method: "GET", Pattern: "/api/v1/campaigns", Allow: can(access.ReadOrg), Summary: "专项活动", handler: s.apiListCampaigns},
		{Method: "GET", Pattern: "/api/v1/campaigns/{id}", Allow: can(access.ReadOrg), Summary: "专项活动及其成效：参加干部、走访、覆盖企业、问题分类", handler: s.apiCampaign},
		{Method: "POST", Pattern: "/api/v1/campaigns/{id}/participants", Allow: can(access.ManageCases), Summary: "添加专项活动参加干部", handler: s.apiAddParticipants},
	}
}

// 专项活动 (such as 万人助万企): its cadres and its figures.

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) error {
	var in service.CampaignInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.CreateCampaign(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, c, err)
}

func (s *Server) apiListCampaigns(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Campaigns(r.Context(), principal(r))
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "专项活动")
	if err != nil {
		return err
	}
	f, err := s.svc.CampaignFigures(r.Context(), principal(r), id)
	return reply(w, http.StatusOK, f, err)
}

func (s *Server) apiAddParticipants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "专项活动")
	if err != nil {
		return err
	}
	var in struct {
		ParticipantIDs []int64 `json:"participant_ids"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	f, err := s.svc.AddCampaignParticipants(r.Context(), principal(r), id, in.ParticipantIDs)
	return reply(w, http.StatusOK, f, err)
}
