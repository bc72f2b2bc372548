package policies

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/matching"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Evaluations are on 2026-03-01, so the reference fiscal year is 2025.
var asOf = model.Date{Year: 2026, Month: time.March, Day: 1}

func engine(t *testing.T, p matching.Policy) *matching.Engine {
	t.Helper()
	if errs := p.Validate(); len(errs) > 0 {
		t.Fatalf("policy %s does not validate: %v", p.Key, errs)
	}
	e, err := matching.NewEngine([]matching.Policy{p})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type facts map[string]any // attr or attr@year → value

func (f facts) with(kv ...any) facts {
	g := facts{}
	for k, v := range f {
		g[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(g, kv[i].(string))
		} else {
			g[kv[i].(string)] = kv[i+1]
		}
	}
	return g
}

func (f facts) profile(t *testing.T) *matching.Profile {
	t.Helper()
	var vs []matching.Value
	for k, x := range f {
		v := matching.Value{Attr: k, Source: matching.SourceSelf, On: asOf}
		if at := strings.IndexByte(k, '@'); at > 0 {
			v.Attr = k[:at]
			for _, c := range k[at+1:] {
				v.Year = v.Year*10 + int(c-'0')
			}
		}
		switch x := x.(type) {
		case float64:
			v.Num = x
		case int:
			v.Num = float64(x)
		case bool:
			v.Bool = x
		case string:
			v.Text = x
		case model.Date:
			v.Date = x
		case []string:
			v.Tags = x
		default:
			t.Fatalf("bad fact %s=%v", k, x)
		}
		vs = append(vs, v)
	}
	if errs := matching.Check(vs, asOf); len(errs) > 0 {
		t.Fatalf("facts do not pass Check: %v", errs)
	}
	return matching.NewProfile(asOf, vs)
}

func day(y int, m time.Month, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

// yearly sets the same figure for 2023–2025.
func yearly(f facts, attr string, v float64) facts {
	return f.with(attr+"@2023", v, attr+"@2024", v, attr+"@2025", v)
}

func cond(t *testing.T, x matching.Explanation, key string) matching.ConditionResult {
	t.Helper()
	for _, c := range x.Conditions {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no condition %s in %s", key, x.Key)
	return matching.ConditionResult{}
}

func needLabels(ns []matching.Need) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Label())
	}
	return out
}

func hnteFacts() facts {
	f := facts{
		"resident_enterprise": true, "founded_on": day(2018, time.May, 10),
		"ip_class1": 1, "ip_class2": 3, "tech_staff_share": 25.0,
		"hightech_income_share": 75.0, "major_incident_1y": false,
	}
	f = yearly(f, "sales", 3000)
	f = yearly(f, "rd_expense", 180) // 6%
	f = yearly(f, "rd_expense_domestic", 150)
	return f
}

func TestHighTechNeedsReviewAtBest(t *testing.T) {
	e := engine(t, HighTech())
	x := e.Explain(hnteFacts().profile(t), 0)
	if x.Status != matching.Maybe {
		t.Fatalf("status %s, want 可能符合 (three conditions need experts): %s", x.Status.Label(), x.Summary)
	}
	if len(x.Missing) != 0 {
		t.Errorf("nothing is missing, got %v", needLabels(x.Missing))
	}
	if len(x.Review) != 3 {
		t.Errorf("want the three expert conditions, got %v", x.Review)
	}
	for _, c := range x.Conditions {
		if c.Review == "" && c.Truth != matching.True {
			t.Errorf("condition %s is %s", c.Key, c.Truth.Label())
		}
	}
	if !strings.Contains(x.Summary, "需专家评审 3 项") {
		t.Errorf("summary %q", x.Summary)
	}
}

func TestHighTechRDRatioBands(t *testing.T) {
	e := engine(t, HighTech())
	cases := []struct {
		sales, rd float64 // per year, 万元
		want      matching.Truth
	}{
		{3000, 150, matching.True},      // exactly 5%
		{3000, 138, matching.False},     // 4.6%
		{5000, 225, matching.False},     // 4.5% at exactly 5000万: still the 5% band
		{5000.5, 200.02, matching.True}, // 4% just above 5000万
		{20000, 700, matching.False},    // 3.5% at exactly 2亿: the 4% band
		{20001, 600.03, matching.True},  // 3% above 2亿
		{30000, 890, matching.False},    // 2.97%
	}
	for _, c := range cases {
		f := yearly(yearly(hnteFacts(), "sales", c.sales), "rd_expense", c.rd)
		f = yearly(f, "rd_expense_domestic", c.rd)
		got := cond(t, e.Explain(f.profile(t), 0), "rd_ratio")
		if got.Truth != c.want {
			t.Errorf("sales %v rd %v: %s, want %s", c.sales, c.rd, got.Truth.Label(), c.want.Label())
		}
	}
}

func TestHighTechNearMissGap(t *testing.T) {
	e := engine(t, HighTech())
	f := yearly(hnteFacts(), "rd_expense", 138) // 4.6% of 3000
	f = yearly(f, "rd_expense_domestic", 100)
	x := e.Explain(f.profile(t), 0)
	if x.Status != matching.Fails || !x.NearMiss {
		t.Fatalf("want a near miss, got %s near=%v", x.Status.Label(), x.NearMiss)
	}
	if len(x.Gaps) != 1 {
		t.Fatalf("gaps %+v", x.Gaps)
	}
	want := "近三年研发费用占销售收入比例 4.6%，需 ≥ 5%，差 0.4 个百分点"
	if x.Gaps[0].Text != want {
		t.Errorf("gap %q, want %q", x.Gaps[0].Text, want)
	}
	if x.Gaps[0].Diff < 0.39999 || x.Gaps[0].Diff > 0.40001 {
		t.Errorf("diff %v", x.Gaps[0].Diff)
	}
	// two failing conditions are no longer a near miss
	x = e.Explain(f.with("tech_staff_share", 8.0).profile(t), 0)
	if x.Status != matching.Fails || x.NearMiss || len(x.Failing) != 2 {
		t.Errorf("two failures: %s near=%v failing=%v", x.Status.Label(), x.NearMiss, x.Failing)
	}
}

func TestHighTechRegisteredOneYear(t *testing.T) {
	e := engine(t, HighTech())
	for _, c := range []struct {
		founded model.Date
		want    matching.Truth
	}{
		{day(2025, time.March, 1), matching.True}, // exactly one year on 2026-03-01
		{day(2025, time.March, 2), matching.False},
	} {
		f := hnteFacts().with("founded_on", c.founded)
		if got := cond(t, e.Explain(f.profile(t), 0), "registered_1y"); got.Truth != c.want {
			t.Errorf("founded %s: %s", c.founded, got.Truth.Label())
		}
	}
}

func TestHighTechYoungEnterpriseUsesOperatingYears(t *testing.T) {
	e := engine(t, HighTech())
	// founded in 2024: the ratio is over 2024 and 2025 only, 2023 is not asked for
	f := hnteFacts().with("founded_on", day(2024, time.January, 15),
		"sales@2023", nil, "rd_expense@2023", nil, "rd_expense_domestic@2023", nil,
		"rd_expense@2024", 50.0, "rd_expense@2025", 250.0, // (50+250)/6000 = 5%
		"rd_expense_domestic@2024", 50.0)
	c := cond(t, e.Explain(f.profile(t), 0), "rd_ratio")
	if c.Truth != matching.True {
		t.Errorf("operating-years ratio: %s %+v", c.Truth.Label(), c)
	}
}

func TestHighTechMissingDataIsMaybeWithList(t *testing.T) {
	e := engine(t, HighTech())
	f := hnteFacts().with("rd_expense@2023", nil, "tech_staff_share", nil)
	x := e.Explain(f.profile(t), 0)
	if x.Status != matching.Maybe {
		t.Fatalf("status %s", x.Status.Label())
	}
	got := needLabels(x.Missing)
	for _, w := range []string{"2023年度研发费用", "2025年度科技人员数", "2025年度职工（从业）人数"} {
		if !slices.Contains(got, w) {
			t.Errorf("missing list %v lacks %s", got, w)
		}
	}
	if !strings.Contains(x.Summary, "请补充") {
		t.Errorf("summary %q", x.Summary)
	}
	// a failing condition beats missing data: 不符合, not 可能符合
	x = e.Explain(f.with("major_incident_1y", true).profile(t), 0)
	if x.Status != matching.Fails {
		t.Errorf("with an incident: %s", x.Status.Label())
	}
}

func tsmeFacts() facts {
	return facts{
		"resident_enterprise": true, "employees@2025": 120, "sales@2025": 8000.0, "total_assets@2025": 6000.0,
		"restricted_industry": false, "major_incident_1y": false, "credit_blacklisted": false,
		"tech_staff@2025": 36,                // 30% → 20
		"rd_expense@2025": 480.0,             // 6% of sales → 50
		"total_cost@2025": 7000.0,            // 6.9% of costs → 0
		"ip_class1":       0, "ip_class2": 0, // → 0
		// none of the direct path's grounds
		"hnte_cert_until": model.Date{}, "national_award_5y": false, "rd_institution": false, "standard_setting_5y": false,
	}
}

func TestTechSMEScorePath(t *testing.T) {
	e := engine(t, TechSME())
	x := e.Explain(tsmeFacts().profile(t), 0)
	if x.Status != matching.Qualifies || x.Path != "评价得分" {
		t.Fatalf("20+50+0=70: %s %s: %s", x.Status.Label(), x.Path, x.Summary)
	}
	// 16 + 40 + 0 = 56: four points short
	f := tsmeFacts().with("tech_staff@2025", 30, "rd_expense@2025", 400.0)
	x = e.Explain(f.profile(t), 0)
	if x.Status != matching.Fails || !x.NearMiss {
		t.Fatalf("56 points: %s near=%v %s", x.Status.Label(), x.NearMiss, x.Summary)
	}
	if len(x.Gaps) != 1 || !strings.Contains(x.Gaps[0].Text, "差 4 分") {
		t.Errorf("gap %+v", x.Gaps)
	}
	// a Ⅱ-class patent adds 6 → 62
	if x := e.Explain(f.with("ip_class2", 1).profile(t), 0); x.Status != matching.Qualifies {
		t.Errorf("62 points: %s", x.Summary)
	}
	// the R&D score takes the better of the two ratios: 4% of sales (30)
	// but 30% of costs (50)
	f = tsmeFacts().with("rd_expense@2025", 320.0, "total_cost@2025", 1066.0)
	if x := e.Explain(f.profile(t), 0); x.Status != matching.Qualifies {
		t.Errorf("cost ratio path: %s", x.Summary)
	}
}

func TestTechSMEStaffScoreMustNotBeZero(t *testing.T) {
	e := engine(t, TechSME())
	// 9% tech staff: 0 points, even with 50 + 30 = 80
	f := tsmeFacts().with("tech_staff@2025", 11, "ip_class1", 1)
	x := e.Explain(f.profile(t), 0)
	if x.Status != matching.Fails {
		t.Fatalf("%s", x.Summary)
	}
	if c := cond(t, x, "staff_score"); c.Truth != matching.False {
		t.Errorf("staff score condition %s", c.Truth.Label())
	}
	if c := cond(t, x, "score"); c.Truth != matching.True {
		t.Errorf("total 80 should hold: %s", c.Truth.Label())
	}
	// the direct path rescues it: a valid high-tech certificate
	x = e.Explain(f.with("hnte_cert_until", day(2027, time.December, 1)).profile(t), 0)
	if x.Status != matching.Qualifies || x.Path != "直接确认" {
		t.Errorf("direct path: %s %s", x.Status.Label(), x.Path)
	}
	// an expired certificate does not
	x = e.Explain(f.with("hnte_cert_until", day(2026, time.February, 28)).profile(t), 0)
	if x.Status == matching.Qualifies {
		t.Errorf("expired certificate qualified: %s", x.Summary)
	}
}

func TestTechSMEBasicBoundaries(t *testing.T) {
	e := engine(t, TechSME())
	cases := []struct {
		key  string
		v    float64
		want matching.Status
	}{
		{"employees@2025", 500, matching.Qualifies},
		{"employees@2025", 501, matching.Fails},
		{"sales@2025", 20000, matching.Qualifies},
		{"total_assets@2025", 20000, matching.Qualifies},
		{"total_assets@2025", 20000.01, matching.Fails},
	}
	for _, c := range cases {
		f := tsmeFacts().with(c.key, c.v)
		if c.key == "employees@2025" {
			f = f.with("tech_staff@2025", 160) // keep the share ≥ 30%
		}
		if c.key == "sales@2025" {
			f = f.with("rd_expense@2025", 1200.0)
		}
		if x := e.Explain(f.profile(t), 0); x.Status != c.want {
			t.Errorf("%s=%v: %s", c.key, c.v, x.Summary)
		}
	}
}

func TestTechSMEMissingScoreData(t *testing.T) {
	e := engine(t, TechSME())
	f := tsmeFacts().with("rd_expense@2025", nil, "ip_class1", nil, "ip_class2", nil)
	x := e.Explain(f.profile(t), 0)
	if x.Status != matching.Maybe {
		t.Fatalf("%s", x.Summary)
	}
	got := needLabels(x.Missing)
	for _, w := range []string{"2025年度研发费用", "Ⅰ类知识产权数"} {
		if !slices.Contains(got, w) {
			t.Errorf("missing %v lacks %s", got, w)
		}
	}
}

func srdiFacts() facts {
	return facts{
		"scale": "small", "niche_market_years": 3.0,
		"rd_expense@2025": 150.0, "sales@2025": 4000.0, // 3.75%
		"award_3y": false, "makers_top500_3y": false, "equity_financing_2y": 0.0, "rd_expense@2024": 120.0,
	}
}

func TestSpecializedScoreNeedsReview(t *testing.T) {
	e := engine(t, Specialized())
	x := e.Explain(srdiFacts().profile(t), 0)
	if x.Status != matching.Maybe || len(x.Review) != 1 || x.Path != "评价得分" {
		t.Fatalf("%s path=%s review=%v", x.Summary, x.Path, x.Review)
	}
	x = e.Explain(srdiFacts().with("makers_top500_3y", true).profile(t), 0)
	if x.Status != matching.Qualifies || x.Path != "直通条件" {
		t.Errorf("direct: %s", x.Summary)
	}
	// exactly 100万, and exactly 3%
	for _, rs := range [][2]float64{{100, 2500}, {120, 4000}} {
		x = e.Explain(srdiFacts().with("rd_expense@2025", rs[0], "sales@2025", rs[1]).profile(t), 0)
		if c := cond(t, x, "rd"); c.Truth != matching.True {
			t.Errorf("rd %v of %v: %s", rs[0], rs[1], c.Truth.Label())
		}
	}
	x = e.Explain(srdiFacts().with("rd_expense@2025", 99.0, "sales@2025", 1000.0).profile(t), 0)
	if c := cond(t, x, "rd"); c.Truth != matching.False || len(c.Gaps) != 1 || !strings.Contains(c.Gaps[0].Text, "差 1 万元") {
		t.Errorf("99万: %+v", c)
	}
	// revenue under 1000万 but 2000万 of equity financing
	x = e.Explain(srdiFacts().with("sales@2025", 900.0, "rd_expense@2025", 100.0, "equity_financing_2y", 2000.0).profile(t), 0)
	if c := cond(t, x, "revenue"); c.Truth != matching.True {
		t.Errorf("equity financing: %s", c.Truth.Label())
	}
	if !strings.Contains(Specialized().Note, "工信部企业〔2026〕2号") {
		t.Error("the record must say the 2026 citation needs checking")
	}
}

func TestSmallLowProfitBoundaries(t *testing.T) {
	e := engine(t, SmallLowProfit())
	base := facts{"taxable_income@2025": 300.0, "employees@2025": 300, "total_assets@2025": 5000.0, "restricted_industry": false}
	if x := e.Explain(base.profile(t), 0); x.Status != matching.Qualifies {
		t.Fatalf("at the limits: %s", x.Summary)
	}
	x := e.Explain(base.with("taxable_income@2025", 300.5).profile(t), 0)
	if !x.NearMiss || x.Gaps[0].Text != "应纳税所得额 300.5 万元，需 ≤ 300 万元，差 0.5 万元" {
		t.Errorf("near miss %+v", x.Gaps)
	}
	// a loss is still a small low-profit enterprise
	if x := e.Explain(base.with("taxable_income@2025", -20.0).profile(t), 0); x.Status != matching.Qualifies {
		t.Errorf("loss: %s", x.Summary)
	}
	if x := e.Explain(base.with("restricted_industry", true).profile(t), 0); x.Status != matching.Fails {
		t.Errorf("restricted: %s", x.Summary)
	}
	p := SmallLowProfit()
	if !p.ActiveOn(day(2027, time.December, 31)) || p.ActiveOn(day(2028, time.January, 1)) {
		t.Error("the relief runs through 2027-12-31")
	}
}

func TestAboveScaleIndustryFromRegistry(t *testing.T) {
	e := engine(t, AboveScaleIndustry())
	ent := &model.Enterprise{
		USCC: "91411203MA44XXXX0X", IndustryCode: "C39", Scale: model.ScaleSmall,
		FoundedOn: day(2015, time.June, 1), UpdatedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
	}
	vals := append(matching.FromEnterprise(ent),
		matching.Value{Attr: "legal_person", Bool: true, Source: matching.SourceSelf, On: asOf},
		matching.Value{Attr: "main_revenue", Year: 2025, Num: 2000, Source: matching.SourceDepartment, On: asOf})
	x := e.Explain(matching.NewProfile(asOf, vals), 0)
	if x.Status != matching.Qualifies {
		t.Fatalf("exactly 2000万 in C39: %s", x.Summary)
	}
	vals[len(vals)-1].Num = 1999
	x = e.Explain(matching.NewProfile(asOf, vals), 0)
	if !x.NearMiss || x.Gaps[0].Text != "主营业务收入 1999 万元，需 ≥ 2000 万元，差 1 万元" {
		t.Errorf("1999万: %+v", x.Gaps)
	}
	ent.IndustryCode = "F51"
	x = e.Explain(matching.NewProfile(asOf, append(matching.FromEnterprise(ent), vals[len(vals)-2:]...)), 0)
	if x.Status != matching.Fails || !strings.Contains(x.Gaps[0].Text, "行业门类为「F」") {
		t.Errorf("wholesale: %s %+v", x.Summary, x.Gaps)
	}
	// an individual business (92…) is no legal person, whatever it says
	ind := *ent
	ind.USCC, ind.IndustryCode = "92411203MA44XXXX0X", "C39"
	x = e.Explain(matching.NewProfile(asOf, append(matching.FromEnterprise(&ind), vals[len(vals)-1])), 0)
	if c := cond(t, x, "legal_person"); c.Truth != matching.False {
		t.Errorf("individual business: %s", c.Truth.Label())
	}
}

func TestBuiltinCitations(t *testing.T) {
	ps := Builtin()
	if _, err := matching.NewEngine(ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, c := range p.Conditions {
			if c.Citation == "" {
				t.Errorf("%s/%s has no citation", p.Key, c.Key)
			}
		}
		for _, path := range p.Paths {
			for _, c := range path.Conditions {
				if c.Citation == "" {
					t.Errorf("%s/%s has no citation", p.Key, c.Key)
				}
			}
		}
	}
}
