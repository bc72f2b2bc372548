// Package sla computes a case's deadline and warning level from its facts
// and a working-day calendar. It does no I/O: the service hands it the
// facts and a clock, and stores what it returns.
//
// The rules (the README's section on cases states them for users):
//   - due: the end (23:59:59 Asia/Shanghai) of the N-th working day after
//     the day of receipt, N being the time limit plus approved extensions
//     plus the working days spent suspended; or a fixed due date (a
//     government commitment) moved by the same extensions and suspensions;
//   - red (办理超时) once now is past due and the case is still handled;
//   - yellow (推进缓慢) once a share of the working days (two thirds by
//     default) has elapsed, or when no progress was recorded for some
//     working days (three by default);
//   - escalation (通报) when a case is still handled five working days
//     after its due date.
package sla

import (
	"errors"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Shanghai is the business time zone: calendar.Shanghai, named here for
// the callers that already speak of sla.
var Shanghai = calendar.Shanghai

// Rules are the thresholds of one category.
type Rules struct {
	YellowPercent int // share of working days after which a case turns yellow
	IdleWorkdays  int // working days without progress after which it turns yellow
}

// DefaultRules are the thresholds of the issue: two thirds, three days.
var DefaultRules = Rules{YellowPercent: 67, IdleWorkdays: 3}

// EscalationWorkdays is how long after the due date a still-open case is
// reported (通报) to the coordinators.
const EscalationWorkdays = 5

// Facts are what the deadline and the warning depend on.
type Facts struct {
	Status            model.CaseStatus
	ReceivedAt        time.Time
	TimeLimit         int            // working days; ignored when FixedDue is set
	FixedDue          *calendar.Date // a commitment's promised date
	ExtensionWorkdays int
	SuspendedWorkdays int
	SuspendedAt       *time.Time // set while the clock is paused
	LastProgressAt    time.Time
	Escalated         bool
}

// Assessment is the state of a case's clock at one moment.
type Assessment struct {
	Due         time.Time
	Provisional bool // the due date runs into a year the calendar does not know yet
	Warning     model.Warning
	Escalate    bool       // due to be reported (通报) now
	NextCheck   *time.Time // when the warning or escalation changes next, if ever
}

// EndOfDay is 23:59:59 of d in Shanghai.
func EndOfDay(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, Shanghai)
}

// DayOf is the Shanghai date of t.
func DayOf(t time.Time) calendar.Date { return calendar.DateOf(t.In(Shanghai)) }

// ErrNoLimit is returned when a case has neither a time limit nor a due date.
var ErrNoLimit = errors.New("缺少办理时限或到期日")

// span is the number of working days the case is given after receipt,
// and whether counting it ran into a year the calendar does not know (such
// years count Monday to Friday until their arrangement is imported).
func (f *Facts) span(cal *calendar.Calendar) (int, bool, error) {
	if f.FixedDue != nil {
		n, prov, err := cal.WorkdaysBetweenProvisional(DayOf(f.ReceivedAt), *f.FixedDue)
		return n + f.ExtensionWorkdays + f.SuspendedWorkdays, prov, err
	}
	if f.TimeLimit <= 0 {
		return 0, false, ErrNoLimit
	}
	return f.TimeLimit + f.ExtensionWorkdays + f.SuspendedWorkdays, false, nil
}

// Due computes the deadline. A fixed due date stays the date promised, even
// on a non-working day; extensions and suspended working days move it on.
func Due(cal *calendar.Calendar, f *Facts) (time.Time, bool, error) {
	n, spanProv, err := f.span(cal)
	if err != nil {
		return time.Time{}, false, err
	}
	if f.FixedDue != nil {
		d, prov, err := cal.AddWorkdaysProvisional(*f.FixedDue, f.ExtensionWorkdays+f.SuspendedWorkdays)
		return EndOfDay(d), prov || spanProv, err
	}
	d, prov, err := cal.AddWorkdaysProvisional(DayOf(f.ReceivedAt), n)
	return EndOfDay(d), prov, err
}

// Assess returns the deadline, the warning at now, and when to look again.
func Assess(cal *calendar.Calendar, f *Facts, r Rules, now time.Time) (Assessment, error) {
	var a Assessment
	var err error
	if a.Due, a.Provisional, err = Due(cal, f); err != nil {
		return a, err
	}
	a.Warning = model.WarningNone
	if !f.Status.Handling() {
		return a, nil
	}
	if f.SuspendedAt != nil {
		// The clock is paused: the case is judged as it stood when it was
		// suspended, and nothing changes until it is resumed.
		now = *f.SuspendedAt
	}
	if r.YellowPercent <= 0 || r.YellowPercent > 100 {
		r.YellowPercent = DefaultRules.YellowPercent
	}
	if r.IdleWorkdays <= 0 {
		r.IdleWorkdays = DefaultRules.IdleWorkdays
	}
	span, _, err := f.span(cal)
	if err != nil {
		return a, err
	}
	received := DayOf(f.ReceivedAt)
	k := (span*r.YellowPercent + 99) / 100
	slowDay, _, err := cal.AddWorkdaysProvisional(received, k)
	if err != nil {
		return a, err
	}
	idleDay, _, err := cal.AddWorkdaysProvisional(DayOf(f.LastProgressAt), r.IdleWorkdays)
	if err != nil {
		return a, err
	}
	slowAt, idleAt := EndOfDay(slowDay), EndOfDay(idleDay)
	escDay, _, err := cal.AddWorkdaysProvisional(DayOf(a.Due), EscalationWorkdays)
	if err != nil {
		return a, err
	}
	escAt := EndOfDay(escDay)

	switch {
	case now.After(a.Due):
		a.Warning = model.WarningRed
	case !now.Before(slowAt) || !now.Before(idleAt):
		a.Warning = model.WarningYellow
	}
	a.Escalate = !f.Escalated && now.After(escAt)
	if f.SuspendedAt != nil {
		return a, nil
	}
	// The next moment something changes: turning yellow, turning red, or
	// the escalation falling due.
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if a.Warning == model.WarningNone {
		consider(slowAt)
		consider(idleAt)
	}
	if a.Warning != model.WarningRed {
		consider(a.Due.Add(time.Second))
	}
	if !f.Escalated {
		consider(escAt.Add(time.Second))
	}
	if !next.IsZero() {
		a.NextCheck = &next
	}
	return a, nil
}
