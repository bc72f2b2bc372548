package matching

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// RuleError is a rule that does not compile, with the position (1-based
// line and column, in characters) of the offending part.
type RuleError struct {
	Line, Column int
	Message      string // Chinese
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("第%d行第%d列：%s", e.Line, e.Column, e.Message)
}

// maxRuleLen bounds a rule's length; real eligibility rules are a few
// hundred characters.
const maxRuleLen = 4000

// The rule language is the subset of expr (github.com/expr-lang/expr)
// whose three-valued meaning is exact:
//
//	numbers, "strings", true, false, [lists of literals], date("2006-01-02")
//	attribute names from the catalogue
//	+ - * /  (on numbers; a division by zero is unknown)
//	== != < <= > >=  (numbers, dates; == and != also compare a text attribute with a string)
//	&& || ! and or not
//	text_attr in ["a", "b"], text_attr startsWith "C", "标签" in tags, x not in …
//
// Anything else (?:, functions, member access, %, matches …) is refused
// with its position, rather than evaluated with a meaning for missing data
// that nobody can state.

type otype uint8

const (
	tNum otype = iota
	tBool
	tText    // a String attribute
	tTextLit // a string literal
	tTags    // a Tags attribute
	tList    // a list literal
)

type operand struct {
	t    otype
	id   int32 // tNum: numeric node; tBool: predicate node
	attr int   // tText, tTags
	s    string
	list []ast.Node
}

type compiler struct {
	pg  *program
	src string
	err *RuleError
}

// compileRule parses src with expr's parser and builds its predicate in pg.
func (pg *program) compileRule(src string) (int32, error) {
	if strings.TrimSpace(src) == "" {
		return 0, &RuleError{Line: 1, Column: 1, Message: "规则不能为空"}
	}
	if utf8.RuneCountInString(src) > maxRuleLen {
		return 0, &RuleError{Line: 1, Column: 1, Message: fmt.Sprintf("规则过长（超过 %d 个字符）", maxRuleLen)}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			line, col := position(src, fe.From)
			return 0, &RuleError{Line: line, Column: col, Message: "语法错误：" + translateParseError(fe.Message)}
		}
		return 0, &RuleError{Line: 1, Column: 1, Message: "语法错误：" + err.Error()}
	}
	c := &compiler{pg: pg, src: src}
	op := c.node(tree.Node)
	if c.err != nil {
		return 0, c.err
	}
	if op.t != tBool {
		c.fail(tree.Node, "规则的结果应为是或否（条件），而不是"+op.t.label())
		return 0, c.err
	}
	return op.id, nil
}

func (t otype) label() string {
	return [...]string{"数值", "条件", "文本", "文本", "标签集合", "列表"}[t]
}

// position turns a character offset into a 1-based line and column.
func position(src string, offset int) (line, col int) {
	line, col = 1, 1
	i := 0
	for _, r := range src {
		if i == offset {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i++
	}
	return line, col
}

var parseMessages = []struct{ en, zh string }{
	{"unexpected token EOF", "表达式不完整"},
	{"unexpected token", "此处不应出现"},
	{"unexpected end of input", "表达式不完整"},
	{"literal not terminated", "字符串缺少结束引号"},
	{"unclosed", "括号未闭合"},
	{"unrecognized character", "无法识别的字符"},
	{"invalid char escape", "无效的转义字符"},
}

func translateParseError(msg string) string {
	for _, m := range parseMessages {
		if strings.HasPrefix(msg, m.en) {
			rest := strings.TrimSpace(strings.TrimPrefix(msg, m.en))
			if rest == "" {
				return m.zh
			}
			return m.zh + " " + rest
		}
	}
	return msg
}

func (c *compiler) fail(n ast.Node, msg string) operand { return c.failAt(n.Location().From, msg) }

func (c *compiler) failAt(offset int, msg string) operand {
	if c.err == nil {
		line, col := position(c.src, offset)
		c.err = &RuleError{Line: line, Column: col, Message: msg}
	}
	return operand{t: tBool}
}

func (c *compiler) node(n ast.Node) operand {
	if c.err != nil {
		return operand{t: tBool}
	}
	pg := c.pg
	switch n := n.(type) {
	case *ast.IdentifierNode:
		i, ok := attrIndex[n.Value]
		if !ok {
			return c.fail(n, fmt.Sprintf("未知属性「%s」", n.Value))
		}
		switch attributes[i].Kind {
		case Bool:
			return operand{t: tBool, id: pg.pred(pred{kind: pBool, attr: i})}
		case String:
			return operand{t: tText, attr: i}
		case Tags:
			return operand{t: tTags, attr: i}
		}
		return operand{t: tNum, id: pg.num(numNode{kind: nAttr, attr: i})}
	case *ast.IntegerNode:
		return operand{t: tNum, id: pg.constNum(float64(n.Value))}
	case *ast.FloatNode:
		return operand{t: tNum, id: pg.constNum(n.Value)}
	case *ast.BoolNode:
		return operand{t: tBool, id: pg.constPred(truthOf(n.Value))}
	case *ast.StringNode:
		return operand{t: tTextLit, s: n.Value}
	case *ast.ArrayNode:
		return operand{t: tList, list: n.Nodes}
	case *ast.BuiltinNode:
		if n.Name == "date" && len(n.Arguments) == 1 {
			if s, ok := n.Arguments[0].(*ast.StringNode); ok {
				d, err := model.ParseDate(s.Value)
				if err != nil || d.IsZero() {
					return c.fail(s, fmt.Sprintf("日期「%s」格式错误，应为 YYYY-MM-DD", s.Value))
				}
				return operand{t: tNum, id: pg.constNum(epochDays(d))}
			}
			return c.fail(n, "date() 的参数应为 \"YYYY-MM-DD\" 形式的日期")
		}
		return c.fail(n, fmt.Sprintf("不支持函数「%s」", n.Name))
	case *ast.UnaryNode:
		x := c.node(n.Node)
		if c.err != nil {
			return x
		}
		switch n.Operator {
		case "!", "not":
			if x.t != tBool {
				return c.fail(n, "「"+n.Operator+"」只能用于条件，不能用于"+x.t.label())
			}
			return operand{t: tBool, id: pg.not(x.id)}
		case "-", "+":
			if x.t != tNum {
				return c.fail(n, "「"+n.Operator+"」只能用于数值")
			}
			if n.Operator == "-" {
				return operand{t: tNum, id: pg.arith(nNeg, x.id, x.id)}
			}
			return x
		}
		return c.fail(n, fmt.Sprintf("不支持运算符「%s」", n.Operator))
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		// expr places the node after its branches; point at the "?"
		at := n.Location().From
		for i, r := range []rune(c.src) {
			if i >= n.Cond.Location().From && r == '?' {
				at = i
				break
			}
		}
		return c.failAt(at, "不支持条件表达式（? :），请用 && 与 || 改写")
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			return c.fail(n, fmt.Sprintf("不支持函数「%s」", id.Value))
		}
		return c.fail(n, "不支持函数调用")
	case *ast.MemberNode:
		return c.fail(n, "不支持取成员（.）或下标（[]）")
	case *ast.NilNode:
		return c.fail(n, "不支持 nil：缺少数据由系统判断为“待确认”，规则中无需写出")
	}
	return c.fail(n, "不支持的表达式")
}

func (c *compiler) binary(n *ast.BinaryNode) operand {
	pg := c.pg
	switch n.Operator {
	case "&&", "and", "||", "or":
		l, r := c.node(n.Left), c.node(n.Right)
		if c.err != nil {
			return l
		}
		if l.t != tBool || r.t != tBool {
			return c.fail(n, "「"+n.Operator+"」的两边都应为条件")
		}
		kind := pAnd
		if n.Operator == "||" || n.Operator == "or" {
			kind = pOr
		}
		return operand{t: tBool, id: pg.junction(kind, l.id, r.id)}
	case "+", "-", "*", "/":
		l, r := c.node(n.Left), c.node(n.Right)
		if c.err != nil {
			return l
		}
		if l.t != tNum || r.t != tNum {
			return c.fail(n, "「"+n.Operator+"」的两边都应为数值")
		}
		k := map[string]numKind{"+": nAdd, "-": nSub, "*": nMul, "/": nDiv}[n.Operator]
		if k == nDiv && pg.nums[r.id].kind == nConst && pg.nums[r.id].c == 0 {
			return c.fail(n, "除数为零")
		}
		return operand{t: tNum, id: pg.arith(k, l.id, r.id)}
	case "==", "!=", "<", "<=", ">", ">=":
		return c.comparison(n)
	case "in":
		return c.in(n)
	case "startsWith":
		l, r := c.node(n.Left), c.node(n.Right)
		if c.err != nil {
			return l
		}
		if l.t != tText || r.t != tTextLit || r.s == "" {
			return c.fail(n, "startsWith 的左边应为文本属性，右边应为非空字符串，如 industry_code startsWith \"C\"")
		}
		return operand{t: tBool, id: pg.pred(pred{kind: pStr, attr: l.attr, prefix: r.s})}
	case "..":
		return c.fail(n, "不支持区间（..），请写成 x >= a && x <= b")
	}
	return c.fail(n, fmt.Sprintf("不支持运算符「%s」", n.Operator))
}

func (c *compiler) comparison(n *ast.BinaryNode) operand {
	pg := c.pg
	op := cmpOp(slices.Index(cmpSymbols[:], n.Operator))
	l, r := c.node(n.Left), c.node(n.Right)
	if c.err != nil {
		return l
	}
	switch {
	case l.t == tNum && r.t == tNum:
		return operand{t: tBool, id: pg.compare(op, l.id, r.id)}
	case (op == opEQ || op == opNE) && (l.t == tText && r.t == tTextLit || l.t == tTextLit && r.t == tText):
		if l.t == tTextLit {
			l, r = r, l
		}
		id := pg.pred(pred{kind: pStr, attr: l.attr, set: []string{r.s}})
		if op == opNE {
			id = pg.not(id)
		}
		return operand{t: tBool, id: id}
	case (op == opEQ || op == opNE) && l.t == tBool && r.t == tBool:
		// Kleene equality: unknown when either side is
		id := pg.junction(pOr, pg.junction(pAnd, l.id, r.id), pg.junction(pAnd, pg.not(l.id), pg.not(r.id)))
		if op == opNE {
			id = pg.not(id)
		}
		return operand{t: tBool, id: id}
	case (op == opEQ || op == opNE) && l.t == tTextLit && r.t == tTextLit:
		return operand{t: tBool, id: pg.constPred(truthOf((l.s == r.s) == (op == opEQ)))}
	}
	return c.fail(n, fmt.Sprintf("「%s」不能比较%s与%s", n.Operator, l.t.label(), r.t.label()))
}

func (c *compiler) in(n *ast.BinaryNode) operand {
	pg := c.pg
	l, r := c.node(n.Left), c.node(n.Right)
	if c.err != nil {
		return l
	}
	switch {
	case l.t == tTextLit && r.t == tTags:
		return operand{t: tBool, id: pg.pred(pred{kind: pTag, attr: r.attr, tag: l.s})}
	case l.t == tText && r.t == tList:
		var set []string
		for _, e := range r.list {
			s, ok := e.(*ast.StringNode)
			if !ok {
				return c.fail(e, "列表中应为字符串")
			}
			set = append(set, s.Value)
		}
		if len(set) == 0 {
			return operand{t: tBool, id: pg.constPred(False)}
		}
		slices.Sort(set)
		return operand{t: tBool, id: pg.pred(pred{kind: pStr, attr: l.attr, set: slices.Compact(set)})}
	case l.t == tNum && r.t == tList:
		var kids []int32
		for _, e := range r.list {
			x := c.node(e)
			if c.err != nil {
				return x
			}
			if x.t != tNum || pg.nums[x.id].kind != nConst {
				return c.fail(e, "列表中应为数值")
			}
			kids = append(kids, pg.compare(opEQ, l.id, x.id))
		}
		return operand{t: tBool, id: pg.junction(pOr, kids...)}
	}
	return c.fail(n, "in 的用法应为 文本属性 in [\"a\", \"b\"]、数值 in [1, 2] 或 \"标签\" in tags")
}
