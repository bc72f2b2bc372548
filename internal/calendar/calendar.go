// Package calendar counts Chinese working days (工作日): Monday to Friday,
// minus the statutory holidays announced each year by the State Council,
// plus the make-up working days (调休上班日) that fall on weekends.
//
// A year is either known, with its official arrangement, or unknown; the
// package never guesses about an unknown year unless asked to via
// AddWorkdaysProvisional.
package calendar

import (
	"bytes"
	_ "embed" // for the official data in data/cn.json
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// The embedded data is converted from the npm package chinese-days; fetch it
// with `npm pack chinese-days` and point CHINESE_DAYS_JSON at
// package/dist/chinese-days.json. Without the variable the generator does nothing.
//go:generate go run ../../scripts/calendar-gen -o data/cn.json $CHINESE_DAYS_JSON

//go:embed data/cn.json
var embedded []byte

// ErrUnknownYear is wrapped (together with the year) by every error caused
// by a year whose holiday arrangement the calendar does not hold.
var ErrUnknownYear = errors.New("未收录该年份的节假日安排")

// ErrDayCount is returned for a negative or absurdly large working-day count.
var ErrDayCount = errors.New("工作日数必须在 0 到 100000 之间")

const maxDayCount = 100000

// Year is the official arrangement of one year.
type Year struct {
	// Holidays are the statutory days off; they may fall on any weekday.
	Holidays []Date
	// Workdays are the make-up working days; they always fall on a weekend.
	Workdays []Date
}

// Calendar answers working-day questions for the years it knows. It is
// immutable after construction and safe for concurrent use.
type Calendar struct {
	first, last int
	tables      []*table // tables[y-first]; nil for an unknown year
	years       map[int]Year
}

// table holds cum[i], the number of working days among the first i days of
// the year, so any range count is one subtraction.
type table struct {
	days int
	cum  [367]uint16
}

func (t *table) total() int { return int(t.cum[t.days]) }

// search returns the 0-based day of the year of the k-th working day (k ≥ 1).
func (t *table) search(k int) int {
	lo, hi := 1, t.days // smallest i in [lo, hi] with cum[i] >= k
	for lo < hi {
		mid := (lo + hi) / 2
		if int(t.cum[mid]) >= k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo - 1
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	years, err := ParseYears(bytes.NewReader(embedded))
	if err == nil {
		var c *Calendar
		if c, err = New(years); err == nil {
			return c
		}
	}
	panic("calendar: embedded data/cn.json: " + err.Error())
})

// Default returns the calendar built from the embedded official data
// (2004 onwards). It is parsed once and shared.
func Default() *Calendar { return defaultCalendar() }

// New builds a calendar from the given years after validating them: every
// date must be valid and inside its year, no date may be listed twice or be
// both a holiday and a make-up working day, make-up working days must be
// Saturdays or Sundays, and every year needs at least one holiday.
func New(years map[int]Year) (*Calendar, error) {
	if len(years) == 0 {
		return nil, errors.New("至少需要一个年份的节假日安排")
	}
	keys := slices.Sorted(maps.Keys(years))
	for _, y := range keys {
		if err := validateYear(y, years[y]); err != nil {
			return nil, err
		}
	}
	c := &Calendar{
		first:  keys[0],
		last:   keys[len(keys)-1],
		years:  make(map[int]Year, len(keys)),
		tables: make([]*table, keys[len(keys)-1]-keys[0]+1),
	}
	for _, y := range keys {
		yr := Year{slices.Clone(years[y].Holidays), slices.Clone(years[y].Workdays)}
		c.years[y] = yr
		c.tables[y-c.first] = buildTable(y, yr)
	}
	return c, nil
}

// With returns a new calendar in which the given years replace (or add to)
// those of c; c itself is unchanged.
func (c *Calendar) With(overrides map[int]Year) (*Calendar, error) {
	merged := maps.Clone(c.years)
	maps.Copy(merged, overrides)
	return New(merged)
}

// Through returns the calendar as it stood before the years after last
// were announced: those years become unknown. It fails when no year is left.
func (c *Calendar) Through(last int) (*Calendar, error) {
	years := map[int]Year{}
	for y, yr := range c.years {
		if y <= last {
			years[y] = yr
		}
	}
	return New(years)
}

// Known reports whether the calendar holds the arrangement of year.
func (c *Calendar) Known(year int) bool { return c.table(year) != nil }

// Years returns the known years in ascending order.
func (c *Calendar) Years() []int { return slices.Sorted(maps.Keys(c.years)) }

// IsWorkday reports whether d is a working day. It fails with ErrUnknownYear
// if d's year is not known.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !d.valid() {
		return false, invalidDate(d)
	}
	t := c.table(d.Year)
	if t == nil {
		return false, unknownYear(d.Year)
	}
	i := d.yday()
	return t.cum[i+1] != t.cum[i], nil
}

// AddWorkdays returns the n-th working day after d (d itself is not
// counted); n = 0 returns d. Every year passed through must be known.
func (c *Calendar) AddWorkdays(d Date, n int) (Date, error) {
	r, _, err := c.add(d, n, false)
	return r, err
}

// AddWorkdaysProvisional is like AddWorkdays, but years after the last
// known year are counted Monday to Friday. provisional reports whether any
// such year was involved, i.e. the result may move once the State Council
// announces that year. Years before the first known one (or gaps between
// known years) are still an error.
func (c *Calendar) AddWorkdaysProvisional(d Date, n int) (result Date, provisional bool, err error) {
	return c.add(d, n, true)
}

func (c *Calendar) add(d Date, n int, provisional bool) (Date, bool, error) {
	if !d.valid() {
		return Date{}, false, invalidDate(d)
	}
	if n < 0 || n > maxDayCount {
		return Date{}, false, fmt.Errorf("%w：%d", ErrDayCount, n)
	}
	y := d.Year
	if provisional && y > c.last {
		return addWeekdays(d, n), true, nil
	}
	t := c.table(y)
	if t == nil {
		return Date{}, false, unknownYear(y)
	}
	if n == 0 {
		return d, false, nil
	}
	k := int(t.cum[d.yday()+1]) + n // the k-th working day of year y
	for k > t.total() {
		k -= t.total()
		y++
		if provisional && y > c.last {
			return addWeekdays(Date{y - 1, time.December, 31}, k), true, nil
		}
		if t = c.table(y); t == nil {
			return Date{}, false, unknownYear(y)
		}
	}
	return fromYday(y, t.search(k)), false, nil
}

// WorkdaysBetween counts the working days after from up to and including
// to; it is 0 if to is not after from. Every year of the range must be known.
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	switch {
	case !from.valid():
		return 0, invalidDate(from)
	case !to.valid():
		return 0, invalidDate(to)
	case to.Compare(from) <= 0:
		return 0, nil
	}
	n := 0
	for y := from.Year; y <= to.Year; y++ {
		t := c.table(y)
		if t == nil {
			return 0, unknownYear(y)
		}
		if y == to.Year {
			n += int(t.cum[to.yday()+1])
		} else {
			n += t.total()
		}
		if y == from.Year {
			n -= int(t.cum[from.yday()+1])
		}
	}
	return n, nil
}

// WorkdaysBetweenProvisional is like WorkdaysBetween, but years after the
// last known year are counted Monday to Friday, as AddWorkdaysProvisional
// does; provisional reports whether any such year was counted.
func (c *Calendar) WorkdaysBetweenProvisional(from, to Date) (n int, provisional bool, err error) {
	if !from.valid() || !to.valid() || to.Year <= c.last {
		n, err = c.WorkdaysBetween(from, to)
		return n, false, err
	}
	if to.Compare(from) <= 0 {
		return 0, false, nil
	}
	// Known part: up to the end of the last known year (nothing when from
	// is already past it); the rest Monday to Friday.
	start := from
	if from.Year <= c.last {
		end := Date{c.last, time.December, 31}
		if n, err = c.WorkdaysBetween(from, end); err != nil {
			return 0, false, err
		}
		start = end
	}
	return n + weekdaysBetween(start, to), true, nil
}

func (c *Calendar) table(y int) *table {
	if y < c.first || y > c.last {
		return nil
	}
	return c.tables[y-c.first]
}

func buildTable(y int, yr Year) *table {
	t := &table{days: daysInYear(y)}
	var work [366]bool
	wd := Date{y, time.January, 1}.weekday()
	for i := range t.days {
		work[i] = !isWeekend(wd)
		wd = (wd + 1) % 7
	}
	for _, d := range yr.Holidays {
		work[d.yday()] = false
	}
	for _, d := range yr.Workdays {
		work[d.yday()] = true
	}
	for i := range t.days {
		t.cum[i+1] = t.cum[i]
		if work[i] {
			t.cum[i+1]++
		}
	}
	return t
}

func validateYear(y int, yr Year) error {
	if y < 1 || y > 9999 {
		return fmt.Errorf("年份 %d 超出范围", y)
	}
	if len(yr.Holidays) == 0 {
		return fmt.Errorf("%d 年没有任何节假日", y)
	}
	const holiday, workday = 1, 2
	seen := make(map[Date]int, len(yr.Holidays)+len(yr.Workdays))
	check := func(d Date, kind int) error {
		switch {
		case !d.valid():
			return invalidDate(d)
		case d.Year != y:
			return fmt.Errorf("年份 %d 中出现了 %s", y, d)
		case seen[d] == kind:
			return fmt.Errorf("日期 %s 重复出现", d)
		case seen[d] != 0:
			return fmt.Errorf("日期 %s 同时出现在节假日和调休上班日中", d)
		case kind == workday && !isWeekend(d.weekday()):
			return fmt.Errorf("%d 年的调休上班日 %s 不是周末", y, d)
		}
		seen[d] = kind
		return nil
	}
	for _, d := range yr.Holidays {
		if err := check(d, holiday); err != nil {
			return err
		}
	}
	for _, d := range yr.Workdays {
		if err := check(d, workday); err != nil {
			return err
		}
	}
	return nil
}

func invalidDate(d Date) error { return fmt.Errorf("「%s」%w", d, ErrInvalidDate) }

func unknownYear(y int) error { return fmt.Errorf("%w：%d 年", ErrUnknownYear, y) }

// Exceptions lists a known year's departures from Monday to Friday, in
// date order: the holidays that fall on weekdays and the make-up working
// days (调休上班日) on weekends.
func (c *Calendar) Exceptions(year int) (holidays, workdays []Date, err error) {
	if !c.Known(year) {
		return nil, nil, unknownYear(year)
	}
	for yd := 0; yd < daysInYear(year); yd++ {
		d := fromYday(year, yd)
		work, err := c.IsWorkday(d)
		if err != nil {
			return nil, nil, err
		}
		switch weekend := isWeekend(d.weekday()); {
		case work && weekend:
			workdays = append(workdays, d)
		case !work && !weekend:
			holidays = append(holidays, d)
		}
	}
	return holidays, workdays, nil
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.weekday() }
