package web

import (
	"net/http"
)

// notificationsAPI are the routes of a user's notifications.
func (s *Server) notificationsAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/notifications", Allow: signedIn, Summary: "我的通知", handler: s.apiNotifications},
		{Method: "POST", Pattern: "/api/v1/notifications/read", Allow: signedIn, Summary: "全部标为已读", handler: s.apiNotificationsRead},
	}
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Notifications(r.Context(), principal(r), r.URL.Query().Get("unread") == "true")
	return reply(w, http.StatusOK, map[string]any{"items": list}, err)
}

func (s *Server) apiNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	return reply(w, http.StatusOK, okJSON, s.svc.MarkNotificationsRead(r.Context(), principal(r)))
}
