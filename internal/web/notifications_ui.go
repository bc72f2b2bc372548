package web

import (
	"net/http"
	"time"
)

// notificationsUI are the routes of the notifications page.
func (s *Server) notificationsUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/notifications", Allow: signedIn, handler: s.uiNotifications},
		{Method: "POST", Pattern: "/notifications/read", Allow: signedIn, handler: s.uiNotificationsRead},
	}
}

func (s *Server) uiNotifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Store.Notifications(r.Context(), principal(r).UserID, false, 200)
	if err != nil {
		s.failAny(w, r, err, "通知")
		return
	}
	s.render(w, r, http.StatusOK, "notifications", &view{Title: "通知", Nav: "notifications", Data: map[string]any{"Items": list}})
}

func (s *Server) uiNotificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Store.MarkNotificationsRead(r.Context(), principal(r).UserID, time.Now()); err != nil {
		s.failAny(w, r, err, "通知")
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}
