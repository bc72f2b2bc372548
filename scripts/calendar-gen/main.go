// Command calendar-gen converts the holiday data of the npm package
// chinese-days (package/dist/chinese-days.json, obtained with
// `npm pack chinese-days`) into internal/calendar/data/cn.json.
//
// Usage:
//
//	go run ./scripts/calendar-gen [-o internal/calendar/data/cn.json] [-lunar HolidayUtil.go] chinese-days.json
//
// The State Council announces a year's arrangement in November; when
// chinese-days has not caught up, -lunar names a second source: the file
// HolidayUtil/HolidayUtil.go of the Go module github.com/6tail/lunar-go
// (`go mod download -json github.com/6tail/lunar-go@v1.4.7` prints its
// folder; v1.4.7 of 2026-11-06 carries 2027). Only its data string is
// read. Years after chinese-days' newest are taken from it; for the years
// both have, every day whose working status the two disagree on is printed
// (chinese-days wins there).
//
// Run without a source file (as `go generate` does when CHINESE_DAYS_JSON is
// unset) it prints a note and leaves the data alone.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// source is the part of chinese-days.json we use: date → "English,中文,days".
type source struct {
	Holidays map[string]string `json:"holidays"`
	Workdays map[string]string `json:"workdays"`
}

type year struct {
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("calendar-gen: ")
	out := flag.String("o", "internal/calendar/data/cn.json", "output file")
	lunar := flag.String("lunar", "", "lunar-go's HolidayUtil/HolidayUtil.go, a second source for years chinese-days lacks")
	flag.Parse()
	if flag.Arg(0) == "" {
		log.Print("no chinese-days.json given (set CHINESE_DAYS_JSON for go generate); nothing done")
		return
	}
	raw, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	var src source
	if err := json.Unmarshal(raw, &src); err != nil {
		log.Fatalf("%s: %v", flag.Arg(0), err)
	}
	years, err := convert(src)
	if err != nil {
		log.Fatal(err)
	}
	if *lunar != "" {
		raw, err := os.ReadFile(*lunar)
		if err != nil {
			log.Fatal(err)
		}
		second, err := readLunar(raw)
		if err != nil {
			log.Fatalf("%s: %v", *lunar, err)
		}
		more, err := convert(second)
		if err != nil {
			log.Fatalf("%s: %v", *lunar, err)
		}
		newest := slices.Max(slices.Collect(maps.Keys(years)))
		for _, y := range slices.Sorted(maps.Keys(more)) {
			yr := more[y]
			switch have, ok := years[y]; {
			case ok:
				for _, d := range disagreements(y, have, yr) {
					log.Printf("sources disagree on %s (chinese-days kept)", d)
				}
			case y > newest:
				log.Printf("taking %s from lunar-go", y)
				years[y] = yr
			}
		}
	}
	data, err := json.MarshalIndent(map[string]any{"years": years}, "", "\t")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: years %s–%s", *out, slices.Min(slices.Collect(maps.Keys(years))), slices.Max(slices.Collect(maps.Keys(years))))
}

// convert groups the source dates by year. A year is kept only if it has a
// Spring Festival (春节) holiday, so that a holiday block spilling into a
// not-yet-announced year does not make that year look known.
func convert(src source) (map[string]*year, error) {
	years := map[string]*year{}
	get := func(d string) *year {
		if years[d[:4]] == nil {
			years[d[:4]] = &year{Holidays: []string{}, Workdays: []string{}}
		}
		return years[d[:4]]
	}
	springFestival := map[string]bool{}
	for _, d := range slices.Sorted(maps.Keys(src.Holidays)) {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("holiday %q: %v", d, err)
		}
		get(d).Holidays = append(get(d).Holidays, d)
		if strings.Contains(src.Holidays[d], "春节") {
			springFestival[d[:4]] = true
		}
	}
	for _, d := range slices.Sorted(maps.Keys(src.Workdays)) {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("workday %q: %v", d, err)
		}
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return nil, fmt.Errorf("make-up working day %s is a %s", d, wd)
		}
		if _, ok := src.Holidays[d]; ok {
			return nil, fmt.Errorf("%s is both a holiday and a make-up working day", d)
		}
		get(d).Workdays = append(get(d).Workdays, d)
	}
	for y := range years {
		if !springFestival[y] {
			log.Printf("skipping %s: no Spring Festival in the source, the year is not announced yet", y)
			delete(years, y)
		}
	}
	if len(years) == 0 {
		return nil, fmt.Errorf("no complete year in the source")
	}
	return years, nil
}

// readLunar reads the data string of lunar-go's HolidayUtil: records of 18
// digits, the day (YYYYMMDD), the index of the festival's name, '0' for a
// make-up working day or '1' for a day off, and the festival's day.
func readLunar(src []byte) (source, error) {
	names := []string{"元旦节", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆中秋", "抗战胜利日"}
	m := regexp.MustCompile(`const data = "([0-9]+)"`).FindSubmatch(src)
	if m == nil || len(m[1])%18 != 0 {
		return source{}, fmt.Errorf("no data string of 18-digit records found")
	}
	out := source{Holidays: map[string]string{}, Workdays: map[string]string{}}
	for rec := string(m[1]); rec != ""; rec = rec[18:] {
		d := rec[0:4] + "-" + rec[4:6] + "-" + rec[6:8]
		i := int(rec[8] - '0')
		if i >= len(names) {
			return source{}, fmt.Errorf("record %s: unknown festival %d", rec[:18], i)
		}
		if rec[9] == '0' {
			// lunar-go also lists some ordinary weekdays as working days;
			// only weekends are make-up days.
			if t, err := time.Parse(time.DateOnly, d); err == nil && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday) {
				out.Workdays[d] = names[i]
			}
			continue
		}
		out.Holidays[d] = names[i]
	}
	return out, nil
}

// disagreements lists the days of year y that a and b give a different
// working status (a holiday listed on a weekend by one source only is no
// disagreement: the day is off either way).
func disagreements(y string, a, b *year) []string {
	status := func(yr *year) func(time.Time) bool {
		off, on := map[string]bool{}, map[string]bool{}
		for _, d := range yr.Holidays {
			off[d] = true
		}
		for _, d := range yr.Workdays {
			on[d] = true
		}
		return func(t time.Time) bool {
			d := t.Format(time.DateOnly)
			weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
			return on[d] || !weekend && !off[d]
		}
	}
	wa, wb := status(a), status(b)
	var out []string
	start, _ := time.Parse("2006", y)
	for t := start; t.Year() == start.Year(); t = t.AddDate(0, 0, 1) {
		if wa(t) != wb(t) {
			out = append(out, t.Format(time.DateOnly))
		}
	}
	return out
}
