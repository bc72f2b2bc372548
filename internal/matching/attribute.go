package matching

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Kind is the type of an attribute's value.
type Kind uint8

// Kinds of attribute.
const (
	Number Kind = iota + 1 // an amount in the attribute's unit (money in 万元), never negative
	Ratio                  // a percentage, 0–100 (rules write 5 for 5%)
	Int                    // a count, never negative
	Bool                   // yes or no
	Date                   // a calendar date
	String                 // a code such as an industry code or a scale
	Tags                   // a set of labels
)

var kindNames = map[Kind]string{Number: "数值", Ratio: "比例", Int: "整数", Bool: "是否", Date: "日期", String: "文本", Tags: "标签"}

// Label is the Chinese name of the kind.
func (k Kind) Label() string { return kindNames[k] }

// numeric reports whether values of the kind are held as numbers in rules
// (dates as days since 1970-01-01, booleans as 0 and 1).
func (k Kind) numeric() bool { return k == Number || k == Ratio || k == Int || k == Date }

// Attribute is one fact about an enterprise that rules can read.
//
// Money is in 万元 because policies state their thresholds that way
// (2000万元, 2亿元 = 20000). Ratios are percentages from 0 to 100, so a
// rule reads `rd_ratio_3y >= 5` for "不低于5%" and a gap is stated in
// percentage points.
//
// A yearly attribute has one value per fiscal year; a rule reading it gets
// the reference year's value, the year before the evaluation date's year
// (a 2026 application is judged on 2025's accounts). Multi-year figures
// are derived attributes (rd_ratio_3y and the like).
type Attribute struct {
	Name     string // identifier used in rules
	Label    string // Chinese name shown to users
	Kind     Kind
	Unit     string // 万元, 人, 件, 年, % …
	Yearly   bool   // one value per fiscal year
	Derived  bool   // computed from other attributes
	Supplied bool   // for a derived attribute: may also be supplied directly, which then wins over the computation
	Signed   bool   // an amount that may be negative (a loss)
	Note     string // how it is defined, for the attribute reference page
}

// suppliable reports whether a Value may carry the attribute.
func (a *Attribute) suppliable() bool { return !a.Derived || a.Supplied }

// attributes is the catalogue. Rules may read any of them; Values may carry
// the ones that are not derived (and the derived ones marked Supplied).
var attributes = []Attribute{
	// From the enterprise registry (企业库).
	{Name: "industry_code", Label: "国民经济行业代码", Kind: String, Note: "GB/T 4754-2017 门类字母加两位大类代码，如 C39"},
	{Name: "industry_section", Label: "行业门类", Kind: String, Derived: true, Note: "行业代码的门类字母，如 C（制造业）"},
	{Name: "scale", Label: "企业规模", Kind: String, Note: "large 大型、medium 中型、small 小型、micro 微型"},
	{Name: "ownership", Label: "登记注册类型", Kind: String, Note: "private 民营、state 国有、collective 集体、foreign 外资、hkmt 港澳台、other 其他"},
	{Name: "region_code", Label: "所属区县代码", Kind: String, Note: "GB/T 2260"},
	{Name: "founded_on", Label: "成立日期", Kind: Date},
	{Name: "years_registered", Label: "注册成立年限", Kind: Int, Unit: "年", Derived: true, Note: "成立日期至评价日已满的整年数"},
	{Name: "tags", Label: "企业标签", Kind: Tags},
	{Name: "resident_enterprise", Label: "境内注册的居民企业", Kind: Bool, Note: "统一社会信用代码以 91 开头的为境内登记的企业，92 开头的个体工商户不是"},
	{Name: "legal_person", Label: "法人单位", Kind: Bool, Note: "分支机构、个体工商户不是法人单位"},

	// Yearly financial and staff figures, supplied by the enterprise, its
	// commissioner or a department's import.
	{Name: "sales", Label: "销售（营业）收入", Kind: Number, Unit: "万元", Yearly: true},
	{Name: "main_revenue", Label: "主营业务收入", Kind: Number, Unit: "万元", Yearly: true},
	{Name: "total_income", Label: "总收入", Kind: Number, Unit: "万元", Yearly: true, Note: "收入总额减不征税收入（高新技术企业认定口径）"},
	{Name: "total_assets", Label: "资产总额", Kind: Number, Unit: "万元", Yearly: true, Note: "小型微利企业按全年季度平均值"},
	{Name: "taxable_income", Label: "应纳税所得额", Kind: Number, Unit: "万元", Yearly: true, Signed: true, Note: "可为负数（亏损）"},
	{Name: "total_cost", Label: "成本费用支出总额", Kind: Number, Unit: "万元", Yearly: true},
	{Name: "employees", Label: "职工（从业）人数", Kind: Int, Unit: "人", Yearly: true, Note: "含兼职、临时聘用和劳务派遣人员；小型微利企业按全年季度平均值"},
	{Name: "tech_staff", Label: "科技人员数", Kind: Int, Unit: "人", Yearly: true},
	{Name: "rd_expense", Label: "研发费用", Kind: Number, Unit: "万元", Yearly: true},
	{Name: "rd_expense_domestic", Label: "境内研发费用", Kind: Number, Unit: "万元", Yearly: true},
	{Name: "hightech_revenue", Label: "高新技术产品（服务）收入", Kind: Number, Unit: "万元", Yearly: true},

	// Figures derived from the yearly ones.
	{Name: "rd_ratio", Label: "研发费用占销售收入比例", Kind: Ratio, Unit: "%", Derived: true, Note: "参考年度研发费用 ÷ 销售收入"},
	{Name: "rd_ratio_3y", Label: "近三年研发费用占销售收入比例", Kind: Ratio, Unit: "%", Derived: true, Note: "近三个会计年度研发费用总额 ÷ 同期销售收入总额；成立不满三年的按实际经营年度计算"},
	{Name: "rd_domestic_share_3y", Label: "近三年境内研发费用占比", Kind: Ratio, Unit: "%", Derived: true, Note: "近三个会计年度境内研发费用总额 ÷ 研发费用总额"},
	{Name: "rd_cost_ratio", Label: "研发费用占成本费用支出比例", Kind: Ratio, Unit: "%", Derived: true, Note: "参考年度研发费用 ÷ 成本费用支出总额"},
	{Name: "rd_expense_avg_2y", Label: "近两年研发费用均值", Kind: Number, Unit: "万元", Derived: true},
	{Name: "tech_staff_share", Label: "科技人员占职工总数比例", Kind: Ratio, Unit: "%", Derived: true, Supplied: true, Note: "参考年度科技人员数 ÷ 职工总数，也可直接填报"},
	{Name: "hightech_income_share", Label: "高新技术产品（服务）收入占总收入比例", Kind: Ratio, Unit: "%", Derived: true, Supplied: true, Note: "参考年度高新技术产品（服务）收入 ÷ 总收入，也可直接填报"},

	// Intellectual property, certificates and standing.
	{Name: "ip_class1", Label: "Ⅰ类知识产权数", Kind: Int, Unit: "件", Note: "有效期内的发明专利、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权"},
	{Name: "ip_class2", Label: "Ⅱ类知识产权数", Kind: Int, Unit: "件", Note: "有效期内的实用新型专利、外观设计专利、软件著作权等"},
	{Name: "hnte_cert_until", Label: "高新技术企业证书有效期至", Kind: Date, Note: "填空日期表示没有证书"},
	{Name: "hnte_valid", Label: "持有效期内高新技术企业证书", Kind: Bool, Derived: true},
	{Name: "rd_institution", Label: "拥有经认定的省部级以上研发机构", Kind: Bool},
	{Name: "national_award_5y", Label: "近五年获国家级科技奖励且排名前三", Kind: Bool},
	{Name: "standard_setting_5y", Label: "近五年主导制定国际、国家或行业标准", Kind: Bool},
	{Name: "award_3y", Label: "近三年获省级科技奖励排名前三或国家级科技奖励排名前五", Kind: Bool},
	{Name: "makers_top500_3y", Label: "近三年进入“创客中国”大赛全国500强企业组", Kind: Bool},
	{Name: "niche_market_years", Label: "从事特定细分市场年限", Kind: Number, Unit: "年"},
	{Name: "equity_financing_2y", Label: "近两年新增股权融资总额", Kind: Number, Unit: "万元", Note: "合格机构投资者的实缴额"},
	{Name: "restricted_industry", Label: "属于国家限制、禁止或淘汰类行业", Kind: Bool},
	{Name: "major_incident_1y", Label: "近一年发生重大安全、重大质量事故或严重环境违法行为", Kind: Bool},
	{Name: "credit_blacklisted", Label: "列入经营异常名录或严重违法失信名单", Kind: Bool},

	// Scores of 科技型中小企业评价 (国科发政〔2017〕115号 第七条), derived.
	{Name: "tsme_score_staff", Label: "科技人员指标得分", Kind: Int, Unit: "分", Derived: true},
	{Name: "tsme_score_rd", Label: "研发投入指标得分", Kind: Int, Unit: "分", Derived: true, Note: "按研发费用占销售收入、占成本费用两种口径取高者"},
	{Name: "tsme_score_ip", Label: "科技成果指标得分", Kind: Int, Unit: "分", Derived: true},
	{Name: "tsme_score", Label: "科技型中小企业评价得分", Kind: Int, Unit: "分", Derived: true},
}

var attrIndex = func() map[string]int {
	m := make(map[string]int, len(attributes))
	for i, a := range attributes {
		m[a.Name] = i
	}
	return m
}()

// Attributes lists the catalogue in display order.
func Attributes() []Attribute { return append([]Attribute(nil), attributes...) }

// Lookup finds an attribute by its rule name.
func Lookup(name string) (Attribute, bool) {
	i, ok := attrIndex[name]
	if !ok {
		return Attribute{}, false
	}
	return attributes[i], true
}

func mustIndex(name string) int {
	i, ok := attrIndex[name]
	if !ok {
		panic("matching: no attribute " + name)
	}
	return i
}

// epochDays turns a date into the number rules compare (days since 1970-01-01).
func epochDays(d model.Date) float64 {
	return float64(d.Time(utc).Unix() / 86400)
}

func dateOfDays(days float64) model.Date {
	return model.DateOf(epoch.AddDate(0, 0, int(days)))
}

// formatNumber writes a figure the way a Chinese form does: no exponent,
// at most two decimals, no trailing zeros.
func formatNumber(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// formatValue writes v of attribute a with its unit, e.g. "4.6%", "320 万元", "是".
func formatValue(a *Attribute, v float64) string {
	switch a.Kind {
	case Bool:
		if v != 0 {
			return "是"
		}
		return "否"
	case Date:
		return dateOfDays(v).String()
	case Ratio:
		return formatNumber(v) + "%"
	}
	if a.Unit == "" {
		return formatNumber(v)
	}
	return formatNumber(v) + " " + a.Unit
}

// yearLabel names a yearly attribute's value for a year: "2025年度研发费用".
func yearLabel(a *Attribute, year int) string {
	if year == 0 {
		return a.Label
	}
	return fmt.Sprintf("%d年度%s", year, a.Label)
}
