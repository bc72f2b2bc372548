package calendar

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func date(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// oracle is an independent, naive reading of data/cn.json.
type oracle struct {
	first, last int
	known       map[int]bool
	holiday     map[time.Time]bool
	workday     map[time.Time]bool
}

func loadOracle(t testing.TB) *oracle {
	t.Helper()
	raw, err := os.ReadFile("data/cn.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Years map[string]map[string][]string
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	o := &oracle{first: 9999, known: map[int]bool{}, holiday: map[time.Time]bool{}, workday: map[time.Time]bool{}}
	for ys, lists := range f.Years {
		y, _ := time.Parse("2006", ys)
		o.known[y.Year()] = true
		o.first, o.last = min(o.first, y.Year()), max(o.last, y.Year())
		for kind, set := range map[string]map[time.Time]bool{"holidays": o.holiday, "workdays": o.workday} {
			for _, s := range lists[kind] {
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					t.Fatal(err)
				}
				set[d] = true
			}
		}
	}
	return o
}

// through2026 is the embedded calendar as it stood before 2027 was
// announced: the tests of unknown and provisional years are written
// against its last year, whatever years later data brings.
func through2026(t testing.TB) *Calendar {
	t.Helper()
	c, err := Default().Through(2026)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// upTo is the oracle restricted to the years up to last.
func (o *oracle) upTo(last int) *oracle {
	r := *o
	r.known, r.last = map[int]bool{}, min(o.last, last)
	for y := range o.known {
		if y <= last {
			r.known[y] = true
		}
	}
	return &r
}

func utc(d Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// isWorkday reports whether d is a working day, and whether that is known;
// with provisional, years after the last known one count Monday–Friday.
func (o *oracle) isWorkday(d time.Time, provisional bool) (work, ok bool) {
	weekday := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	if !o.known[d.Year()] {
		return weekday, provisional && d.Year() > o.last
	}
	return (weekday && !o.holiday[d]) || o.workday[d], true
}

// add walks day by day; ok is false where the real calendar must fail.
func (o *oracle) add(d Date, n int, provisional bool) (res Date, ok bool) {
	t := utc(d)
	if _, ok := o.isWorkday(t, provisional); !ok {
		return Date{}, false
	}
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		work, ok := o.isWorkday(t, provisional)
		if !ok {
			return Date{}, false
		}
		if work {
			n--
		}
	}
	return DateOf(t), true
}

// days lists every day of the known years.
func (o *oracle) days() []Date {
	var ds []Date
	for t := time.Date(o.first, 1, 1, 0, 0, 0, 0, time.UTC); t.Year() <= o.last; t = t.AddDate(0, 0, 1) {
		ds = append(ds, DateOf(t))
	}
	return ds
}

func TestKnownFacts(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 5, "2026-10-13"}, // Oct 1–7 off, Sat Oct 10 is a make-up working day
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-10-03", 0, "2026-10-03"},
		{"2026-10-01", 1, "2026-10-08"},
		{"2026-10-09", 1, "2026-10-10"},
		{"2025-12-30", 1, "2025-12-31"},
		{"2025-12-30", 2, "2026-01-04"}, // 元旦 Jan 1–3 off, Sun Jan 4 worked
		{"2025-12-30", 3, "2026-01-05"},
		{"2026-12-28", 3, "2026-12-31"},
	} {
		got, err := c.AddWorkdays(date(t, tc.from), tc.n)
		if err != nil || got.String() != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %v, %v; want %s", tc.from, tc.n, got, err, tc.want)
		}
	}
	for s, want := range map[string]bool{
		"2026-10-10": true,  // Saturday, make-up working day
		"2026-10-03": false, // National Day
		"2026-10-07": false,
		"2026-10-08": true,
		"2026-01-04": true,  // Sunday, make-up working day
		"2026-03-07": false, // ordinary Saturday
		"2026-03-08": false, // ordinary Sunday
		"2026-03-09": true,
		"2026-02-17": false, // 春节
	} {
		if got, err := c.IsWorkday(date(t, s)); err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", s, got, err, want)
		}
	}
}

func TestUnknownYear(t *testing.T) {
	c := through2026(t)
	if !c.Known(2004) || !c.Known(2026) || c.Known(2003) || c.Known(2030) {
		t.Fatalf("Known: years %v", c.Years())
	}
	check := func(what string, err error, year string) {
		t.Helper()
		if !errors.Is(err, ErrUnknownYear) || !strings.Contains(err.Error(), year) {
			t.Errorf("%s: err = %v, want ErrUnknownYear for %s", what, err, year)
		}
	}
	_, err := c.IsWorkday(date(t, "2003-06-02"))
	check("IsWorkday 2003", err, "2003")
	_, err = c.IsWorkday(date(t, "2030-06-03"))
	check("IsWorkday 2030", err, "2030")
	_, err = c.AddWorkdays(date(t, "2026-12-28"), 10)
	check("AddWorkdays into 2027", err, "2027")
	_, err = c.AddWorkdays(date(t, "2030-01-02"), 0)
	check("AddWorkdays in 2030", err, "2030")
	_, err = c.WorkdaysBetween(date(t, "2026-12-01"), date(t, "2027-01-10"))
	check("WorkdaysBetween into 2027", err, "2027")
	_, _, err = c.AddWorkdaysProvisional(date(t, "2003-12-01"), 30)
	check("AddWorkdaysProvisional from 2003", err, "2003")
}

func TestProvisional(t *testing.T) {
	c := through2026(t)
	for _, tc := range []struct {
		from        string
		n           int
		want        string
		provisional bool
	}{
		{"2026-12-28", 10, "2027-01-11", true}, // 2027 counted Mon–Fri: Jan 1 is a working day
		{"2026-12-28", 3, "2026-12-31", false},
		{"2026-12-28", 4, "2027-01-01", true},
		{"2026-09-30", 5, "2026-10-13", false},
		{"2027-01-02", 5, "2027-01-08", true}, // from a Saturday
		{"2027-01-02", 0, "2027-01-02", true},
		{"2028-12-29", 1, "2029-01-01", true},
	} {
		got, prov, err := c.AddWorkdaysProvisional(date(t, tc.from), tc.n)
		if err != nil || got.String() != tc.want || prov != tc.provisional {
			t.Errorf("AddWorkdaysProvisional(%s, %d) = %v, %v, %v; want %s, %v", tc.from, tc.n, got, prov, err, tc.want, tc.provisional)
		}
	}
}

func TestInvalidArguments(t *testing.T) {
	c := Default()
	bad := Date{2026, time.February, 29}
	if _, err := c.IsWorkday(bad); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("IsWorkday(%v): %v", bad, err)
	}
	if _, err := c.AddWorkdays(bad, 1); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("AddWorkdays(%v): %v", bad, err)
	}
	if _, err := c.WorkdaysBetween(date(t, "2026-01-01"), bad); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("WorkdaysBetween(…, %v): %v", bad, err)
	}
	for _, n := range []int{-1, maxDayCount + 1} {
		if _, err := c.AddWorkdays(date(t, "2026-01-05"), n); !errors.Is(err, ErrDayCount) {
			t.Errorf("AddWorkdays(n=%d): %v", n, err)
		}
	}
}

func TestIsWorkdayMatchesData(t *testing.T) {
	c, o := Default(), loadOracle(t)
	if got, want := c.Years(), len(o.known); len(got) != want || got[0] != 2004 || got[len(got)-1] != 2027 {
		t.Fatalf("Years() = %v", got)
	}
	for _, d := range o.days() {
		want, _ := o.isWorkday(utc(d), false)
		if got, err := c.IsWorkday(d); err != nil || got != want {
			t.Fatalf("IsWorkday(%s) = %v, %v; want %v", d, got, err, want)
		}
	}
}

func TestAddWorkdaysMatchesData(t *testing.T) {
	c, o := Default(), loadOracle(t)
	for _, d := range o.days() {
		prev := Date{}
		for n := 0; n <= 60; n++ {
			got, err := c.AddWorkdays(d, n)
			want, ok := o.add(d, n, false)
			if !ok {
				if !errors.Is(err, ErrUnknownYear) {
					t.Fatalf("AddWorkdays(%s, %d) = %v, %v; want ErrUnknownYear", d, n, got, err)
				}
				break
			}
			if err != nil || got != want {
				t.Fatalf("AddWorkdays(%s, %d) = %v, %v; want %v", d, n, got, err, want)
			}
			if n > 0 && got.Compare(prev) <= 0 {
				t.Fatalf("AddWorkdays(%s, %d) = %v, not after %v", d, n, got, prev)
			}
			prev = got
			if between, err := c.WorkdaysBetween(d, got); err != nil || between != n {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", d, got, between, err, n)
			}
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c, o := Default(), loadOracle(t)
	days := o.days()
	want := 0
	for _, d := range days[1:] {
		if w, _ := o.isWorkday(utc(d), false); w {
			want++
		}
	}
	first, last := days[0], days[len(days)-1]
	if got, err := c.WorkdaysBetween(first, last); err != nil || got != want {
		t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", first, last, got, err, want)
	}
	if got, err := c.WorkdaysBetween(last, first); err != nil || got != 0 {
		t.Errorf("reversed range = %d, %v; want 0", got, err)
	}
	if got, err := c.WorkdaysBetween(first, first); err != nil || got != 0 {
		t.Errorf("empty range = %d, %v; want 0", got, err)
	}
	if got, err := c.WorkdaysBetween(date(t, "2026-09-30"), date(t, "2026-10-13")); err != nil || got != 5 {
		t.Errorf("WorkdaysBetween(2026-09-30, 2026-10-13) = %d, %v; want 5", got, err)
	}
}

func TestWith(t *testing.T) {
	base := through2026(t)
	y2026 := base.years[2026]
	extra := Year{Holidays: append(slices.Clone(y2026.Holidays), date(t, "2026-10-08")), Workdays: y2026.Workdays}
	c, err := base.With(map[int]Year{
		2026: extra,
		2027: {Holidays: []Date{date(t, "2027-01-01")}, Workdays: []Date{date(t, "2027-01-02")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := c.IsWorkday(date(t, "2026-10-08")); w {
		t.Error("override of 2026 not applied")
	}
	if w, _ := base.IsWorkday(date(t, "2026-10-08")); !w {
		t.Error("With modified the original calendar")
	}
	if !c.Known(2027) || base.Known(2027) {
		t.Error("2027 should be known only in the new calendar")
	}
	if got, err := c.AddWorkdays(date(t, "2026-12-31"), 2); err != nil || got.String() != "2027-01-04" {
		t.Errorf("AddWorkdays across the added year = %v, %v; want 2027-01-04", got, err)
	}

	// A gap between known years is an error, even provisionally.
	gap, err := base.With(map[int]Year{2028: {Holidays: []Date{date(t, "2028-01-03")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := gap.AddWorkdaysProvisional(date(t, "2026-12-28"), 10); !errors.Is(err, ErrUnknownYear) {
		t.Errorf("provisional across a gap: %v", err)
	}
	if got, prov, err := gap.AddWorkdaysProvisional(date(t, "2028-12-29"), 1); err != nil || !prov || got.String() != "2029-01-01" {
		t.Errorf("provisional after the new last year = %v, %v, %v", got, prov, err)
	}
}

func TestNewRejects(t *testing.T) {
	d := func(s string) Date { return date(t, s) }
	for _, tc := range []struct {
		years map[int]Year
		want  string
	}{
		{nil, "至少需要一个年份"},
		{map[int]Year{2027: {}}, "2027 年没有任何节假日"},
		{map[int]Year{2027: {Holidays: []Date{{2027, 2, 30}}}}, "「2027-02-30」不是有效日期"},
		{map[int]Year{2027: {Holidays: []Date{d("2028-01-01")}}}, "年份 2027 中出现了 2028-01-01"},
		{map[int]Year{2027: {Holidays: []Date{d("2027-01-01")}, Workdays: []Date{d("2027-02-03")}}}, "2027 年的调休上班日 2027-02-03 不是周末"},
		{map[int]Year{2027: {Holidays: []Date{d("2027-01-02")}, Workdays: []Date{d("2027-01-02")}}}, "日期 2027-01-02 同时出现在节假日和调休上班日中"},
		{map[int]Year{2027: {Holidays: []Date{d("2027-01-01"), d("2027-01-01")}}}, "日期 2027-01-01 重复出现"},
		{map[int]Year{0: {Holidays: []Date{d("2027-01-01")}}}, "年份 0 超出范围"},
	} {
		_, err := New(tc.years)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("New(%v) error = %v; want %q", tc.years, err, tc.want)
		}
	}
}

func TestParseYears(t *testing.T) {
	good := `{"years":{"2027":{"holidays":["2027-01-01"],"workdays":["2027-01-02"]},"2028":{"holidays":["2028-01-01"]}}}`
	years, err := ParseYears(strings.NewReader(good))
	if err != nil || len(years) != 2 || years[2027].Workdays[0].String() != "2027-01-02" || len(years[2028].Workdays) != 0 {
		t.Fatalf("ParseYears(good) = %v, %v", years, err)
	}
	for in, want := range map[string]string{
		`{"years":{"2027":{"holidays":["2027-02-30"]}}}`:                           "「2027-02-30」不是有效日期",
		`{"years":{"2027":{"holidays":["2027-1-01"]}}}`:                            "「2027-1-01」不是有效日期",
		`{"years":{"2027":{"holidays":["2027-01-01"],"workdays":["2027-02-03"]}}}`: "2027 年的调休上班日 2027-02-03 不是周末",
		`{"years":{"2027":{"holidays":["2027-01-02"],"workdays":["2027-01-02"]}}}`: "日期 2027-01-02 同时出现在节假日和调休上班日中",
		`{"years":{"2027":{"holidays":["2028-01-01"]}}}`:                           "年份 2027 中出现了 2028-01-01",
		`{"years":{"27":{"holidays":["2027-01-01"]}}}`:                             "「27」不是有效年份",
		`{"years":{"+027":{"holidays":["2027-01-01"]}}}`:                           "「+027」不是有效年份",
		`{"years":{}}`: "导入文件中没有任何年份",
		`{"jahre":{}}`: "导入文件不是有效的节假日 JSON",
		`{"years":{"2027":{"holidays":["2027-01-01"]}}} x`:                               "导入文件在 JSON 对象之后还有多余内容",
		`{"years":{"2027":{"holidays":"2027-01-01"}}}`:                                   "导入文件不是有效的节假日 JSON",
		`{"years":{"2027":{"holidays":["2027-01-01"],"workdays":["2027-01-03"],"x":1}}}`: "导入文件不是有效的节假日 JSON",
	} {
		_, err := ParseYears(strings.NewReader(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ParseYears(%s) error = %v; want %q", in, err, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2026-12-31", "0001-01-01", "9999-12-31"} {
		if d, err := ParseDate(s); err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-1", "2026/01/01",
		" 2026-01-01", "2026-01-01 ", "+026-01-01", "2026-01-0x", "0000-01-01", "2026-04-31", "20260101"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) err = %v; want ErrInvalidDate", s, err)
		}
	}
	if got := DateOf(time.Date(2026, 10, 1, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))); got.String() != "2026-10-01" {
		t.Errorf("DateOf = %v", got)
	}
	a, b := date(t, "2026-01-31"), date(t, "2026-02-01")
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare")
	}
}

func TestNoAllocations(t *testing.T) {
	c := Default()
	d, to := date(t, "2025-12-30"), date(t, "2026-10-13")
	if n := testing.AllocsPerRun(100, func() {
		c.AddWorkdays(d, 30)
		c.IsWorkday(d)
		c.WorkdaysBetween(d, to)
		c.AddWorkdaysProvisional(to, 120)
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func BenchmarkAddWorkdays30(b *testing.B) {
	c, d := Default(), date(b, "2026-09-20")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.AddWorkdays(d, 30); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsWorkday(b *testing.B) {
	c, d := Default(), date(b, "2026-10-10")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.IsWorkday(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkdaysBetween(b *testing.B) {
	c, from, to := Default(), date(b, "2024-03-15"), date(b, "2026-10-13")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.WorkdaysBetween(from, to); err != nil {
			b.Fatal(err)
		}
	}
}

// The State Council's arrangement for 2027 (国务院办公厅, November 2026),
// taken from lunar-go v1.4.7 because chinese-days had not caught up.
func Test2027(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		day  string
		work bool
	}{
		{"2027-01-01", false}, {"2027-01-04", true}, // New Year on a Friday, no make-up day
		{"2027-01-31", true}, {"2027-02-05", false}, {"2027-02-12", false}, {"2027-02-14", true}, {"2027-02-15", true}, // Spring Festival
		{"2027-04-05", false}, {"2027-05-05", false}, {"2027-05-08", true}, {"2027-06-09", false}, {"2027-09-15", false},
		{"2027-09-26", true}, {"2027-10-07", false}, {"2027-10-08", true}, {"2027-10-09", true},
	} {
		if got, err := c.IsWorkday(date(t, tc.day)); err != nil || got != tc.work {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", tc.day, got, err, tc.work)
		}
	}
	if got, err := c.AddWorkdays(date(t, "2027-09-30"), 5); err != nil || got.String() != "2027-10-13" {
		t.Errorf("AddWorkdays(2027-09-30, 5) = %v, %v; want 2027-10-13", got, err)
	}
}

// WorkdaysBetweenProvisional counts what a day-by-day walk counts, with
// years after the last known one Monday to Friday.
func TestWorkdaysBetweenProvisional(t *testing.T) {
	c, o := through2026(t), loadOracle(t).upTo(2026)
	walk := func(from, to Date) (int, bool) {
		n, prov := 0, false
		for d := utc(from).AddDate(0, 0, 1); !d.After(utc(to)); d = d.AddDate(0, 0, 1) {
			work, ok := o.isWorkday(d, true)
			if !ok {
				t.Fatalf("oracle cannot count %s", DateOf(d))
			}
			if d.Year() > o.last {
				prov = true
			}
			if work {
				n++
			}
		}
		return n, prov
	}
	starts := []string{"2025-06-30", "2026-01-01", "2026-09-30", "2026-12-31", "2027-01-01", "2027-03-14", "2028-02-29"}
	ends := []string{"2026-10-13", "2026-12-31", "2027-01-01", "2027-01-15", "2027-12-31", "2028-03-01", "2031-07-04"}
	for _, fs := range starts {
		for _, ts := range ends {
			from, to := date(t, fs), date(t, ts)
			got, prov, err := c.WorkdaysBetweenProvisional(from, to)
			want, wantProv := walk(from, to)
			if err != nil || got != want || prov != wantProv {
				t.Errorf("WorkdaysBetweenProvisional(%s, %s) = %d, %v, %v; want %d, %v", fs, ts, got, prov, err, want, wantProv)
			}
		}
	}
	if _, _, err := c.WorkdaysBetweenProvisional(date(t, "2003-12-01"), date(t, "2027-01-05")); !errors.Is(err, ErrUnknownYear) {
		t.Errorf("from an unknown earlier year: %v", err)
	}
}
