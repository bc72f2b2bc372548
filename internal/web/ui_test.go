package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The enterprise form asks for revenue in 万元, as the detail page and the
// import template show it, and stores exact yuan.
func TestEnterpriseFormRevenueInWan(t *testing.T) {
	f := newFixture(t, store.SQLite)
	admin := &access.Principal{Role: access.Admin}
	post := func(vals url.Values) *http.Response {
		t.Helper()
		return f.do(access.Coordinator, "POST", "/enterprises/"+strconv.FormatInt(f.A.ID, 10),
			"application/x-www-form-urlencoded", strings.NewReader(vals.Encode())).Result()
	}
	base := url.Values{"name": {f.A.Name}, "address": {"陕州区大营镇 1 号"}, "employees": {"12"}}
	for _, c := range []struct {
		in   string
		want int64
	}{{"85.5", 855000}, {"1,200", 12000000}, {"0.0001", 1}, {"", 0}, {" 300 ", 3000000}} {
		in, want := c.in, c.want
		v := url.Values{"revenue_wan": {in}}
		for k, x := range base {
			v[k] = x
		}
		if res := post(v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revenue %q: status %d", in, res.StatusCode)
		}
		e, err := f.svc.Enterprise(ctx, admin, f.A.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.RevenueYuan != want {
			t.Errorf("revenue %q 万元: stored %d yuan, want %d", in, e.RevenueYuan, want)
		}
	}
	// The edit form shows the stored amount back in 万元.
	body := f.do(access.Coordinator, "GET", "/enterprises/"+strconv.FormatInt(f.A.ID, 10)+"/edit", "", nil).Body.String()
	if !strings.Contains(body, `name="revenue_wan" inputmode="decimal" value="300"`) {
		t.Errorf("edit form does not show 300 万元: %.2000s", body)
	}
	// A bad amount is refused with the field marked and the input kept.
	for _, bad := range []string{"12.34567", "abc", "1e5", "-"} {
		v := url.Values{"revenue_wan": {bad}, "address": {"保留的地址"}}
		for k, x := range base {
			if k != "address" {
				v[k] = x
			}
		}
		rec := f.do(access.Coordinator, "POST", "/enterprises/"+strconv.FormatInt(f.A.ID, 10),
			"application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("revenue %q: status %d, want 422", bad, rec.Code)
		}
		b := rec.Body.String()
		if !strings.Contains(b, "万元") || !strings.Contains(b, `value="保留的地址"`) || !strings.Contains(b, `class="invalid"`) {
			t.Errorf("revenue %q: error not shown or input lost: %.3000s", bad, b)
		}
	}
	// The old field name still works for scripts that post yuan.
	v := url.Values{"revenue_yuan": {"123"}}
	for k, x := range base {
		v[k] = x
	}
	if res := post(v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revenue_yuan: status %d", res.StatusCode)
	}
	if e, _ := f.svc.Enterprise(ctx, admin, f.A.ID); e.RevenueYuan != 123 {
		t.Errorf("revenue_yuan 123: stored %d", e.RevenueYuan)
	}
}

// A new enterprise form starts with empty boxes, not zeros to type over.
func TestNewEnterpriseFormStartsEmpty(t *testing.T) {
	f := newFixture(t, store.SQLite)
	body := f.do(access.Coordinator, "GET", "/enterprises/new", "", nil).Body.String()
	for _, want := range []string{`name="employees" inputmode="numeric" value=""`, `name="revenue_wan" inputmode="decimal" value=""`} {
		if !strings.Contains(body, want) {
			t.Errorf("new form lacks %s", want)
		}
	}
}

// Error pages and the audit log speak Chinese.
func TestPagesInChinese(t *testing.T) {
	f := newFixture(t, store.SQLite)
	rec := f.do(access.Coordinator, "GET", "/enterprises/999999", "", nil)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d", rec.Code)
	}
	if b := rec.Body.String(); !strings.Contains(b, "<title>页面不存在 · 助企</title>") || strings.Contains(b, "Not Found") {
		t.Errorf("404 page not in Chinese: %.1500s", b)
	}
	rec = f.do(access.Enterprise, "GET", "/audit", "", nil)
	if b := rec.Body.String(); rec.Code != http.StatusForbidden || strings.Contains(b, "Forbidden") || !strings.Contains(b, "无权访问") {
		t.Errorf("403 page: status %d, %.1500s", rec.Code, b)
	}
	b := f.do(access.Coordinator, "GET", "/audit", "", nil).Body.String()
	if strings.Contains(b, "<td data-label=\"操作\">create</td>") || !strings.Contains(b, "新增") {
		t.Errorf("audit log shows raw action names: %.3000s", b)
	}
}

// A form with a conversion error still reports a bad credit code in the
// same round, and keeps what was typed.
func TestNewEnterpriseFormReportsAllErrors(t *testing.T) {
	f := newFixture(t, store.SQLite)
	v := url.Values{"uscc": {"91411203MA0000015X"}, "name": {"测试企业有限公司"}, "employees": {"abc"}, "tags": {"专精特新"}}
	rec := f.do(access.Coordinator, "POST", "/enterprises", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	b := rec.Body.String()
	for _, want := range []string{"从业人数应为整数", "统一社会信用代码校验位错误", "共 2 处", `value="测试企业有限公司"`, `value="专精特新" checked`} {
		if !strings.Contains(b, want) {
			t.Errorf("lacks %q", want)
		}
	}
}

// After November the calendar page says plainly that next year's
// arrangement is missing and its deadlines are provisional.
func TestCalendarPageNamesMissingYear(t *testing.T) {
	f := newFixture(t, store.SQLite)
	cal, err := f.svc.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	years := cal.Years()
	next := years[len(years)-1] + 1
	banner := "尚未导入 " + strconv.Itoa(next) + " 年的节假日安排"
	if body := f.do(access.Admin, "GET", "/calendar", "", nil).Body.String(); strings.Contains(body, banner) {
		t.Fatalf("banner shown before November of %d", next-1)
	}
	now := time.Date(next-1, 11, 20, 10, 0, 0, 0, time.UTC)
	f.svc.Now = func() time.Time { return now }
	sess, err := f.svc.Login(ctx, string(access.Admin), password) // the old session ended long before
	if err != nil {
		t.Fatal(err)
	}
	f.session[access.Admin] = [2]string{sess.Token, sess.CSRF}
	rec := f.do(access.Admin, "GET", "/calendar", "", nil)
	if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, banner) || !strings.Contains(body, "暂定") {
		t.Errorf("calendar page in November without next year's arrangement (%d): %.3000s", rec.Code, body)
	}
}
