package weekly

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/ranking"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func checker(t *testing.T, extra int) *Checker { return checkerThrough(t, extra, 0) }

// checkerThrough uses the calendar as it stood when last was the last
// year announced (0: today's).
func checkerThrough(t *testing.T, extra, last int) *Checker {
	t.Helper()
	cal := calendar.Default()
	if last != 0 {
		var err error
		if cal, err = cal.Through(last); err != nil {
			t.Fatal(err)
		}
	}
	c, err := New(cal, Rules{ExtraWorkdays: extra})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDue(t *testing.T) {
	cases := []struct {
		name   string
		week   string
		extra  int
		due    string // "" when no report is due
		provis bool
		last   int // the last year announced; 0: as embedded
	}{
		{"an ordinary week: Friday", "2026-03-02", 0, "2026-03-06 23:59:59", false, 0},
		{"Dragon Boat Friday off: Thursday", "2026-06-15", 0, "2026-06-18 23:59:59", false, 0},
		{"make-up Saturday worked: Saturday", "2026-02-23", 0, "2026-02-28 23:59:59", false, 0},
		{"Spring Festival week: none", "2026-02-16", 0, "", false, 0},
		{"before National Day: Wednesday", "2026-09-28", 0, "2026-09-30 23:59:59", false, 0},
		{"one extra day: the following Monday", "2026-03-02", 1, "2026-03-09 23:59:59", false, 0},
		{"one extra day over National Day", "2026-09-28", 1, "2026-10-08 23:59:59", false, 0},
		{"a year not yet announced", "2027-01-04", 0, "2027-01-08 23:59:59", true, 2026},
		// 1 January 2027 is a Friday: before 2027 was announced it counted
		// as a working day (provisionally), after as the holiday it is.
		{"extra days into an unknown year", "2026-12-28", 2, "2027-01-05 23:59:59", true, 2026},
		{"the same once announced", "2026-12-28", 2, "2027-01-05 23:59:59", false, 0},
		{"the same week without extra days, unannounced", "2026-12-28", 0, "2027-01-01 23:59:59", true, 2026},
		{"the same week without extra days, announced", "2026-12-28", 0, "2026-12-31 23:59:59", false, 0},
	}
	for _, c := range cases {
		due, expected, prov, err := checkerThrough(t, c.extra, c.last).Due(d(c.week))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := ""
		if expected {
			got = due.In(shanghai).Format("2006-01-02 15:04:05")
		}
		if got != c.due || prov != c.provis {
			t.Errorf("%s: due %q provisional %v, want %q %v", c.name, got, prov, c.due, c.provis)
		}
	}
	var fe model.FieldErrors
	if _, _, _, err := checker(t, 0).Due(d("2026-03-04")); !errors.As(err, &fe) || fe[0].Field != "week" {
		t.Errorf("a Wednesday as week: %v", err)
	}
	if _, err := New(calendar.Default(), Rules{ExtraWorkdays: -1}); err == nil {
		t.Error("negative extra days accepted")
	}
}

func TestWeeks(t *testing.T) {
	if w := WeekOf(d("2026-03-08")); w != d("2026-03-02") {
		t.Errorf("Sunday belongs to the week of %s", w)
	}
	if w := WeekOf(d("2026-03-09")); w != d("2026-03-09") {
		t.Errorf("Monday's week %s", w)
	}
	got := WeeksOf(model.Month{Year: 2026, Month: time.March})
	want := []model.Date{d("2026-03-02"), d("2026-03-09"), d("2026-03-16"), d("2026-03-23")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("March's weeks %v", got)
	}
	// 2026-12-28's Thursday is 31 December: December's, not January's.
	if got := WeeksOf(model.Month{Year: 2026, Month: time.December}); got[len(got)-1] != d("2026-12-28") {
		t.Errorf("December's last week %v", got)
	}
	if got := WeeksOf(model.Month{Year: 2027, Month: time.January}); got[0] != d("2027-01-04") {
		t.Errorf("January 2027's first week %v", got)
	}
}

var duties = []Duty{
	{Unit: 1, Project: 10},
	{Unit: 1, Project: 11, From: d("2026-01-01")},
	{Unit: 1, Project: 11, From: d("2026-02-01")}, // an overlapping span owes no second report
	{Unit: 2, Project: 20, To: d("2026-03-01")},   // handed over before the week
	{Unit: 2, Project: 21, From: d("2026-03-05")}, // taken on during the week
}

var reports = []Report{
	{Unit: 1, Project: 10, Week: d("2026-03-02"), FiledAt: at("2026-03-06 23:59:59").Add(900 * time.Millisecond)},
	{Unit: 1, Project: 11, Week: d("2026-03-02"), FiledAt: at("2026-03-07 09:00:00")},
	{Unit: 1, Project: 11, Week: d("2026-03-02"), FiledAt: at("2026-03-08 10:00:00")}, // a second filing: the first counts
	{Unit: 2, Project: 21, Week: d("2026-02-23"), FiledAt: at("2026-02-27 10:00:00")}, // another week
	{Unit: 3, Project: 21, Week: d("2026-03-02"), FiledAt: at("2026-03-05 10:00:00")}, // not the unit responsible
}

type line struct {
	unit, project int64
	state         State
}

func lines(items []Item) []line {
	out := make([]line, len(items))
	for i, it := range items {
		out[i] = line{it.Unit, it.Project, it.State}
	}
	return out
}

func TestWeekStates(t *testing.T) {
	c := checker(t, 0)
	items, err := c.Week(d("2026-03-02"), duties, reports, at("2026-03-09 09:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := []line{{1, 10, OnTime}, {1, 11, Late}, {2, 21, Missing}}
	if got := lines(items); !reflect.DeepEqual(got, want) {
		t.Errorf("Monday after: %v, want %v", got, want)
	}
	if !items[1].FiledAt.Equal(at("2026-03-07 09:00:00")) {
		t.Errorf("the first filing counts: %s", items[1].FiledAt)
	}
	// Friday evening: the unfiled report is not yet due.
	items, _ = c.Week(d("2026-03-02"), duties, reports, at("2026-03-06 20:00:00"))
	if got := lines(items); got[2].state != Pending {
		t.Errorf("Friday evening: %v", got)
	}
	// Midnight Shanghai is 16:00 UTC: a report at 16:00:00Z is late.
	rs := []Report{{Unit: 1, Project: 10, Week: d("2026-03-02"), FiledAt: time.Date(2026, 3, 6, 16, 0, 0, 0, time.UTC)}}
	items, _ = c.Week(d("2026-03-02"), duties[:1], rs, at("2026-03-09 09:00:00"))
	if items[0].State != Late {
		t.Errorf("00:00 Saturday Shanghai: %s", items[0].State)
	}
	// No report is owed in the Spring Festival week.
	if items, err := c.Week(d("2026-02-16"), duties, nil, at("2026-03-01 00:00:00")); err != nil || len(items) != 0 {
		t.Errorf("Spring Festival week: %v %v", items, err)
	}
}

func TestMondayList(t *testing.T) {
	c := checker(t, 0)
	week, list, err := c.MondayList(duties, reports, at("2026-03-09 08:30:00"))
	if err != nil {
		t.Fatal(err)
	}
	if week != d("2026-03-02") || len(list) != 2 {
		t.Fatalf("week %s list %+v", week, list)
	}
	if list[0].Unit != 1 || !reflect.DeepEqual(lines(list[0].Items), []line{{1, 11, Late}}) ||
		list[1].Unit != 2 || !reflect.DeepEqual(lines(list[1].Items), []line{{2, 21, Missing}}) {
		t.Errorf("list %+v", list)
	}
	// On Sunday the previous week is the one before.
	if week, _, _ := c.MondayList(duties, reports, at("2026-03-08 23:00:00")); week != d("2026-02-23") {
		t.Errorf("Sunday's list is of %s", week)
	}
}

func TestPunctuality(t *testing.T) {
	c := checker(t, 0)
	var rs []Report
	// Unit 1 files project 10 on time every March week but the third,
	// which it files a day late; project 11 never.
	for i, w := range WeeksOf(model.Month{Year: 2026, Month: time.March}) {
		filed := w.Time(shanghai).Add(4*24*time.Hour + 10*time.Hour) // Friday 10:00
		if i == 2 {
			filed = filed.Add(24 * time.Hour)
		}
		rs = append(rs, Report{Unit: 1, Project: 10, Week: w, FiledAt: filed})
	}
	counts, err := c.Punctuality(model.Month{Year: 2026, Month: time.March}, duties, rs, at("2026-03-25 12:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Count{
		{Unit: 1, Project: 10, OnTime: 2, Late: 1, Pending: 1},
		{Unit: 1, Project: 11, Missing: 3, Pending: 1},
		{Unit: 2, Project: 21, Missing: 3, Pending: 1},
	}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("counts %+v\nwant %+v", counts, want)
	}
	units := ByUnit(counts)
	if !reflect.DeepEqual(units, []Count{{Unit: 1, OnTime: 2, Late: 1, Missing: 3, Pending: 2}, {Unit: 2, Missing: 3, Pending: 1}}) {
		t.Errorf("by unit %+v", units)
	}
	if r := units[0].Ratio(); r != (ranking.Ratio{Num: 2, Den: 6}) {
		t.Errorf("unit 1's rate %+v", r)
	}
}

// Punctuality counts what Week reports week by week, on random duties
// (spans, overlaps, two units on a project) and filings (early, late,
// duplicated, of other weeks, after the clock).
func TestPunctualityAgreesWithWeek(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	c := checker(t, 1)
	for round := range 20 {
		m := model.Month{Year: 2026, Month: time.Month(1 + round%12)}
		weeks := WeeksOf(m)
		var ds []Duty
		var rs []Report
		for p := int64(1); p <= 60; p++ {
			for range 1 + rng.IntN(2) {
				dt := Duty{Unit: 1 + rng.Int64N(5), Project: p}
				if rng.IntN(3) == 0 {
					dt.From = addDays(m.First(), rng.IntN(40)-10)
				}
				if rng.IntN(3) == 0 {
					dt.To = addDays(m.First(), rng.IntN(40)-5)
				}
				ds = append(ds, dt)
				for range rng.IntN(6) {
					w := addDays(weeks[0], 7*(rng.IntN(len(weeks)+2)-1))
					filed := w.Time(shanghai).Add(time.Duration(rng.IntN(12*24)) * time.Hour)
					rs = append(rs, Report{Unit: dt.Unit, Project: p, Week: w, FiledAt: filed})
				}
			}
		}
		now := m.Last().Time(shanghai).Add(time.Duration(rng.IntN(10*24)-5*24) * time.Hour)
		got, err := c.Punctuality(m, ds, rs, now)
		if err != nil {
			t.Fatal(err)
		}
		sum := map[[2]int64]*Count{}
		for _, w := range weeks {
			items, err := c.Week(w, ds, rs, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				k := [2]int64{it.Unit, it.Project}
				if sum[k] == nil {
					sum[k] = &Count{Unit: it.Unit, Project: it.Project}
				}
				*map[State]*int{OnTime: &sum[k].OnTime, Late: &sum[k].Late, Missing: &sum[k].Missing, Pending: &sum[k].Pending}[it.State]++
			}
		}
		var want []Count
		for _, n := range sum {
			want = append(want, *n)
		}
		slices.SortFunc(want, func(a, b Count) int {
			if a.Unit != b.Unit {
				return cmp.Compare(a.Unit, b.Unit)
			}
			return cmp.Compare(a.Project, b.Project)
		})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Punctuality\n%v\nweek by week\n%v", m, got, want)
		}
	}
}
