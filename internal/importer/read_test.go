package importer

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// usccValid checks the GB 32100-2015 check digit, standing in for the
// domain validator that is injected in production.
func usccValid(s string) bool {
	const cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(cs, s[i])
		if v < 0 {
			return false
		}
		sum += v * w[i]
	}
	c := (31 - sum%31) % 31
	return s[17] == cs[c]
}

func usccValidator(e *model.Enterprise) model.FieldErrors {
	var errs model.FieldErrors
	if e.USCC != "" && !usccValid(e.USCC) {
		errs.Add("uscc", "统一社会信用代码校验位不正确")
	}
	return errs
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			panic("test helper: BMP only")
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func read(t testing.TB, data []byte, name string) (*Result, error) {
	t.Helper()
	return ReadEnterprises(bytes.NewReader(data), name, nil, 0)
}

func mustRead(t testing.TB, data []byte, name string, v Validator) *Result {
	t.Helper()
	res, err := ReadEnterprises(bytes.NewReader(data), name, v, 0)
	if err != nil {
		t.Fatalf("ReadEnterprises: %v", err)
	}
	if res.Total != len(res.Rows)+len(res.Rejected) {
		t.Fatalf("Total %d != %d rows + %d rejected", res.Total, len(res.Rows), len(res.Rejected))
	}
	return res
}

// summary is "line:uscc:name" for each valid row.
func summary(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strconv.Itoa(r.Line)+":"+r.Enterprise.USCC+":"+r.Enterprise.Name)
	}
	return out
}

// errSummary is "line|column|field|message" for each row error.
func errSummary(rows []Row) []string {
	var out []string
	for _, r := range rows {
		for _, e := range r.Errors {
			out = append(out, strconv.Itoa(e.Line)+"|"+e.Column+"|"+e.Field+"|"+e.Message)
		}
	}
	return out
}

const simpleCSV = "统一社会信用代码,企业名称\r\n91330106MA2B1C3D45,杭州示例科技有限公司\r\n91110105MA01AB2C3F,北京测试有限公司\r\n"

func TestReadCSVEncodings(t *testing.T) {
	want := []string{"2:91330106MA2B1C3D45:杭州示例科技有限公司", "3:91110105MA01AB2C3F:北京测试有限公司"}
	tests := []struct {
		name string
		data []byte
		file string
	}{
		{"utf8", []byte(simpleCSV), "企业.csv"},
		{"utf8 bom", append([]byte("\xEF\xBB\xBF"), simpleCSV...), "企业.csv"},
		{"gbk", gbk(t, simpleCSV), "企业.csv"},
		{"gbk no extension", gbk(t, simpleCSV), "upload"},
		{"utf16le tab", utf16le(strings.ReplaceAll(simpleCSV, ",", "\t")), "企业.txt"},
		{"lf only", []byte(strings.ReplaceAll(simpleCSV, "\r\n", "\n")), "a.csv"},
		{"semicolon", []byte(strings.ReplaceAll(simpleCSV, ",", ";")), "a.csv"},
		{"no final newline", []byte(strings.TrimSuffix(simpleCSV, "\r\n")), "a.csv"},
		{"full-width spaces", []byte("　统一社会信用代码 ,　企业名称　\n 91330106MA2B1C3D45　,　杭州示例科技有限公司　\n91110105MA01AB2C3F,北京测试有限公司\n"), "a.csv"},
		{"csv content named xlsx-ish", []byte(simpleCSV), "a.CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, tt.data, tt.file, usccValidator)
			if got := summary(res.Rows); !reflect.DeepEqual(got, want) {
				t.Errorf("rows = %q, want %q", got, want)
			}
			if len(res.Rejected) != 0 {
				t.Errorf("rejected: %q", errSummary(res.Rejected))
			}
		})
	}
}

func TestReadCSVLineNumbers(t *testing.T) {
	csv := "统一社会信用代码,企业名称,地址\n" + // 1
		"\n" + // 2 blank
		"91330106MA2B1C3D45,甲公司,\"杭州市\n西湖区\"\n" + // 3 (two physical lines, one Excel row)
		",,\n" + // 4 blank (separators only)
		"   ,　,\n" + // 5 blank (spaces only)
		"91110105MA01AB2C3F,乙公司,北京\n" + // 6
		"\r\n" + // 7 blank
		",丙公司,\n" // 8 missing USCC
	res := mustRead(t, []byte(csv), "a.csv", nil)
	if got, want := summary(res.Rows), []string{"3:91330106MA2B1C3D45:甲公司", "6:91110105MA01AB2C3F:乙公司"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	if got, want := errSummary(res.Rejected), []string{"8|统一社会信用代码|uscc|统一社会信用代码不能为空"}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	if res.Total != 3 {
		t.Errorf("Total = %d, want 3", res.Total)
	}
	if got := res.Rows[0].Enterprise.Address; got != "杭州市\n西湖区" {
		t.Errorf("address = %q", got)
	}
}

func TestReadCSVAllColumns(t *testing.T) {
	csv := "统一社会信用代码*,企业名称*,法定代表人,行业代码,企业规模,登记注册类型,所属区县代码,乡镇街道代码,注册地址,纬度,经度,成立日期,从业人数,营业收入（万元）,标签,联系人,联系电话,联系人职务,备注\n" +
		"９１３３０１０６ma2b1c3d45 ,杭州示例科技有限公司,张三,i6513,小,民营企业,330106,330106001,文三路 100 号,30.2741,120.1551,2018年5月20日,\"1,200\",1234.5,高新技术企业、专精特新，高新技术企业 瞪羚,李四,13800000000,财务负责人,随便写\n"
	res := mustRead(t, []byte(csv), "a.csv", usccValidator)
	if len(res.Rows) != 1 {
		t.Fatalf("rejected: %q", errSummary(res.Rejected))
	}
	want := model.Enterprise{
		USCC: "91330106MA2B1C3D45", Name: "杭州示例科技有限公司", LegalRep: "张三", IndustryCode: "I6513",
		Scale: model.ScaleSmall, Ownership: model.OwnershipPrivate, RegionCode: "330106", TownshipCode: "330106001",
		Address: "文三路 100 号", Latitude: ptr(30.2741), Longitude: ptr(120.1551),
		FoundedOn: model.Date{Year: 2018, Month: time.May, Day: 20}, Employees: 1200, RevenueYuan: 12345000,
		Tags:     []string{"高新技术企业", "专精特新", "瞪羚"},
		Contacts: []model.Contact{{Name: "李四", Phone: "13800000000", Title: "财务负责人"}},
	}
	if got := res.Rows[0].Enterprise; !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestHeaderMatching(t *testing.T) {
	tests := []struct {
		name, header string
	}{
		{"canonical", "统一社会信用代码,企业名称,营业收入(万元)"},
		{"full-width parens and stars", " 统一社会信用代码＊ , 企业名称* ,营业收入（万元）"},
		{"json names", "USCC,name,revenue"},
		{"aliases", "社会信用代码,单位名称,营业收入"},
		{"line break in header", "\"统一社会\n信用代码\",企业名称,\"营业收入\n（万元）\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := strings.Count(tt.header, "\n")
			res := mustRead(t, []byte(tt.header+"\n91330106MA2B1C3D45,甲,12.5\n"), "a.csv", nil)
			if len(res.Rows) != 1 || res.Rows[0].Enterprise.RevenueYuan != 125000 || res.Rows[0].Line != 2 {
				t.Errorf("rows = %+v (header spans %d extra lines), rejected %q", res.Rows, lines, errSummary(res.Rejected))
			}
		})
	}
	// revenue_yuan is in yuan.
	res := mustRead(t, []byte("uscc,name,revenue_yuan\n91330106MA2B1C3D45,甲,125000\n"), "a.csv", nil)
	if len(res.Rows) != 1 || res.Rows[0].Enterprise.RevenueYuan != 125000 {
		t.Errorf("revenue_yuan: %+v %q", res.Rows, errSummary(res.Rejected))
	}
}

func TestRowErrors(t *testing.T) {
	csv := "统一社会信用代码,企业名称,成立日期,从业人数,营业收入(万元),纬度,经度,企业规模,所有制\n" +
		"91330106MA2B1C3D45,甲,2023-02-30,10,1,,,,\n" + // 2 bad date
		"91110105MA01AB2C3F,乙,2023-01-01,十个,1,,,,\n" + // 3 bad number
		"91330106MA2B1C3D46,丙,,,-5,,,,\n" + // 4 negative revenue, bad check digit (validator)
		"91330106MA2B1C3D47,丁,,,1.23456,91,120,巨型,公私合营\n" + // 5 many
		"91330106MA2B1C3D48,戊,,,,30,,,\n" + // 6 lat without lng
		"91330106MA2B1C3D45,己,,,,,,,\n" + // 7 duplicate of line 2
		",,,,,,,,\n" + // 8 blank
		"91330106MA2B1C3D49,,,-3,,,,,\n" // 9 no name, negative employees
	res := mustRead(t, []byte(csv), "a.csv", func(e *model.Enterprise) model.FieldErrors {
		var errs model.FieldErrors
		if e.USCC == "91330106MA2B1C3D46" {
			errs.Add("uscc", "统一社会信用代码校验位不正确")
		}
		if e.USCC == "91330106MA2B1C3D47" {
			errs.Add("revenue_yuan", "validator: dropped, the cell already has an error")
			errs.Add("contacts[0].phone", "须填写联系电话")
			errs.Add("something_else", "整行的问题")
		}
		return errs
	})
	want := []string{
		"2|成立日期|founded_on|成立日期不是有效的日期，应为 YYYY-MM-DD，如 2023-01-02：“2023-02-30”",
		"3|从业人数|employees|从业人数应为整数：“十个”",
		"4|统一社会信用代码|uscc|统一社会信用代码校验位不正确",
		"4|营业收入(万元)|revenue_yuan|营业收入不能为负数：“-5”",
		"5|企业规模|scale|无法识别的企业规模“巨型”，应为 大型、中型、小型、微型",
		"5|所有制|ownership|无法识别的所有制“公私合营”，应为 民营、国有、集体、外资、港澳台、其他",
		"5|纬度|latitude|纬度应在 -90 至 90 之间：“91”",
		"5|营业收入(万元)|revenue_yuan|营业收入最多保留 4 位小数：“1.23456”",
		"5|联系电话|contacts[0].phone|须填写联系电话",
		"5||something_else|整行的问题",
		"6|经度|longitude|填写了纬度，也须填写经度",
		"7|统一社会信用代码|uscc|与第2行的统一社会信用代码重复",
		"9|企业名称|name|企业名称不能为空",
		"9|从业人数|employees|从业人数不能为负数：“-3”",
	}
	if got := errSummary(res.Rejected); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Total != 7 || len(res.Rows) != 0 {
		t.Errorf("Total = %d, rows = %d", res.Total, len(res.Rows))
	}
}

func TestFileErrors(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	var zipNotXLSX bytes.Buffer
	{
		f := excelize.NewFile()
		b, _ := f.WriteToBuffer()
		// Rename the workbook part: still a zip, no longer a workbook.
		zipNotXLSX.Write(bytes.ReplaceAll(b.Bytes(), []byte("xl/workbook.xml"), []byte("xl/notebook.xml")))
	}
	var many strings.Builder
	many.WriteString("uscc,name\n")
	for i := 0; i <= MaxRows; i++ {
		many.WriteString("X,Y\n")
	}
	tests := []struct {
		name, file string
		data       []byte
		limit      int64
		code, msg  string
	}{
		{"missing both", "a.csv", []byte("公司,地址\n甲,乙\n"), 0, CodeMissingColumns, "缺少必填列：统一社会信用代码、企业名称"},
		{"missing one", "a.csv", []byte("统一社会信用代码,地址\n1,2\n"), 0, CodeMissingColumns, "缺少必填列：企业名称"},
		{"text named xlsx", "企业.xlsx", []byte(simpleCSV), 0, CodeNotSpreadsheet, ""},
		{"png as csv", "a.csv", png, 0, CodeNotSpreadsheet, ""},
		{"png unnamed", "", png, 0, CodeNotSpreadsheet, ""},
		{"old xls", "a.xls", xls, 0, CodeNotSpreadsheet, "不支持旧版 Excel（.xls）或加密的表格文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入"},
		{"zip not workbook", "a.xlsx", zipNotXLSX.Bytes(), 0, CodeNotSpreadsheet, ""},
		{"truncated xlsx", "a.xlsx", []byte("PK\x03\x04garbage"), 0, CodeNotSpreadsheet, ""},
		{"empty", "a.csv", nil, 0, CodeEmpty, "文件为空"},
		{"blank lines", "a.csv", []byte("\r\n \r\n,,\n"), 0, CodeEmpty, "文件为空"},
		{"header only", "a.csv", []byte("统一社会信用代码,企业名称\n,\n"), 0, CodeEmpty, "文件中没有企业数据（只有表头）"},
		{"too large", "a.csv", []byte(simpleCSV), 10, CodeTooLarge, "文件过大，最大允许 10 字节"},
		{"too many rows", "a.csv", []byte(many.String()), 0, CodeTooManyRows, "数据行数超过上限，每个文件最多 200000 行，请拆分后导入"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadEnterprises(bytes.NewReader(tt.data), tt.file, nil, tt.limit)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (result %+v), want *FileError", err, res)
			}
			if fe.Code != tt.code || (tt.msg != "" && fe.Message != tt.msg) {
				t.Errorf("got %s %q, want %s %q", fe.Code, fe.Message, tt.code, tt.msg)
			}
			if res != nil {
				t.Errorf("result not nil with error")
			}
		})
	}
}

func TestTitleRowsAboveHeader(t *testing.T) {
	csv := "西湖区重点企业名录（2024年）,,\n填报单位：西湖区经信局,,\n统一社会信用代码,企业名称,从业人数\n91330106MA2B1C3D45,甲,x\n"
	res := mustRead(t, []byte(csv), "a.csv", nil)
	if got, want := errSummary(res.Rejected), []string{"4|从业人数|employees|从业人数应为整数：“x”"}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
}

func TestParseScaledDecimal(t *testing.T) {
	tests := []struct {
		in    string
		shift int
		want  int64
		err   bool
	}{
		{"12.5", 4, 125000, false},
		{"0", 4, 0, false},
		{"", 4, 0, false},
		{"1", 4, 10000, false},
		{"0.0001", 4, 1, false},
		{".5", 4, 5000, false},
		{"5.", 4, 50000, false},
		{"+3", 4, 30000, false},
		{"-0", 4, 0, false},
		{"12.50000", 4, 125000, false},
		{"1,234.5678", 4, 12345678, false},
		{"１２.５", 4, 125000, false},
		{"000123.4500", 4, 1234500, false},
		{"922337203685477.5807", 4, 9223372036854775807, false},
		{"922337203685477.5808", 4, 0, true},
		{"12.34567", 4, 0, true},
		{"0.00001", 4, 0, true},
		{"-1", 4, 0, true},
		{"-0.5", 4, 0, true},
		{"1e5", 4, 0, true},
		{"1,2", 4, 0, true},
		{"12,34.5", 4, 0, true},
		{"abc", 4, 0, true},
		{".", 4, 0, true},
		{"1.2.3", 4, 0, true},
		{"125000", 0, 125000, false},
		{"125000.00", 0, 125000, false},
		{"125000.5", 0, 0, true},
	}
	for _, tt := range tests {
		got, msg := parseScaledDecimal(tt.in, tt.shift)
		if (msg != "") != tt.err || got != tt.want {
			t.Errorf("parseScaledDecimal(%q, %d) = %d, %q; want %d, err %v", tt.in, tt.shift, got, msg, tt.want, tt.err)
		}
	}
	for _, yuan := range []int64{0, 1, 10, 125000, 12345678, 10000, 100000000, 9223372036854775807, -125000} {
		s := formatScaledDecimal(yuan, 4)
		if yuan < 0 {
			if s != "-12.5" {
				t.Errorf("formatScaledDecimal(%d) = %q", yuan, s)
			}
			continue
		}
		back, msg := parseScaledDecimal(s, 4)
		if msg != "" || back != yuan {
			t.Errorf("round trip %d → %q → %d %q", yuan, s, back, msg)
		}
	}
	if s := formatScaledDecimal(125000, 4); s != "12.5" {
		t.Errorf("formatScaledDecimal(125000) = %q", s)
	}
	if s := formatScaledDecimal(1, 4); s != "0.0001" {
		t.Errorf("formatScaledDecimal(1) = %q", s)
	}
}

func TestParseDateCell(t *testing.T) {
	d := func(y, m, dd int) model.Date { return model.Date{Year: y, Month: time.Month(m), Day: dd} }
	tests := []struct {
		in   string
		want model.Date
		err  bool
	}{
		{"44927", d(2023, 1, 1), false},
		{"44927.75", d(2023, 1, 1), false},
		{"43240", d(2018, 5, 20), false},
		{"2023-01-02", d(2023, 1, 2), false},
		{"2023/1/2", d(2023, 1, 2), false},
		{"2023.1.2", d(2023, 1, 2), false},
		{"2023年1月2日", d(2023, 1, 2), false},
		{"2023年01月02日", d(2023, 1, 2), false},
		{"２０２３－０１－０２", d(2023, 1, 2), false},
		{"20230102", d(2023, 1, 2), false},
		{"2023/1/2 0:00", d(2023, 1, 2), false},
		{"2023-01-02T00:00:00Z", d(2023, 1, 2), false},
		{"", model.Date{}, false},
		{"2023", model.Date{}, true},
		{"2023-02-29", model.Date{}, true},
		{"20230230", model.Date{}, true},
		{"明年", model.Date{}, true},
		{"123", model.Date{}, true},
	}
	for _, tt := range tests {
		got, msg := parseDateCell(tt.in, false)
		if (msg != "") != tt.err || got != tt.want {
			t.Errorf("parseDateCell(%q) = %v, %q; want %v, err %v", tt.in, got, msg, tt.want, tt.err)
		}
	}
	if got, _ := parseDateCell("43465", true); got != d(2023, 1, 1) {
		t.Errorf("1904 system: %v", got)
	}
}

func TestSplitTags(t *testing.T) {
	tests := map[string][]string{
		"":                  nil,
		"、 ,":               nil,
		"a、b,c，d;e；f|g h　i": {"a", "b", "c", "d", "e", "f", "g", "h", "i"},
		"专精特新、高新技术企业、专精特新": {"专精特新", "高新技术企业"},
	}
	for in, want := range tests {
		if got := splitTags(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidatorFieldMapping(t *testing.T) {
	csv := "企业名称,社会信用代码,行业代码,联系方式\n甲,91330106MA2B1C3D45,x999,138\n"
	res := mustRead(t, []byte(csv), "a.csv", func(e *model.Enterprise) model.FieldErrors {
		var errs model.FieldErrors
		errs.Add("industry_code", "行业代码“X999”不存在")
		errs.Add("contacts.0.phone", "电话号码格式不正确")
		errs.Add("region_code", "所属区县代码不能为空")
		errs.Add("uscc", "统一社会信用代码校验位不正确")
		return errs
	})
	want := []string{
		"2|社会信用代码|uscc|统一社会信用代码校验位不正确",
		"2|行业代码|industry_code|行业代码“X999”不存在",
		"2|所属区县代码|region_code|所属区县代码不能为空",
		"2|联系方式|contacts.0.phone|电话号码格式不正确",
	}
	if got := errSummary(res.Rejected); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
