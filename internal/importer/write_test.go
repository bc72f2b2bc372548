package importer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func sampleEnterprises() []model.Enterprise {
	return []model.Enterprise{
		templateExample,
		{
			USCC: "91110105MA01AB2C3F", Name: "北京测试有限公司（分公司）", LegalRep: "王五",
			IndustryCode: "C3911", Scale: model.ScaleLarge, Ownership: model.OwnershipHKMT,
			RegionCode: "110105", Address: "  前导空格不保留？", // trimmed on import, see below
			Latitude: ptr(-89.123456789012), Longitude: ptr(179.99999),
			FoundedOn: model.Date{Year: 1999, Month: time.December, Day: 31}, Employees: 123456,
			RevenueYuan: 922337203685477,       // 92233720368.5477 万元: 15 significant digits
			Tags:        []string{"a", "专精特新"}, // a tag with a space would split on import
			Contacts:    []model.Contact{{Phone: "010-12345678"}},
		},
		{USCC: "91110105MA01AB2C4J", Name: "最小企业"},
		{
			USCC: "91110105MA01AB2C5M", Name: "大数企业", RevenueYuan: 1234567890123456789, // 19 digits: written as text
			FoundedOn: model.Date{Year: 1890, Month: time.January, Day: 2}, // before Excel dates: written as text
			Contacts:  []model.Contact{{Name: "只有姓名", Title: "经理"}},
		},
	}
}

func TestXLSXRoundTrip(t *testing.T) {
	list := sampleEnterprises()
	var buf bytes.Buffer
	labels := Labels{
		Region:   func(code string) string { return map[string]string{"330106": "西湖区"}[code] },
		Industry: func(code string) string { return "行业" + code },
	}
	if err := WriteEnterprisesXLSX(&buf, list, labels); err != nil {
		t.Fatal(err)
	}
	res := mustRead(t, buf.Bytes(), "export.xlsx", usccValidator)
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected: %q", errSummary(res.Rejected))
	}
	if len(res.Rows) != len(list) {
		t.Fatalf("got %d rows, want %d", len(res.Rows), len(list))
	}
	for i, r := range res.Rows {
		want := list[i]
		want.Address = strings.TrimSpace(want.Address)
		if r.Line != i+2 {
			t.Errorf("row %d: Line = %d", i, r.Line)
		}
		if !reflect.DeepEqual(r.Enterprise, want) {
			t.Errorf("row %d:\n got  %+v\n want %+v", i, r.Enterprise, want)
		}
	}

	// The sheet itself: headers in canonical order with the label columns,
	// labels filled in, a frozen header row.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("企业库")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"统一社会信用代码", "企业名称", "法定代表人", "行业代码", "行业名称", "企业规模", "所有制",
		"所属区县代码", "所属区县", "乡镇街道代码", "地址", "纬度", "经度", "成立日期", "从业人数", "营业收入(万元)",
		"标签", "联系人", "联系电话", "联系人职务"}
	if !reflect.DeepEqual(rows[0], wantHeader) {
		t.Errorf("header = %q", rows[0])
	}
	if got := rows[1]; got[4] != "行业I6513" || got[8] != "西湖区" || got[5] != "小型" || got[6] != "民营" ||
		got[13] != "2018-05-20" || got[15] != "1234.5" || got[16] != "高新技术企业、专精特新" {
		t.Errorf("row 2 = %q", got)
	}
	panes, err := f.GetPanes("企业库")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v", panes, err)
	}

	// Nil label funcs keep the columns, empty.
	buf.Reset()
	if err := WriteEnterprisesXLSX(&buf, list[:1], Labels{}); err != nil {
		t.Fatal(err)
	}
	res = mustRead(t, buf.Bytes(), "export.xlsx", nil)
	if len(res.Rows) != 1 || !reflect.DeepEqual(res.Rows[0].Enterprise, list[0]) {
		t.Errorf("no labels: %+v %q", res.Rows, errSummary(res.Rejected))
	}
}

func TestTemplateReimports(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplateXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	if !usccValid(templateExample.USCC) {
		t.Errorf("example USCC %s has a wrong check digit", templateExample.USCC)
	}
	res := mustRead(t, buf.Bytes(), "模板.xlsx", usccValidator)
	if len(res.Rejected) != 0 || len(res.Rows) != 1 {
		t.Fatalf("rows %d, rejected %q", len(res.Rows), errSummary(res.Rejected))
	}
	if got := res.Rows[0]; got.Line != 2 || !reflect.DeepEqual(got.Enterprise, templateExample) {
		t.Errorf("example row %d:\n got  %+v\n want %+v", got.Line, got.Enterprise, templateExample)
	}

	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"企业信息", "填写说明"}) {
		t.Errorf("sheets = %q", got)
	}
	head, _ := f.GetRows("企业信息")
	if head[0][0] != "统一社会信用代码*" || head[0][1] != "企业名称*" || head[0][2] != "法定代表人" {
		t.Errorf("template header = %q", head[0])
	}
	help, err := f.GetRows("填写说明")
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, r := range help {
		got.WriteString(strings.Join(r, "\t"))
		got.WriteByte('\n')
	}
	golden(t, "template_help.golden", got.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to rewrite):\n%s", name, got)
	}
}

// buildXLSX writes cells (by reference, e.g. "A1") into the first sheet.
func buildXLSX(t *testing.T, cells map[string]any, setup func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for ref, v := range cells {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if setup != nil {
		setup(f)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSXCells(t *testing.T) {
	data := buildXLSX(t, map[string]any{
		"A1": "某区企业名录", // title row
		"A3": "统一社会信用代码 *", "B3": "企业名称 *", "C3": "成立日期", "D3": "营业收入（万元）", "E3": "从业人数", "F3": "联系电话", "G3": "纬度", "H3": "经度",
		// row 4 is missing entirely; row 5:
		"A5": "91330106MA2B1C3D45", "B5": "甲", "C5": 44927, "D5": 1234.56 + 0.0000000000001, "E5": 12.0, "F5": 13800000000, "G5": 30.1, "H5": 120.2,
		"A6": "91110105MA01AB2C3F", "B6": "乙", "C6": "2023/1/2", "D6": "0.1", "E6": "1,234",
		"A8": "91110105MA01AB2C4J", "B8": "丙",
		"A9": "91110105MA01AB2C5M", "B9": "丁", "C9": time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), "D9": "-1",
	}, func(f *excelize.File) {
		// A date-formatted cell, as Excel stores a typed date.
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		_ = f.SetCellStyle("Sheet1", "C5", "C5", style)
		// Formatting alone does not make a row: row 7 is styled but empty.
		_ = f.SetCellStyle("Sheet1", "A7", "H7", style)
	})
	res := mustRead(t, data, "a.xlsx", nil)
	if got, want := summary(res.Rows), []string{"5:91330106MA2B1C3D45:甲", "6:91110105MA01AB2C3F:乙", "8:91110105MA01AB2C4J:丙"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	if got, want := errSummary(res.Rejected), []string{"9|营业收入（万元）|revenue_yuan|营业收入不能为负数：“-1”"}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	e := res.Rows[0].Enterprise
	if e.FoundedOn != (model.Date{Year: 2023, Month: 1, Day: 1}) || e.RevenueYuan != 12345600 || e.Employees != 12 ||
		e.Contacts[0].Phone != "13800000000" || *e.Latitude != 30.1 || *e.Longitude != 120.2 {
		t.Errorf("row 5 = %+v", e)
	}
	e = res.Rows[1].Enterprise
	if e.FoundedOn != (model.Date{Year: 2023, Month: 1, Day: 2}) || e.RevenueYuan != 1000 || e.Employees != 1234 {
		t.Errorf("row 6 = %+v", e)
	}
	if d := res.Rejected[0].Enterprise.FoundedOn; d != (model.Date{Year: 2020, Month: 2, Day: 29}) {
		t.Errorf("row 9 date = %v", d)
	}
}

func TestReadXLSXMissingColumns(t *testing.T) {
	data := buildXLSX(t, map[string]any{"A1": "企业名称", "B1": "地址", "A2": "甲"}, nil)
	_, err := read(t, data, "a.xlsx")
	if fe, ok := err.(*FileError); !ok || fe.Code != CodeMissingColumns || fe.Message != "缺少必填列：统一社会信用代码" {
		t.Errorf("err = %v", err)
	}
	data = buildXLSX(t, nil, nil)
	if _, err := read(t, data, "a.xlsx"); err == nil || err.(*FileError).Code != CodeEmpty {
		t.Errorf("empty workbook: err = %v", err)
	}
}
