package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
)

// fileFormat is the JSON layout of data/cn.json and of administrator imports:
//
//	{"years":{"2027":{"holidays":["2027-01-01",...],"workdays":["2027-02-06",...]}}}
type fileFormat struct {
	Years map[string]struct {
		Holidays []string `json:"holidays"`
		Workdays []string `json:"workdays"`
	} `json:"years"`
}

// ParseYears reads years in the JSON format of data/cn.json and validates
// them as New does. Errors are in Chinese, meant for the administrator
// doing the import.
func ParseYears(r io.Reader) (map[int]Year, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f fileFormat
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("导入文件不是有效的节假日 JSON：%v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("导入文件在 JSON 对象之后还有多余内容")
	}
	if len(f.Years) == 0 {
		return nil, errors.New("导入文件中没有任何年份（需要 \"years\" 字段）")
	}
	years := make(map[int]Year, len(f.Years))
	for _, key := range slices.Sorted(maps.Keys(f.Years)) {
		y, err := strconv.Atoi(key)
		if err != nil || len(key) != 4 || key[0] < '0' || key[0] > '9' {
			return nil, fmt.Errorf("「%s」不是有效年份", key)
		}
		raw := f.Years[key]
		var yr Year
		if yr.Holidays, err = parseDates(raw.Holidays); err != nil {
			return nil, err
		}
		if yr.Workdays, err = parseDates(raw.Workdays); err != nil {
			return nil, err
		}
		if err := validateYear(y, yr); err != nil {
			return nil, err
		}
		years[y] = yr
	}
	return years, nil
}

func parseDates(ss []string) ([]Date, error) {
	ds := make([]Date, 0, len(ss))
	for _, s := range ss {
		d, err := ParseDate(s)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, nil
}
