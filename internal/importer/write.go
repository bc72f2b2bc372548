package importer

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Labels supplies the human-readable names written next to codes in an
// export (行业名称 after 行业代码, 所属区县 after 所属区县代码). These columns
// are ignored on import. A nil func leaves its column empty.
type Labels struct {
	Region   func(code string) string
	Industry func(code string) string
}

const (
	exportSheet   = "企业库"
	templateSheet = "企业信息"
	helpSheet     = "填写说明"
	dateFormat    = "yyyy-mm-dd"
)

// sheetStyles are the cell styles of a written workbook.
type sheetStyles struct {
	header, headerRequired, text, date int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}}
	align := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: align, NumFmt: 49}); err != nil {
		return s, err
	}
	if s.headerRequired, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, Border: border, Alignment: align, NumFmt: 49}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // "@": keeps codes from turning into numbers
		return s, err
	}
	df := dateFormat
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df}); err != nil {
		return s, err
	}
	return s, nil
}

// colStyle is the style of data cells in column k, 0 for General.
func (s sheetStyles) colStyle(k kind) int {
	switch {
	case columns[k].text:
		return s.text
	case k == colFoundedOn:
		return s.date
	}
	return 0
}

// WriteEnterprisesXLSX writes list as a workbook that ReadEnterprises reads
// back unchanged: the canonical headers in the canonical order, plus the
// 行业名称 and 所属区县 label columns. Scale and ownership are written as
// their Chinese labels, revenue in 万元, tags joined with "、", and the first
// contact in the three contact columns (further contacts and e-mail
// addresses have no column). Zero employees and revenue are left blank.
// Rows are streamed, so large lists are fine.
func WriteEnterprisesXLSX(w io.Writer, list []model.Enterprise, labels Labels) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), exportSheet); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	sw, err := f.NewStreamWriter(exportSheet)
	if err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	for k := kind(0); k < numKinds; k++ {
		if err := sw.SetColWidth(int(k)+1, int(k)+1, columns[k].width); err != nil {
			return fmt.Errorf("importer: %w", err)
		}
		if s := st.colStyle(k); s != 0 {
			if err := sw.SetColStyle(int(k)+1, int(k)+1, s); err != nil {
				return fmt.Errorf("importer: %w", err)
			}
		}
	}
	header := make([]any, numKinds)
	for k := kind(0); k < numKinds; k++ {
		header[k] = excelize.Cell{StyleID: st.header, Value: columns[k].header}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 24}); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	cells := make([]any, numKinds)
	for i := range list {
		enterpriseCells(cells, &list[i], labels, st)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("importer: writing row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	return nil
}

// enterpriseCells fills cells (one per kind) with e's values.
func enterpriseCells(cells []any, e *model.Enterprise, labels Labels, st sheetStyles) {
	str := func(k kind, s string) {
		if s == "" {
			cells[k] = nil
			return
		}
		if st := st.colStyle(k); st != 0 {
			cells[k] = excelize.Cell{StyleID: st, Value: s}
			return
		}
		cells[k] = s
	}
	str(colUSCC, e.USCC)
	str(colName, e.Name)
	str(colLegalRep, e.LegalRep)
	str(colIndustryCode, e.IndustryCode)
	cells[colIndustryName] = nil
	if labels.Industry != nil && e.IndustryCode != "" {
		str(colIndustryName, labels.Industry(e.IndustryCode))
	}
	str(colScale, labelOr(e.Scale.Label(), string(e.Scale)))
	str(colOwnership, labelOr(e.Ownership.Label(), string(e.Ownership)))
	str(colRegionCode, e.RegionCode)
	cells[colRegionName] = nil
	if labels.Region != nil && e.RegionCode != "" {
		str(colRegionName, labels.Region(e.RegionCode))
	}
	str(colTownshipCode, e.TownshipCode)
	str(colAddress, e.Address)
	cells[colLatitude], cells[colLongitude] = nil, nil
	if e.Latitude != nil {
		cells[colLatitude] = *e.Latitude
	}
	if e.Longitude != nil {
		cells[colLongitude] = *e.Longitude
	}
	cells[colFoundedOn] = nil
	if !e.FoundedOn.IsZero() {
		if n, ok := serialOf(e.FoundedOn); ok {
			cells[colFoundedOn] = excelize.Cell{StyleID: st.date, Value: n}
		} else {
			cells[colFoundedOn] = e.FoundedOn.String()
		}
	}
	cells[colEmployees] = nil
	if e.Employees != 0 {
		cells[colEmployees] = e.Employees
	}
	cells[colRevenue] = nil
	if e.RevenueYuan != 0 {
		cells[colRevenue] = revenueCell(e.RevenueYuan)
	}
	str(colTags, strings.Join(e.Tags, "、"))
	var c model.Contact
	if len(e.Contacts) > 0 {
		c = e.Contacts[0]
	}
	str(colContactName, c.Name)
	str(colContactPhone, c.Phone)
	str(colContactTitle, c.Title)
}

// revenueCell is revenue in 万元: a number cell when the decimal has at most
// 15 significant digits (so a float64 holds it exactly as written), else
// text, which still imports exactly.
func revenueCell(yuan int64) any {
	s := formatScaledDecimal(yuan, 4)
	if len(strings.Trim(strings.NewReplacer("-", "", ".", "").Replace(s), "0")) <= 15 {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v
		}
	}
	return s
}

func labelOr(label, code string) string {
	if label != "" {
		return label
	}
	return code
}

// Example row of the import template. The USCC has a valid check digit.
var templateExample = model.Enterprise{
	USCC:         "91330106MA2B1C3D45",
	Name:         "杭州示例科技有限公司",
	LegalRep:     "张三",
	IndustryCode: "I6513",
	Scale:        model.ScaleSmall,
	Ownership:    model.OwnershipPrivate,
	RegionCode:   "330106",
	TownshipCode: "330106001",
	Address:      "浙江省杭州市西湖区文三路 100 号",
	Latitude:     ptr(30.2741),
	Longitude:    ptr(120.1551),
	FoundedOn:    model.Date{Year: 2018, Month: 5, Day: 20},
	Employees:    56,
	RevenueYuan:  12345000,
	Tags:         []string{"高新技术企业", "专精特新"},
	Contacts:     []model.Contact{{Name: "李四", Phone: "13800000000", Title: "财务负责人"}},
}

func ptr[T any](v T) *T { return &v }

// WriteTemplateXLSX writes the import template: the importable columns with
// required headers marked "*", one example row, drop-down lists for 企业规模
// and 所有制, and a second sheet 填写说明 describing every column.
func WriteTemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeTemplate(f); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	return nil
}

// templateKinds are the importable columns, in canonical order.
func templateKinds() []kind {
	var ks []kind
	for k := kind(0); k < numKinds; k++ {
		if !columns[k].exportOnly {
			ks = append(ks, k)
		}
	}
	return ks
}

func writeTemplate(f *excelize.File) error {
	const dataRows = 1000 // rows prepared with formats and drop-downs
	if err := f.SetSheetName(f.GetSheetName(0), templateSheet); err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	exampleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}})
	if err != nil {
		return err
	}
	exampleText, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	df := dateFormat
	exampleDate, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}, CustomNumFmt: &df})
	if err != nil {
		return err
	}

	cells := make([]any, numKinds)
	enterpriseCells(cells, &templateExample, Labels{}, st)
	for i, k := range templateKinds() {
		col, _ := excelize.ColumnNumberToName(i + 1)
		h, hs := columns[k].header, st.header
		if columns[k].required {
			h, hs = h+"*", st.headerRequired
		}
		if err := f.SetCellValue(templateSheet, col+"1", h); err != nil {
			return err
		}
		if err := f.SetCellStyle(templateSheet, col+"1", col+"1", hs); err != nil {
			return err
		}
		if err := f.SetColWidth(templateSheet, col, col, columns[k].width); err != nil {
			return err
		}
		if s := st.colStyle(k); s != 0 {
			if err := f.SetCellStyle(templateSheet, col+"2", col+strconv.Itoa(dataRows+1), s); err != nil {
				return err
			}
		}
		v := cells[k]
		es := exampleStyle
		if c, ok := v.(excelize.Cell); ok {
			v = c.Value
			es = exampleText
			if k == colFoundedOn {
				es = exampleDate
			}
		}
		if err := f.SetCellValue(templateSheet, col+"2", v); err != nil {
			return err
		}
		if err := f.SetCellStyle(templateSheet, col+"2", col+"2", es); err != nil {
			return err
		}
		var list []string
		switch k {
		case colScale:
			for _, s := range model.Scales {
				list = append(list, s.Label())
			}
		case colOwnership:
			for _, o := range model.Ownerships {
				list = append(list, o.Label())
			}
		}
		if list != nil {
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(col + "2:" + col + strconv.Itoa(dataRows+1))
			if err := dv.SetDropList(list); err != nil {
				return err
			}
			if err := f.AddDataValidation(templateSheet, dv); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowHeight(templateSheet, 1, 24); err != nil {
		return err
	}
	if err := f.SetPanes(templateSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	return writeHelpSheet(f, st)
}

// writeHelpSheet adds the 填写说明 sheet.
func writeHelpSheet(f *excelize.File, st sheetStyles) error {
	if _, err := f.NewSheet(helpSheet); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	rows := [][]any{{"列名", "是否必填", "填写说明"}}
	for _, k := range templateKinds() {
		req := "选填"
		if columns[k].required {
			req = "必填"
		}
		rows = append(rows, []any{columns[k].header, req, columns[k].accepts})
	}
	rows = append(rows,
		[]any{},
		[]any{"说明", "", "带 * 的列为必填列。第 2 行为示例，导入前请删除或替换为真实数据。"},
		[]any{"", "", "只读取第一个工作表；表头可使用列名或其常见别名，未识别的列将被忽略。"},
		[]any{"", "", "也可上传 CSV 文件（UTF-8 或 GBK 编码），表头与本模板相同。每个文件最多 " + strconv.Itoa(MaxRows) + " 行。"},
	)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(helpSheet, cell, &r); err != nil {
			return err
		}
	}
	last := strconv.Itoa(len(rows))
	if err := f.SetCellStyle(helpSheet, "A1", "C1", st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(helpSheet, "A2", "C"+last, wrap); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 18, "B": 10, "C": 70} {
		if err := f.SetColWidth(helpSheet, col, col, width); err != nil {
			return err
		}
	}
	return f.SetPanes(helpSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
