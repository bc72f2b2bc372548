package web

import (
	"net/http"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// authUI are the routes of signing in and out.
func (s *Server) authUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/login", Allow: public, handler: s.uiLoginForm},
		{Method: "POST", Pattern: "/login", Allow: public, handler: s.uiLogin},
		{Method: "POST", Pattern: "/logout", Allow: signedIn, handler: s.uiLogout},
	}
}

func (s *Server) uiLoginForm(w http.ResponseWriter, r *http.Request) {
	if principal(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &view{Title: "登录", Data: map[string]string{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	login, password := r.PostFormValue("login"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	sess, err := s.svc.Login(r.Context(), login, password)
	if err != nil {
		e := service.AsError(err, "用户")
		if e == nil {
			s.failAny(w, r, err, "用户")
			return
		}
		s.render(w, r, statusOf(e), "login", &view{Title: "登录", Notice: e.Message, Data: map[string]string{"Next": next, "Login": login}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.Expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.svc.Logout(r.Context(), principal(r), c.Value); err != nil {
			s.failAny(w, r, err, "会话")
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
