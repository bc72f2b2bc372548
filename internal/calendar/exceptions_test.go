package calendar_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
)

// A year's exceptions are its holidays on weekdays and its make-up working
// days on weekends, in order, each agreeing with IsWorkday.
func TestExceptions(t *testing.T) {
	cal := calendar.Default()
	off, extra, err := cal.Exceptions(2026)
	if err != nil {
		t.Fatal(err)
	}
	has := func(list []calendar.Date, s string) bool {
		d, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(list, d)
	}
	// National Day 2026: 1–7 October off (Thursday the 1st a weekday), and
	// Saturday 10 October worked.
	if !has(off, "2026-10-01") || has(off, "2026-10-03") || !has(extra, "2026-10-10") || has(extra, "2026-10-12") {
		t.Errorf("2026: off %v, extra %v", off, extra)
	}
	for i, list := range [][]calendar.Date{off, extra} {
		for j, d := range list {
			work, err := cal.IsWorkday(d)
			weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
			if err != nil || work != (i == 1) || weekend != (i == 1) {
				t.Errorf("%s listed as %v: workday %v, weekend %v, %v", d, i, work, weekend, err)
			}
			if j > 0 && list[j-1].Compare(d) >= 0 {
				t.Errorf("not in order: %s after %s", d, list[j-1])
			}
		}
	}
	if _, _, err := cal.Exceptions(1999); !errors.Is(err, calendar.ErrUnknownYear) {
		t.Errorf("1999: %v, want ErrUnknownYear", err)
	}
}
