package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
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

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.CampaignInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	c, err := s.svc.CreateCampaign(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "活动")
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiListCampaigns(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Campaigns(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "活动")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "not_found", Message: "专项活动不存在"})
		return
	}
	f, err := s.svc.CampaignFigures(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "专项活动")
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (s *Server) apiAddParticipants(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "not_found", Message: "专项活动不存在"})
		return
	}
	var in struct {
		ParticipantIDs []int64 `json:"participant_ids"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	f, err := s.svc.AddCampaignParticipants(r.Context(), principal(r), id, in.ParticipantIDs)
	if err != nil {
		s.fail(w, r, err, "专项活动")
		return
	}
	writeJSON(w, http.StatusOK, f)
}
