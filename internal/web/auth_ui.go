package web

import (
	"net/http"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
)

// authUI are the routes of signing in and out.
func (s *Server) authUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/login", Allow: public, handler: s.uiLoginForm},
		{Method: "POST", Pattern: "/login", Allow: public, handler: s.uiLogin},
		{Method: "POST", Pattern: "/logout", Allow: signedIn, handler: s.uiLogout},
	}
}

func (s *Server) uiLoginForm(w http.ResponseWriter, r *http.Request) error {
	if principal(r) != nil {
		return seeOther(w, r, "/")
	}
	return s.render(w, r, http.StatusOK, "login", &view{Title: "登录", Data: map[string]string{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// uiLogin signs in from the form; a refused login shows the form again
// with the reason and the status of the refusal (401, or 429 when locked).
func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	login, password := r.PostFormValue("login"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	sess, err := s.svc.Login(r.Context(), login, password)
	if err != nil {
		e := fault.As(err, "用户")
		if e == nil {
			return err
		}
		return s.render(w, r, statusOf(e), "login", &view{Title: "登录", Notice: e.Message, Data: map[string]string{"Next": next, "Login": login}})
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.Expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies})
	return seeOther(w, r, next)
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.svc.Logout(r.Context(), principal(r), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	return seeOther(w, r, "/login")
}
