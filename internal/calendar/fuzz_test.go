package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
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

// FuzzParseYears checks that ParseYears never panics, that whatever it
// accepts is accepted by New too, and that what it accepts survives a round
// trip: every year key and every date reads back exactly as written (no
// "+202" or "02027" taken for another year), the holidays are days off and
// the make-up days working days in the calendar built from them, and
// writing the years out again and parsing them gives the same years.
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
		var raw fileFormat
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("ParseYears accepted what encoding/json cannot read: %v", err)
		}
		if len(raw.Years) != len(years) || len(c.Years()) != len(years) {
			t.Fatalf("%d year keys read as %d years", len(raw.Years), len(years))
		}
		out := fileFormat{Years: map[string]struct {
			Holidays []string `json:"holidays"`
			Workdays []string `json:"workdays"`
		}{}}
		for y, yr := range years {
			key := fmt.Sprintf("%04d", y)
			in, ok := raw.Years[key]
			if !ok {
				t.Fatalf("year %d was not written as %q (keys %v)", y, key, slices.Collect(maps.Keys(raw.Years)))
			}
			for _, list := range []struct {
				name    string
				raw     []string
				dates   []Date
				working bool
			}{{"holidays", in.Holidays, yr.Holidays, false}, {"workdays", in.Workdays, yr.Workdays, true}} {
				if len(list.raw) != len(list.dates) {
					t.Fatalf("%d %s: %d written, %d read", y, list.name, len(list.raw), len(list.dates))
				}
				for i, d := range list.dates {
					if d.String() != list.raw[i] {
						t.Fatalf("%d %s[%d]: %q read as %s", y, list.name, i, list.raw[i], d)
					}
					if back, err := ParseDate(d.String()); err != nil || back != d {
						t.Fatalf("%s does not parse back: %v %v", d, back, err)
					}
					if w, err := c.IsWorkday(d); err != nil || w != list.working {
						t.Fatalf("%s listed in %s: working day %v (%v)", d, list.name, w, err)
					}
				}
			}
			var o struct {
				Holidays []string `json:"holidays"`
				Workdays []string `json:"workdays"`
			}
			for _, d := range yr.Holidays {
				o.Holidays = append(o.Holidays, d.String())
			}
			for _, d := range yr.Workdays {
				o.Workdays = append(o.Workdays, d.String())
			}
			out.Years[key] = o
		}
		again, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		years2, err := ParseYears(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("the years written back are refused: %v\n%s", err, again)
		}
		if !maps.EqualFunc(years, years2, func(a, b Year) bool {
			return slices.Equal(a.Holidays, b.Holidays) && slices.Equal(a.Workdays, b.Workdays)
		}) {
			t.Fatalf("round trip changed the years:\n%v\n%v", years, years2)
		}
	})
}
