package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/web"
)

func eachEngine(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, e))
		})
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, rec.Body.String())
	}
	return v
}

type errBody struct {
	Error struct {
		Code, Message, Field string
		Details              []struct{ Field, Message string }
	}
}

func TestEnterpriseUserSeesOnlyItsOwn(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		rec := f.json(access.Enterprise, "GET", "/api/v1/enterprises", "")
		list := decode[struct {
			Items []struct{ ID int64 }
			Total int
		}](t, rec)
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != f.A.ID {
			t.Fatalf("enterprise user sees %+v, want only %d", list, f.A.ID)
		}
		rec = f.json(access.Coordinator, "GET", "/api/v1/enterprises?per_page=50", "")
		list = decode[struct {
			Items []struct{ ID int64 }
			Total int
		}](t, rec)
		if list.Total != 2 {
			t.Fatalf("coordinator of 411203 sees %d enterprises, want 2 (not the one in 411202)", list.Total)
		}
		// Restricted fields are refused by name.
		rec = f.json(access.Enterprise, "PATCH", "/api/v1/enterprises/"+id(f.A.ID), `{"tags":["高新技术企业"]}`)
		if e := decode[errBody](t, rec); rec.Code != 403 || e.Error.Field != "tags" {
			t.Fatalf("enterprise changing tags: %d %+v", rec.Code, e)
		}
	})
}

func TestBadInput(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		valid := validUSCC(t, "411203", 42)
		wrongCheck := valid[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", valid[17])+1)%31])
		post := func(name, body string, status int, code, field string) scenario {
			return scenario{Name: name, Role: access.Coordinator, Method: "POST", Path: "/api/v1/enterprises", Body: jsonOf(body),
				WantStatus: status, WantCode: code, WantField: field}
		}
		f.run(t,
			post("wrong check digit", `{"uscc":"`+wrongCheck+`","name":"甲"}`, 422, "invalid", "uscc"),
			post("wrong length", `{"uscc":"9141120312345","name":"甲"}`, 422, "invalid", "uscc"),
			post("forbidden letter", `{"uscc":"`+valid[:10]+"O"+valid[11:]+`","name":"甲"}`, 422, "invalid", "uscc"),
			post("duplicate", `{"uscc":"`+f.A.USCC+`","name":"甲"}`, 409, "conflict", "uscc"),
			post("malformed industry", `{"uscc":"`+valid+`","name":"甲","industry_code":"X3"}`, 422, "invalid", "industry_code"),
			post("industry of another section", `{"uscc":"`+valid+`","name":"甲","industry_code":"C05"}`, 422, "invalid", "industry_code"),
			post("unknown field", `{"uscc":"`+valid+`","name":"甲","colour":"red"}`, 422, "unknown_field", "colour"),
			post("wrong type", `{"uscc":"`+valid+`","name":"甲","employees":"many"}`, 422, "invalid_type", "employees"),
			post("not an object", `[]`, 422, "invalid_json", ""),
			post("broken JSON", `{"uscc":`, 422, "invalid_json", ""),
			post("empty body", ``, 422, "invalid_json", ""),
			post("region outside reach", `{"uscc":"`+valid+`","name":"甲","region_code":"411202"}`, 422, "invalid", "region_code"),
			post("township of another district", `{"uscc":"`+valid+`","name":"甲","township_code":"411202001"}`, 422, "invalid", "township_code"),
			post("undefined tag", `{"uscc":"`+valid+`","name":"甲","tags":["不存在的标签"]}`, 422, "invalid", "tags"),
			post("founded in the future", `{"uscc":"`+valid+`","name":"甲","founded_on":"2999-01-01"}`, 422, "invalid", "founded_on"),
			post("latitude alone", `{"uscc":"`+valid+`","name":"甲","latitude":34.7}`, 422, "invalid", "latitude"),
			post("oversized body", `{"uscc":"`+valid+`","name":"`+strings.Repeat("甲", web.MaxJSONBody/3+10)+`"}`, 413, "too_large", ""),
		)
		// Nothing of the rejected requests was written.
		rec := f.json(access.Coordinator, "GET", "/api/v1/enterprises?q="+valid, "")
		if list := decode[struct{ Total int }](t, rec); list.Total != 0 {
			t.Fatalf("a rejected enterprise was written: %s", rec.Body.String())
		}
		// Several problems at once are all listed.
		rec = f.json(access.Coordinator, "POST", "/api/v1/enterprises", `{"uscc":"bad","name":"","industry_code":"Z99"}`)
		if e := decode[errBody](t, rec); len(e.Error.Details) != 3 {
			t.Errorf("want 3 details, got %+v", e.Error)
		}
	})
}

func multipartFile(name string, content []byte) (string, io.Reader) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(content)
	mw.Close()
	return mw.FormDataContentType(), &buf
}

type importReport struct {
	Total, Created, Updated, Unchanged int
	RejectedRows                       int `json:"rejected_rows"`
	Rejected                           []struct {
		Line          int
		Column, Field string
		Message       string
	}
}

func TestImportReportsEveryRow(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		good1, good2 := validUSCC(t, "411203", 301), validUSCC(t, "411203", 302)
		bad := good2[:17] + "0"
		if bad == good2 {
			bad = good2[:17] + "1"
		}
		csv := "统一社会信用代码,企业名称,行业代码,从业人数,标签\n" +
			good1 + ",三门峡导入一有限公司,C39,12,专精特新\n" +
			bad + ",三门峡导入二有限公司,C39,5,\n" +
			good2 + ",三门峡导入三有限公司,Q99,x,\n" +
			f.B.USCC + ",湖滨别人家的公司,,,\n" +
			f.A.USCC + ",三门峡甲电子科技有限公司,C39,30,专精特新\n"
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
		if err != nil {
			t.Fatal(err)
		}
		ct, body := multipartFile("企业名录.csv", []byte(gbk))
		rec := f.do(access.Coordinator, "POST", "/api/v1/enterprises/import", ct, body)
		if rec.Code != 200 {
			t.Fatalf("import: %d %s", rec.Code, rec.Body.String())
		}
		rep := decode[importReport](t, rec)
		if rep.Total != 5 || rep.Created != 1 || rep.Updated != 1 || rep.RejectedRows != 3 {
			t.Fatalf("report %+v", rep)
		}
		lines := map[int][]string{}
		for _, r := range rep.Rejected {
			lines[r.Line] = append(lines[r.Line], r.Field)
		}
		if fmt.Sprint(lines[3]) != "[uscc]" || len(lines[4]) != 2 || fmt.Sprint(lines[5]) != "[uscc]" {
			t.Fatalf("rejected rows: %+v", rep.Rejected)
		}
		// XLSX that is not a spreadsheet; a CSV lacking required columns.
		upload := func(name, content string) func(*fixture) (string, io.Reader) {
			return func(*fixture) (string, io.Reader) { return multipartFile(name, []byte(content)) }
		}
		f.run(t,
			scenario{Name: "企业.xlsx", Role: access.Coordinator, Method: "POST", Path: "/api/v1/enterprises/import", Body: upload("企业.xlsx", "这不是表格"),
				WantStatus: 422, WantCode: "not_spreadsheet", WantField: "file"},
			scenario{Name: "企业.csv", Role: access.Coordinator, Method: "POST", Path: "/api/v1/enterprises/import", Body: upload("企业.csv", "企业名称,地址\n甲,乙\n"),
				WantStatus: 422, WantCode: "missing_columns", WantField: "file"},
		)
		// Exported ledger re-imports with nothing changed.
		rec = f.do(access.Coordinator, "GET", "/api/v1/enterprises/export", "", nil)
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", rec.Code, rec.Header())
		}
		ct, body = multipartFile("export.xlsx", rec.Body.Bytes())
		rec = f.do(access.Coordinator, "POST", "/api/v1/enterprises/import", ct, body)
		rep = decode[importReport](t, rec)
		if rep.Total != 3 || rep.Unchanged != 3 || rep.RejectedRows != 0 {
			t.Fatalf("re-import of an export: %+v", rep)
		}
	})
}

func TestCSRFAndSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		sess := f.session[access.Coordinator]
		post := func(token string) int {
			req := httptest.NewRequest("POST", "/enterprises/"+id(f.A.ID), strings.NewReader(url.Values{"csrf_token": {token}, "address": {"x"}, "name": {f.A.Name}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: sess[0]})
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			return rec.Code
		}
		if code := post(""); code != 403 {
			t.Errorf("no CSRF token: %d, want 403", code)
		}
		if code := post("forged"); code != 403 {
			t.Errorf("wrong CSRF token: %d, want 403", code)
		}
		if code := post(sess[1]); code != 303 {
			t.Errorf("right CSRF token: %d, want 303", code)
		}
		// A cross-site login post is refused.
		req := httptest.NewRequest("POST", "/login", strings.NewReader("login=admin&password="+password))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://evil.example")
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != 403 {
			t.Errorf("cross-site login: %d", rec.Code)
		}
		// Login through the form sets a session cookie that works.
		req = httptest.NewRequest("POST", "/login", strings.NewReader("login=leader&password="+password+"&next=/enterprises"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec = httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != 303 || rec.Header().Get("Location") != "/enterprises" || len(rec.Result().Cookies()) == 0 {
			t.Fatalf("login: %d %v", rec.Code, rec.Header())
		}
		// Ten wrong passwords lock the login for a while, across processes
		// (the count is in the database).
		for i := range 10 {
			if _, err := f.svc.Login(ctx, "leader", "wrong"); err == nil {
				t.Fatalf("attempt %d succeeded", i)
			}
		}
		if _, err := f.svc.Login(ctx, "leader", password); err == nil || !strings.Contains(err.Error(), "too_many_attempts") {
			t.Fatalf("after 10 failures: %v", err)
		}
	})
}

func TestWritesAreAudited(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		rec := f.json(access.Coordinator, "PATCH", "/api/v1/enterprises/"+id(f.A.ID), `{"employees":77,"contacts":[{"name":"王经理","phone":"0398-3812345"}]}`)
		if rec.Code != 200 {
			t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
		}
		rec = f.json(access.Leader, "GET", "/api/v1/audit?entity=enterprise&entity_id="+id(f.A.ID), "")
		list := decode[struct{ Items []store.AuditRecord }](t, rec)
		if len(list.Items) != 2 || list.Items[0].Action != "update" || list.Items[0].Actor != "coordinator" ||
			!strings.Contains(list.Items[0].Before, `"employees":0`) || !strings.Contains(list.Items[0].After, `"employees":77`) {
			t.Fatalf("audit: %+v", list.Items)
		}
		n, brk, err := f.st.VerifyAudit(ctx)
		if err != nil || brk != nil || n == 0 {
			t.Fatalf("verify: %d %+v %v", n, brk, err)
		}
	})
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t, store.SQLite)
	rec := f.do(anon, "GET", "/api/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	want := map[string]bool{}
	for _, r := range f.srv.Routes() {
		if strings.HasPrefix(r.Pattern, "/api/v1/") {
			want[strings.ToLower(r.Method)+" "+r.Pattern] = true
		}
	}
	got := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			got[method+" "+path] = true
			if _, ok := op["responses"]; !ok {
				t.Errorf("%s %s has no responses", method, path)
			}
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("route %s is missing from the OpenAPI document", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("OpenAPI documents %s, which is not a route", k)
		}
	}
	// Every $ref names a schema the document defines.
	var full struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(rec.Body.Bytes(), &full)
	for _, m := range regexp.MustCompile(`"\$ref":"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		if _, ok := full.Components.Schemas[m[1]]; !ok {
			t.Errorf("$ref to undefined schema %s", m[1])
		}
	}
}

func TestMetricsByRoute(t *testing.T) {
	f := newFixture(t, store.SQLite)
	f.json(access.Admin, "GET", "/api/v1/enterprises/"+id(f.A.ID), "")
	rec := f.do(anon, "GET", "/metrics", "", nil)
	if !strings.Contains(rec.Body.String(), `zhuqi_http_requests_total{code="200",route="GET /api/v1/enterprises/{id}"} 1`) {
		t.Fatalf("metrics lack the route pattern:\n%.2000s", rec.Body.String())
	}
}

func TestCaseAPIErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		future := time.Now().Add(48 * time.Hour).Format(time.RFC3339)
		intake := func(name, body string, field string) scenario {
			return scenario{Name: name, Role: access.Coordinator, Method: "POST", Path: "/api/v1/cases", Body: jsonOf(body),
				WantStatus: 422, WantCode: "invalid", WantField: field}
		}
		step := func(role access.Role, c *model.Case, action, body string, status int, code, field string) scenario {
			return scenario{Role: role, Method: "POST", Path: fmt.Sprintf("/api/v1/cases/%d/%s", c.ID, action), Body: jsonOf(body),
				WantStatus: status, WantCode: code, WantField: field}
		}
		f.run(t,
			intake("received in the future", fmt.Sprintf(`{"enterprise_id":%d,"category":"资金","title":"x","received_at":%q}`, f.A.ID, future), "received_at"),
			intake("unknown category", fmt.Sprintf(`{"enterprise_id":%d,"category":"无此类别","title":"x"}`, f.A.ID), "category"),
			intake("unknown enterprise", `{"enterprise_id":999999,"category":"资金","title":"x"}`, "enterprise_id"),
			scenario{Name: "unreadable time", Role: access.Coordinator, Method: "POST", Path: "/api/v1/cases",
				Body:       jsonOf(fmt.Sprintf(`{"enterprise_id":%d,"category":"资金","title":"x","received_at":"yesterday"}`, f.A.ID)),
				WantStatus: 422, WantCode: "invalid_json"},
			step(access.Coordinator, f.K2, "resolve", `{"note":"x"}`, 403, "not_assigned", ""),
			step(access.Department, f.K1, "accept", ``, 409, "illegal_transition", "status"),
			step(access.Enterprise, f.K1, "rate", `{"satisfaction":6}`, 422, "invalid", "satisfaction"),
			step(access.Department, f.K1, "progress", `{"note":""}`, 422, "invalid", "note"),
			step(access.Department, f.K1, "extension", `{"workdays":0,"reason":"x"}`, 422, "invalid", "workdays"),
			scenario{Role: access.Coordinator, Method: "GET", Path: "/api/v1/cases?warning=purple", WantStatus: 422, WantCode: "invalid", WantField: "warning"},
		)
		// The illegal transition names the current state.
		rec := f.json(access.Department, "POST", fmt.Sprintf("/api/v1/cases/%d/accept", f.K1.ID), "")
		if !strings.Contains(rec.Body.String(), "办理中") {
			t.Errorf("409 without the current state: %s", rec.Body.String())
		}
		// Resending an external id returns the same case with 200.
		body := fmt.Sprintf(`{"enterprise_id":%d,"category":"审批","kind":"complaint","source":"complaint_platform","title":"施工许可超时","external_id":"HN-9"}`, f.A.ID)
		first := f.json(access.Coordinator, "POST", "/api/v1/cases", body)
		again := f.json(access.Coordinator, "POST", "/api/v1/cases", body)
		a, b := decode[struct{ ID int64 }](t, first), decode[struct{ ID int64 }](t, again)
		if first.Code != 201 || again.Code != 200 || a.ID != b.ID {
			t.Errorf("resend: %d %d, ids %d %d", first.Code, again.Code, a.ID, b.ID)
		}
	})
}

// An event's page and API show what it produced, read from its records;
// the enterprise page lists the events the enterprise took part in.
func TestEventDetail(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		rec := f.json(access.Coordinator, "GET", "/api/v1/events/"+id(f.eventID), "")
		ev := decode[struct {
			Title             string
			EnterpriseCount   int `json:"enterprise_count"`
			ConsultationCount int `json:"consultation_count"`
			Answered          int
			Consultations     []struct{ Title, Status string }
		}](t, rec)
		if rec.Code != 200 || ev.EnterpriseCount != 1 || ev.ConsultationCount != 1 || ev.Answered != 1 ||
			len(ev.Consultations) != 1 || ev.Consultations[0].Title != "研发费用加计扣除怎么申报？" || ev.Consultations[0].Status != "resolved" {
			t.Fatalf("event: %d %+v", rec.Code, ev)
		}
		page := f.do(access.Coordinator, "GET", "/events/"+id(f.eventID), "", nil).Body.String()
		if !strings.Contains(page, "现场咨询（1 条，已解答 1 条）") || !strings.Contains(page, f.A.Name) {
			t.Fatalf("event page lacks its consultations or enterprise:\n%s", page)
		}
		ent := f.do(access.Enterprise, "GET", "/enterprises/"+id(f.A.ID), "", nil).Body.String()
		if !strings.Contains(ent, "政策宣讲会") {
			t.Fatal("the enterprise page does not list the event it took part in")
		}
	})
}

// The coverage page shows each commissioner's plan for the month, counted
// from the plan items and the visits.
func TestCoverageShowsPlanCompletion(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		if rec := f.json(access.Commissioner, "POST", "/api/v1/plans", fmt.Sprintf(`{"enterprise_id":%d,"period":"month"}`, f.C.ID)); rec.Code != 201 {
			t.Fatalf("plan: %d %s", rec.Code, rec.Body)
		}
		comm, err := f.st.User(context.Background(), "", f.commID)
		if err != nil {
			t.Fatal(err)
		}
		page := f.do(access.Coordinator, "GET", "/coverage", "", nil).Body.String()
		want := fmt.Sprintf(`<tr><td>%s</td><td class="num" data-label="计划">1</td><td class="num" data-label="已走访">0</td>`, comm.Name)
		if !strings.Contains(page, want) {
			t.Fatalf("coverage page lacks %s", want)
		}
	})
}

// The event form records consultations by credit code; a code not in the
// district brings the form back with what was typed and the fault marked.
func TestEventForm(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		form := url.Values{"title": {"稳岗政策宣讲"}, "kind": {"政策宣讲"}, "held_on": {"2026-03-02"},
			"c0_uscc": {f.B.USCC}, "c0_question": {"稳岗返还怎么申领？"}}
		rec := f.do(access.Coordinator, "POST", "/events", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "本地区没有信用代码为「"+f.B.USCC+"」的企业") ||
			!strings.Contains(body, "稳岗返还怎么申领？") {
			t.Fatalf("another district's enterprise: %d\n%s", rec.Code, body)
		}
		form.Set("c0_uscc", strings.ToLower(f.A.USCC))
		form.Set("c0_answer", "网上经办大厅申领")
		form.Set("c0_dept", id(f.deptID))
		rec = f.do(access.Coordinator, "POST", "/events", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/events/") {
			t.Fatalf("record: %d %s", rec.Code, rec.Body)
		}
		page := f.do(access.Coordinator, "GET", strings.Split(rec.Header().Get("Location"), "?")[0], "", nil).Body.String()
		if !strings.Contains(page, "现场咨询（1 条，已解答 1 条）") || !strings.Contains(page, "参加企业（1 家）") {
			t.Fatalf("recorded event page:\n%s", page)
		}
	})
}

// Every write commits with its audit row, one per record changed; a
// refused or invalid write leaves the log as it was.
func TestWritesAndTheirAuditRows(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		f.run(t,
			scenario{Name: "a tag", Role: access.Admin, Method: "POST", Path: "/api/v1/tags", Body: jsonOf(`{"name":"瞪羚企业"}`), WantStatus: 201, WantAudit: 1},
			scenario{Name: "a department", Role: access.Coordinator, Method: "POST", Path: "/api/v1/departments", Body: jsonOf(`{"code":"swj","name":"区商务局"}`),
				WantStatus: 201, WantAudit: 1},
			scenario{Name: "an enterprise's address", Role: access.Enterprise, Method: "PATCH", Path: "/api/v1/enterprises/" + id(f.A.ID),
				Body: jsonOf(`{"address":"陕州区大营镇新址1号"}`), WantStatus: 200, WantAudit: 1},
			scenario{Name: "an enterprise's name, by the enterprise", Role: access.Enterprise, Method: "PATCH", Path: "/api/v1/enterprises/" + id(f.A.ID),
				Body: jsonOf(`{"name":"改名"}`), WantStatus: 403, WantCode: "forbidden_field", WantField: "name"},
			scenario{Name: "progress on a case", Role: access.Department, Method: "POST", Path: fmt.Sprintf("/api/v1/cases/%d/progress", f.K1.ID),
				Body: jsonOf(`{"note":"已与企业对接"}`), WantStatus: 200, WantAudit: 1},
			scenario{Name: "a step the case's state refuses", Role: access.Department, Method: "POST", Path: fmt.Sprintf("/api/v1/cases/%d/accept", f.K1.ID),
				WantStatus: 409, WantCode: "illegal_transition", WantField: "status"},
			scenario{Name: "a step by a role that may not", Role: access.Leader, Method: "POST", Path: fmt.Sprintf("/api/v1/cases/%d/progress", f.K1.ID),
				Body: jsonOf(`{"note":"x"}`), WantStatus: 403},
			scenario{Name: "a page's form, refused by the route", Role: access.Leader, Method: "POST", Path: "/coverage/cap",
				Body: formOf(url.Values{"cap": {"25"}}), WantStatus: 403, WantBody: []string{"无权访问"}},
		)
	})
}
