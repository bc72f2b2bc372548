package model

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in 万元, the unit of investment ledgers, held exactly as
// a whole number of hundredths of 万元 (百元): Money(123456) is 1234.56 万元.
// Ledgers state investment to two decimals of 万元, so nothing is rounded,
// and sums and ratios of Money are exact (never float).
type Money int64

// MaxMoney bounds every amount zhuqi accepts: 10^12 万元, far beyond any
// project, chosen so that products of amounts with the small factors the
// rules use (12 months, 1000 ‰) cannot overflow int64.
const MaxMoney Money = 100_000_000_000_000

// errMoney is the message of every malformed amount.
var errMoney = errors.New("应为万元数，最多两位小数")

// ParseMoney parses an amount of 万元 such as 1234, 1234.5, -20.05 or
// "1,234.56" (thousands separators as spreadsheets print them). More than
// two decimals is an error rather than rounded: an investment figure is
// either exact or wrong.
func ParseMoney(s string) (Money, error) {
	in := s
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if strings.Contains(whole, ",") {
		whole = ungroup(whole)
	}
	if whole == "" || (dot && frac == "") || len(frac) > 2 || len(whole) > 13 || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("金额「%s」%w", in, errMoney)
	}
	n, _ := strconv.ParseInt(whole, 10, 64) // at most 13 digits: cannot fail
	n *= 100
	switch len(frac) {
	case 1:
		n += int64(frac[0]-'0') * 10
	case 2:
		n += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if Money(n) > MaxMoney {
		return 0, fmt.Errorf("金额「%s」超出范围", in)
	}
	if neg {
		n = -n
	}
	return Money(n), nil
}

// ungroup removes thousands separators from whole, or returns "" (invalid)
// when they are not every three digits from the right.
func ungroup(whole string) string {
	parts := strings.Split(whole, ",")
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return ""
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return ""
		}
	}
	return strings.Join(parts, "")
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the amount with two decimals: 1234.50, -0.05.
func (m Money) String() string {
	n := int64(m)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	frac := n % 100
	s := sign + strconv.FormatInt(n/100, 10) + "."
	if frac < 10 {
		s += "0"
	}
	return s + strconv.FormatInt(frac, 10)
}

// Label is the amount with its unit, 1234.50 万元.
func (m Money) Label() string { return m.String() + " 万元" }

// Valid reports whether the amount is within ±MaxMoney.
func (m Money) Valid() bool { return m >= -MaxMoney && m <= MaxMoney }

// MarshalJSON writes the amount as a JSON number with two decimals, so the
// text is exact (1234.50), whatever a reader later does with it.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number or string of 万元, exactly (the text is
// parsed, never converted through float).
func (m *Money) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*m = 0
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Value stores the amount as its count of hundredths of 万元 (BIGINT).
func (m Money) Value() (driver.Value, error) { return int64(m), nil }

// Scan reads a BIGINT count of hundredths of 万元.
func (m *Money) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*m = 0
	case int64:
		*m = Money(v)
	default:
		return fmt.Errorf("cannot scan %T into Money", src)
	}
	return nil
}
