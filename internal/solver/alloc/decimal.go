package alloc

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number as JSON writes it ("120", "12.5",
// "-3"); the empty string means absent. It is never a float: amounts and
// values are scaled to integers by a power of ten for the solver, and
// results come back in the same exact form.
type Decimal string

// MaxDecimals is how many digits after the decimal point an input figure
// may have.
const MaxDecimals = 6

// maxDigits is how many significant digits a figure may have, so that
// scaled figures stay well inside int64.
const maxDigits = 15

// Int returns n as a Decimal.
func Int(n int64) Decimal { return Decimal(strconv.FormatInt(n, 10)) }

// NewDecimal returns units × 10^−scale, without trailing zeros.
func NewDecimal(units int64, scale int) Decimal {
	if units == math.MinInt64 || scale < 0 {
		return fromBig(big.NewInt(units), scale)
	}
	neg := units < 0
	if neg {
		units = -units
	}
	for scale > 0 && units%10 == 0 {
		units, scale = units/10, scale-1
	}
	if units == 0 {
		return "0"
	}
	s := strconv.FormatInt(units, 10)
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return Decimal(s)
}

func fromBig(units *big.Int, scale int) Decimal {
	s := new(big.Int).Abs(units).String()
	neg := units.Sign() < 0
	for scale > 0 && len(s) > 1 && s[len(s)-1] == '0' {
		s, scale = s[:len(s)-1], scale-1
	}
	if scale > 0 && s == "0" {
		scale = 0
	}
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return Decimal(s)
}

// MarshalJSON writes the number as a JSON number (null when absent).
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	if _, _, err := d.parse(); err != nil {
		return nil, err
	}
	return []byte(d), nil
}

// UnmarshalJSON keeps the number's text; it is checked (with the field it
// is in) when the instance is prepared. A quoted number is accepted too.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = ""
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		var t string
		if err := json.Unmarshal(b, &t); err != nil {
			return err
		}
		s = strings.TrimSpace(t)
		if s == "" {
			s = `""` // an empty string is not a number: keep it visible
		}
	}
	*d = Decimal(s)
	return nil
}

var (
	errNotNumber  = errors.New("not a number")
	errDecimals   = errors.New("too many decimals")
	errTooManyDig = errors.New("too many digits")
)

// parse returns the number as units × 10^−scale, with scale ≥ 0 and no
// trailing zeros beyond the point.
func (d Decimal) parse() (int64, int, error) {
	if u, sc, ok := d.plain(); ok {
		return u, sc, nil
	}
	s := string(d)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	intPart, frac, exp := s, "", ""
	if i := strings.IndexAny(intPart, "eE"); i >= 0 {
		intPart, exp = intPart[:i], intPart[i+1:]
		if exp == "" {
			return 0, 0, errNotNumber
		}
	}
	if i := strings.IndexByte(intPart, '.'); i >= 0 {
		intPart, frac = intPart[:i], intPart[i+1:]
		if frac == "" {
			return 0, 0, errNotNumber
		}
	}
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' || !digits(intPart) || !digits(frac) {
		return 0, 0, errNotNumber
	}
	e := 0
	if exp != "" {
		sign := 1
		switch exp[0] {
		case '+':
			exp = exp[1:]
		case '-':
			sign, exp = -1, exp[1:]
		}
		if exp == "" || !digits(exp) {
			return 0, 0, errNotNumber
		}
		exp = strings.TrimLeft(exp, "0")
		if len(exp) > 4 {
			if sign < 0 {
				return 0, 0, errDecimals
			}
			return 0, 0, errTooManyDig
		}
		n, _ := strconv.Atoi("0" + exp)
		e = sign * n
	}
	mant := strings.TrimLeft(intPart+frac, "0")
	scale := len(frac) - e
	for scale > 0 && strings.HasSuffix(mant, "0") {
		mant, scale = mant[:len(mant)-1], scale-1
	}
	if mant == "" {
		return 0, 0, nil
	}
	if scale < 0 {
		if len(mant)-scale > maxDigits {
			return 0, 0, errTooManyDig
		}
		mant += strings.Repeat("0", -scale)
		scale = 0
	}
	if scale > MaxDecimals {
		return 0, 0, errDecimals
	}
	if len(mant) > maxDigits {
		return 0, 0, errTooManyDig
	}
	u, err := strconv.ParseInt(mant, 10, 64)
	if err != nil {
		return 0, 0, errTooManyDig
	}
	if neg {
		u = -u
	}
	return u, scale, nil
}

// plain parses the common case fast: an optional minus, digits with no
// leading zero, and at most one point followed by digits without trailing
// zeros, at most maxDigits digits in all.
func (d Decimal) plain() (int64, int, bool) {
	s := string(d)
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	if len(s)-i == 0 || len(s)-i > maxDigits+1 || s[i] == '0' && len(s)-i > 1 {
		return 0, 0, false
	}
	var u int64
	scale, n, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			u = u*10 + int64(c-'0')
			n++
			if point {
				scale++
			}
		case c == '.' && !point && n > 0 && i+1 < len(s):
			point = true
		default:
			return 0, 0, false
		}
	}
	if n > maxDigits || scale > MaxDecimals || point && s[len(s)-1] == '0' {
		return 0, 0, false
	}
	if neg {
		u = -u
	}
	return u, scale, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rescale returns units × 10^(to−from) (to ≥ from), or false when that is
// beyond the solver's exact range.
func rescale(units int64, from, to int) (int64, bool) {
	for ; from < to; from++ {
		if units > limit/10 || units < -limit/10 {
			return 0, false
		}
		units *= 10
	}
	return units, units <= limit && units >= -limit
}

// limit bounds every scaled figure; the solver then checks the products.
const limit = 1 << 62
