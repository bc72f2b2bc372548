package calendar

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// FuzzAddWorkdays compares AddWorkdays and AddWorkdaysProvisional with a
// day-by-day walk over the raw data, for any day of the known years.
func FuzzAddWorkdays(f *testing.F) {
	c, o := Default(), loadOracle(f)
	days := o.days()
	f.Fuzz(func(t *testing.T, day, count uint16) {
		d, n := days[int(day)%len(days)], int(count)%401

		got, err := c.AddWorkdays(d, n)
		want, ok := o.add(d, n, false)
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("AddWorkdays(%s, %d) = %v, %v; want %v (ok %v)", d, n, got, err, want, ok)
		}
		if !ok && !errors.Is(err, ErrUnknownYear) {
			t.Fatalf("AddWorkdays(%s, %d): %v", d, n, err)
		}

		got, prov, err := c.AddWorkdaysProvisional(d, n)
		want, _ = o.add(d, n, true)
		if err != nil || got != want || prov != (got.Year > o.last) {
			t.Fatalf("AddWorkdaysProvisional(%s, %d) = %v, %v, %v; want %v", d, n, got, prov, err, want)
		}
	})
}

// FuzzParseYears checks that ParseYears never panics and that whatever it
// accepts is accepted by New too.
func FuzzParseYears(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		years, err := ParseYears(bytes.NewReader(data))
		if err != nil {
			return
		}
		c, err := New(years)
		if err != nil {
			t.Fatalf("ParseYears accepted what New rejects: %v", err)
		}
		for _, y := range c.Years() {
			if _, err := c.IsWorkday(Date{y, time.June, 1}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
