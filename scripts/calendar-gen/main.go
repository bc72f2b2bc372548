// Command calendar-gen converts the holiday data of the npm package
// chinese-days (package/dist/chinese-days.json, obtained with
// `npm pack chinese-days`) into internal/calendar/data/cn.json.
//
// Usage:
//
//	go run ./scripts/calendar-gen [-o internal/calendar/data/cn.json] chinese-days.json
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
