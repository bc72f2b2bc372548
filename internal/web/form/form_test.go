package form_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// faults are the field → message of a form's error.
func faults(t *testing.T, err error) map[string]string {
	t.Helper()
	m := map[string]string{}
	if err == nil {
		return m
	}
	e := fault.As(err, "")
	if e == nil || e.Class != fault.ClassInvalid {
		t.Fatalf("not a fault of the form: %v", err)
	}
	for _, f := range e.Fields {
		m[f.Field] = f.Message
	}
	return m
}

// Every field that does not convert is named at once, in Chinese.
func TestAllFaultsAtOnce(t *testing.T) {
	in, err := form.Assign(url.Values{"lead_department_id": {"x"}, "leader_user_id": {"7"}, "cooperating_department_ids": {"3", "y", "4"}, "note": {" 请办理 "}})
	got := faults(t, err)
	if len(got) != 2 || got["lead_department_id"] != "牵头部门无效" || got["cooperating_department_ids"] != "配合部门无效" {
		t.Errorf("faults %v", got)
	}
	if in.LeaderUserID != 7 || in.Note != "请办理" || len(in.CooperatingDepartmentID) != 2 {
		t.Errorf("input %+v", in)
	}
	// Empty choices are none chosen, left for the service to refuse.
	in, err = form.Assign(url.Values{})
	if err != nil || in.LeadDepartmentID != 0 {
		t.Errorf("empty form: %+v %v", in, err)
	}
	c, err := form.Case(url.Values{"time_limit_workdays": {"五"}, "received_at": {"昨天"}, "enterprise_id": {"12"}, "title": {"贷款"}})
	if got := faults(t, err); got["time_limit_workdays"] != "办理时限应为整数" || got["received_at"] != "受理时间格式不正确" {
		t.Errorf("intake faults %v", got)
	}
	if c.EnterpriseID != 12 || c.Title != "贷款" {
		t.Errorf("intake %+v", c)
	}
	c, err = form.Case(url.Values{"received_at": {"2026-03-02T09:15"}})
	if err != nil || c.ReceivedAt == nil || c.ReceivedAt.UTC().Format(time.RFC3339) != "2026-03-02T01:15:00Z" {
		t.Errorf("received_at is Beijing time: %v %v", c.ReceivedAt, err)
	}
}

func TestSteps(t *testing.T) {
	x, err := form.Extension(url.Values{"workdays": {"3"}, "note": {"需会商"}})
	if err != nil || x.Workdays != 3 || x.Reason != "需会商" {
		t.Errorf("extension %+v %v", x, err)
	}
	if _, err := form.Extension(url.Values{"workdays": {"三"}}); faults(t, err)["workdays"] != "延期天数应为整数" {
		t.Errorf("extension fault %v", err)
	}
	d, err := form.Decide(url.Values{"approve": {"true"}, "note": {"同意"}})
	if err != nil || !d.Approve || d.Note != "同意" {
		t.Errorf("decide %+v %v", d, err)
	}
	r, err := form.Rate(url.Values{"satisfaction": {"2"}, "note": {"满意"}})
	if err != nil || r.Satisfaction != 2 || r.Comment != "满意" {
		t.Errorf("rate %+v %v", r, err)
	}
}

// Credit codes are looked up as typed (trimmed, upper case); one the user
// cannot reach is a fault of its row, a lookup that fails is no fault but
// the error.
func TestEventLooksUpCodes(t *testing.T) {
	known := map[string]int64{"91411203MA0000011X": 11, "91411203MA0000022X": 22}
	lookup := func(code string) (int64, bool, error) {
		id, ok := known[code]
		return id, ok, nil
	}
	v := url.Values{"title": {"政策宣讲会"}, "kind": {"政策宣讲"}, "held_on": {"2026-03-02"},
		"enterprises":            {"91411203ma0000011x，91411203MA0000099X\n91411203MA0000022X"},
		"c0_question":            {""}, // an empty row is skipped
		"c1_question":            {"高企认定条件？"},
		"c1_uscc":                {" 91411203MA0000022X "},
		"g0_uscc":                {"91411203MA0000033X"},
		"g0_saving":              {"-5"},
		"g1_uscc":                {"91411203MA0000011X"},
		"g1_saving":              {"20000"},
		"invited_department_ids": {"4"},
	}
	in, err := form.Event(v, lookup)
	got := faults(t, err)
	want := map[string]string{
		"enterprises":                       "本地区没有信用代码为「91411203MA0000099X」的企业",
		"guidance[0].estimated_saving_yuan": "预计节省金额应为不小于 0 的整数（元）",
		"guidance[0].enterprise_id":         "本地区没有信用代码为「91411203MA0000033X」的企业",
	}
	if len(got) != len(want) {
		t.Errorf("faults %v, want %v", got, want)
	}
	for k, m := range want {
		if got[k] != m {
			t.Errorf("%s: %q, want %q", k, got[k], m)
		}
	}
	if len(in.EnterpriseIDs) != 2 || len(in.Consultations) != 1 || in.Consultations[0].EnterpriseID != 22 ||
		len(in.Guidance) != 2 || in.Guidance[1].EnterpriseID != 11 || in.Guidance[1].EstimatedSavingYuan != 20000 || in.HeldOn.String() != "2026-03-02" {
		t.Errorf("event %+v", in)
	}
	broken := errors.New("connection refused")
	if _, err := form.Event(url.Values{"enterprises": {"X"}}, func(string) (int64, bool, error) { return 0, false, broken }); !errors.Is(err, broken) {
		t.Errorf("a failed lookup: %v", err)
	}
}

func TestVisit(t *testing.T) {
	lookup := func(code string) (int64, bool, error) {
		if code == "91411203MA0000011X" {
			return 11, true, nil
		}
		return 0, false, nil
	}
	in, err := form.Visit(url.Values{"enterprise_uscc": {"91411203ma0000011x"}, "visited_on": {"2026-03-02"}, "official_ids": {"5", "6"},
		"p0_title": {"招工难"}, "p0_category": {"labor"}, "p2_title": {"用电"}}, lookup)
	if err != nil || in.EnterpriseID != 11 || len(in.OfficialIDs) != 2 || len(in.Problems) != 2 || in.Problems[1].Title != "用电" {
		t.Errorf("visit %+v %v", in, err)
	}
	if _, err := form.Visit(url.Values{"visited_on": {"3月2日"}}, lookup); !strings.Contains(faults(t, err)["visited_on"], "格式错误") {
		t.Errorf("bad date: %v", err)
	}
}

func TestBulkAssignNeedsBothIDs(t *testing.T) {
	in, err := form.BulkAssign(url.Values{"pick": {"3", "4"}, "u3": {"9"}, "u4": {"9"}, "reason": {"批量"}})
	if err != nil || len(in.Items) != 2 || in.Items[1].EnterpriseID != 4 || in.Items[1].UserID != 9 || in.Reason != "批量" {
		t.Errorf("bulk %+v %v", in, err)
	}
	if _, err := form.BulkAssign(url.Values{"pick": {"3"}}); err == nil {
		t.Error("a ticked row without a commissioner was taken")
	}
}

func TestPlanPeriods(t *testing.T) {
	today := time.Date(2026, 3, 31, 10, 0, 0, 0, time.UTC)
	for when, want := range map[string]string{"this-week": "week 2026-03-31", "next-week": "week 2026-04-07", "this-month": "month 2026-03-31", "next-month": "month 2026-04-01"} {
		in, err := form.Plan(url.Values{"when": {when}, "enterprise_id": {"8"}}, today)
		if err != nil || in.Period+" "+in.On.String() != want || in.EnterpriseID != 8 {
			t.Errorf("%s: %+v %v, want %s", when, in, err, want)
		}
	}
}

func TestEnterpriseForm(t *testing.T) {
	p, err := form.Enterprise(url.Values{"address": {" 新址 "}, "employees": {"12"}, "revenue_wan": {"85.5"}, "latitude": {"34.7"}, "longitude": {"111.2"},
		"contact_name": {"王经理"}, "name": {"改名"}}, true)
	if err != nil || *p.Address != "新址" || *p.Employees != 12 || *p.RevenueYuan != 855000 || *p.Latitude != 34.7 || len(*p.Contacts) != 1 {
		t.Fatalf("own form %+v %v", p, err)
	}
	if p.Name != nil {
		t.Error("an enterprise's own form carried its name")
	}
	_, err = form.Enterprise(url.Values{"employees": {"多"}, "revenue_yuan": {"x"}, "latitude": {"34.7"}, "founded_on": {"昨天"}}, false)
	got := faults(t, err)
	if got["employees"] != "从业人数应为整数" || got["revenue_yuan"] != "营业收入应为整数（元）" || got["latitude"] == "" || got["founded_on"] == "" {
		t.Errorf("faults %v", got)
	}
	// A new enterprise whose form does not convert has its code checked too.
	_, err = form.NewEnterprise(url.Values{"uscc": {"91411203MA0000015X"}, "employees": {"abc"}})
	if got := faults(t, err); !strings.HasPrefix(got["uscc"], "统一社会信用代码校验位错误") || got["employees"] == "" {
		t.Errorf("new enterprise faults %v", got)
	}
}

// 万元 are read and written exactly, to the yuan.
func TestWan(t *testing.T) {
	for in, want := range map[string]int64{"85.5": 855000, "1,200": 12000000, "0.0001": 1, "": 0, "-3": -30000, "1，000.25": 10002500} {
		y, ok := form.ParseWan(in)
		if !ok || y != want {
			t.Errorf("ParseWan(%q) = %d %v, want %d", in, y, ok, want)
		}
	}
	for _, bad := range []string{"12.34567", "abc", "1e5", "-", ".", "+5", "1.2.3", "1234567890123"} {
		if _, ok := form.ParseWan(bad); ok {
			t.Errorf("ParseWan(%q) accepted", bad)
		}
	}
	for _, y := range []int64{0, 1, 855000, 12000000, -30000, 123456789} {
		if back, ok := form.ParseWan(form.FormatWan(y)); !ok || back != y {
			t.Errorf("round trip of %d: %s → %d", y, form.FormatWan(y), back)
		}
	}
}
