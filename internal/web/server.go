// Package web is zhuqi's HTTP surface: the JSON API under /api/v1, the
// server-rendered web UI, health and metrics. Every route is declared in
// one table, built from a slice per domain (casesAPI, casesUI …), with the
// rule of who may call it, so the access tests and the OpenAPI document
// cover all. A handler reads the request, calls the service and writes the
// answer, or returns an error that the route's adapter answers: JSON on
// the API, the error page on pages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// Limits on what a request may send.
const (
	MaxJSONBody   = 1 << 20                        // 1 MiB for JSON requests
	MaxUploadBody = service.MaxImportBytes + 1<<20 // a ledger plus the form around it
)

// Server serves zhuqi over HTTP.
type Server struct {
	svc     *service.Service
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []Route
	metrics *metrics
	pages   *pages
	ready   func(context.Context) error
	// SecureCookies marks cookies Secure (set when served behind HTTPS).
	SecureCookies bool
	seen          seenWrites // users' last writes, for reads from a replica
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Allow   Rule   // who may call it; checked before the handler runs
	Denied  string // the refusal's message, when not the general 无权执行此操作
	Summary string // shown in the OpenAPI document for API routes
	handler handler
}

// New builds the server and its route table.
func New(svc *service.Service, log *slog.Logger) *Server {
	s := &Server{svc: svc, log: log, mux: http.NewServeMux(), metrics: newMetrics(svc)}
	s.ready = svc.Ping
	s.pages = mustPages()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		if rt.Allow == nil {
			panic("route " + rt.Method + " " + rt.Pattern + " has no Allow rule")
		}
		answer := s.page
		if strings.HasPrefix(rt.Pattern, "/api/") {
			answer = s.api
		}
		h := s.guard(rt, answer(rt.handler))
		pattern := rt.Method + " " + rt.Pattern
		s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if slot, ok := r.Context().Value(routeKey{}).(*string); ok {
				*slot = pattern
			}
			h(w, r)
		}))
	}
	s.mux.HandleFunc("/", s.notFound)
	return s
}

// Routes returns the route table (for tests and the OpenAPI document).
func (s *Server) Routes() []Route { return s.routes }

// Handler is the server's root handler with all middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverPanics(s.observe(s.securityHeaders(s.authenticate(s.replicaReads(s.mux)))))
}

// routeTable is every route: health, metrics and documents, then each
// domain's API and pages.
func (s *Server) routeTable() []Route {
	routes := []Route{
		{Method: "GET", Pattern: "/healthz", Allow: public, handler: plain(s.healthz)},
		{Method: "GET", Pattern: "/readyz", Allow: public, handler: plain(s.readyz)},
		{Method: "GET", Pattern: "/metrics", Allow: public, handler: plain(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP)},
		{Method: "GET", Pattern: "/api/openapi.json", Allow: public, handler: plain(s.openAPI)},
		{Method: "GET", Pattern: "/static/", Allow: public, handler: plain(s.static)},
	}
	for _, domain := range [][]Route{
		s.orgAPI(), s.orgUI(), s.authUI(),
		s.enterprisesAPI(), s.enterprisesUI(),
		s.casesAPI(), s.attachmentsAPI(), s.categoriesAPI(), s.casesUI(), s.calendarAPI(), s.calendarUI(), s.notificationsAPI(), s.notificationsUI(),
		s.commissionersAPI(), s.commissionersUI(), s.plansAPI(), s.plansUI(), s.visitsAPI(), s.visitsUI(),
		s.eventsAPI(), s.eventsUI(), s.campaignsAPI(), s.campaignsUI(), s.teamsAPI(), s.teamsUI(), s.ledgersUI(),
	} {
		routes = append(routes, domain...)
	}
	return routes
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeAPIError(w, &fault.Error{Class: fault.ClassNotFound, Code: "not_found", Message: "接口不存在"})
		return
	}
	s.renderError(w, r, http.StatusNotFound, "页面不存在")
}

// metrics are the server's Prometheus collectors, on a registry of its own
// so several servers in one test process do not clash.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(svc *service.Service) *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	if svc.HasReplica() {
		m.registry.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "zhuqi_replica_up", Help: "1 when the read replica answers and is used for list and report reads."},
				func() float64 {
					if svc.ReplicaStatus().Up {
						return 1
					}
					return 0
				}),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "zhuqi_replica_lag_seconds", Help: "How far the read replica's replay is behind the primary (0 when caught up)."},
				func() float64 { return svc.ReplicaStatus().Lag.Seconds() }))
	}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "zhuqi_http_requests_total", Help: "HTTP requests by route pattern and status code.",
	}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "zhuqi_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// routeKey carries a slot for the matched route pattern, filled in by the
// route and read by the observing middleware (which sits outside the mux).
type routeKey struct{}

// principalKey carries the authenticated principal in a request context.
type principalKey struct{}

func principal(r *http.Request) *access.Principal {
	p, _ := r.Context().Value(principalKey{}).(*access.Principal)
	return p
}
