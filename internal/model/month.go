package model

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month (YYYY-MM), the period of project lights and
// monthly rankings. The zero Month means "not known" and is stored as NULL.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month of a date.
func MonthOf(d Date) Month { return Month{d.Year, d.Month} }

// ParseMonth parses YYYY-MM (also YYYY/MM and YYYY年M月).
func ParseMonth(s string) (Month, error) {
	if s == "" {
		return Month{}, nil
	}
	for _, layout := range []string{"2006-01", "2006/01", "2006-1", "2006/1", "2006年1月"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1 {
			return Month{t.Year(), t.Month()}, nil
		}
	}
	return Month{}, fmt.Errorf("月份「%s」格式错误，应为 YYYY-MM", s)
}

// IsZero reports whether the month is unset.
func (m Month) IsZero() bool { return m == Month{} }

// Valid reports whether m is a real month of the years 0001–9999.
func (m Month) Valid() bool {
	return m.Year >= 1 && m.Year <= 9999 && m.Month >= time.January && m.Month <= time.December
}

// String formats the month as YYYY-MM, or "" when unset.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// Label is the Chinese form, 2026年3月.
func (m Month) Label() string {
	return strconv.Itoa(m.Year) + "年" + strconv.Itoa(int(m.Month)) + "月"
}

// index numbers months consecutively so that month arithmetic is integer
// arithmetic.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

func monthAt(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// Add returns the month n months after m (before, for negative n).
func (m Month) Add(n int) Month { return monthAt(m.index() + n) }

// Sub returns the number of months from o to m: 2026-05 minus 2026-03 is 2.
func (m Month) Sub(o Month) int { return m.index() - o.index() }

// Compare returns -1, 0 or +1 as m is before, equal to or after o.
func (m Month) Compare(o Month) int {
	switch d := m.index() - o.index(); {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// First is the first day of the month.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }

// Last is the last day of the month.
func (m Month) Last() Date { return Date{m.Year, m.Month, m.days()} }

// days is the number of days of a valid month.
func (m Month) days() int {
	switch m.Month {
	case time.February:
		if y := m.Year; y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Quarter is the quarter the month belongs to.
func (m Month) Quarter() Quarter { return Quarter{m.Year, (int(m.Month)-1)/3 + 1} }

// MarshalJSON writes "YYYY-MM" or null.
func (m Month) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(m.String())
}

// UnmarshalJSON reads "YYYY-MM", "" or null.
func (m *Month) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = Month{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("月份应为字符串 YYYY-MM")
	}
	v, err := ParseMonth(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Value stores the month as the text YYYY-MM on both engines.
func (m Month) Value() (driver.Value, error) {
	if m.IsZero() {
		return nil, nil
	}
	return m.String(), nil
}

// Scan reads a YYYY-MM text.
func (m *Month) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*m = Month{}
		return nil
	case string:
		p, err := ParseMonth(v)
		*m = p
		return err
	case []byte:
		p, err := ParseMonth(string(v))
		*m = p
		return err
	}
	return fmt.Errorf("cannot scan %T into Month", src)
}

// Quarter is a calendar quarter, the period of 季考评 and of the rounds
// (第N期) of 三个一批.
type Quarter struct {
	Year    int
	Quarter int // 1–4
}

// QuarterOf returns the quarter of a date.
func QuarterOf(d Date) Quarter { return MonthOf(d).Quarter() }

// Valid reports whether q is a real quarter.
func (q Quarter) Valid() bool {
	return q.Year >= 1 && q.Year <= 9999 && q.Quarter >= 1 && q.Quarter <= 4
}

// String formats the quarter as 2026-Q1.
func (q Quarter) String() string { return fmt.Sprintf("%04d-Q%d", q.Year, q.Quarter) }

// Label is the Chinese form, 2026年第一季度.
func (q Quarter) Label() string {
	names := [...]string{"", "一", "二", "三", "四"}
	if !q.Valid() {
		return q.String()
	}
	return strconv.Itoa(q.Year) + "年第" + names[q.Quarter] + "季度"
}

// Months are the quarter's three months in order.
func (q Quarter) Months() [3]Month {
	first := Month{q.Year, time.Month(3*q.Quarter - 2)}
	return [3]Month{first, first.Add(1), first.Add(2)}
}

// ParseQuarter parses 2026-Q1 (also 2026Q1).
func ParseQuarter(s string) (Quarter, error) {
	y, q, ok := strings.Cut(s, "Q")
	y = strings.TrimSuffix(y, "-")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if v := (Quarter{year, n}); ok && err1 == nil && err2 == nil && len(y) == 4 && len(q) == 1 && v.Valid() {
		return v, nil
	}
	return Quarter{}, fmt.Errorf("季度「%s」格式错误，应为 YYYY-Qn", s)
}

// MarshalJSON writes "2026-Q1".
func (q Quarter) MarshalJSON() ([]byte, error) { return json.Marshal(q.String()) }

// UnmarshalJSON reads "2026-Q1".
func (q *Quarter) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("季度应为字符串 YYYY-Qn")
	}
	v, err := ParseQuarter(s)
	if err != nil {
		return err
	}
	*q = v
	return nil
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o. Unset
// dates sort first.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

// Valid reports whether d is a real date of the years 0001–9999 (the zero
// Date is not).
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= MonthOf(d).days()
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
