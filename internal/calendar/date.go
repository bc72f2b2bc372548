package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidDate is wrapped by every error about a malformed or impossible
// date, e.g. 「2027-02-30」不是有效日期.
var ErrInvalidDate = errors.New("不是有效日期")

// Date is a civil (calendar) date without time of day or time zone.
// The zero Date is invalid.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's own location. Convert t to
// Asia/Shanghai first if it is not already in China's time zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date in strict YYYY-MM-DD form (years 0001–9999).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("「%s」%w", s, ErrInvalidDate)
	}
	num := func(part string) int {
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	d := Date{num(s[0:4]), time.Month(num(s[5:7])), num(s[8:10])}
	if !d.valid() {
		return Date{}, fmt.Errorf("「%s」%w", s, ErrInvalidDate)
	}
	return d, nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month - e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// daysBefore[m-1] is the number of days before month m in a common year.
var daysBefore = [13]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInYear(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

// monthStart is the 0-based day of the year on which month m begins.
func monthStart(y int, m time.Month) int {
	n := daysBefore[m-1]
	if m > time.February && isLeap(y) {
		n++
	}
	return n
}

func (d Date) valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	next := daysInYear(d.Year)
	if d.Month < time.December {
		next = monthStart(d.Year, d.Month+1)
	}
	return d.Day <= next-monthStart(d.Year, d.Month)
}

// yday returns the 0-based day of the year of a valid date.
func (d Date) yday() int { return monthStart(d.Year, d.Month) + d.Day - 1 }

// fromYday is the inverse of yday.
func fromYday(y, yd int) Date {
	m := time.December
	for yd < monthStart(y, m) {
		m--
	}
	return Date{y, m, yd - monthStart(y, m) + 1}
}

func (d Date) weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

func isWeekend(wd time.Weekday) bool { return wd == time.Saturday || wd == time.Sunday }

// addWeekdays returns the n-th Monday–Friday day after d (n ≥ 0).
func addWeekdays(d Date, n int) Date {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	// Any 7 consecutive days hold exactly 5 weekdays; step the rest one by one.
	weeks, rest := n/5, n%5
	if rest == 0 && weeks > 0 {
		weeks, rest = weeks-1, 5
	}
	t = t.AddDate(0, 0, 7*weeks)
	for rest > 0 {
		t = t.AddDate(0, 0, 1)
		if !isWeekend(t.Weekday()) {
			rest--
		}
	}
	return DateOf(t)
}

// weekdaysBetween counts the days Monday to Friday after from up to and
// including to (0 when to is not after from).
func weekdaysBetween(from, to Date) int {
	a := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, time.UTC)
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return 0
	}
	n := days / 7 * 5 // any 7 consecutive days hold exactly 5 weekdays
	for t := a.AddDate(0, 0, days/7*7); t.Before(b); {
		t = t.AddDate(0, 0, 1)
		if !isWeekend(t.Weekday()) {
			n++
		}
	}
	return n
}
