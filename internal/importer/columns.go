package importer

import (
	"strings"
	"unicode/utf8"
)

// kind identifies one column of the enterprise sheet. The order of the
// constants is the canonical column order used by the writers, and the order
// in which row errors are reported.
type kind int

const (
	colUSCC kind = iota
	colName
	colLegalRep
	colIndustryCode
	colIndustryName // export only, ignored on import
	colScale
	colOwnership
	colRegionCode
	colRegionName // export only, ignored on import
	colTownshipCode
	colAddress
	colLatitude
	colLongitude
	colFoundedOn
	colEmployees
	colRevenue
	colTags
	colContactName
	colContactPhone
	colContactTitle
	numKinds
)

// column describes one column: its canonical Chinese header, the JSON field
// name used in RowError.Field, the accepted header aliases and what the
// template says about it.
type column struct {
	header     string
	field      string
	required   bool
	exportOnly bool
	text       bool // written with the text ("@") number format
	width      float64
	aliases    []string
	accepts    string // 填写说明 for the template
}

var columns = [numKinds]column{
	colUSCC: {header: "统一社会信用代码", field: "uscc", required: true, text: true, width: 22,
		aliases: []string{"社会信用代码", "信用代码", "统一代码"},
		accepts: "18 位统一社会信用代码，字母大写；同一文件内不得重复"},
	colName: {header: "企业名称", field: "name", required: true, width: 36,
		aliases: []string{"单位名称", "企业全称", "名称"},
		accepts: "与营业执照一致的企业全称"},
	colLegalRep: {header: "法定代表人", field: "legal_rep", width: 12,
		aliases: []string{"法人代表", "法定代表人姓名", "法人"},
		accepts: "姓名"},
	colIndustryCode: {header: "行业代码", field: "industry_code", text: true, width: 10,
		aliases: []string{"国民经济行业代码", "所属行业代码"},
		accepts: "国民经济行业分类（GB/T 4754）代码，如 I6513"},
	colIndustryName: {header: "行业名称", exportOnly: true, width: 24},
	colScale: {header: "企业规模", field: "scale", width: 10,
		aliases: []string{"规模"},
		accepts: "大型、中型、小型、微型（也可填 大、中、小、微）"},
	colOwnership: {header: "所有制", field: "ownership", width: 10,
		aliases: []string{"登记注册类型", "所有制类型", "经济类型"},
		accepts: "民营、国有、集体、外资、港澳台、其他"},
	colRegionCode: {header: "所属区县代码", field: "region_code", text: true, width: 14,
		aliases: []string{"区县代码", "所属区县编码", "区划代码"},
		accepts: "6 位行政区划代码，如 330106"},
	colRegionName: {header: "所属区县", exportOnly: true, width: 14},
	colTownshipCode: {header: "乡镇街道代码", field: "township_code", text: true, width: 14,
		aliases: []string{"乡镇(街道)代码", "街道代码", "乡镇代码", "乡镇街道编码"},
		accepts: "乡镇（街道）区划代码，可不填"},
	colAddress: {header: "地址", field: "address", width: 40,
		aliases: []string{"注册地址", "企业地址", "经营地址", "住所"},
		accepts: "详细地址"},
	colLatitude: {header: "纬度", field: "latitude", width: 12,
		aliases: []string{"lat"},
		accepts: "小数，-90 至 90，如 30.2741；与经度同时填写"},
	colLongitude: {header: "经度", field: "longitude", width: 12,
		aliases: []string{"lng", "lon"},
		accepts: "小数，-180 至 180，如 120.1551；与纬度同时填写"},
	colFoundedOn: {header: "成立日期", field: "founded_on", width: 12,
		aliases: []string{"注册日期", "成立时间"},
		accepts: "日期，格式 YYYY-MM-DD，如 2018-05-20（也可填 2018/5/20、2018年5月20日、20180520）"},
	colEmployees: {header: "从业人数", field: "employees", width: 10,
		aliases: []string{"从业人员", "从业人员数", "职工人数", "员工人数"},
		accepts: "非负整数（人）"},
	colRevenue: {header: "营业收入(万元)", field: "revenue_yuan", width: 16,
		aliases: []string{"营业收入", "营业收入万元", "revenue"},
		accepts: "上年营业收入，单位：万元，非负数，最多 4 位小数，如 1234.5"},
	colTags: {header: "标签", field: "tags", width: 24,
		aliases: []string{"企业标签"},
		accepts: "多个标签用顿号（、）、逗号、分号或空格分隔，如 高新技术企业、专精特新"},
	colContactName: {header: "联系人", field: "contacts[0].name", width: 10,
		aliases: []string{"联系人姓名", "contact_name"},
		accepts: "姓名；联系人或联系电话至少填写一项时生成一条联系人记录"},
	colContactPhone: {header: "联系电话", field: "contacts[0].phone", text: true, width: 16,
		aliases: []string{"联系人电话", "联系方式", "手机号码", "contact_phone"},
		accepts: "手机或座机号码"},
	colContactTitle: {header: "联系人职务", field: "contacts[0].title", width: 12,
		aliases: []string{"职务", "contact_title"},
		accepts: "如 财务负责人"},
}

// yuanHeaders are import-only revenue headers whose values are in yuan
// rather than 万元: the JSON field name and an explicit (元) unit.
var yuanHeaders = map[string]bool{"revenue_yuan": true, normHeader("营业收入(元)"): true}

// headerIndex maps a normalized header to its column. Built once.
var headerIndex = func() map[string]kind {
	m := make(map[string]kind)
	for k := kind(0); k < numKinds; k++ {
		c := columns[k]
		names := append([]string{c.header}, c.aliases...)
		if c.field != "" && !strings.Contains(c.field, "[") {
			names = append(names, c.field)
		}
		for _, n := range names {
			m[normHeader(n)] = k
		}
	}
	return m
}()

// fieldIndex maps a JSON field name, as a Validator reports it, to its column.
var fieldIndex = func() map[string]kind {
	m := make(map[string]kind)
	for k := kind(0); k < numKinds; k++ {
		if f := columns[k].field; f != "" {
			m[normField(f)] = k
		}
	}
	m["revenue"] = colRevenue
	m["contacts"] = colContactName
	m["contacts.email"] = colContactName
	m["contact_name"] = colContactName
	m["contact_phone"] = colContactPhone
	m["contact_title"] = colContactTitle
	return m
}()

// normField lower-cases a field path and drops array indexes, so that
// "contacts[0].phone", "contacts.0.phone" and "contacts.phone" are the same.
func normField(f string) string {
	f = strings.ToLower(strings.TrimSpace(f))
	if !strings.ContainsAny(f, "[0123456789") {
		return f
	}
	var b strings.Builder
	parts := strings.Split(f, ".")
	for _, p := range parts {
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		if p == "" || isDigits(p) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// normHeader reduces a header cell to a matching key: full-width ASCII to
// half-width, every space (also inside, e.g. line breaks typed with Alt+Enter)
// removed, required markers "*" removed from both ends, ASCII lower-cased.
func normHeader(s string) string {
	s = toHalfWidth(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSpace(r) {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), "*")
}

// cleanHeader is a header as shown back to the user in RowError.Column: the
// cell text trimmed, without required markers.
func cleanHeader(s string) string {
	return trimCell(strings.TrimRight(trimCell(s), "*＊"))
}

// isSpace reports white space as unicode.IsSpace does, plus the invisible
// characters that end up in pasted cells (BOM, zero-width space). It is
// spelled out because it runs for every cell.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	switch {
	case r == 0x85, r == 0xA0, r == 0x1680, r >= 0x2000 && r <= 0x200B,
		r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000, r == 0xFEFF:
		return true
	}
	return false
}

// trimCell trims white space (including full-width spaces) from both ends.
// Cells that need no trimming, the common case, are returned without
// scanning.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	if c0, c1 := s[0], s[len(s)-1]; c0 > ' ' && c0 < utf8.RuneSelf && c1 > ' ' && c1 < utf8.RuneSelf {
		return s
	}
	r0, _ := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeLastRuneInString(s)
	if !isSpace(r0) && !isSpace(r1) {
		return s
	}
	return strings.TrimFunc(s, isSpace)
}

// toHalfWidth maps full-width ASCII (U+FF01–U+FF5E) to ASCII and the
// ideographic space to a space.
func toHalfWidth(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// layout is where each column is in one file.
type layout struct {
	idx          [numKinds]int    // cell index, -1 when absent
	names        [numKinds]string // header as written in the file
	revenueYuan  bool             // revenue column is in yuan ("revenue_yuan")
	found        int              // number of recognized columns
	hasRequired  bool
	missingNames []string
}

// mapHeader recognizes the columns of a header row. When two cells map to the
// same column, the leftmost wins.
func mapHeader(cells []string) *layout {
	l := &layout{}
	for k := range l.idx {
		l.idx[k] = -1
	}
	for i, c := range cells {
		key := normHeader(c)
		if key == "" {
			continue
		}
		k, ok := headerIndex[key]
		yuan := yuanHeaders[key]
		if yuan {
			k, ok = colRevenue, true
		}
		if !ok || columns[k].exportOnly || l.idx[k] >= 0 {
			continue
		}
		l.idx[k] = i
		l.names[k] = cleanHeader(c)
		l.revenueYuan = l.revenueYuan || yuan
		l.found++
	}
	l.hasRequired = true
	for k := kind(0); k < numKinds; k++ {
		if columns[k].required && l.idx[k] < 0 {
			l.hasRequired = false
			l.missingNames = append(l.missingNames, columns[k].header)
		}
	}
	return l
}

// columnName is the header to report for k: as written in the file when the
// column is present, else the canonical one.
func (l *layout) columnName(k kind) string {
	if l.idx[k] >= 0 && l.names[k] != "" {
		return l.names[k]
	}
	return columns[k].header
}
