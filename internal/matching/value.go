package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Source says who supplied a value. When sources disagree the higher one
// wins: a department's import over the registry, the registry over what a
// commissioner entered, a commissioner over the enterprise's own report.
type Source uint8

// Sources of a value, lowest precedence first.
const (
	SourceSelf         Source = iota + 1 // 企业自报
	SourceCommissioner                   // 服务专员填报
	SourceRegistry                       // 企业库登记信息
	SourceDepartment                     // 部门导入
)

var sourceNames = map[Source]string{
	SourceSelf: "企业自报", SourceCommissioner: "服务专员填报", SourceRegistry: "企业库登记", SourceDepartment: "部门导入",
}

// Label is the Chinese name of the source.
func (s Source) Label() string { return sourceNames[s] }

// Value is one supplied fact: an attribute's value (for a yearly attribute,
// of one fiscal year) with who supplied it and when. Only the field of the
// attribute's kind is read.
type Value struct {
	Attr   string     `json:"attr"`
	Year   int        `json:"year,omitempty"` // fiscal year, for yearly attributes only
	Num    float64    `json:"num,omitempty"`  // Number, Ratio, Int
	Bool   bool       `json:"bool,omitempty"`
	Text   string     `json:"text,omitempty"` // String
	Date   model.Date `json:"date,omitempty"` // Date; zero for "none" (no certificate)
	Tags   []string   `json:"tags,omitempty"`
	Source Source     `json:"source"`
	On     model.Date `json:"on"`             // when it was supplied or imported
	Note   string     `json:"note,omitempty"` // explanation, e.g. why R&D exceeds sales
}

// field is the input name errors refer to: rd_expense[2025] or founded_on.
func (v *Value) field() string {
	if v.Year != 0 {
		return fmt.Sprintf("%s[%d]", v.Attr, v.Year)
	}
	return v.Attr
}

// text formats the value for people.
func (v *Value) text(a *Attribute) string {
	switch a.Kind {
	case Bool:
		if v.Bool {
			return "是"
		}
		return "否"
	case Date:
		if v.Date.IsZero() {
			return "无"
		}
		return v.Date.String()
	case String:
		return v.Text
	case Tags:
		return strings.Join(v.Tags, "、")
	}
	return formatValue(a, v.Num)
}

func (v *Value) same(o *Value) bool {
	return v.Num == o.Num && v.Bool == o.Bool && v.Text == o.Text && v.Date == o.Date && slices.Equal(v.Tags, o.Tags)
}

// beats reports whether v takes precedence over o: the higher source, then
// the later date, then (on a tie) the later one in the input.
func (v *Value) beats(o *Value) bool {
	if v.Source != o.Source {
		return v.Source > o.Source
	}
	return !o.On.After(v.On)
}

// Difference records that sources disagree on one figure: the effective
// value and the latest differing value of each other source.
type Difference struct {
	Attr      string
	Year      int
	Effective Value
	Others    []Value
}

// Text states the difference for people, e.g. "2025年度研发费用：部门导入
// 480 万元（2026-03-01），企业自报 520 万元（2026-02-10），以部门导入为准".
func (d Difference) Text() string {
	a := &attributes[attrIndex[d.Attr]]
	var b strings.Builder
	b.WriteString(yearLabel(a, d.Year))
	b.WriteString("：")
	writeSourced := func(v *Value) {
		fmt.Fprintf(&b, "%s %s", v.Source.Label(), v.text(a))
		if !v.On.IsZero() {
			fmt.Fprintf(&b, "（%s）", v.On)
		}
	}
	writeSourced(&d.Effective)
	for i := range d.Others {
		b.WriteString("，")
		writeSourced(&d.Others[i])
	}
	fmt.Fprintf(&b, "，以%s为准", d.Effective.Source.Label())
	return b.String()
}

type valueKey struct {
	attr string
	year int
}

// Resolve picks the effective value of each figure (attribute and year)
// and reports where sources disagree. The effective values come back in
// catalogue order, then by year.
func Resolve(values []Value) ([]Value, []Difference) {
	groups := map[valueKey][]int{}
	var keys []valueKey
	for i := range values {
		k := valueKey{values[i].Attr, values[i].Year}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	slices.SortFunc(keys, func(a, b valueKey) int {
		if c := cmp.Compare(attrIndex[a.attr], attrIndex[b.attr]); c != 0 {
			return c
		}
		if c := strings.Compare(a.attr, b.attr); c != 0 {
			return c
		}
		return cmp.Compare(a.year, b.year)
	})
	var eff []Value
	var diffs []Difference
	for _, k := range keys {
		idx := groups[k]
		best := idx[0]
		latest := map[Source]int{}
		for _, i := range idx {
			if values[i].beats(&values[best]) {
				best = i
			}
			if j, ok := latest[values[i].Source]; !ok || values[i].beats(&values[j]) {
				latest[values[i].Source] = i
			}
		}
		eff = append(eff, values[best])
		var others []Value
		for s := SourceDepartment; s >= SourceSelf; s-- {
			if j, ok := latest[s]; ok && s != values[best].Source && !values[j].same(&values[best]) {
				others = append(others, values[j])
			}
		}
		if len(others) > 0 {
			diffs = append(diffs, Difference{Attr: k.attr, Year: k.year, Effective: values[best], Others: others})
		}
	}
	return eff, diffs
}

// Check validates supplied values before anything is stored: each value on
// its own (known attribute, year where one is needed, no negative amounts,
// ratios within 0–100%, whole counts), then the effective figures of each
// year against each other (R&D not above sales unless explained, parts not
// above their whole). asOf bounds the fiscal years accepted.
func Check(values []Value, asOf model.Date) model.FieldErrors {
	var errs model.FieldErrors
	for i := range values {
		v := &values[i]
		ai, ok := attrIndex[v.Attr]
		if !ok {
			errs.Add(v.field(), fmt.Sprintf("未知属性「%s」", v.Attr))
			continue
		}
		a := &attributes[ai]
		switch {
		case !a.suppliable():
			errs.Add(v.field(), fmt.Sprintf("「%s」由系统计算，不能直接填报", a.Label))
			continue
		case a.Yearly && v.Year == 0:
			errs.Add(v.field(), fmt.Sprintf("「%s」按年度填报，请注明年度", a.Label))
			continue
		case !a.Yearly && v.Year != 0:
			errs.Add(v.field(), fmt.Sprintf("「%s」不分年度，请不要填写年度", a.Label))
			continue
		case a.Yearly && (v.Year < 1949 || (!asOf.IsZero() && v.Year > asOf.Year)):
			errs.Add(v.field(), fmt.Sprintf("年度 %d 不在有效范围内", v.Year))
			continue
		case v.Source < SourceSelf || v.Source > SourceDepartment:
			errs.Add(v.field(), "数据来源无效")
			continue
		}
		if msg := checkOne(a, v, asOf); msg != "" {
			errs.Add(v.field(), msg)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	eff, _ := Resolve(values)
	byKey := map[valueKey]*Value{}
	for i := range eff {
		byKey[valueKey{eff[i].Attr, eff[i].Year}] = &eff[i]
	}
	for i := range eff {
		v := &eff[i]
		for _, r := range crossRules {
			if v.Attr != r.part {
				continue
			}
			w := byKey[valueKey{r.whole, v.Year}]
			if w == nil || v.Num <= w.Num || (r.noteAllowed && (v.Note != "" || w.Note != "")) {
				continue
			}
			pa, wa := &attributes[attrIndex[r.part]], &attributes[attrIndex[r.whole]]
			msg := fmt.Sprintf("%d年度%s（%s）大于%s（%s）", v.Year, pa.Label, v.text(pa), wa.Label, w.text(wa))
			if r.noteAllowed {
				msg += "，如属实请在备注中说明"
			}
			errs.Add(v.field(), msg)
		}
	}
	return errs
}

// crossRules are the figures of one year that cannot exceed another.
// R&D above sales happens (a start-up before its first sales) and is
// accepted with a note; the others are impossible.
var crossRules = []struct {
	part, whole string
	noteAllowed bool
}{
	{"rd_expense", "sales", true},
	{"rd_expense_domestic", "rd_expense", false},
	{"tech_staff", "employees", false},
	{"main_revenue", "sales", false},
	{"hightech_revenue", "total_income", false},
}

func checkOne(a *Attribute, v *Value, asOf model.Date) string {
	switch a.Kind {
	case Number, Int, Ratio:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return fmt.Sprintf("「%s」不是有效数值", a.Label)
		}
		if v.Num < 0 && !a.Signed {
			return fmt.Sprintf("「%s」不能为负数", a.Label)
		}
		if a.Kind == Int && v.Num != math.Trunc(v.Num) {
			return fmt.Sprintf("「%s」应为整数", a.Label)
		}
		if a.Kind == Ratio && v.Num > 100 {
			return fmt.Sprintf("「%s」应在 0%%–100%% 之间，填写的是 %s%%", a.Label, formatNumber(v.Num))
		}
	case String:
		if strings.TrimSpace(v.Text) == "" {
			return fmt.Sprintf("「%s」不能为空", a.Label)
		}
	case Date:
		if a.Name == "founded_on" && v.Date.IsZero() {
			return "成立日期不能为空"
		}
		if a.Name == "founded_on" && !asOf.IsZero() && v.Date.After(asOf) {
			return fmt.Sprintf("成立日期 %s 晚于评价日 %s", v.Date, asOf)
		}
	}
	return ""
}
