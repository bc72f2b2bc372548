package alloc

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func parse(t *testing.T, src string) *Instance {
	t.Helper()
	inst, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return inst
}

func solve(t *testing.T, src string, opt Options) *Result {
	t.Helper()
	res, err := Solve(parse(t, src), opt)
	if err != nil {
		t.Fatalf("solve: %v", err)
	}
	return res
}

// The plain transportation form and its answer, byte for byte.
func TestPlainForm(t *testing.T) {
	res := solve(t, `{"supplies":[{"id":"S1","amount":120}], "demands":[{"id":"D1","amount":50,"min":0}], "arcs":[{"supply":"S1","demand":"D1","value":7}]}`, Options{})
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"objective":350,"flows":[{"supply":"S1","demand":"D1","amount":50}]}`; string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	// No arc used: the flows are still there, empty.
	res = solve(t, `{"supplies":[{"id":"S1","amount":1}], "demands":[{"id":"D1","amount":5}], "arcs":[{"supply":"S1","demand":"D1","value":-1}]}`, Options{})
	if b, _ := json.Marshal(res); string(b) != `{"objective":0,"flows":[]}` {
		t.Fatalf("nothing worth allocating: %s", b)
	}
}

func TestDecimalsAreExact(t *testing.T) {
	// 0.1 + 0.2 in floats is 0.30000000000000004; here every figure is
	// scaled to integers.
	res := solve(t, `{"supplies":[{"id":"S1","amount":12.5},{"id":"S2","amount":"0.2"}],
		"demands":[{"id":"D1","amount":1e2,"value":0.30}],
		"arcs":[{"supply":"S1","demand":"D1"},{"supply":"S2","demand":"D1","value":0.1}]}`, Options{})
	if res.Objective != "3.77" {
		t.Fatalf("objective %s, want 3.77 (12.5 × 0.3 + 0.2 × 0.1)", res.Objective)
	}
	if len(res.Flows) != 2 || res.Flows[0].Amount != "12.5" || res.Flows[1].Amount != "0.2" {
		t.Fatalf("flows %+v", res.Flows)
	}
}

func TestDecimalParse(t *testing.T) {
	good := map[Decimal][2]int64{
		"0": {0, 0}, "-0": {0, 0}, "12": {12, 0}, "12.50": {125, 1}, "-3.25": {-325, 2}, "1e3": {1000, 0},
		"1.5E-3": {15, 4}, "2.5e+1": {25, 0}, "0.000001": {1, 6}, "100e-2": {1, 0}, "999999999999999": {999999999999999, 0},
	}
	for d, want := range good {
		u, s, err := d.parse()
		if err != nil || u != want[0] || int64(s) != want[1] {
			t.Errorf("%s: %d×10^-%d %v, want %v", d, u, s, err, want)
		}
	}
	bad := map[Decimal]error{
		"": errNotNumber, "abc": errNotNumber, "1.": errNotNumber, ".5": errNotNumber, "01": errNotNumber, "1e": errNotNumber,
		"--1": errNotNumber, "1.2.3": errNotNumber, "true": errNotNumber, `""`: errNotNumber, "0x10": errNotNumber, "1e+": errNotNumber,
		"0.0000001": errDecimals, "1e-7": errDecimals, "1e-99999": errDecimals,
		"1000000000000000": errTooManyDig, "1e15": errTooManyDig, "1e99999": errTooManyDig,
	}
	for d, want := range bad {
		if _, _, err := d.parse(); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", d, err, want)
		}
	}
	for _, c := range []struct {
		units int64
		scale int
		want  Decimal
	}{{125, 1, "12.5"}, {1200, 2, "12"}, {-5, 3, "-0.005"}, {0, 4, "0"}, {7, 0, "7"}} {
		if got := NewDecimal(c.units, c.scale); got != c.want {
			t.Errorf("NewDecimal(%d, %d) = %s, want %s", c.units, c.scale, got, c.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	const arcs = `"arcs":[{"supply":"S1","demand":"D1","value":7}]`
	cases := []struct {
		name, src, code, field, msg string
	}{
		{"negative supply", `{"supplies":[{"id":"S1","amount":-5}],"demands":[{"id":"D1","amount":50}],` + arcs + `}`,
			"amount_not_positive", "supplies[0].amount", "供给 S1 的数量应大于 0（现为 -5）"},
		{"zero request", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":0}],` + arcs + `}`,
			"amount_not_positive", "demands[0].amount", "需求 D1 的申请量应大于 0"},
		{"minimum above request", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50,"min":60}],` + arcs + `}`,
			"min_above_amount", "demands[0].min", "需求 D1 的最低量 60 大于申请量 50"},
		{"negative minimum", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50,"min":-1}],` + arcs + `}`,
			"min_negative", "demands[0].min", "需求 D1 的最低量不能为负"},
		{"required without minimum", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50,"required":true}],` + arcs + `}`,
			"required_without_min", "demands[0].min", "必须满足"},
		{"unknown supply", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S2","demand":"D1","value":1}]}`,
			"unknown_id", "arcs[0].supply", "线路 S2→D1 的供给 S2 不存在"},
		{"unknown demand", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S1","demand":"D7","value":1}]}`,
			"unknown_id", "arcs[0].demand", "需求 D7 不存在"},
		{"duplicate supply", `{"supplies":[{"id":"S1","amount":5},{"id":"S1","amount":6}],"demands":[{"id":"D1","amount":50}],` + arcs + `}`,
			"duplicate_id", "supplies[1].id", "供给编号 S1 重复（第 1 项与第 2 项）"},
		{"missing id", `{"supplies":[{"amount":5}],"demands":[{"id":"D1","amount":50}]}`,
			"missing_id", "supplies[0].id", "第 1 个供给缺少编号 id"},
		{"duplicate arc", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S1","demand":"D1","value":1},{"supply":"S1","demand":"D1","value":2}]}`,
			"duplicate_arc", "arcs[1]", "线路 S1→D1 重复"},
		{"no value", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S1","demand":"D1"}]}`,
			"missing_value", "arcs[0].value", "没有单位价值"},
		{"kinds differ", `{"supplies":[{"id":"S1","amount":5,"kind":"能耗"}],"demands":[{"id":"D1","amount":50,"kind":"资金"}],` + arcs + `}`,
			"kind_mismatch", "arcs[0]", "能耗 与 资金"},
		{"too many decimals", `{"supplies":[{"id":"S1","amount":5.1234567}],"demands":[{"id":"D1","amount":50}],` + arcs + `}`,
			"too_many_decimals", "supplies[0].amount", "小数位超过 6 位"},
		{"not a number", `{"supplies":[{"id":"S1","amount":"many"}],"demands":[{"id":"D1","amount":50}],` + arcs + `}`,
			"not_number", "supplies[0].amount", "「many」不是数字"},
		{"missing amount", `{"supplies":[{"id":"S1"}],"demands":[{"id":"D1","amount":50}],` + arcs + `}`,
			"missing_field", "supplies[0].amount", "供给 S1 的数量缺失"},
		{"too large", `{"supplies":[{"id":"S1","amount":900000000000000}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S1","demand":"D1","value":900000000000000}]}`,
			"too_large", "", "数值过大"},
		{"override exceeds supply", `{"supplies":[{"id":"S1","amount":5}],"demands":[{"id":"D1","amount":50}],` + arcs + `,"fixed":[{"supply":"S1","demand":"D1","amount":6}]}`,
			"fixed_exceeds_supply", "fixed[0].amount", "调整后供给 S1 共分配 6，超过其数量 5"},
		{"override exceeds request", `{"supplies":[{"id":"S1","amount":500}],"demands":[{"id":"D1","amount":50}],` + arcs + `,"fixed":[{"supply":"S1","demand":"D1","amount":60}]}`,
			"fixed_exceeds_demand", "fixed[0].amount", "调整后需求 D1 共获得 60，超过其申请量 50"},
		{"override over the arc cap", `{"supplies":[{"id":"S1","amount":500}],"demands":[{"id":"D1","amount":50}],"arcs":[{"supply":"S1","demand":"D1","value":7,"cap":10}],"fixed":[{"supply":"S1","demand":"D1","amount":20}]}`,
			"fixed_above_cap", "fixed[0].amount", "超过该线路上限 10"},
		{"override on no arc", `{"supplies":[{"id":"S1","amount":500}],"demands":[{"id":"D1","amount":50},{"id":"D2","amount":5}],` + arcs + `,"fixed":[{"supply":"S1","demand":"D2","amount":2}]}`,
			"not_eligible", "fixed[0]", "调整 S1→D2 不在可分配的线路"},
		{"unknown field", `{"supplies":[],"demand":[]}`, "unknown_field", "demand", `未知字段 "demand"`},
		{"syntax", "{\n\"supplies\": [}", "syntax", "", "第 2 行"},
		{"trailing data", `{"supplies":[{"id":"S1","amount":1}]} {}`, "syntax", "", "多余内容"},
		{"wrong type", `{"supplies":{"id":"S1"}}`, "syntax", "supplies", "类型不对"},
		{"empty", `{}`, "empty", "", "实例为空"},
		{"zero parcel", `{"parcels":[{"id":"P1","area":0}],"projects":[{"id":"Q1","area":5,"value":1}]}`,
			"amount_not_positive", "parcels[0].area", "地块 P1 的面积应大于 0"},
		{"project without value", `{"parcels":[{"id":"P1","area":10}],"projects":[{"id":"Q1","area":5}]}`,
			"missing_field", "projects[0].value", "项目 Q1 的价值缺失"},
		{"unknown listed parcel", `{"parcels":[{"id":"P1","area":10}],"projects":[{"id":"Q1","area":5,"value":1,"parcels":["P9"]}]}`,
			"unknown_id", "projects[0].parcels[0]", "可用地块 P9 不存在"},
		{"override with a small parcel", `{"parcels":[{"id":"P1","area":8}],"projects":[{"id":"Q1","area":10,"value":1}],"fixed_assignments":[{"parcel":"P1","project":"Q1"}]}`,
			"area_too_small", "fixed_assignments[0]", "地块 P1 面积 8 小于项目 Q1 所需 10"},
		{"override with the wrong use", `{"parcels":[{"id":"P1","area":80,"use":"商业"}],"projects":[{"id":"Q1","area":10,"value":1,"use":"工业"}],"fixed_assignments":[{"parcel":"P1","project":"Q1"}]}`,
			"incompatible", "fixed_assignments[0]", "项目 Q1 需要工业用地，地块 P1 为商业"},
		{"parcel given twice", `{"parcels":[{"id":"P1","area":80}],"projects":[{"id":"Q1","area":10,"value":1},{"id":"Q2","area":10,"value":1}],"fixed_assignments":[{"parcel":"P1","project":"Q1"},{"parcel":"P1","project":"Q2"}]}`,
			"parcel_reused", "fixed_assignments[1].parcel", "地块 P1 分给了多个项目"},
		{"infeasible", `{"supplies":[{"id":"S1","amount":40}],"demands":[{"id":"D1","amount":80,"min":60,"required":true}],"arcs":[{"supply":"S1","demand":"D1","value":1}]}`,
			"infeasible", "demands[0].min", "无可行方案：需求 D1 必须获得至少 60，但能向它供给的 S1 至多提供 40"},
		{"infeasible together", `{"supplies":[{"id":"S1","amount":40},{"id":"S2","amount":100}],
			"demands":[{"id":"D1","amount":80,"min":30,"required":true},{"id":"D2","amount":80,"min":30,"required":true},{"id":"D3","amount":80}],
			"arcs":[{"supply":"S1","demand":"D1","value":1},{"supply":"S1","demand":"D2","value":1},{"supply":"S2","demand":"D3","value":1}]}`,
			"infeasible", "demands", "需求 D1、D2 必须获得的最低量合计 60，但能向它们供给的 S1 至多提供 40"},
		{"infeasible after an override", `{"supplies":[{"id":"S1","amount":40},{"id":"S2","amount":10}],
			"demands":[{"id":"D1","amount":80,"min":60}],
			"arcs":[{"supply":"S1","demand":"D1","value":1},{"supply":"S2","demand":"D1","value":1}],"fixed":[{"supply":"S2","demand":"D1","amount":10}]}`,
			"infeasible", "demands[0].min", "需求 D1 已由人工调整获得 10，还须至少 50 才达到最低量 60，但能向它供给的 S1 至多提供 40"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inst, err := Parse(strings.NewReader(c.src))
			var res *Result
			if err == nil {
				res, err = Solve(inst, Options{Explain: true})
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("got %v, %+v", err, res)
			}
			for _, e := range es {
				if e.Code == c.code && e.Field == c.field && strings.Contains(e.Message, c.msg) {
					return
				}
			}
			t.Fatalf("want %s at %q containing %q; got %s", c.code, c.field, c.msg, describeErrors(es))
		})
	}
}

func describeErrors(es Errors) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("\n  " + e.Code + " " + e.Field + " " + e.Message)
	}
	return b.String()
}

// Every fault is reported, not only the first.
func TestAllFaultsReported(t *testing.T) {
	_, err := Solve(parse(t, `{"supplies":[{"id":"S1","amount":-1},{"id":"S2","amount":0}],"demands":[{"id":"D1","amount":5,"min":6}],"arcs":[{"supply":"S3","demand":"D1","value":1}]}`), Options{})
	var es Errors
	if !errors.As(err, &es) || len(es) != 4 {
		t.Fatalf("want 4 faults, got %v", err)
	}
}
