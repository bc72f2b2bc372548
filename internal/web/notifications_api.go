package web

import (
	"net/http"
	"time"
)

// notificationsAPI are the routes of a user's notifications.
func (s *Server) notificationsAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/notifications", Allow: signedIn, Summary: "我的通知", handler: s.apiNotifications},
		{Method: "POST", Pattern: "/api/v1/notifications/read", Allow: signedIn, Summary: "全部标为已读", handler: s.apiNotificationsRead},
	}
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Store.Notifications(r.Context(), principal(r).UserID, r.URL.Query().Get("unread") == "true", 200)
	if err != nil {
		s.fail(w, r, err, "通知")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) apiNotificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Store.MarkNotificationsRead(r.Context(), principal(r).UserID, time.Now()); err != nil {
		s.fail(w, r, err, "通知")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}
