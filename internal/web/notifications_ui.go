package web

import (
	"net/http"
)

// notificationsUI are the routes of the notifications page.
func (s *Server) notificationsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/notifications", Allow: signedIn, handler: s.uiNotifications},
		{Method: "POST", Pattern: "/notifications/read", Allow: signedIn, handler: s.uiNotificationsRead},
	}
}

func (s *Server) uiNotifications(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Notifications(r.Context(), principal(r), false)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notifications", &view{Title: "通知", Nav: "notifications", Data: map[string]any{"Items": list}})
}

func (s *Server) uiNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.MarkNotificationsRead(r.Context(), principal(r)); err != nil {
		return err
	}
	return seeOther(w, r, "/notifications")
}
