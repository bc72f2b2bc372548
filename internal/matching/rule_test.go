package matching

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
)

func TestRuleErrorsInChineseWithPosition(t *testing.T) {
	cases := []struct {
		rule      string
		line, col int
		msg       string
	}{
		{"rd_ratio_3y >= 5 && rd_ratoi >= 3", 1, 21, "未知属性「rd_ratoi」"},
		{"sales >=", 1, 8, "语法错误：表达式不完整"},
		{"sales > 5000 ?  true : false", 1, 14, "不支持条件表达式"},
		{"len(tags) > 2", 1, 1, "不支持函数「len」"},
		{"sales", 1, 1, "规则的结果应为是或否（条件），而不是数值"},
		{"sales + scale > 1", 1, 7, "「+」的两边都应为数值"},
		{"tags.count > 1", 1, 6, "不支持取成员"},
		{"sales / 0 > 1", 1, 7, "除数为零"},
		{"sales % 7 == 1", 1, 7, "不支持运算符「%」"},
		{"founded_on > date(\"2020-13-01\")", 1, 19, "日期「2020-13-01」格式错误"},
		{"legal_person &&\n  employeez > 3", 2, 3, "未知属性「employeez」"},
		{"scale in [\"small\", 3]", 1, 20, "列表中应为字符串"},
		{"研发费用 > 1", 1, 1, ""}, // expr's lexer refuses non-ASCII identifiers; the message is translated or kept
		{"", 1, 1, "规则不能为空"},
	}
	for _, c := range cases {
		_, err := newProgram().compileRule(c.rule)
		re, ok := err.(*RuleError)
		if !ok {
			t.Errorf("%q: error %v (%T), want a RuleError", c.rule, err, err)
			continue
		}
		if re.Line != c.line || re.Column != c.col || !strings.Contains(re.Message, c.msg) {
			t.Errorf("%q: %d:%d %q, want %d:%d containing %q", c.rule, re.Line, re.Column, re.Message, c.line, c.col, c.msg)
		}
		if !strings.HasPrefix(re.Error(), "第") {
			t.Errorf("%q: error text %q does not start with the position", c.rule, re.Error())
		}
	}
}

func TestRulesShareNodes(t *testing.T) {
	pg := newProgram()
	a, _ := pg.compileRule("sales <= 5000 && rd_ratio >= 3")
	b, _ := pg.compileRule("rd_ratio >= 3 and 5000 >= sales")
	if a != b {
		t.Error("the same conjunction written two ways should be one node")
	}
	c, _ := pg.compileRule("!(sales > 5000)")
	d, _ := pg.compileRule("sales <= 5000")
	if c != d {
		t.Error("a negated comparison should be the opposite comparison")
	}
}

// TestRulesAgreeWithExpr checks the compiler's meaning against expr's own
// for enterprises whose every figure is known: there the three-valued
// answer must be expr's true or false (unknown only where a division by
// zero leaves nothing to say).
func TestRulesAgreeWithExpr(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rows := make([][]cell, 60)
	for i := range rows {
		rows[i] = genCells(r)
		for j := range rows[i] { // complete every figure
			if c := &rows[i][j]; !c.known {
				c.known = true
				if attributes[j].Kind == String {
					c.str = "x"
				}
			}
		}
	}
	checked := 0
	for range 400 {
		rule := genRule(r, 3)
		pg := newProgram()
		id, err := pg.compileRule(rule)
		if err != nil {
			t.Fatalf("%s: %v", rule, err)
		}
		prog, err := expr.Compile(rule, expr.AsBool())
		if err != nil {
			t.Fatalf("expr refuses %s: %v", rule, err)
		}
		nums := make([]float64, len(pg.nums))
		out := make([]Truth, len(pg.preds))
		for _, cs := range rows {
			pg.evalRow(cs, nums, out)
			got := out[id]
			want, err := expr.Run(prog, exprEnv(cs, true))
			if err != nil {
				t.Fatalf("%s: %v", rule, err)
			}
			if got == Unknown {
				if !strings.Contains(rule, "/") {
					t.Errorf("%s: unknown on complete data", rule)
				}
				continue
			}
			checked++
			if (got == True) != want.(bool) {
				t.Errorf("%s: %s, expr says %v", rule, got.Label(), want)
			}
		}
	}
	if checked < 10000 {
		t.Errorf("only %d comparisons made", checked)
	}
}

// FuzzCompileRule: whatever the input, the compiler returns a node or a
// RuleError whose position lies within the rule, and never panics. An
// accepted rule is monotone, as Kleene logic must be: if it is decided
// for an enterprise of which nothing is known, filling the figures in
// cannot change the answer.
func FuzzCompileRule(f *testing.F) {
	f.Add("rd_ratio_3y >= 5 || (rd_ratio_3y >= 4 && sales > 5000)")
	f.Add("sales >= 0 || !(sales >= 0)")
	f.Fuzz(func(t *testing.T, rule string) {
		pg := newProgram()
		id, err := pg.compileRule(rule)
		if err != nil {
			re, ok := err.(*RuleError)
			if !ok {
				t.Fatalf("%q: %T %v", rule, err, err)
			}
			lines := strings.Count(rule, "\n") + 1
			if re.Line < 1 || re.Line > lines || re.Column < 1 || re.Message == "" {
				t.Fatalf("%q: bad position %d:%d %q", rule, re.Line, re.Column, re.Message)
			}
			return
		}
		if again, err := pg.compileRule(rule); err != nil || again != id {
			t.Fatalf("%q: compiling twice gave %d, %v (first %d)", rule, again, err, id)
		}
		nums := make([]float64, len(pg.nums))
		out := make([]Truth, len(pg.preds))
		pg.evalRow(make([]cell, len(attributes)), nums, out)
		empty := out[id]
		r := rand.New(rand.NewPCG(uint64(len(rule)), 1))
		for range 20 {
			cs := genCells(r)
			for j := range cs {
				cs[j].known = true
			}
			pg.evalRow(cs, nums, out)
			if empty != Unknown && out[id] != empty {
				t.Fatalf("%q: %s with nothing known but %s with everything", rule, empty.Label(), out[id].Label())
			}
		}
	})
}
