// Package form reads posted forms into the service's inputs. A form's
// conversions (numbers, dates, ids) are checked all at once and every fault
// is named by its field and said in Chinese, so a page shows them together;
// the rules themselves stay in the service, which checks the input again.
package form

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Form reads the values of one posted form and keeps the faults found.
type Form struct {
	v      url.Values
	faults model.FieldErrors
}

// New reads v.
func New(v url.Values) *Form { return &Form{v: v} }

// Text is the value of name, trimmed.
func (f *Form) Text(name string) string { return strings.TrimSpace(f.v.Get(name)) }

// Raw is the value of name as posted.
func (f *Form) Raw(name string) string { return f.v.Get(name) }

// Has reports whether the form carries name at all.
func (f *Form) Has(name string) bool { _, ok := f.v[name]; return ok }

// Int is the integer value of name; empty is 0. label names the field in
// the fault.
func (f *Form) Int(name, label string) int {
	x := f.Text(name)
	if x == "" {
		return 0
	}
	n, err := strconv.Atoi(x)
	if err != nil {
		f.Fail(name, label+"应为整数")
	}
	return n
}

// Int64 is Int for 64-bit amounts.
func (f *Form) Int64(name, label string) int64 {
	x := f.Text(name)
	if x == "" {
		return 0
	}
	n, err := strconv.ParseInt(x, 10, 64)
	if err != nil {
		f.Fail(name, label+"应为整数")
	}
	return n
}

// ID is the record id a select or hidden field posts; empty is 0 (none
// chosen, which the service refuses where one is needed).
func (f *Form) ID(name, label string) int64 {
	x := f.Text(name)
	if x == "" {
		return 0
	}
	n, err := strconv.ParseInt(x, 10, 64)
	if err != nil || n < 0 {
		f.Fail(name, label+"无效")
		return 0
	}
	return n
}

// IDs are the ids of a multiple choice (ticked boxes, a multi-select).
func (f *Form) IDs(name, label string) []int64 {
	var out []int64
	for _, x := range f.v[name] {
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil || n <= 0 {
			f.Fail(name, label+"无效")
			continue
		}
		out = append(out, n)
	}
	return out
}

// Date is the date value of name (YYYY-MM-DD, or as model.ParseDate
// reads dates); empty is the zero date. A bad date's fault is message, or
// when message is empty ParseDate's own (日期「…」格式错误…).
func (f *Form) Date(name, message string) model.Date {
	d, err := model.ParseDate(f.Text(name))
	if err != nil {
		if message == "" {
			message = err.Error()
		}
		f.Fail(name, message)
	}
	return d
}

// Bool reports whether name is "true" (a radio or a button's value).
func (f *Form) Bool(name string) bool { return f.v.Get(name) == "true" }

// List splits the value of name where a user separates items: new lines,
// commas (half- and full-width), 、 and spaces.
func (f *Form) List(name string) []string {
	return strings.FieldsFunc(f.v.Get(name), func(c rune) bool {
		return c == '\n' || c == '\r' || c == ',' || c == '，' || c == ' ' || c == '\t' || c == '、'
	})
}

// Lookup finds the enterprise a credit code names within the user's
// reach: found false (and no error) when there is none.
type Lookup func(code string) (id int64, found bool, err error)

// enterprise resolves code through lookup; a code that names no enterprise
// in reach is a fault of field.
func (f *Form) enterprise(lookup Lookup, field, code string) (int64, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	id, found, err := lookup(code)
	if err == nil && !found {
		f.Fail(field, "本地区没有信用代码为「"+code+"」的企业")
	}
	return id, err
}

// Fail records a fault of field.
func (f *Form) Fail(field, message string) { f.faults.Add(field, message) }

// Err is every fault found, as one fault.Error (nil when none).
func (f *Form) Err() error { return fault.FromFields(f.faults) }

func parseInt64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }
