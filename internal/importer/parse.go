package importer

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// normalizeCode prepares a code (USCC, industry or region code) for storage:
// full-width to half-width, every space removed, upper-cased.
func normalizeCode(s string) string {
	s = toHalfWidth(s)
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= utf8.RuneSelf || (c >= 'a' && c <= 'z') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSpace(r) {
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quote shows a user value inside a message, shortened when long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 30 {
		r := []rune(s)
		s = string(r[:30]) + "…"
	}
	return "“" + s + "”"
}

// stripGrouping removes thousands separators from a number written like
// "1,234,567.5". It returns s unchanged when the commas are not a valid
// grouping, so that "1,2" stays an error instead of becoming 12.
func stripGrouping(s string) string {
	if strings.IndexByte(s, ',') < 0 {
		return s
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	sign := ""
	if intPart != "" && (intPart[0] == '-' || intPart[0] == '+') {
		sign, intPart = intPart[:1], intPart[1:]
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 || !isDigits(groups[0]) {
		return s
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !isDigits(g) {
			return s
		}
	}
	return sign + strings.Join(groups, "") + frac
}

// parseScaledDecimal converts a non-negative decimal string to an integer
// number of 1/10^shift units, exactly, without floating point: with shift 4,
// "12.5" (万元) is 125000 (元). Trailing zeros after the point do not count
// as decimals. The message is empty on success.
func parseScaledDecimal(s string, shift int) (int64, string) {
	s = stripGrouping(toHalfWidth(s))
	if s == "" {
		return 0, ""
	}
	switch s[0] {
	case '-':
		if isZeroNumber(s[1:]) {
			return 0, ""
		}
		return 0, "不能为负数：" + quote(s)
	case '+':
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if (intPart == "" && frac == "") || (intPart != "" && !isDigits(intPart)) || (frac != "" && !isDigits(frac)) {
		return 0, "不是有效的数字：" + quote(s)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > shift {
		if shift == 0 {
			return 0, "应为整数（元）：" + quote(s)
		}
		return 0, "最多保留 " + strconv.Itoa(shift) + " 位小数：" + quote(s)
	}
	digits := strings.TrimLeft(intPart, "0") + frac + strings.Repeat("0", shift-len(frac))
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, ""
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, "数值过大：" + quote(s)
	}
	return v, ""
}

// isZeroNumber reports whether s is a zero like "0", "0.00" or "".
func isZeroNumber(s string) bool {
	return strings.Trim(s, "0.") == "" && s != ""
}

// formatScaledDecimal is the inverse of parseScaledDecimal: 125000 with
// shift 4 is "12.5".
func formatScaledDecimal(v int64, shift int) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u, 10)
	if len(s) <= shift {
		s = strings.Repeat("0", shift-len(s)+1) + s
	}
	intPart, frac := s[:len(s)-shift], strings.TrimRight(s[len(s)-shift:], "0")
	if frac != "" {
		intPart += "." + frac
	}
	if neg {
		intPart = "-" + intPart
	}
	return intPart
}

// parseCount parses a non-negative whole number such as 从业人数. A zero
// fraction ("12.0", from spreadsheets) is accepted.
func parseCount(s string) (int64, string) {
	s = stripGrouping(toHalfWidth(s))
	if s == "" {
		return 0, ""
	}
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if !isDigits(s) {
		return 0, "应为整数：" + quote(s)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "数值过大：" + quote(s)
	}
	if neg && v != 0 {
		return 0, "不能为负数：" + quote("-"+s)
	}
	return v, ""
}

// parseCoord parses a latitude or longitude and checks |v| <= max.
func parseCoord(s string, max float64) (*float64, string) {
	s = toHalfWidth(s)
	s = strings.TrimSuffix(s, "°")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return nil, "不是有效的数字：" + quote(s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, "不是有效的数字：" + quote(s)
	}
	if v < -max || v > max {
		return nil, "应在 -" + strconv.Itoa(int(max)) + " 至 " + strconv.Itoa(int(max)) + " 之间：" + quote(s)
	}
	return &v, ""
}

// excelEpoch1900 is day 0 of Excel's default date system for every serial
// after Excel's fictitious 1900-02-29 (serial 60), which is all we accept.
var excelEpoch1900 = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)

// excelEpoch1904 is day 0 of the 1904 date system (old Mac workbooks).
var excelEpoch1904 = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)

// serialDate converts an Excel serial day number, as a date cell holds it, to
// a date; any time-of-day fraction is dropped. Only five-digit serials are
// taken (1927-05-18 to 2173-10-14 in the 1900 system): a shorter number in a
// date column is far more likely a year ("2018") typed by mistake.
func serialDate(s string, date1904 bool) (model.Date, bool) {
	intPart := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if !isDigits(s[i+1:]) {
			return model.Date{}, false
		}
		intPart = s[:i]
	}
	if len(intPart) != 5 || !isDigits(intPart) {
		return model.Date{}, false
	}
	n, _ := strconv.Atoi(intPart)
	base := excelEpoch1900
	if date1904 {
		base = excelEpoch1904
	}
	return model.DateOf(base.AddDate(0, 0, n)), true
}

// dateSeparators turns the separators Chinese users write into "-".
var dateSeparators = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "", "号", "")

// parseDateCell parses a date in any of the forms clerks write: 2023-01-02,
// 2023/1/2, 2023.1.2, 2023年1月2日, 20230102, a date-time whose time is
// ignored, or an Excel serial day number.
func parseDateCell(s string, date1904 bool) (model.Date, string) {
	s = toHalfWidth(s)
	if s == "" {
		return model.Date{}, ""
	}
	orig := s
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // "2023/1/2 0:00", "2023-01-02T00:00:00Z"
	}
	bad := func() string { return "不是有效的日期，应为 YYYY-MM-DD，如 2023-01-02：" + quote(orig) }
	// Fast paths: 2023-01-02 and 20230102.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && isDigits(s[:4]) && isDigits(s[5:7]) && isDigits(s[8:]) {
		return ymd(s[:4], s[5:7], s[8:], bad)
	}
	if len(s) == 8 && isDigits(s) {
		return ymd(s[:4], s[4:6], s[6:], bad)
	}
	if d, ok := serialDate(s, date1904); ok {
		return d, ""
	}
	d, err := model.ParseDate(dateSeparators.Replace(s))
	if err != nil {
		return model.Date{}, bad()
	}
	return d, ""
}

// ymd builds a date from digit strings, rejecting impossible dates.
func ymd(ys, ms, ds string, bad func() string) (model.Date, string) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y == 0 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return model.Date{}, bad()
	}
	return model.Date{Year: y, Month: time.Month(m), Day: d}, ""
}

// serialOf is the Excel (1900 system) serial day number of d; ok is false for
// dates Excel cannot show correctly (before 1900-03-01).
func serialOf(d model.Date) (int, bool) {
	t := d.Time(time.UTC)
	if t.Before(time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC)) || t.Year() > 9999 {
		return 0, false
	}
	return int(t.Sub(excelEpoch1900).Hours() / 24), true
}

// tagSeparator reports the characters tags are separated by.
func tagSeparator(r rune) bool {
	switch r {
	case '、', ',', '，', ';', '；', '|', '｜':
		return true
	}
	return isSpace(r)
}

// splitTags splits a tag cell, dropping empty and repeated tags and keeping
// the first-seen order.
func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, tagSeparator)
	out := parts[:0]
	for _, p := range parts {
		dup := false
		for _, q := range out {
			if q == p {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ownershipAliases are registration-type wordings found in statistical
// spreadsheets that ParseOwnership does not know.
var ownershipAliases = map[string]model.Ownership{
	"私营":         model.OwnershipPrivate,
	"民营企业":       model.OwnershipPrivate,
	"私营企业":       model.OwnershipPrivate,
	"国有企业":       model.OwnershipState,
	"国企":         model.OwnershipState,
	"集体企业":       model.OwnershipCollective,
	"外商投资":       model.OwnershipForeign,
	"外商投资企业":     model.OwnershipForeign,
	"外资企业":       model.OwnershipForeign,
	"港澳台商投资":     model.OwnershipHKMT,
	"港澳台商投资企业":   model.OwnershipHKMT,
	"港澳台投资企业":    model.OwnershipHKMT,
	"港、澳、台商投资企业": model.OwnershipHKMT,
	"港澳台企业":      model.OwnershipHKMT,
}

// parseScale accepts what model.ParseScale accepts, case-insensitively, and
// "小型企业" style labels.
func parseScale(s string) (model.Scale, string) {
	if s == "" {
		return "", ""
	}
	v := strings.ToLower(toHalfWidth(s))
	if sc, ok := model.ParseScale(v); ok {
		return sc, ""
	}
	if sc, ok := model.ParseScale(strings.TrimSuffix(v, "企业")); ok {
		return sc, ""
	}
	return "", "无法识别的企业规模" + quote(s) + "，应为 大型、中型、小型、微型"
}

// parseOwnership accepts what model.ParseOwnership accepts, case-insensitively,
// and the common registration-type wordings in ownershipAliases.
func parseOwnership(s string) (model.Ownership, string) {
	if s == "" {
		return "", ""
	}
	v := strings.ToLower(toHalfWidth(s))
	if o, ok := model.ParseOwnership(v); ok {
		return o, ""
	}
	if o, ok := ownershipAliases[v]; ok {
		return o, ""
	}
	return "", "无法识别的所有制" + quote(s) + "，应为 民营、国有、集体、外资、港澳台、其他"
}

// needsNumericTidy reports whether s may be a number as Excel stores it with
// more precision than it displays ("1234.5600000000001", 17 significant
// digits) or in exponent notation ("1.38E+10").
func needsNumericTidy(s string) bool {
	if s == "" || !strings.ContainsAny(s, ".eE") {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 || c != '0' {
				digits++
			}
		case c == 'e' || c == 'E':
			return true
		case c != '.' && c != '-' && c != '+':
			return false
		}
	}
	return digits > 15
}

// tidyNumber gives what Excel displays for a stored number: rounded to 15
// significant digits, in plain notation. Text that is not a number is
// returned unchanged.
func tidyNumber(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return s
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
