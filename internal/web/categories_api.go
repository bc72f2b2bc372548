package web

import (
	"net/http"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// categoriesAPI are the routes of the case categories and their time
// limits, and of the webhooks that carry a case's steps out.
func (s *Server) categoriesAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/categories", Allow: signedIn, Summary: "问题类别与办理时限", handler: s.apiCategories},
		{Method: "POST", Pattern: "/api/v1/categories", Allow: can(access.ManageCalendar), Summary: "新增问题类别", handler: s.apiCreateCategory},
		{Method: "PATCH", Pattern: "/api/v1/categories/{id}", Allow: can(access.ManageCalendar), Summary: "修改类别的时限与预警阈值", handler: s.apiPatchCategory},
		{Method: "GET", Pattern: "/api/v1/webhooks", Allow: can(access.ManageCases), Summary: "回调（企业微信/钉钉群机器人等）", handler: s.apiListWebhooks},
		{Method: "POST", Pattern: "/api/v1/webhooks", Allow: can(access.ManageCases), Summary: "新增回调", handler: s.apiCreateWebhook},
	}
}

func (s *Server) apiCategories(w http.ResponseWriter, r *http.Request) error {
	cats, err := s.svc.Categories(r.Context())
	return reply(w, http.StatusOK, items(cats), err)
}

func (s *Server) apiCreateCategory(w http.ResponseWriter, r *http.Request) error {
	var in service.CategoryInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.CreateCategory(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, c, err)
}

func (s *Server) apiPatchCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "类别")
	if err != nil {
		return err
	}
	var in service.CategoryInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.UpdateCategory(r.Context(), principal(r), id, in)
	return reply(w, http.StatusOK, c, err)
}

func (s *Server) apiListWebhooks(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Webhooks(r.Context(), principal(r))
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiCreateWebhook(w http.ResponseWriter, r *http.Request) error {
	var in service.WebhookInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	h, err := s.svc.CreateWebhook(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, h, err)
}
