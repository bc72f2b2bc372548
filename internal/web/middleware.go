package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// SessionCookie names the browser session cookie.
const SessionCookie = "zhuqi_session"

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeAPIError(w, errInternal)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// observe logs each request and counts it by route pattern (not by path,
// which would let every enterprise id grow the metrics without bound).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		route := "unmatched"
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, &route)))
		d := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.metrics.observe(route, rec.status, d)
		level := slogDebug
		if rec.status >= 500 {
			level = slogError
		}
		if s.log.Enabled(r.Context(), level) { // spare the arguments' allocations when not logging
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "route", route,
				"status", rec.status, "duration_ms", float64(d.Microseconds())/1000)
		}
	})
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if !isAPI(r) {
			h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate finds the principal from a bearer token or a session
// cookie, and for cookie sessions checks the CSRF token of unsafe methods.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeAPIError(w, errUnauthenticated)
				return
			}
			p, err := s.svc.TokenPrincipal(ctx, strings.TrimSpace(token))
			if err != nil {
				if !errors.Is(err, store.ErrNotFound) {
					s.log.Error("token lookup", "err", err)
				}
				writeAPIError(w, &fault.Error{Class: fault.ClassUnauthenticated, Code: "invalid_token", Message: "API 令牌无效"})
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, principalKey{}, p)))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			p, err := s.svc.SessionPrincipal(ctx, c.Value)
			switch {
			case err == nil:
				if unsafeMethod(r.Method) && !s.csrfOK(r, p.CSRFToken) {
					s.rejectCSRF(w, r)
					return
				}
				next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, principalKey{}, p)))
				return
			case !errors.Is(err, store.ErrNotFound):
				s.log.Error("session lookup", "err", err)
			}
			// An expired or unknown cookie is dropped; the request goes on
			// anonymous (and a protected page asks to log in).
			http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
		}
		if unsafeMethod(r.Method) && !sameOrigin(r) {
			s.rejectCSRF(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// csrfOK accepts the session's token from a form field or a header. Only
// urlencoded forms are read here; multipart forms (uploads) carry the
// token in the query string so the body is not parsed twice.
func (s *Server) csrfOK(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.URL.Query().Get("csrf_token")
	}
	if got == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		r.Body = http.MaxBytesReader(nil, r.Body, MaxJSONBody)
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin guards forms posted without a session (the login form): a
// browser sends Origin on cross-site POSTs, and it must be this host.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (s *Server) rejectCSRF(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeAPIError(w, &fault.Error{Class: fault.ClassForbidden, Code: "csrf", Message: "请求已过期或来源不明，请刷新页面后重试"})
		return
	}
	s.renderError(w, r, http.StatusForbidden, "请求已过期或来源不明，请刷新页面后重试")
}

// guard checks a route's Allow rule before its handler: an anonymous
// caller the rule refuses gets 401 (API) or the login page (UI), a
// signed-in one 403.
func (s *Server) guard(rt Route, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		switch {
		case rt.Allow(p):
			next(w, r)
		case p == nil && isAPI(r):
			writeAPIError(w, errUnauthenticated)
		case p == nil && r.Method == http.MethodGet:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case p == nil:
			s.renderError(w, r, http.StatusUnauthorized, "请先登录")
		default:
			refusal := fault.Forbidden()
			if rt.Denied != "" {
				refusal.Message = rt.Denied
			}
			s.answerPage(w, r, refusal)
		}
	}
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}
