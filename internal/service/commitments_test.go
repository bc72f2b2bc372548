package service_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// A commitment promised for a day of the year after the calendar's last
// is accepted, marked provisional, and recomputed when that year's
// arrangement is imported: its date stays, its working-day count changes.
func TestCommitmentDueInUnknownYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cal, err := w.svc.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		years := cal.Years()
		next := years[len(years)-1] + 1
		w.now = at(fmt.Sprintf("%d-12-01 09:00", next-1))
		promised := fmt.Sprintf("%d-01-15", next)
		c := w.create(t, service.CaseInput{Kind: model.KindCommitment, DueDate: promised})
		if !c.Provisional || !c.FixedDue || c.PromisedDate.String() != promised || c.DueAt.In(sla.Shanghai).Format(time.DateTime) != promised+" 23:59:59" {
			t.Fatalf("commitment: provisional %v, fixed %v, promised %s, due %s", c.Provisional, c.FixedDue, c.PromisedDate, c.DueAt.In(sla.Shanghai))
		}
		weekdays := c.TimeLimit
		// The State Council gives 4 and 5 January off (a Monday-to-Friday
		// count had them as working days).
		jan := func(d int) string { return fmt.Sprintf(`"%d-01-%02d"`, next, d) }
		file := fmt.Sprintf(`{"years":{"%d":{"holidays":[%s,%s,%s],"workdays":[]}}}`, next, jan(1), jan(4), jan(5))
		res, err := w.svc.ImportCalendar(ctx, nil, strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if res.Recomputed != 1 {
			t.Errorf("recomputed %d cases, want 1", res.Recomputed)
		}
		got, _, err := w.svc.Case(ctx, w.coord, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Provisional || got.PromisedDate.String() != promised || !got.DueAt.Equal(c.DueAt) {
			t.Errorf("after the import: provisional %v, promised %s, due %s; want the promised date, no longer provisional",
				got.Provisional, got.PromisedDate, got.DueAt.In(sla.Shanghai))
		}
		// The Monday-to-Friday count had the three holidays that fall on
		// weekdays as working days.
		if got.TimeLimit != weekdays-countWeekdays(next, 1, 4, 5) {
			t.Errorf("working days to the promise: %d, want %d", got.TimeLimit, weekdays-countWeekdays(next, 1, 4, 5))
		}
	})
}

// countWeekdays counts the given January days of year that fall Monday to Friday.
func countWeekdays(year int, days ...int) int {
	n := 0
	for _, d := range days {
		if wd := time.Date(year, 1, d, 0, 0, 0, 0, time.UTC).Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// A date promised on a Saturday stays that Saturday through the workflow
// (it used to move to the Friday at the first step).
func TestCommitmentDueOnNonWorkingDayStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		c := w.create(t, service.CaseInput{Kind: model.KindCommitment, DueDate: "2026-03-07"}) // a Saturday
		want := "2026-03-07 23:59:59"
		check := func(step string, c *model.Case) {
			t.Helper()
			if got := c.DueAt.In(sla.Shanghai).Format(time.DateTime); got != want || c.PromisedDate.String() != "2026-03-07" {
				t.Errorf("after %s: due %s, promised %s; want %s", step, got, c.PromisedDate, want)
			}
		}
		check("intake", c)
		w.now = w.now.Add(time.Hour)
		check("交办", must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID})))
		w.now = w.now.Add(time.Hour)
		check("签收", must(t)(w.svc.Accept(ctx, w.fgw, c.ID, "")))
		w.now = w.now.Add(time.Hour)
		check("进展", must(t)(w.svc.Progress(ctx, w.fgw, c.ID, "已列入预算")))
		if _, err := w.svc.Recheck(ctx, c.ID, "test"); err != nil {
			t.Fatal(err)
		}
		got, _, err := w.svc.Case(ctx, w.coord, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("a recheck", got)
	})
}

// pinCalendar makes svc count on the built-in calendar as it stood with
// the years up to last, so a test of an unannounced year keeps its dates
// when later years are embedded.
func pinCalendar(t *testing.T, svc *service.Service, last int) {
	t.Helper()
	base, err := calendar.Default().Through(last)
	if err != nil {
		t.Fatal(err)
	}
	svc.Base = base
	if _, err := svc.ReloadCalendar(ctx); err != nil {
		t.Fatal(err)
	}
}
