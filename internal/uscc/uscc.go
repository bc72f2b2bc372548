// Package uscc validates and builds 统一社会信用代码 (Unified Social Credit
// Codes) as defined by GB 32100-2015.
//
// A code has 18 characters: 登记管理部门码 (1), 机构类别码 (1), 登记管理机关行政区划码
// (6), 组织机构代码 (9, GB 11714: 8 body characters and a check character) and a
// final check character.
package uscc

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Charset lists the 31 characters allowed in a code; a character's index is
// its value in the check computation. I, O, S, V and Z are not used.
const Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// Length is the number of characters in a code.
const Length = 18

// Reasons reported in Error.Reason. They are stable and safe to match on.
const (
	ReasonLength   = "length"    // not 18 characters
	ReasonCharset  = "charset"   // a character outside Charset
	ReasonOrgCheck = "org_check" // the 组织机构代码 check character (17th) is wrong
	ReasonCheck    = "check"     // the final check character (18th) is wrong
)

var weights = [Length - 1]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// values maps a byte to its value in Charset plus one; zero means "not allowed".
var values [256]int8

func init() {
	for i := 0; i < len(Charset); i++ {
		values[Charset[i]] = int8(i + 1)
	}
}

// Error describes why a code is invalid.
type Error struct {
	// Reason is one of the Reason* constants.
	Reason string
	// Pos is the 1-based character position concerned (charset, org_check
	// and check reasons), or 0.
	Pos int
	// Char is the offending character (charset reason).
	Char rune
	// Want is the expected check character (org_check and check reasons).
	Want byte
	// Len is the expected length (length reason).
	Len int
}

// Error implements the error interface.
func (e *Error) Error() string {
	return "uscc: " + e.Reason + ": " + e.Message()
}

// Message returns a Chinese explanation suitable for showing to users.
func (e *Error) Message() string {
	switch e.Reason {
	case ReasonLength:
		return fmt.Sprintf("长度应为%d位", e.Len)
	case ReasonCharset:
		msg := fmt.Sprintf("含非法字符「%c」(第%d位)", e.Char, e.Pos)
		if strings.ContainsRune("IOSVZ", e.Char) {
			msg += "：不得使用 I、O、S、V、Z"
		}
		return msg
	case ReasonOrgCheck:
		return "组织机构代码校验位错误"
	case ReasonCheck:
		return fmt.Sprintf("校验位错误（应为「%c」）", e.Want)
	}
	return "代码无效"
}

// Normalize prepares user input for Validate: it trims white space
// (including the full-width space U+3000), folds full-width letters and
// digits to ASCII and upper-cases ASCII letters.
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' {
			r -= 0xFEE0
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Validate reports whether code is a well-formed code with correct check
// characters. It returns nil or an *Error. The input must already be
// normalized (see Normalize).
func Validate(code string) error {
	if n := utf8.RuneCountInString(code); n != Length {
		return &Error{Reason: ReasonLength, Len: Length}
	}
	if err := checkCharset(code); err != nil {
		return err
	}
	if want, _ := OrgCheckChar(code[8:16]); code[16] != want {
		return &Error{Reason: ReasonOrgCheck, Pos: 17, Want: want}
	}
	if want, _ := CheckChar(code[:17]); code[17] != want {
		return &Error{Reason: ReasonCheck, Pos: 18, Want: want}
	}
	return nil
}

// checkCharset returns a charset *Error for the first character of s that
// is not in Charset.
func checkCharset(s string) error {
	pos := 0
	for _, r := range s {
		pos++
		if r >= utf8.RuneSelf || values[r] == 0 {
			return &Error{Reason: ReasonCharset, Pos: pos, Char: r}
		}
	}
	return nil
}

// CheckChar computes the final (18th) check character for the first 17
// characters of a code. It returns an *Error if first17 has the wrong
// length or characters outside Charset.
func CheckChar(first17 string) (byte, error) {
	if utf8.RuneCountInString(first17) != Length-1 {
		return 0, &Error{Reason: ReasonLength, Len: Length - 1}
	}
	if err := checkCharset(first17); err != nil {
		return 0, err
	}
	sum := 0
	for i, w := range weights {
		sum += int(values[first17[i]]-1) * w
	}
	return Charset[(31-sum%31)%31], nil
}

// OrgCheckChar computes the GB 11714 check character for the 8-character
// body of an organization code. Body characters are digits (value 0–9) or
// upper-case letters (A=10 … Z=35). The result is a digit or 'X'. It returns
// an *Error if body8 has the wrong length or other characters.
func OrgCheckChar(body8 string) (byte, error) {
	if utf8.RuneCountInString(body8) != len(orgWeights) {
		return 0, &Error{Reason: ReasonLength, Len: len(orgWeights)}
	}
	sum := 0
	for i, r := range body8 {
		var v int
		switch {
		case r >= '0' && r <= '9':
			v = int(r - '0')
		case r >= 'A' && r <= 'Z':
			v = int(r-'A') + 10
		default:
			return 0, &Error{Reason: ReasonCharset, Pos: i + 1, Char: r}
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', nil
	case 11:
		return '0', nil
	default:
		return byte('0' + c), nil
	}
}

// Build assembles a valid code from its parts: the registration department
// code (e.g. '9' for 工商), the organization type code (e.g. '1' for 企业), the
// 6-digit administrative division code of the registering authority and the
// 8-character organization code body. It appends the organization check
// character and the final check character.
func Build(regDept byte, orgType byte, region string, orgBody string) (string, error) {
	if len(region) != 6 || strings.Trim(region, "0123456789") != "" {
		return "", fmt.Errorf("uscc: region %q must be 6 digits", region)
	}
	orgCheck, err := OrgCheckChar(orgBody)
	if err != nil {
		return "", fmt.Errorf("uscc: organization body %q: %w", orgBody, err)
	}
	first17 := string([]byte{regDept, orgType}) + region + orgBody + string(orgCheck)
	check, err := CheckChar(first17)
	if err != nil {
		return "", fmt.Errorf("uscc: %q: %w", first17, err)
	}
	return first17 + string(check), nil
}
