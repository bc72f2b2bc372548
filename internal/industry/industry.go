// Package industry knows the sections (门类) and divisions (大类) of the
// national industrial classification GB/T 4754-2017.
//
// An industry code is a section letter followed by a two-digit division
// number that belongs to that section, e.g. "C39" (计算机、通信和其他电子设备制造业).
package industry

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
)

//go:embed gb4754-2017-divisions.csv
var tableCSV string

// Section is a 门类 such as {"C", "制造业"}.
type Section struct {
	Code string // one upper-case letter, A–T
	Name string
}

// Major is a 大类 together with the section it belongs to. GB/T 4754
// calls it a division; it is named Major here so that it is not taken for
// a division.Division, a region.
type Major struct {
	Section     string // section letter, e.g. "C"
	SectionName string // e.g. "制造业"
	Code        string // two-digit division number, e.g. "39"
	Name        string // e.g. "计算机、通信和其他电子设备制造业"
}

// IndustryCode returns the full industry code, e.g. "C39".
func (d Major) IndustryCode() string { return d.Section + d.Code }

var (
	divisions  []Major
	sections   []Section
	byDivision = map[string]Major{} // keyed by two-digit division number
)

func init() {
	rows, err := csv.NewReader(strings.NewReader(tableCSV)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("industry: bad embedded table: %v", err))
	}
	for _, r := range rows[1:] {
		d := Major{Section: r[0], SectionName: r[1], Code: r[2], Name: r[3]}
		if len(sections) == 0 || sections[len(sections)-1].Code != d.Section {
			sections = append(sections, Section{Code: d.Section, Name: d.SectionName})
		}
		divisions = append(divisions, d)
		byDivision[d.Code] = d
	}
}

// Errors returned (wrapped) by Validate; test with errors.Is.
var (
	// ErrMalformed means the code is not a letter followed by two digits.
	ErrMalformed = errors.New("行业代码格式应为门类字母加两位大类代码，如 C39")
	// ErrUnknown means the code is well-formed but names no division of
	// that section.
	ErrUnknown = errors.New("行业代码不存在")
)

// codeError carries a specific Chinese message and unwraps to one of the
// sentinel errors.
type codeError struct {
	kind error
	msg  string
}

func (e *codeError) Error() string { return e.msg }
func (e *codeError) Unwrap() error { return e.kind }

// wellFormed reports whether code is an upper-case letter and two digits.
func wellFormed(code string) bool {
	return len(code) == 3 && code[0] >= 'A' && code[0] <= 'Z' &&
		isDigit(code[1]) && isDigit(code[2])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// MajorOf returns the 大类 named by an industry code such as "C39". The
// code must be in canonical form (see Normalize).
func MajorOf(code string) (Major, bool) {
	if !wellFormed(code) {
		return Major{}, false
	}
	d, ok := byDivision[code[1:]]
	if !ok || d.Section != code[:1] {
		return Major{}, false
	}
	return d, true
}

// Validate returns nil if code names a division, or an error with a Chinese
// message that wraps ErrMalformed or ErrUnknown.
func Validate(code string) error {
	if !wellFormed(code) {
		return ErrMalformed
	}
	d, ok := byDivision[code[1:]]
	switch {
	case !ok:
		return &codeError{ErrUnknown, fmt.Sprintf("行业代码「%s」不存在：没有大类 %s", code, code[1:])}
	case d.Section != code[:1]:
		return &codeError{ErrUnknown, fmt.Sprintf("行业代码「%s」不存在：大类 %s 属于门类 %s", code, d.Code, d.Section)}
	}
	return nil
}

// Normalize turns user input into a canonical industry code: it trims
// spaces, upper-cases the section letter and, for a bare two-digit division
// such as "39", prepends the section it belongs to ("C39"). It reports
// whether the result names a known division; if not, it returns the trimmed,
// upper-cased input, which Validate explains.
func Normalize(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 2 && isDigit(code[0]) && isDigit(code[1]) {
		if d, ok := byDivision[code]; ok {
			return d.IndustryCode(), true
		}
		return code, false
	}
	_, ok := MajorOf(code)
	return code, ok
}

// Majors returns all 97 大类 in code order.
func Majors() []Major { return append([]Major(nil), divisions...) }

// Sections returns the 20 sections in code order.
func Sections() []Section { return append([]Section(nil), sections...) }
