// Package web is zhuqi's HTTP surface: the JSON API under /api/v1, the
// server-rendered web UI, health and metrics. Every route is declared in
// one table (routes) so access tests and the OpenAPI document cover all.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
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
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Auth    AuthMode
	Summary string // shown in the OpenAPI document for API routes
	handler http.HandlerFunc
}

// AuthMode says who may reach a route at all; finer rules live in the
// service (403) and in the scope of every query (404).
type AuthMode int

// Auth modes.
const (
	Public AuthMode = iota // anyone, no account
	User                   // any signed-in user (session or bearer token)
)

// New builds the server and its route table.
func New(svc *service.Service, log *slog.Logger) *Server {
	s := &Server{svc: svc, log: log, mux: http.NewServeMux(), metrics: newMetrics()}
	s.ready = func(ctx context.Context) error { return svc.Store.Ping(ctx) }
	s.pages = mustPages()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		h := rt.handler
		if rt.Auth == User {
			h = s.requireUser(h)
		}
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
	return s.recoverPanics(s.observe(s.securityHeaders(s.authenticate(s.mux))))
}

func (s *Server) routeTable() []Route {
	return []Route{
		// health, metrics, documents
		{Method: "GET", Pattern: "/healthz", Auth: Public, handler: s.healthz},
		{Method: "GET", Pattern: "/readyz", Auth: Public, handler: s.readyz},
		{Method: "GET", Pattern: "/metrics", Auth: Public, handler: promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP},
		{Method: "GET", Pattern: "/api/openapi.json", Auth: Public, handler: s.openAPI},
		{Method: "GET", Pattern: "/static/", Auth: Public, handler: s.static},

		// JSON API
		{Method: "GET", Pattern: "/api/v1/me", Auth: User, Summary: "当前用户", handler: s.apiMe},
		{Method: "GET", Pattern: "/api/v1/enterprises", Auth: User, Summary: "企业列表与搜索", handler: s.apiListEnterprises},
		{Method: "POST", Pattern: "/api/v1/enterprises", Auth: User, Summary: "登记企业", handler: s.apiCreateEnterprise},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}", Auth: User, Summary: "企业详情", handler: s.apiGetEnterprise},
		{Method: "PATCH", Pattern: "/api/v1/enterprises/{id}", Auth: User, Summary: "修改企业信息", handler: s.apiPatchEnterprise},
		{Method: "POST", Pattern: "/api/v1/enterprises/import", Auth: User, Summary: "导入企业（CSV/XLSX）", handler: s.apiImportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/export", Auth: User, Summary: "导出企业（XLSX）", handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/template", Auth: User, Summary: "企业导入模板（XLSX）", handler: s.importTemplate},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/commissioners", Auth: User, Summary: "企业的服务专员（当前与历史）", handler: s.apiCommissioners},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/commissioner", Auth: User, Summary: "指定或调整服务专员（包联）", handler: s.apiAssignCommissioner},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/commissioner/release", Auth: User, Summary: "解除包联", handler: s.apiReleaseCommissioner},
		{Method: "GET", Pattern: "/api/v1/coverage", Auth: User, Summary: "包联覆盖情况与专员负荷", handler: s.apiCoverage},
		{Method: "GET", Pattern: "/api/v1/plans", Auth: User, Summary: "走访计划及完成情况（专员本人的，或本地区的）", handler: s.apiPlans},
		{Method: "POST", Pattern: "/api/v1/plans", Auth: User, Summary: "服务专员把一次走访列入周或月计划", handler: s.apiPlanVisit},
		{Method: "DELETE", Pattern: "/api/v1/plans/{id}", Auth: User, Summary: "移出走访计划", handler: s.apiUnplan},
		{Method: "GET", Pattern: "/api/v1/coverage/proposal", Auth: User, Summary: "按乡镇或行业生成均衡负荷的批量包联方案（不写入）", handler: s.apiProposeAssignments},
		{Method: "POST", Pattern: "/api/v1/coverage/assign", Auth: User, Summary: "确认批量包联（一个事务）", handler: s.apiBulkAssign},
		{Method: "GET", Pattern: "/api/v1/me/enterprises", Auth: User, Summary: "我包联的企业（服务专员）", handler: s.apiMyEnterprises},
		{Method: "POST", Pattern: "/api/v1/visits", Auth: User, Summary: "登记走访（提出的问题自动登记为事项）", handler: s.apiRecordVisit},
		{Method: "GET", Pattern: "/api/v1/visits", Auth: User, Summary: "走访记录", handler: s.apiListVisits},
		{Method: "GET", Pattern: "/api/v1/visits/{id}", Auth: User, Summary: "走访详情", handler: s.apiGetVisit},
		{Method: "POST", Pattern: "/api/v1/campaigns", Auth: User, Summary: "新增专项活动（如万人助万企）", handler: s.apiCreateCampaign},
		{Method: "GET", Pattern: "/api/v1/campaigns", Auth: User, Summary: "专项活动", handler: s.apiListCampaigns},
		{Method: "GET", Pattern: "/api/v1/campaigns/{id}", Auth: User, Summary: "专项活动及其成效：参加干部、走访、覆盖企业、问题分类", handler: s.apiCampaign},
		{Method: "POST", Pattern: "/api/v1/campaigns/{id}/participants", Auth: User, Summary: "添加专项活动参加干部", handler: s.apiAddParticipants},
		{Method: "POST", Pattern: "/api/v1/events", Auth: User, Summary: "登记活动（现场咨询与降本指导）", handler: s.apiRecordEvent},
		{Method: "GET", Pattern: "/api/v1/events", Auth: User, Summary: "活动列表", handler: s.apiListEvents},
		{Method: "GET", Pattern: "/api/v1/events/{id}", Auth: User, Summary: "活动详情：部门、参加企业、现场咨询、降本指导", handler: s.apiEvent},
		{Method: "GET", Pattern: "/api/v1/statistics", Auth: User, Summary: "统计（走访、问题、投诉、活动、咨询、降本指导、满意度）", handler: s.apiStatistics},
		{Method: "GET", Pattern: "/api/v1/regions", Auth: User, Summary: "地区列表", handler: s.apiListRegions},
		{Method: "POST", Pattern: "/api/v1/regions", Auth: User, Summary: "按行政区划代码设置地区", handler: s.apiSetupRegion},
		{Method: "GET", Pattern: "/api/v1/departments", Auth: User, Summary: "部门列表", handler: s.apiListDepartments},
		{Method: "POST", Pattern: "/api/v1/departments", Auth: User, Summary: "新增部门", handler: s.apiCreateDepartment},
		{Method: "GET", Pattern: "/api/v1/teams", Auth: User, Summary: "专项服务团队列表", handler: s.apiListTeams},
		{Method: "POST", Pattern: "/api/v1/teams", Auth: User, Summary: "新增专项服务团队", handler: s.apiCreateTeam},
		{Method: "GET", Pattern: "/api/v1/teams/{id}", Auth: User, Summary: "专项服务团队：成员与服务企业", handler: s.apiTeam},
		{Method: "POST", Pattern: "/api/v1/teams/{id}/enterprises", Auth: User, Summary: "为团队添加服务企业（按 ID 或信用代码）", handler: s.apiTeamServe},
		{Method: "DELETE", Pattern: "/api/v1/teams/{id}/enterprises/{eid}", Auth: User, Summary: "团队不再服务该企业", handler: s.apiTeamUnserve},
		{Method: "GET", Pattern: "/api/v1/users", Auth: User, Summary: "用户列表", handler: s.apiListUsers},
		{Method: "POST", Pattern: "/api/v1/users", Auth: User, Summary: "新增用户", handler: s.apiCreateUser},
		{Method: "GET", Pattern: "/api/v1/tags", Auth: User, Summary: "企业标签", handler: s.apiListTags},
		{Method: "POST", Pattern: "/api/v1/tags", Auth: User, Summary: "新增企业标签", handler: s.apiCreateTag},
		{Method: "GET", Pattern: "/api/v1/industries", Auth: User, Summary: "国民经济行业分类（GB/T 4754-2017）", handler: s.apiIndustries},
		{Method: "GET", Pattern: "/api/v1/audit", Auth: User, Summary: "审计日志", handler: s.apiAudit},
		{Method: "POST", Pattern: "/api/v1/cases", Auth: User, Summary: "登记事项（诉求、投诉、咨询、承诺）", handler: s.apiCreateCase},
		{Method: "GET", Pattern: "/api/v1/cases", Auth: User, Summary: "事项列表", handler: s.apiListCases},
		{Method: "GET", Pattern: "/api/v1/cases/counts", Auth: User, Summary: "各预警等级在办事项数（按部门）", handler: s.apiCaseCounts},
		{Method: "GET", Pattern: "/api/v1/cases/{id}", Auth: User, Summary: "事项详情与办理过程", handler: s.apiGetCase},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/assign", Auth: User, Summary: "交办", handler: caseAction(s, s.svc.Assign)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/accept", Auth: User, Summary: "牵头部门签收", handler: caseAction(s, withNote(s.svc.Accept))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/progress", Auth: User, Summary: "填报办理进展", handler: caseAction(s, withNote(s.svc.Progress))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/return", Auth: User, Summary: "退回", handler: caseAction(s, withNote(s.svc.Return))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/resolve", Auth: User, Summary: "办结", handler: caseAction(s, withNote(s.svc.Resolve))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/rate", Auth: User, Summary: "回访评价（GB/T 39735 五级）", handler: caseAction(s, s.svc.Rate)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/close", Auth: User, Summary: "销号", handler: caseAction(s, withNote(s.svc.Close))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/extension", Auth: User, Summary: "申请延期", handler: caseAction(s, s.svc.RequestExtension)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/extension/decide", Auth: User, Summary: "审批延期", handler: caseAction(s, s.svc.DecideExtension)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/suspend", Auth: User, Summary: "挂起", handler: caseAction(s, withNote(s.svc.Suspend))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/resume", Auth: User, Summary: "恢复办理", handler: caseAction(s, withNote(s.svc.Resume))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/attachments", Auth: User, Summary: "上传附件", handler: s.apiAttach},
		{Method: "GET", Pattern: "/api/v1/cases/{id}/attachments/{aid}", Auth: User, Summary: "下载附件", handler: s.apiAttachment},
		{Method: "GET", Pattern: "/api/v1/categories", Auth: User, Summary: "问题类别与办理时限", handler: s.apiCategories},
		{Method: "POST", Pattern: "/api/v1/categories", Auth: User, Summary: "新增问题类别", handler: s.apiCreateCategory},
		{Method: "PATCH", Pattern: "/api/v1/categories/{id}", Auth: User, Summary: "修改类别的时限与预警阈值", handler: s.apiPatchCategory},
		{Method: "GET", Pattern: "/api/v1/notifications", Auth: User, Summary: "我的通知", handler: s.apiNotifications},
		{Method: "POST", Pattern: "/api/v1/notifications/read", Auth: User, Summary: "全部标为已读", handler: s.apiNotificationsRead},
		{Method: "GET", Pattern: "/api/v1/webhooks", Auth: User, Summary: "回调（企业微信/钉钉群机器人等）", handler: s.apiListWebhooks},
		{Method: "POST", Pattern: "/api/v1/webhooks", Auth: User, Summary: "新增回调", handler: s.apiCreateWebhook},
		{Method: "GET", Pattern: "/api/v1/calendar/{year}", Auth: User, Summary: "某年的调休与节假日", handler: s.apiCalendarYear},
		{Method: "POST", Pattern: "/api/v1/calendar", Auth: User, Summary: "导入工作日历（国务院节假日安排）", handler: s.apiImportCalendar},

		// web UI
		{Method: "GET", Pattern: "/login", Auth: Public, handler: s.uiLoginForm},
		{Method: "POST", Pattern: "/login", Auth: Public, handler: s.uiLogin},
		{Method: "POST", Pattern: "/logout", Auth: User, handler: s.uiLogout},
		{Method: "GET", Pattern: "/{$}", Auth: User, handler: s.uiHome},
		{Method: "GET", Pattern: "/enterprises", Auth: User, handler: s.uiEnterprises},
		{Method: "GET", Pattern: "/enterprises/new", Auth: User, handler: s.uiEnterpriseNew},
		{Method: "POST", Pattern: "/enterprises", Auth: User, handler: s.uiEnterpriseCreate},
		{Method: "GET", Pattern: "/enterprises/{id}", Auth: User, handler: s.uiEnterprise},
		{Method: "GET", Pattern: "/enterprises/{id}/edit", Auth: User, handler: s.uiEnterpriseEdit},
		{Method: "POST", Pattern: "/enterprises/{id}", Auth: User, handler: s.uiEnterpriseUpdate},
		{Method: "POST", Pattern: "/enterprises/{id}/commissioner", Auth: User, handler: s.uiAssignCommissioner},
		{Method: "POST", Pattern: "/enterprises/{id}/commissioner/release", Auth: User, handler: s.uiReleaseCommissioner},
		{Method: "GET", Pattern: "/coverage", Auth: User, handler: s.uiCoverage},
		{Method: "POST", Pattern: "/coverage/cap", Auth: User, handler: s.uiSetCap},
		{Method: "GET", Pattern: "/coverage/proposal", Auth: User, handler: s.uiProposal},
		{Method: "POST", Pattern: "/coverage/assign", Auth: User, handler: s.uiBulkAssign},
		{Method: "GET", Pattern: "/ledgers/{name}", Auth: User, handler: s.uiLedger},
		{Method: "GET", Pattern: "/visits", Auth: User, handler: s.uiVisits},
		{Method: "GET", Pattern: "/events", Auth: User, handler: s.uiEvents},
		{Method: "GET", Pattern: "/events/new", Auth: User, handler: s.uiEventNew},
		{Method: "POST", Pattern: "/events", Auth: User, handler: s.uiEventCreate},
		{Method: "GET", Pattern: "/teams/{id}", Auth: User, handler: s.uiTeam},
		{Method: "POST", Pattern: "/teams/{id}/enterprises", Auth: User, handler: s.uiTeamServe},
		{Method: "POST", Pattern: "/teams/{id}/enterprises/{eid}/delete", Auth: User, handler: s.uiTeamUnserve},
		{Method: "GET", Pattern: "/campaigns", Auth: User, handler: s.uiCampaigns},
		{Method: "POST", Pattern: "/campaigns", Auth: User, handler: s.uiCreateCampaign},
		{Method: "GET", Pattern: "/campaigns/{id}", Auth: User, handler: s.uiCampaign},
		{Method: "POST", Pattern: "/campaigns/{id}/participants", Auth: User, handler: s.uiAddParticipants},
		{Method: "GET", Pattern: "/events/{id}", Auth: User, handler: s.uiEvent},
		{Method: "GET", Pattern: "/visits/new", Auth: User, handler: s.uiVisitNew},
		{Method: "POST", Pattern: "/visits", Auth: User, handler: s.uiVisitCreate},
		{Method: "GET", Pattern: "/visits/{id}", Auth: User, handler: s.uiVisit},
		{Method: "GET", Pattern: "/my/enterprises", Auth: User, handler: s.uiMyEnterprises},
		{Method: "GET", Pattern: "/my/plan", Auth: User, handler: s.uiMyPlan},
		{Method: "POST", Pattern: "/my/plan", Auth: User, handler: s.uiPlanVisit},
		{Method: "POST", Pattern: "/my/plan/{id}/delete", Auth: User, handler: s.uiUnplan},
		{Method: "GET", Pattern: "/enterprises/import", Auth: User, handler: s.uiImportForm},
		{Method: "POST", Pattern: "/enterprises/import", Auth: User, handler: s.uiImport},
		{Method: "GET", Pattern: "/enterprises/export.xlsx", Auth: User, handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/enterprises/template.xlsx", Auth: User, handler: s.importTemplate},
		{Method: "GET", Pattern: "/cases", Auth: User, handler: s.uiCases},
		{Method: "GET", Pattern: "/cases/new", Auth: User, handler: s.uiCaseNew},
		{Method: "POST", Pattern: "/cases", Auth: User, handler: s.uiCaseCreate},
		{Method: "GET", Pattern: "/cases/{id}", Auth: User, handler: s.uiCase},
		{Method: "POST", Pattern: "/cases/{id}/{action...}", Auth: User, handler: s.uiCaseAction},
		{Method: "GET", Pattern: "/todo", Auth: User, handler: s.uiTodo},
		{Method: "GET", Pattern: "/notifications", Auth: User, handler: s.uiNotifications},
		{Method: "POST", Pattern: "/notifications/read", Auth: User, handler: s.uiNotificationsRead},
		{Method: "GET", Pattern: "/calendar", Auth: User, handler: s.uiCalendar},
		{Method: "POST", Pattern: "/calendar", Auth: User, handler: s.uiCalendarImport},
		{Method: "GET", Pattern: "/org", Auth: User, handler: s.uiOrg},
		{Method: "GET", Pattern: "/audit", Auth: User, handler: s.uiAudit},
	}
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

func newMetrics() *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
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
