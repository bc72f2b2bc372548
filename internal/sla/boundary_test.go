package sla

import (
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// atS is a Shanghai time to the second.
func atS(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func fmtS(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(Shanghai).Format("2006-01-02 15:04:05")
}

// TestAssessBoundaries pins each warning to the second it changes. A
// 7-working-day problem received Monday 2026-03-02 (no holidays in March)
// is due Wednesday 03-11 23:59:59. Yellow starts at the last second of the
// threshold day (the day has then elapsed, and the clock announces exactly
// that second); red starts one second after the due time, the due second
// itself being still in time; escalation one second after the fifth
// working day past the due date has ended.
func TestAssessBoundaries(t *testing.T) {
	cal := calendar.Default()
	base := Facts{Status: model.StatusInProgress, ReceivedAt: atS("2026-03-02 09:00:00"), TimeLimit: 7, LastProgressAt: atS("2026-03-02 09:00:00")}
	fresh := func(f *Facts) { f.LastProgressAt = atS("2026-03-09 16:00:00") } // idle threshold moves to 03-12
	cases := []struct {
		name     string
		mod      func(f *Facts)
		now      string
		want     model.Warning
		escalate bool
		next     string
	}{
		{"idle: last second before the threshold", nil, "2026-03-05 23:59:58", model.WarningNone, false, "2026-03-05 23:59:59"},
		{"idle: the threshold second itself", nil, "2026-03-05 23:59:59", model.WarningYellow, false, "2026-03-12 00:00:00"},
		{"two thirds: a second before", fresh, "2026-03-09 23:59:58", model.WarningNone, false, "2026-03-09 23:59:59"},
		{"two thirds: the threshold second itself", fresh, "2026-03-09 23:59:59", model.WarningYellow, false, "2026-03-12 00:00:00"},
		{"due second is still in time", nil, "2026-03-11 23:59:59", model.WarningYellow, false, "2026-03-12 00:00:00"},
		{"one second after the due time is red", nil, "2026-03-12 00:00:00", model.WarningRed, false, "2026-03-19 00:00:00"},
		{"escalation: last second of the fifth working day", nil, "2026-03-18 23:59:59", model.WarningRed, false, "2026-03-19 00:00:00"},
		{"escalation: one second later", nil, "2026-03-19 00:00:00", model.WarningRed, true, ""},
	}
	for _, c := range cases {
		f := base
		if c.mod != nil {
			c.mod(&f)
		}
		a, err := Assess(cal, &f, DefaultRules, atS(c.now))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fmtS(&a.Due); got != "2026-03-11 23:59:59" {
			t.Fatalf("%s: due %s", c.name, got)
		}
		if a.Warning != c.want || a.Escalate != c.escalate || fmtS(a.NextCheck) != c.next {
			t.Errorf("%s: warning %s escalate %v next %q, want %s %v %q", c.name, a.Warning, a.Escalate, fmtS(a.NextCheck), c.want, c.escalate, c.next)
		}
	}
}

// TestDueByBeijingDate: a receipt at 07:00 Beijing time is still the
// previous day in UTC (a Sunday here); the deadline counts from the
// Beijing date.
func TestDueByBeijingDate(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		received string
		limit    int
		want     string
	}{
		{"2026-03-02 07:00:00", 1, "2026-03-03 23:59:59"}, // 2026-03-01 23:00 UTC, a Sunday
		{"2026-03-02 00:00:00", 1, "2026-03-03 23:59:59"},
		{"2026-03-01 23:59:59", 1, "2026-03-02 23:59:59"}, // Sunday night: Monday is the first working day
	} {
		due, prov, err := Due(cal, &Facts{ReceivedAt: atS(c.received).UTC(), TimeLimit: c.limit})
		if err != nil || prov || fmtS(&due) != c.want {
			t.Errorf("received %s, %d day(s): due %s %v %v, want %s", c.received, c.limit, fmtS(&due), prov, err, c.want)
		}
	}
}

// TestFixedDueWithSuspension: a commitment's promised date moves by the
// working days the case spent suspended, as it does by an extension, and
// its yellow threshold counts them in its span.
func TestFixedDueWithSuspension(t *testing.T) {
	cal := calendar.Default()
	// Received Monday 03-02, promised Wednesday 03-11 (7 working days later),
	// suspended for 3 working days: due Monday 03-16 (Thu 12, Fri 13, Mon 16).
	f := Facts{Status: model.StatusInProgress, ReceivedAt: atS("2026-03-02 09:00:00"), FixedDue: date("2026-03-11"),
		SuspendedWorkdays: 3, LastProgressAt: atS("2026-03-10 09:00:00")}
	due, _, err := Due(cal, &f)
	if err != nil || fmtS(&due) != "2026-03-16 23:59:59" {
		t.Fatalf("fixed date with 3 suspended days: due %s %v, want 2026-03-16 23:59:59", fmtS(&due), err)
	}
	f.ExtensionWorkdays = 1
	if due, _, err := Due(cal, &f); err != nil || fmtS(&due) != "2026-03-17 23:59:59" {
		t.Fatalf("fixed date with 3 suspended and 1 extension day: due %s %v, want 2026-03-17 23:59:59", fmtS(&due), err)
	}
	f.ExtensionWorkdays = 0
	// The span is 7 + 3 = 10 working days; two thirds rounds up to 7, so the
	// case turns yellow when 03-11 ends, not when 03-09 (5 of 7) does.
	cases := []struct {
		now  string
		want model.Warning
		next string
	}{
		{"2026-03-10 12:00:00", model.WarningNone, "2026-03-11 23:59:59"},
		{"2026-03-11 23:59:59", model.WarningYellow, "2026-03-17 00:00:00"},
		{"2026-03-16 23:59:59", model.WarningYellow, "2026-03-17 00:00:00"},
		{"2026-03-17 00:00:00", model.WarningRed, "2026-03-24 00:00:00"},
	}
	for _, c := range cases {
		a, err := Assess(cal, &f, DefaultRules, atS(c.now))
		if err != nil {
			t.Fatal(err)
		}
		if a.Warning != c.want || fmtS(a.NextCheck) != c.next {
			t.Errorf("at %s: %s next %q, want %s %q", c.now, a.Warning, fmtS(a.NextCheck), c.want, c.next)
		}
	}
}

// TestYellowPercentLimits: 100 % is a valid threshold (yellow only in the
// due date's last second), anything above 100 or not positive falls back to
// the default two thirds, and a non-positive idle count to three days.
func TestYellowPercentLimits(t *testing.T) {
	cal := calendar.Default()
	f := Facts{Status: model.StatusAssigned, ReceivedAt: atS("2026-03-02 09:00:00"), TimeLimit: 7, LastProgressAt: atS("2026-03-02 09:00:00")}
	full := Rules{YellowPercent: 100, IdleWorkdays: 30}
	cases := []struct {
		name  string
		rules Rules
		now   string
		want  model.Warning
		next  string
	}{
		{"100%: the due day itself is still green", full, "2026-03-11 12:00:00", model.WarningNone, "2026-03-11 23:59:59"},
		{"100%: after 5 of 7 days still green", full, "2026-03-10 08:00:00", model.WarningNone, "2026-03-11 23:59:59"},
		{"100%: yellow in the last second", full, "2026-03-11 23:59:59", model.WarningYellow, "2026-03-12 00:00:00"},
		{"100%: red after", full, "2026-03-12 00:00:00", model.WarningRed, "2026-03-19 00:00:00"},
		{"101% falls back to two thirds", Rules{YellowPercent: 101, IdleWorkdays: 30}, "2026-03-10 08:00:00", model.WarningYellow, "2026-03-12 00:00:00"},
		{"0% falls back to two thirds", Rules{YellowPercent: 0, IdleWorkdays: 30}, "2026-03-09 23:59:58", model.WarningNone, "2026-03-09 23:59:59"},
		{"negative percent falls back to two thirds", Rules{YellowPercent: -5, IdleWorkdays: 30}, "2026-03-09 23:59:59", model.WarningYellow, "2026-03-12 00:00:00"},
		{"idle 0 falls back to three days", Rules{YellowPercent: 100, IdleWorkdays: 0}, "2026-03-05 23:59:59", model.WarningYellow, "2026-03-12 00:00:00"},
		{"idle 0: a second before three days", Rules{YellowPercent: 100, IdleWorkdays: 0}, "2026-03-05 23:59:58", model.WarningNone, "2026-03-05 23:59:59"},
	}
	for _, c := range cases {
		a, err := Assess(cal, &f, c.rules, atS(c.now))
		if err != nil {
			t.Fatal(err)
		}
		if a.Warning != c.want || fmtS(a.NextCheck) != c.next {
			t.Errorf("%s: %s next %q, want %s %q", c.name, a.Warning, fmtS(a.NextCheck), c.want, c.next)
		}
	}
}
