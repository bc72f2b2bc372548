package sla

import (
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) *calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// through2026 is the calendar before 2027 was announced, for the cases that
// run into an unpublished year.
func through2026(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Default().Through(2026)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDue(t *testing.T) {
	cal := through2026(t)
	cases := []struct {
		name string
		f    Facts
		want string
		prov bool
	}{
		// Received on 30 September: Oct 1–7 are holidays, Saturday Oct 10 a
		// make-up working day, so the 5th working day after is Oct 13.
		{"over National Day", Facts{ReceivedAt: at("2026-09-30 10:00"), TimeLimit: 5}, "2026-10-13 23:59:59", false},
		{"receipt late at night counts by Shanghai date", Facts{ReceivedAt: at("2026-09-29 23:30"), TimeLimit: 1}, "2026-09-30 23:59:59", false},
		{"extension and suspension add working days", Facts{ReceivedAt: at("2026-09-30 10:00"), TimeLimit: 5, ExtensionWorkdays: 2, SuspendedWorkdays: 1}, "2026-10-16 23:59:59", false},
		{"commitment with a fixed date", Facts{ReceivedAt: at("2026-03-02 09:00"), FixedDue: date("2026-06-30")}, "2026-06-30 23:59:59", false},
		{"fixed date moved by an extension", Facts{ReceivedAt: at("2026-03-02 09:00"), FixedDue: date("2026-06-30"), ExtensionWorkdays: 1}, "2026-07-01 23:59:59", false},
		{"runs into an unpublished year", Facts{ReceivedAt: at("2026-12-24 09:00"), TimeLimit: 13}, "2027-01-12 23:59:59", true},
		{"commitment due on a Saturday stays on it", Facts{ReceivedAt: at("2026-03-02 09:00"), FixedDue: date("2026-03-07")}, "2026-03-07 23:59:59", false},
		{"commitment due in an unpublished year", Facts{ReceivedAt: at("2026-12-01 09:00"), FixedDue: date("2027-01-15")}, "2027-01-15 23:59:59", true},
		{"commitment moved into an unpublished year", Facts{ReceivedAt: at("2026-12-01 09:00"), FixedDue: date("2026-12-31"), ExtensionWorkdays: 1}, "2027-01-01 23:59:59", true},
	}
	for _, c := range cases {
		due, prov, err := Due(cal, &c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := due.In(Shanghai).Format("2006-01-02 15:04:05"); got != c.want || prov != c.prov {
			t.Errorf("%s: due %s provisional %v, want %s %v", c.name, got, prov, c.want, c.prov)
		}
	}
	if _, _, err := Due(cal, &Facts{ReceivedAt: at("2026-03-02 09:00")}); err == nil {
		t.Error("no time limit and no due date must be an error")
	}
	if _, _, err := Due(cal, &Facts{ReceivedAt: at("2003-03-03 09:00"), TimeLimit: 5}); err == nil {
		t.Error("a receipt before the calendar's first year must be an error")
	}
}

func TestAssess(t *testing.T) {
	cal := calendar.Default()
	// A 7-working-day problem received Monday 2026-03-02: due Wednesday
	// 03-11; two thirds is 5 working days, so it turns yellow after Monday
	// 03-09 ends; with no progress at all it turns yellow after Thursday
	// 03-05 ends (3 working days).
	base := Facts{Status: model.StatusInProgress, ReceivedAt: at("2026-03-02 09:00"), TimeLimit: 7, LastProgressAt: at("2026-03-02 09:00")}
	cases := []struct {
		name      string
		mod       func(f *Facts)
		now       string
		want      model.Warning
		escalate  bool
		nextCheck string
	}{
		{"fresh", nil, "2026-03-03 10:00", model.WarningNone, false, "2026-03-05 23:59"},
		{"idle three working days", nil, "2026-03-06 08:00", model.WarningYellow, false, "2026-03-12 00:00"},
		{"progress keeps it green", func(f *Facts) { f.LastProgressAt = at("2026-03-05 16:00") }, "2026-03-06 08:00", model.WarningNone, false, "2026-03-09 23:59"},
		{"two thirds elapsed", func(f *Facts) { f.LastProgressAt = at("2026-03-09 16:00") }, "2026-03-10 08:00", model.WarningYellow, false, "2026-03-12 00:00"},
		{"overdue", nil, "2026-03-12 00:00", model.WarningRed, false, "2026-03-19 00:00"},
		{"five working days overdue", nil, "2026-03-19 00:00", model.WarningRed, true, ""},
		{"already escalated", func(f *Facts) { f.Escalated = true }, "2026-03-20 00:00", model.WarningRed, false, ""},
		{"resolved cases carry no warning", func(f *Facts) { f.Status = model.StatusResolved }, "2026-04-01 00:00", model.WarningNone, false, ""},
		{"suspended: judged as when suspended, no checks", func(f *Facts) { s := at("2026-03-04 10:00"); f.SuspendedAt = &s }, "2026-04-01 00:00", model.WarningNone, false, ""},
	}
	for _, c := range cases {
		f := base
		if c.mod != nil {
			c.mod(&f)
		}
		a, err := Assess(cal, &f, DefaultRules, at(c.now))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		next := ""
		if a.NextCheck != nil {
			next = a.NextCheck.In(Shanghai).Format("2006-01-02 15:04")
		}
		if a.Warning != c.want || a.Escalate != c.escalate || next != c.nextCheck {
			t.Errorf("%s: warning %s escalate %v next %q, want %s %v %q", c.name, a.Warning, a.Escalate, next, c.want, c.escalate, c.nextCheck)
		}
	}
	// A category's own threshold: half the working days (4 of 7) turns it
	// yellow once Friday 03-06 has ended, even with fresh progress.
	f := base
	f.LastProgressAt = at("2026-03-06 18:00")
	rules := Rules{YellowPercent: 50, IdleWorkdays: 5}
	if a, _ := Assess(cal, &f, rules, at("2026-03-06 20:00")); a.Warning != model.WarningNone {
		t.Errorf("50%% rule before the threshold: %s", a.Warning)
	}
	if a, _ := Assess(cal, &f, rules, at("2026-03-07 08:00")); a.Warning != model.WarningYellow {
		t.Errorf("50%% rule after the threshold: %s", a.Warning)
	}
}

// TestAssessMonotonic walks a case hour by hour: without progress its
// warning only ever rises, and every change happens exactly at a NextCheck
// the previous assessment announced.
func TestAssessMonotonic(t *testing.T) {
	cal := calendar.Default()
	for _, limit := range []int{3, 7, 13, 22} {
		f := Facts{Status: model.StatusAssigned, ReceivedAt: at("2026-09-25 15:00"), TimeLimit: limit, LastProgressAt: at("2026-09-25 15:00")}
		prev, err := Assess(cal, &f, DefaultRules, f.ReceivedAt)
		if err != nil {
			t.Fatal(err)
		}
		rank := map[model.Warning]int{model.WarningNone: 0, model.WarningYellow: 1, model.WarningRed: 2}
		for now := f.ReceivedAt; now.Before(f.ReceivedAt.AddDate(0, 3, 0)); now = now.Add(time.Hour) {
			a, err := Assess(cal, &f, DefaultRules, now)
			if err != nil {
				t.Fatal(err)
			}
			if rank[a.Warning] < rank[prev.Warning] {
				t.Fatalf("limit %d: warning fell from %s to %s at %s", limit, prev.Warning, a.Warning, now)
			}
			if (a.Warning != prev.Warning || a.Escalate) && (prev.NextCheck == nil || now.Before(*prev.NextCheck)) {
				t.Fatalf("limit %d: changed to %s at %s before the announced check %v", limit, a.Warning, now, prev.NextCheck)
			}
			if a.Escalate {
				f.Escalated = true
				a, _ = Assess(cal, &f, DefaultRules, now)
			}
			prev = a
		}
		if prev.Warning != model.WarningRed || !f.Escalated || prev.NextCheck != nil {
			t.Fatalf("limit %d: ended %s escalated %v next %v", limit, prev.Warning, f.Escalated, prev.NextCheck)
		}
	}
}

// A commitment due in a year the calendar does not know is assessed with
// that year counted Monday to Friday, and marked provisional.
func TestAssessCommitmentInUnpublishedYear(t *testing.T) {
	cal := through2026(t)
	f := &Facts{Status: model.StatusAssigned, ReceivedAt: at("2026-12-01 09:00"), FixedDue: date("2027-01-15"), LastProgressAt: at("2026-12-01 09:00")}
	a, err := Assess(cal, f, DefaultRules, at("2026-12-02 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Provisional || a.Warning != model.WarningNone || a.Due.In(Shanghai).Format(time.DateTime) != "2027-01-15 23:59:59" {
		t.Fatalf("assessment %+v", a)
	}
	// Three idle working days after 1 December: yellow at the end of the 4th.
	if a.NextCheck == nil || a.NextCheck.In(Shanghai).Format(time.DateTime) != "2026-12-04 23:59:59" {
		t.Fatalf("next check %v", a.NextCheck)
	}
	// 33 working days up to 15 January (22 in December, 11 weekdays of
	// January counted provisionally): two thirds is the 23rd, 1 January.
	f.LastProgressAt = at("2026-12-31 16:00")
	if a, err = Assess(cal, f, DefaultRules, at("2026-12-31 18:00")); err != nil || a.Warning != model.WarningNone ||
		a.NextCheck == nil || a.NextCheck.In(Shanghai).Format(time.DateTime) != "2027-01-01 23:59:59" {
		t.Fatalf("before two thirds: %+v %v", a, err)
	}
	if a, err = Assess(cal, f, DefaultRules, at("2027-01-02 08:00")); err != nil || a.Warning != model.WarningYellow {
		t.Fatalf("after two thirds: %+v %v", a, err)
	}
}
