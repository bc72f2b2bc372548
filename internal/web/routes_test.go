package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// expect maps a role ("" is anonymous) to the status it must get.
type expect map[access.Role]int

const anon access.Role = ""

var everyone = []access.Role{anon, access.Admin, access.Coordinator, access.Leader, access.Department, access.Commissioner, access.Enterprise}

// only gives status ok to the listed roles and deny to every other signed-in
// role; anonymous callers get anonStatus.
func only(ok, deny, anonStatus int, roles ...access.Role) expect {
	e := expect{anon: anonStatus}
	for _, r := range access.Roles {
		e[r] = deny
	}
	for _, r := range roles {
		e[r] = ok
	}
	return e
}

func all(status, anonStatus int) expect { return only(status, status, anonStatus) }

// with overrides some roles' statuses.
func (e expect) with(role access.Role, status int) expect {
	c := expect{}
	for k, v := range e {
		c[k] = v
	}
	c[role] = status
	return c
}

var staff = []access.Role{access.Admin, access.Coordinator, access.Leader, access.Department, access.Commissioner}

// routeCase is one row of the route × role table.
type routeCase struct {
	route string // "METHOD pattern" exactly as in the route table
	path  string // concrete path; {A} {B} {C} are replaced by enterprise ids
	body  func(f *fixture, role access.Role) (contentType string, body io.Reader)
	want  expect
}

func jsonBody(s string) func(*fixture, access.Role) (string, io.Reader) {
	return func(*fixture, access.Role) (string, io.Reader) { return "application/json", strings.NewReader(s) }
}

func formBody(v url.Values) func(*fixture, access.Role) (string, io.Reader) {
	return func(*fixture, access.Role) (string, io.Reader) {
		return "application/x-www-form-urlencoded", strings.NewReader(v.Encode())
	}
}

func csvUpload(f *fixture, role access.Role) (string, io.Reader) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "企业.csv")
	fmt.Fprintf(w, "统一社会信用代码,企业名称,所属区县代码\n%s,导入测试有限公司,411203\n", validUSCC(f.t, "411203", 900))
	mw.Close()
	return mw.FormDataContentType(), &buf
}

const (
	ok, created, seeOther = http.StatusOK, http.StatusCreated, http.StatusSeeOther
	unauth, forbidden     = http.StatusUnauthorized, http.StatusForbidden
	notFound, conflict    = http.StatusNotFound, http.StatusConflict
)

// caseStep is the expectation of a step on K1 or K4 (A's cases at fgw):
// the listed roles get status; the others that can see the case (the
// leader, the enterprise, the staff not taking part) get 403; the
// commissioner, who cannot see it, gets 404.
func caseStep(status int, roles ...access.Role) expect {
	return only(status, forbidden, unauth, roles...).with(access.Commissioner, notFound)
}

func pngUpload(f *fixture, role access.Role) (string, io.Reader) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	return multipartFile("现场照片.png", png)
}

func routeCases() []routeCase {
	writers := []access.Role{access.Admin, access.Coordinator}
	readers := []access.Role{access.Admin, access.Coordinator, access.Leader}
	newEnterprise := func(f *fixture, role access.Role) (string, io.Reader) {
		serial := 100
		for i, r := range everyone {
			if r == role {
				serial += i
			}
		}
		return "application/json", strings.NewReader(fmt.Sprintf(`{"uscc":%q,"name":"新登记企业","industry_code":"C39"}`, validUSCC(f.t, "411203", serial)))
	}
	newEnterpriseForm := func(f *fixture, role access.Role) (string, io.Reader) {
		v := url.Values{"uscc": {validUSCC(f.t, "411203", 500)}, "name": {"表单登记企业"}, "scale": {"small"}}
		return formBody(v)(f, role)
	}
	return []routeCase{
		{route: "GET /healthz", path: "/healthz", want: all(ok, ok)},
		{route: "GET /readyz", path: "/readyz", want: all(ok, ok)},
		{route: "GET /metrics", path: "/metrics", want: all(ok, ok)},
		{route: "GET /api/openapi.json", path: "/api/openapi.json", want: all(ok, ok)},
		{route: "GET /static/", path: "/static/app.css", want: all(ok, ok)},

		{route: "GET /api/v1/me", path: "/api/v1/me", want: all(ok, unauth)},
		{route: "GET /api/v1/enterprises", path: "/api/v1/enterprises", want: all(ok, unauth)},
		{route: "POST /api/v1/enterprises", path: "/api/v1/enterprises", body: newEnterprise, want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{A}", want: all(ok, unauth)},
		{route: "GET /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{C}", want: all(ok, unauth).with(access.Enterprise, notFound)},
		{route: "GET /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{B}", want: all(notFound, unauth)},
		{route: "GET /api/v1/enterprises/{id}", path: "/api/v1/enterprises/nope", want: all(notFound, unauth)},
		{route: "PATCH /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{A}", body: jsonBody(`{"address":"陕州区大营镇新址1号"}`),
			want: only(ok, forbidden, unauth, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "PATCH /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{A}", body: jsonBody(`{"name":"改名"}`),
			want: only(ok, forbidden, unauth, writers...)},
		{route: "PATCH /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{C}", body: jsonBody(`{"address":"x"}`),
			want: only(ok, forbidden, unauth, writers...).with(access.Enterprise, notFound)},
		{route: "PATCH /api/v1/enterprises/{id}", path: "/api/v1/enterprises/{B}", body: jsonBody(`{"address":"x"}`),
			want: only(notFound, forbidden, unauth, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "POST /api/v1/enterprises/import", path: "/api/v1/enterprises/import", body: csvUpload, want: only(ok, forbidden, unauth, writers...)},
		{route: "GET /api/v1/enterprises/export", path: "/api/v1/enterprises/export", want: only(ok, forbidden, unauth, readers...)},
		{route: "GET /api/v1/enterprises/template", path: "/api/v1/enterprises/template", want: only(ok, forbidden, unauth, writers...)},
		{route: "GET /api/v1/enterprises/{id}/commissioners", path: "/api/v1/enterprises/{A}/commissioners", want: all(ok, unauth)},
		{route: "GET /api/v1/enterprises/{id}/commissioners", path: "/api/v1/enterprises/{B}/commissioners", want: all(notFound, unauth)},
		{route: "POST /api/v1/enterprises/{id}/commissioner", path: "/api/v1/enterprises/{C}/commissioner", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"user_id":%d}`, f.commID))
		}, want: only(created, forbidden, unauth, writers...)},
		{route: "POST /api/v1/enterprises/{id}/commissioner", path: "/api/v1/enterprises/{B}/commissioner", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"user_id":%d}`, f.commID))
		}, want: only(notFound, forbidden, unauth, writers...)},
		{route: "POST /api/v1/enterprises/{id}/commissioner/release", path: "/api/v1/enterprises/{C}/commissioner/release", body: jsonBody(`{"reason":"企业迁出本辖区"}`),
			want: only(ok, forbidden, unauth, writers...)},
		{route: "GET /api/v1/coverage", path: "/api/v1/coverage", want: only(ok, forbidden, unauth, readers...)},
		{route: "GET /api/v1/plans", path: "/api/v1/plans", want: only(ok, forbidden, unauth, append(readers, access.Commissioner)...)},
		{route: "POST /api/v1/plans", path: "/api/v1/plans", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_id":%d,"period":"month"}`, f.C.ID))
		}, want: only(created, forbidden, unauth, access.Commissioner)},
		{route: "DELETE /api/v1/plans/{id}", path: "/api/v1/plans/999999", want: only(notFound, forbidden, unauth, access.Commissioner)},
		{route: "GET /api/v1/coverage/proposal", path: "/api/v1/coverage/proposal?industry=C", want: only(ok, forbidden, unauth, writers...)},
		{route: "POST /api/v1/coverage/assign", path: "/api/v1/coverage/assign", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"items":[{"enterprise_id":%d,"user_id":%d}]}`, f.C.ID, f.commID))
		}, want: only(ok, forbidden, unauth, writers...)},
		// Another district's enterprise in a batch: refused as bad input, and nothing is said about it.
		{route: "POST /api/v1/coverage/assign", path: "/api/v1/coverage/assign", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"items":[{"enterprise_id":%d,"user_id":%d}]}`, f.B.ID, f.commID))
		}, want: only(http.StatusUnprocessableEntity, forbidden, unauth, writers...)},
		{route: "GET /api/v1/me/enterprises", path: "/api/v1/me/enterprises", want: only(ok, forbidden, unauth, access.Commissioner)},
		{route: "POST /api/v1/visits", path: "/api/v1/visits", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_id":%d,"visited_on":"2026-03-02","official_ids":[%d],"problems":[{"category":"用工","title":"招工难"}]}`, f.A.ID, f.commID))
		}, want: only(created, forbidden, unauth, access.Admin, access.Coordinator, access.Commissioner)},
		{route: "POST /api/v1/visits", path: "/api/v1/visits", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_id":%d,"visited_on":"2026-03-02","official_ids":[%d]}`, f.B.ID, f.commID))
		}, want: only(http.StatusUnprocessableEntity, forbidden, unauth, access.Admin, access.Coordinator, access.Commissioner)},
		{route: "GET /api/v1/visits", path: "/api/v1/visits", want: all(ok, unauth).with(access.Department, forbidden)},
		{route: "GET /api/v1/visits/{id}", path: "/api/v1/visits/999999", want: all(notFound, unauth).with(access.Department, forbidden)},
		{route: "POST /api/v1/campaigns", path: "/api/v1/campaigns", body: jsonBody(`{"name":"万人助万企","starts_on":"2026-01-01","ends_on":"2026-12-31"}`),
			want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/campaigns", path: "/api/v1/campaigns", want: only(ok, forbidden, unauth, staff...)},
		{route: "GET /api/v1/campaigns/{id}", path: "/api/v1/campaigns/{camp}", want: only(ok, forbidden, unauth, staff...)},
		{route: "GET /api/v1/campaigns/{id}", path: "/api/v1/campaigns/{camp2}", want: only(notFound, forbidden, unauth, staff...)},
		{route: "POST /api/v1/campaigns/{id}/participants", path: "/api/v1/campaigns/{camp}/participants", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"participant_ids":[%d]}`, f.commID))
		}, want: only(ok, forbidden, unauth, writers...)},
		{route: "POST /api/v1/campaigns/{id}/participants", path: "/api/v1/campaigns/{camp2}/participants", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"participant_ids":[%d]}`, f.commID))
		}, want: only(notFound, forbidden, unauth, writers...)},
		{route: "POST /api/v1/events", path: "/api/v1/events", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"title":"政策宣讲会","kind":"政策宣讲","held_on":"2026-03-02","consultations":[{"enterprise_id":%d,"question":"高企认定条件？","answer":"见通知","department_id":%d}],"guidance":[{"enterprise_id":%d,"area":"法律服务","estimated_saving_yuan":20000}]}`, f.A.ID, f.deptID, f.A.ID))
		}, want: only(created, forbidden, unauth, writers...)},
		{route: "POST /api/v1/events", path: "/api/v1/events", body: jsonBody(`{"title":"无日期的活动","kind":"培训"}`), want: only(http.StatusUnprocessableEntity, forbidden, unauth, writers...)},
		{route: "GET /api/v1/events", path: "/api/v1/events", want: only(ok, forbidden, unauth, staff...)},
		{route: "GET /api/v1/events/{id}", path: "/api/v1/events/{ev}", want: only(ok, forbidden, unauth, staff...)},
		{route: "GET /api/v1/events/{id}", path: "/api/v1/events/{ev2}", want: only(notFound, forbidden, unauth, staff...)},
		{route: "GET /api/v1/statistics", path: "/api/v1/statistics?from=2026-01-01&to=2026-12-31", want: only(ok, forbidden, unauth, readers...)},
		{route: "GET /api/v1/regions", path: "/api/v1/regions", want: only(ok, forbidden, unauth, staff...)},
		{route: "POST /api/v1/regions", path: "/api/v1/regions", body: jsonBody(`{"code":"411203"}`), want: only(ok, forbidden, unauth, writers...)},
		{route: "POST /api/v1/regions", path: "/api/v1/regions", body: jsonBody(`{"code":"411202"}`), want: all(forbidden, unauth)},
		{route: "GET /api/v1/departments", path: "/api/v1/departments", want: only(ok, forbidden, unauth, staff...)},
		{route: "POST /api/v1/departments", path: "/api/v1/departments", body: jsonBody(`{"code":"new-dept","name":"新部门"}`), want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/teams", path: "/api/v1/teams", want: only(ok, forbidden, unauth, staff...)},
		{route: "POST /api/v1/teams", path: "/api/v1/teams", body: jsonBody(`{"name":"科技创新服务团队"}`), want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/teams/{id}", path: "/api/v1/teams/{team}", want: only(ok, forbidden, unauth, staff...)},
		{route: "GET /api/v1/teams/{id}", path: "/api/v1/teams/{team2}", want: only(notFound, forbidden, unauth, staff...)},
		{route: "POST /api/v1/teams/{id}/enterprises", path: "/api/v1/teams/{team}/enterprises", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_ids":[%d]}`, f.C.ID))
		}, want: only(ok, forbidden, unauth, writers...)},
		{route: "POST /api/v1/teams/{id}/enterprises", path: "/api/v1/teams/{team2}/enterprises", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_ids":[%d]}`, f.B.ID))
		}, want: only(notFound, forbidden, unauth, writers...)},
		// Another district's enterprise for this district's team: bad input, nothing revealed.
		{route: "POST /api/v1/teams/{id}/enterprises", path: "/api/v1/teams/{team}/enterprises", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_ids":[%d]}`, f.B.ID))
		}, want: only(http.StatusUnprocessableEntity, forbidden, unauth, writers...)},
		{route: "DELETE /api/v1/teams/{id}/enterprises/{eid}", path: "/api/v1/teams/{team}/enterprises/999999", want: only(notFound, forbidden, unauth, writers...)},
		{route: "GET /api/v1/users", path: "/api/v1/users", want: only(ok, forbidden, unauth, access.Admin)},
		{route: "POST /api/v1/users", path: "/api/v1/users", body: jsonBody(`{"login":"new-user","role":"leader","region_code":"411203","password":"long-enough-pw"}`),
			want: only(created, forbidden, unauth, access.Admin)},
		{route: "GET /api/v1/tags", path: "/api/v1/tags", want: all(ok, unauth)},
		{route: "POST /api/v1/tags", path: "/api/v1/tags", body: jsonBody(`{"name":"瞪羚企业"}`), want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/industries", path: "/api/v1/industries", want: all(ok, unauth)},
		{route: "GET /api/v1/audit", path: "/api/v1/audit", want: only(ok, forbidden, unauth, readers...)},

		{route: "POST /api/v1/cases", path: "/api/v1/cases", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"enterprise_id":%d,"category":"资金","title":"新事项"}`, f.A.ID))
		}, want: only(created, forbidden, unauth, access.Admin, access.Coordinator, access.Commissioner, access.Enterprise)},
		{route: "GET /api/v1/cases", path: "/api/v1/cases", want: all(ok, unauth)},
		{route: "GET /api/v1/cases/counts", path: "/api/v1/cases/counts", want: only(ok, forbidden, unauth, readers...)},
		{route: "GET /api/v1/cases/{id}", path: "/api/v1/cases/{K1}", want: all(ok, unauth).with(access.Commissioner, notFound)},
		{route: "GET /api/v1/cases/{id}", path: "/api/v1/cases/{K2}", want: only(ok, notFound, unauth, readers...)},
		{route: "GET /api/v1/cases/{id}", path: "/api/v1/cases/{K3}", want: all(notFound, unauth)},
		{route: "POST /api/v1/cases/{id}/progress", path: "/api/v1/cases/{K1}/progress", body: jsonBody(`{"note":"已与企业对接"}`),
			want: caseStep(ok, access.Admin, access.Coordinator, access.Department)},
		{route: "POST /api/v1/cases/{id}/assign", path: "/api/v1/cases/{K2}/assign", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return "application/json", strings.NewReader(fmt.Sprintf(`{"lead_department_id":%d}`, f.deptID))
		}, want: only(ok, forbidden, unauth, writers...).with(access.Department, notFound).with(access.Commissioner, notFound).with(access.Enterprise, notFound)},
		{route: "POST /api/v1/cases/{id}/accept", path: "/api/v1/cases/{K1}/accept", want: caseStep(conflict, access.Department)},
		{route: "POST /api/v1/cases/{id}/extension", path: "/api/v1/cases/{K1}/extension", body: jsonBody(`{"workdays":3,"reason":"需会商"}`),
			want: caseStep(ok, access.Department)},
		{route: "POST /api/v1/cases/{id}/extension/decide", path: "/api/v1/cases/{K1}/extension/decide", body: jsonBody(`{"approve":true}`),
			want: caseStep(conflict, access.Admin, access.Coordinator)},
		{route: "POST /api/v1/cases/{id}/suspend", path: "/api/v1/cases/{K1}/suspend", body: jsonBody(`{"reason":"等待企业补充材料"}`),
			want: caseStep(ok, access.Admin, access.Coordinator, access.Department)},
		{route: "POST /api/v1/cases/{id}/resume", path: "/api/v1/cases/{K1}/resume", want: caseStep(ok, access.Admin, access.Coordinator)},
		{route: "POST /api/v1/cases/{id}/attachments", path: "/api/v1/cases/{K1}/attachments", body: pngUpload,
			want: caseStep(created, access.Admin, access.Coordinator, access.Department, access.Enterprise)},
		{route: "GET /api/v1/cases/{id}/attachments/{aid}", path: "/api/v1/cases/{K1}/attachments/{att}", want: all(ok, unauth).with(access.Commissioner, notFound)},
		{route: "POST /api/v1/cases/{id}/resolve", path: "/api/v1/cases/{K4}/resolve", body: jsonBody(`{"note":"已解决"}`), want: caseStep(ok, access.Department)},
		{route: "POST /api/v1/cases/{id}/rate", path: "/api/v1/cases/{K4}/rate", body: jsonBody(`{"satisfaction":2}`),
			want: caseStep(conflict, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "POST /api/v1/cases/{id}/close", path: "/api/v1/cases/{K4}/close", want: caseStep(conflict, access.Admin, access.Coordinator)},
		{route: "POST /api/v1/cases/{id}/return", path: "/api/v1/cases/{K1}/return", body: jsonBody(`{"reason":"不属于本部门职责"}`), want: caseStep(ok, access.Department)},
		{route: "GET /api/v1/categories", path: "/api/v1/categories", want: all(ok, unauth)},
		{route: "POST /api/v1/categories", path: "/api/v1/categories", body: jsonBody(`{"code":"env","name":"环保","time_limit":10}`),
			want: only(created, forbidden, unauth, access.Admin)},
		{route: "PATCH /api/v1/categories/{id}", path: "/api/v1/categories/1", body: jsonBody(`{"yellow_percent":50}`),
			want: only(ok, forbidden, unauth, access.Admin)},
		{route: "PATCH /api/v1/categories/{id}", path: "/api/v1/categories/999", body: jsonBody(`{"yellow_percent":50}`),
			want: only(notFound, forbidden, unauth, access.Admin)},
		{route: "GET /api/v1/notifications", path: "/api/v1/notifications", want: all(ok, unauth)},
		{route: "POST /api/v1/notifications/read", path: "/api/v1/notifications/read", want: all(ok, unauth)},
		{route: "GET /api/v1/webhooks", path: "/api/v1/webhooks", want: only(ok, forbidden, unauth, writers...)},
		{route: "POST /api/v1/webhooks", path: "/api/v1/webhooks", body: jsonBody(`{"name":"督办群","url":"http://127.0.0.1:9/hook","format":"wecom"}`),
			want: only(created, forbidden, unauth, writers...)},
		{route: "GET /api/v1/calendar/{year}", path: "/api/v1/calendar/2026", want: all(ok, unauth)},
		{route: "GET /api/v1/calendar/{year}", path: "/api/v1/calendar/1999", want: all(notFound, unauth)},
		{route: "POST /api/v1/calendar", path: "/api/v1/calendar", body: jsonBody(`{"years":{"2027":{"holidays":["2027-01-01"],"workdays":[]}}}`),
			want: only(ok, forbidden, unauth, access.Admin)},

		{route: "GET /login", path: "/login", want: all(seeOther, ok)},
		{route: "POST /login", path: "/login", body: formBody(url.Values{"login": {"nobody"}, "password": {"wrong-password"}}), want: all(unauth, unauth)},
		{route: "GET /{$}", path: "/", want: all(ok, seeOther).with(access.Enterprise, seeOther)},
		{route: "GET /enterprises", path: "/enterprises", want: all(ok, seeOther).with(access.Enterprise, seeOther)},
		{route: "GET /enterprises/new", path: "/enterprises/new", want: only(ok, forbidden, seeOther, writers...)},
		{route: "POST /enterprises", path: "/enterprises", body: newEnterpriseForm, want: only(seeOther, forbidden, unauth, writers...)},
		{route: "GET /enterprises/{id}", path: "/enterprises/{A}", want: all(ok, seeOther)},
		{route: "GET /enterprises/{id}", path: "/enterprises/{C}", want: all(ok, seeOther).with(access.Enterprise, notFound)},
		{route: "GET /enterprises/{id}", path: "/enterprises/{B}", want: all(notFound, seeOther)},
		{route: "GET /enterprises/{id}/edit", path: "/enterprises/{A}/edit", want: only(ok, forbidden, seeOther, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "GET /enterprises/{id}/edit", path: "/enterprises/{B}/edit", want: only(notFound, notFound, seeOther)},
		{route: "POST /enterprises/{id}", path: "/enterprises/{A}", body: formBody(url.Values{"name": {"三门峡甲电子科技有限公司"}, "address": {"新址"}, "employees": {"12"}}),
			want: only(seeOther, forbidden, unauth, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "POST /enterprises/{id}", path: "/enterprises/{B}", body: formBody(url.Values{"address": {"新址"}}),
			want: only(notFound, forbidden, unauth, access.Admin, access.Coordinator, access.Enterprise)},
		{route: "POST /enterprises/{id}/commissioner", path: "/enterprises/{C}/commissioner", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"user_id": {id(f.commID)}})(f, "")
		}, want: only(seeOther, forbidden, unauth, writers...)},
		{route: "POST /enterprises/{id}/commissioner/release", path: "/enterprises/{C}/commissioner/release", body: formBody(url.Values{"reason": {"调岗"}}),
			want: only(seeOther, forbidden, unauth, writers...)},
		{route: "POST /enterprises/{id}/commissioner", path: "/enterprises/{B}/commissioner", body: formBody(url.Values{"user_id": {"1"}}),
			want: only(notFound, forbidden, unauth, writers...)},
		{route: "GET /ledgers/{name}", path: "/ledgers/visits.xlsx", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /ledgers/{name}", path: "/ledgers/assignments.xlsx", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /ledgers/{name}", path: "/ledgers/events.xlsx", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /ledgers/{name}", path: "/ledgers/nothing.xlsx", want: only(notFound, forbidden, seeOther, readers...)},
		{route: "GET /visits", path: "/visits", want: all(ok, seeOther).with(access.Department, forbidden)},
		{route: "GET /visits/new", path: "/visits/new", want: only(ok, forbidden, seeOther, access.Admin, access.Coordinator, access.Commissioner)},
		{route: "POST /visits", path: "/visits", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"enterprise_id": {id(f.A.ID)}, "visited_on": {"2026-03-02"}, "p0_title": {"招工难"}, "p0_category": {"labor"}})(f, "")
		}, want: only(seeOther, forbidden, unauth, access.Admin, access.Coordinator, access.Commissioner)},
		{route: "GET /visits/{id}", path: "/visits/999999", want: all(notFound, seeOther).with(access.Department, forbidden)},
		{route: "POST /coverage/cap", path: "/coverage/cap", body: formBody(url.Values{"cap": {"25"}}), want: only(seeOther, forbidden, unauth, writers...)},
		{route: "GET /coverage", path: "/coverage", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /events", path: "/events", want: only(ok, forbidden, seeOther, staff...)},
		{route: "GET /events/new", path: "/events/new", want: only(ok, forbidden, seeOther, writers...)},
		{route: "POST /events", path: "/events", body: formBody(url.Values{"title": {"政策宣讲会"}, "kind": {"政策宣讲"}, "held_on": {"2026-03-02"}}),
			want: only(seeOther, forbidden, unauth, writers...)},
		{route: "POST /events", path: "/events", body: formBody(url.Values{"title": {"无日期"}, "kind": {"培训"}}),
			want: only(http.StatusUnprocessableEntity, forbidden, unauth, writers...)},
		{route: "GET /teams/{id}", path: "/teams/{team}", want: only(ok, forbidden, seeOther, staff...)},
		{route: "GET /teams/{id}", path: "/teams/{team2}", want: only(notFound, forbidden, seeOther, staff...)},
		{route: "POST /teams/{id}/enterprises", path: "/teams/{team}/enterprises", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"usccs": {f.C.USCC}})(f, "")
		}, want: only(seeOther, forbidden, unauth, writers...)},
		{route: "POST /teams/{id}/enterprises/{eid}/delete", path: "/teams/{team}/enterprises/999999/delete", body: formBody(url.Values{}), want: only(notFound, forbidden, unauth, writers...)},
		{route: "GET /campaigns", path: "/campaigns", want: only(ok, forbidden, seeOther, staff...)},
		{route: "POST /campaigns", path: "/campaigns", body: formBody(url.Values{"name": {"助企春风行动"}, "starts_on": {"2026-03-01"}}), want: only(seeOther, forbidden, unauth, writers...)},
		{route: "GET /campaigns/{id}", path: "/campaigns/{camp}", want: only(ok, forbidden, seeOther, staff...)},
		{route: "GET /campaigns/{id}", path: "/campaigns/{camp2}", want: only(notFound, forbidden, seeOther, staff...)},
		{route: "POST /campaigns/{id}/participants", path: "/campaigns/{camp}/participants", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"user_id": {id(f.commID)}})(f, "")
		}, want: only(seeOther, forbidden, unauth, writers...)},
		{route: "GET /events/{id}", path: "/events/{ev}", want: only(ok, forbidden, seeOther, staff...)},
		{route: "GET /events/{id}", path: "/events/{ev2}", want: only(notFound, forbidden, seeOther, staff...)},
		{route: "GET /my/plan", path: "/my/plan", want: only(ok, forbidden, seeOther, access.Commissioner)},
		{route: "POST /my/plan", path: "/my/plan", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"enterprise_id": {id(f.C.ID)}, "when": {"next-week"}})(f, "")
		}, want: only(seeOther, forbidden, unauth, access.Commissioner)},
		{route: "POST /my/plan/{id}/delete", path: "/my/plan/999999/delete", body: formBody(url.Values{}), want: only(notFound, forbidden, unauth, access.Commissioner)},
		{route: "GET /coverage/proposal", path: "/coverage/proposal?industry=C", want: only(ok, forbidden, seeOther, writers...)},
		{route: "POST /coverage/assign", path: "/coverage/assign", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"pick": {id(f.C.ID)}, "u" + id(f.C.ID): {id(f.commID)}})(f, "")
		}, want: only(seeOther, forbidden, unauth, writers...)},
		{route: "GET /my/enterprises", path: "/my/enterprises", want: only(ok, forbidden, seeOther, access.Commissioner)},
		{route: "GET /enterprises/import", path: "/enterprises/import", want: only(ok, forbidden, seeOther, writers...)},
		{route: "POST /enterprises/import", path: "/enterprises/import", body: csvUpload, want: only(ok, forbidden, unauth, writers...)},
		{route: "GET /enterprises/export.xlsx", path: "/enterprises/export.xlsx", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /enterprises/template.xlsx", path: "/enterprises/template.xlsx", want: only(ok, forbidden, seeOther, writers...)},
		{route: "GET /org", path: "/org", want: only(ok, forbidden, seeOther, staff...)},
		{route: "GET /audit", path: "/audit", want: only(ok, forbidden, seeOther, readers...)},
		{route: "GET /cases", path: "/cases", want: all(ok, seeOther)},
		{route: "GET /cases", path: "/cases?warning=purple", want: all(http.StatusBadRequest, seeOther)},
		{route: "GET /cases/new", path: "/cases/new", want: only(ok, forbidden, seeOther, access.Admin, access.Coordinator, access.Commissioner, access.Enterprise)},
		{route: "POST /cases", path: "/cases", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return formBody(url.Values{"enterprise_id": {id(f.A.ID)}, "category": {"funds"}, "title": {"表单登记"}})(f, "")
		}, want: only(seeOther, forbidden, unauth, access.Admin, access.Coordinator, access.Commissioner, access.Enterprise)},
		{route: "GET /cases/{id}", path: "/cases/{K1}", want: all(ok, seeOther).with(access.Commissioner, notFound)},
		{route: "GET /cases/{id}", path: "/cases/{K3}", want: all(notFound, seeOther)},
		{route: "POST /cases/{id}/{action...}", path: "/cases/{K1}/progress", body: formBody(url.Values{"note": {"现场核实"}}),
			want: only(seeOther, forbidden, unauth, access.Admin, access.Coordinator, access.Department).with(access.Commissioner, notFound)},
		{route: "POST /cases/{id}/{action...}", path: "/cases/{K3}/progress", body: formBody(url.Values{"note": {"x"}}), want: all(notFound, unauth)},
		{route: "GET /todo", path: "/todo", want: all(ok, seeOther)},
		{route: "GET /calendar", path: "/calendar?year=2026", want: all(ok, seeOther)},
		{route: "POST /calendar", path: "/calendar", body: func(f *fixture, _ access.Role) (string, io.Reader) {
			return multipartFile("2027.json", []byte(`{"years":{"2027":{"holidays":["2027-01-01"],"workdays":[]}}}`))
		}, want: only(seeOther, forbidden, unauth, access.Admin)},
		{route: "GET /notifications", path: "/notifications", want: all(ok, seeOther)},
		{route: "POST /notifications/read", path: "/notifications/read", want: all(seeOther, unauth)},
		{route: "POST /logout", path: "/logout", want: all(seeOther, unauth)}, // last: it ends the session
	}
}

// TestRouteAccess runs every route as every role on both engines and
// checks the status: allowed, 403 (the role may not) or 404 (outside the
// user's region or enterprise).
func TestRouteAccess(t *testing.T) {
	cases := routeCases()
	for _, engine := range storetest.Engines() {
		for _, role := range everyone {
			name := string(role)
			if name == "" {
				name = "anonymous"
			}
			t.Run(string(engine)+"/"+name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, engine)
				for _, c := range cases {
					path := strings.NewReplacer("{A}", id(f.A.ID), "{B}", id(f.B.ID), "{C}", id(f.C.ID), "{K1}", id(f.K1.ID), "{K2}", id(f.K2.ID),
						"{K3}", id(f.K3.ID), "{K4}", id(f.K4.ID), "{att}", id(f.attachmentID), "{ev}", id(f.eventID), "{ev2}", id(f.otherEventID), "{camp}", id(f.campaignID), "{camp2}", id(f.otherCampaign), "{team}", id(f.teamID), "{team2}", id(f.otherTeam)).Replace(c.path)
					method, _, _ := strings.Cut(c.route, " ")
					var ct string
					var body io.Reader
					if c.body != nil {
						ct, body = c.body(f, role)
					}
					rec := f.do(role, method, path, ct, body)
					want, ok := c.want[role]
					if !ok {
						t.Fatalf("%s %s: no expectation for %q", method, path, role)
					}
					if rec.Code != want {
						t.Errorf("%s %s as %s: status %d, want %d; body: %.300s", method, path, name, rec.Code, want, rec.Body.String())
					}
					if strings.HasPrefix(path, "/api/v1/") && rec.Code >= 400 {
						assertErrorShape(t, rec.Body.Bytes())
					}
				}
			})
		}
	}
}

// TestRouteTableCovered fails when a route exists that the access table
// does not exercise, or the table names a route that does not exist.
func TestRouteTableCovered(t *testing.T) {
	f := newFixture(t, "sqlite")
	tested := map[string]bool{}
	for _, c := range routeCases() {
		tested[c.route] = true
	}
	routes := map[string]bool{}
	for _, r := range f.srv.Routes() {
		key := r.Method + " " + r.Pattern
		routes[key] = true
		if !tested[key] {
			t.Errorf("route %s is not in the route × role table", key)
		}
	}
	for k := range tested {
		if !routes[k] {
			t.Errorf("table row %s names no route", k)
		}
	}
}

func id(n int64) string { return fmt.Sprint(n) }
