package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

var day0 = model.Date{Year: 2026, Month: time.March, Day: 1}

func errFields(errs model.FieldErrors) map[string]string {
	m := map[string]string{}
	for _, e := range errs {
		m[e.Field] = e.Message
	}
	return m
}

func TestCheckRejectsImpossibleFigures(t *testing.T) {
	self := func(v Value) Value { v.Source, v.On = SourceSelf, day0; return v }
	vals := []Value{
		self(Value{Attr: "total_assets", Year: 2025, Num: -5}),
		self(Value{Attr: "tech_staff_share", Num: 120}),
		self(Value{Attr: "employees", Year: 2025, Num: 12.5}),
		self(Value{Attr: "rd_ratio_3y", Num: 5}),
		self(Value{Attr: "sales", Num: 300}),
		self(Value{Attr: "turnover", Year: 2025, Num: 1}),
		self(Value{Attr: "sales", Year: 2031, Num: 1}),
	}
	got := errFields(Check(vals, day0))
	want := map[string]string{
		"total_assets[2025]": "「资产总额」不能为负数",
		"tech_staff_share":   "「科技人员占职工总数比例」应在 0%–100% 之间，填写的是 120%",
		"employees[2025]":    "「职工（从业）人数」应为整数",
		"rd_ratio_3y":        "「近三年研发费用占销售收入比例」由系统计算，不能直接填报",
		"sales":              "「销售（营业）收入」按年度填报，请注明年度",
		"turnover[2025]":     "未知属性「turnover」",
		"sales[2031]":        "年度 2031 不在有效范围内",
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: %q, want %q", f, got[f], m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v", got)
	}
	// a loss is a legal taxable income
	if errs := Check([]Value{self(Value{Attr: "taxable_income", Year: 2025, Num: -30})}, day0); len(errs) > 0 {
		t.Errorf("loss refused: %v", errs)
	}
}

func TestCheckRDAboveSalesNeedsANote(t *testing.T) {
	vals := []Value{
		{Attr: "sales", Year: 2025, Num: 500, Source: SourceSelf, On: day0},
		{Attr: "rd_expense", Year: 2025, Num: 600, Source: SourceSelf, On: day0},
	}
	got := errFields(Check(vals, day0))
	if got["rd_expense[2025]"] != "2025年度研发费用（600 万元）大于销售（营业）收入（500 万元），如属实请在备注中说明" {
		t.Errorf("%v", got)
	}
	vals[1].Note = "初创期尚无规模销售"
	if errs := Check(vals, day0); len(errs) > 0 {
		t.Errorf("with a note: %v", errs)
	}
	// the effective figures are checked: a department's sales of 700 make it fine
	vals[1].Note = ""
	vals = append(vals, Value{Attr: "sales", Year: 2025, Num: 700, Source: SourceDepartment, On: day0})
	if errs := Check(vals, day0); len(errs) > 0 {
		t.Errorf("against the department's sales: %v", errs)
	}
	// domestic R&D above all R&D is impossible, note or not
	bad := []Value{
		{Attr: "rd_expense", Year: 2024, Num: 100, Source: SourceSelf, On: day0, Note: "说明"},
		{Attr: "rd_expense_domestic", Year: 2024, Num: 120, Source: SourceSelf, On: day0, Note: "说明"},
	}
	if got := errFields(Check(bad, day0)); got["rd_expense_domestic[2024]"] == "" {
		t.Errorf("domestic above total accepted: %v", got)
	}
}

func TestDepartmentImportWinsAndTheDifferenceIsShown(t *testing.T) {
	vals := []Value{
		{Attr: "rd_expense", Year: 2025, Num: 520, Source: SourceSelf, On: model.Date{Year: 2026, Month: 2, Day: 10}},
		{Attr: "rd_expense", Year: 2025, Num: 480, Source: SourceDepartment, On: day0},
		{Attr: "rd_expense", Year: 2025, Num: 530, Source: SourceSelf, On: model.Date{Year: 2026, Month: 3, Day: 5}}, // a later correction
		{Attr: "sales", Year: 2025, Num: 8000, Source: SourceSelf, On: day0},
		{Attr: "sales", Year: 2025, Num: 8000, Source: SourceDepartment, On: day0}, // agrees: no difference
	}
	p := NewProfile(day0, vals)
	if got := p.Number("rd_expense"); got != 480 {
		t.Errorf("effective R&D %v, want the department's 480", got)
	}
	diffs := p.Differences()
	if len(diffs) != 1 {
		t.Fatalf("differences %+v", diffs)
	}
	want := "2025年度研发费用：部门导入 480 万元（2026-03-01），企业自报 530 万元（2026-03-05），以部门导入为准"
	if diffs[0].Text() != want {
		t.Errorf("%q\nwant %q", diffs[0].Text(), want)
	}
	// the calculator's adjustment is used although the department's import exists
	q := p.With([]Value{{Attr: "rd_expense", Year: 2025, Num: 600, Source: SourceSelf, On: day0}})
	if got := q.Number("rd_ratio"); got != 7.5 {
		t.Errorf("adjusted ratio %v, want 7.5", got)
	}
	if p.Number("rd_ratio") != 6 {
		t.Errorf("the original profile changed: %v", p.Number("rd_ratio"))
	}
}

func TestDerivedFiguresAndWhatIsMissing(t *testing.T) {
	vals := []Value{
		{Attr: "founded_on", Date: model.Date{Year: 2010, Month: 5, Day: 1}, Source: SourceRegistry},
		{Attr: "sales", Year: 2025, Num: 1000, Source: SourceSelf},
		{Attr: "sales", Year: 2024, Num: 0, Source: SourceSelf},
		{Attr: "rd_expense", Year: 2025, Num: 50, Source: SourceSelf},
		{Attr: "rd_expense", Year: 2024, Num: 0, Source: SourceSelf},
		{Attr: "ip_class1", Num: 0, Source: SourceSelf},
	}
	p := NewProfile(day0, vals)
	if p.Number("years_registered") != 15 || p.Number("rd_ratio") != 5 {
		t.Errorf("years %v ratio %v", p.Number("years_registered"), p.Number("rd_ratio"))
	}
	if p.Known("rd_ratio_3y") {
		t.Error("2023 is missing: the three-year ratio cannot be known")
	}
	if got := p.Needs("rd_ratio_3y"); !slices.Equal(got, []Need{{"rd_expense", 2023}, {"sales", 2023}}) {
		t.Errorf("needs %v", got)
	}
	if got := p.Needs("tsme_score_ip"); !slices.Equal(got, []Need{{Attr: "ip_class2"}}) {
		t.Errorf("with no Ⅰ-class IP the Ⅱ-class count decides: %v", got)
	}
	q := NewProfile(day0, append(vals, Value{Attr: "sales", Year: 2023, Num: 0}, Value{Attr: "rd_expense", Year: 2023, Num: 0}))
	if !q.Known("rd_ratio_3y") || q.Number("rd_ratio_3y") != 50.0/1000*100 {
		t.Errorf("three-year ratio %v", q.Number("rd_ratio_3y"))
	}
	z := NewProfile(model.Date{Year: 2025, Month: 3, Day: 1}, vals) // reference year 2024: zero sales
	if z.Known("rd_ratio") || len(z.Needs("rd_ratio")) != 0 {
		t.Errorf("zero sales: known=%v needs=%v", z.Known("rd_ratio"), z.Needs("rd_ratio"))
	}
}

func TestPolicyValidation(t *testing.T) {
	p := Policy{Key: "x", Title: " ", Level: "county", Way: WayApply,
		ValidFrom: model.Date{Year: 2026, Month: 5, Day: 1}, ValidUntil: model.Date{Year: 2026, Month: 4, Day: 30},
		Conditions: []Condition{
			{Key: "a", Name: "研发", Rule: "rd_ratio >= 3 && rd_ratoi > 1", Citation: "某文件 第三条"},
			{Key: "a", Name: "", Citation: ""},
		},
		Paths: []Path{{Name: "空"}},
	}
	got := errFields(p.Validate())
	want := map[string]string{
		"title":                  "政策名称不能为空",
		"level":                  "政策层级应为国家、省、市或区（县）",
		"valid_until":            "有效期结束日期 2026-04-30 早于开始日期 2026-05-01",
		"paths[0].conditions":    "途径至少需要一项条件",
		"conditions[0].rule":     "第1行第18列：未知属性「rd_ratoi」",
		"conditions[1].key":      "条件编号「a」重复",
		"conditions[1].name":     "条件名称不能为空",
		"conditions[1].citation": "请注明条件出处（文件及条款）",
		"conditions[1].rule":     "请填写判断规则，或注明需专家评审的理由",
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: %q, want %q", f, got[f], m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v", got)
	}
	_, err := NewEngine([]Policy{p})
	var fe model.FieldErrors
	if !errors.As(err, &fe) || !strings.HasPrefix(fe[0].Field, "policies[0].") {
		t.Errorf("engine error %v", err)
	}
}

func TestCalculateListsQualifyingAndNearMisses(t *testing.T) {
	mk := func(key string, rules ...string) Policy {
		p := Policy{Key: key, Title: key, Level: LevelDistrict, Way: WayAuto,
			Conditions: []Condition{{Key: "b", Name: "b", Rule: "!credit_blacklisted", Citation: "测试"}}}
		for i, r := range rules {
			p.Conditions = append(p.Conditions, Condition{Key: string(rune('c' + i)), Name: r, Rule: r, Citation: "测试"})
		}
		return p
	}
	// far fails on two conditions, so it is no near miss
	e, err := NewEngine([]Policy{mk("near", "sales >= 2000"), mk("ok", "sales >= 1000"), mk("far", "sales >= 5000", "employees > 100"), mk("maybe", "rd_ratio >= 3")})
	if err != nil {
		t.Fatal(err)
	}
	p := NewProfile(day0, []Value{
		{Attr: "sales", Year: 2025, Num: 1500, Source: SourceSelf},
		{Attr: "employees", Year: 2025, Num: 20, Source: SourceSelf},
		{Attr: "credit_blacklisted", Bool: false, Source: SourceDepartment},
	})
	var keys []string
	for _, x := range e.Calculate(p) {
		keys = append(keys, x.Key+":"+x.Status.Code())
	}
	if !slices.Equal(keys, []string{"ok:qualifies", "maybe:maybe", "near:fails"}) {
		t.Errorf("calculator %v", keys)
	}
	// raising sales in the calculator qualifies for the near miss
	q := p.With([]Value{{Attr: "sales", Year: 2025, Num: 2000}})
	if x := e.Explain(q, 0); x.Status != Qualifies {
		t.Errorf("after adjustment: %s", x.Summary)
	}
}
