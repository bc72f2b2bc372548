// Package importer reads enterprise registry (企业库) spreadsheets as
// government clerks produce them (XLSX, or CSV in UTF-8, GBK/GB18030 or
// UTF-16) and writes the registry and its import template as XLSX.
package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// MaxRows is the most data rows one file may hold.
const MaxRows = 200_000

// DefaultMaxBytes is the file size limit ReadEnterprises applies when given
// a limit of zero or less.
const DefaultMaxBytes = 64 << 20

// maxHeaderScan is how many non-empty rows are searched for the header row,
// so that title rows above it ("XX区企业名录") are skipped.
const maxHeaderScan = 10

// Row is one data row of an imported file.
type Row struct {
	Line       int // 1-based row number as Excel shows it; the header is usually line 1
	Enterprise model.Enterprise
	Errors     []RowError
}

// RowError is one problem with one cell (or, with an empty Column, with the
// whole row).
type RowError struct {
	Line    int
	Column  string // header as written in the file, e.g. "统一社会信用代码"
	Field   string // JSON field name, e.g. "uscc"
	Message string // Chinese, shown to users as is
}

// Result is what ReadEnterprises found in a file.
type Result struct {
	Rows     []Row // rows without errors, in file order
	Rejected []Row // rows with errors, in file order
	Total    int   // data rows read (blank rows are not counted)
}

// Validator checks an enterprise's fields beyond what the file format
// guarantees (USCC check digits, industry codes…). FieldError.Field is a JSON
// field name; ReadEnterprises maps it back to its column.
type Validator func(e *model.Enterprise) model.FieldErrors

// FileError is a problem with the file as a whole; no rows are returned.
type FileError struct {
	Code    string // stable English code: not_spreadsheet, missing_columns, empty, too_large, too_many_rows
	Message string // Chinese, shown to users as is
}

// Error returns the code and the message.
func (e *FileError) Error() string { return "importer: " + e.Code + ": " + e.Message }

// File error codes.
const (
	CodeNotSpreadsheet = "not_spreadsheet"
	CodeMissingColumns = "missing_columns"
	CodeEmpty          = "empty"
	CodeTooLarge       = "too_large"
	CodeTooManyRows    = "too_many_rows"
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls, .et, encrypted .xlsx
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

func errNotSpreadsheet() error {
	return &FileError{Code: CodeNotSpreadsheet, Message: "文件不是有效的 Excel（.xlsx）或 CSV 表格，请使用导入模板填写后上传"}
}

// ReadEnterprises reads an enterprise sheet. The format is sniffed from the
// content — XLSX (a zip) or CSV — with filename's extension as a hint: a file
// named .xlsx/.xls that is not a zip is rejected rather than read as text.
// Only the first sheet of a workbook is read; its header row is the first
// non-empty row that names the required columns.
//
// Whole-file problems are returned as a *FileError; problems with single rows
// are reported in Result.Rejected. validate, if not nil, runs on every row.
// limit is the largest file accepted, in bytes (DefaultMaxBytes when ≤ 0).
func ReadEnterprises(r io.Reader, filename string, validate Validator, limit int64) (*Result, error) {
	return readAll(r, filename, validate, limit, nil)
}

// StreamEnterprises is ReadEnterprises for large files: each valid row is
// handed to emit as soon as it is parsed (in file order) instead of being
// collected in Result.Rows, so the caller can write while the file is still
// being read. An error from emit stops the read and is returned as is.
// Rejected rows and Total are reported in the Result as usual. A whole-file
// error can come after rows were emitted (too many rows), so callers write
// inside a transaction they can roll back.
func StreamEnterprises(r io.Reader, filename string, validate Validator, limit int64, emit func(Row) error) (*Result, error) {
	return readAll(r, filename, validate, limit, emit)
}

// ReadTable hands every non-blank row of a CSV (UTF-8, GBK or UTF-16) or
// XLSX file (its first sheet) to fn, with the row number Excel shows and
// the cells trimmed; XLSX cells come raw (dates as serial numbers). It is
// the reader for ledgers other than the enterprise registry. Whole-file
// problems come back as *FileError; an error from fn stops the read.
func ReadTable(r io.Reader, filename string, limit int64, fn func(line int, cells []string) error) error {
	_, err := readWith(r, filename, &parser{rowFn: fn}, limit)
	return err
}

func readAll(r io.Reader, filename string, validate Validator, limit int64, emit func(Row) error) (*Result, error) {
	return readWith(r, filename, &parser{validate: validate, emit: emit}, limit)
}

func readWith(r io.Reader, filename string, p *parser, limit int64) (*Result, error) {
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	limit = min(limit, 1<<40)
	data, err := readLimited(r, limit)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{Code: CodeEmpty, Message: "文件为空"}
	}
	ext := strings.ToLower(filename)
	if i := strings.LastIndexByte(ext, '.'); i >= 0 {
		ext = ext[i:]
	} else {
		ext = ""
	}
	switch {
	case bytes.HasPrefix(data, zipMagic):
		err = p.readXLSX(data, limit)
	case bytes.HasPrefix(data, oleMagic):
		return nil, &FileError{Code: CodeNotSpreadsheet, Message: "不支持旧版 Excel（.xls）或加密的表格文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入"}
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".et":
		return nil, errNotSpreadsheet()
	default:
		err = p.readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return &p.res, nil
}

// readLimited reads all of r, failing with too_large past limit bytes. When
// r can tell its size (an uploaded multipart.File, a bytes.Reader) the buffer
// is allocated once.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	tooLarge := &FileError{Code: CodeTooLarge, Message: "文件过大，最大允许 " + formatSize(limit)}
	size := int64(-1)
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case io.Seeker:
		if cur, err := v.Seek(0, io.SeekCurrent); err == nil {
			if end, err := v.Seek(0, io.SeekEnd); err == nil {
				if _, err := v.Seek(cur, io.SeekStart); err != nil {
					return nil, fmt.Errorf("importer: reading upload: %w", err)
				}
				size = end - cur
			}
		}
	}
	if size > limit {
		return nil, tooLarge
	}
	buf := make([]byte, 0, max(size+1, 64<<10))
	r = io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("importer: reading upload: %w", err)
		}
	}
	if int64(len(buf)) > limit {
		return nil, tooLarge
	}
	return buf, nil
}

// formatSize writes a byte count for a message.
func formatSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// decodeText turns CSV bytes into UTF-8: a UTF-8 BOM is dropped, a UTF-16
// BOM selects UTF-16, otherwise text that is not valid UTF-8 is taken as
// GB18030 (a superset of GBK, what Chinese Excel saves CSV in). ok is false
// when the content looks binary.
func decodeText(data []byte) (text []byte, ok bool) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		data = decodeUTF16(data[2:], false)
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		data = decodeUTF16(data[2:], true)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, false
	}
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, false
		}
		// Undecodable bytes come out as U+FFFD; a text file has none or few.
		if bad := bytes.Count(dec, []byte("\uFFFD")); bad > 0 && bad*100 > utf8.RuneCount(dec) {
			return nil, false
		}
		data = dec
	}
	// Control characters other than tab, line breaks, form feed and the DOS
	// end-of-file marker do not occur in text.
	head := data[:min(len(data), 64<<10)]
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A {
			controls++
		}
	}
	if controls > 0 && controls*1000 > len(head) {
		return nil, false
	}
	return data, true
}

// decodeUTF16 converts UTF-16 (without BOM) to UTF-8.
func decodeUTF16(b []byte, bigEndian bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
	}
	out := make([]byte, 0, len(b)*3/2)
	for _, r := range utf16.Decode(u) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// sniffDelimiter picks the CSV delimiter from the first non-blank line:
// comma, or tab (Excel's "Unicode text"), or semicolon, whichever occurs most.
func sniffDelimiter(data []byte) rune {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		best, bestN := ',', bytes.Count(line, []byte{','})
		for _, d := range []rune{'\t', ';'} {
			if n := bytes.Count(line, []byte{byte(d)}); n > bestN {
				best, bestN = d, n
			}
		}
		return best
	}
	return ','
}

// rowSource yields the rows of a file with their Excel row numbers; it
// returns io.EOF after the last row.
type rowSource interface {
	next() (line int, cells []string, err error)
}

// csvSource reads CSV records and works out the row number Excel would show
// for each, counting the blank lines encoding/csv skips.
type csvSource struct {
	r        *csv.Reader
	data     []byte
	off      int64 // input consumed so far
	nextLine int   // physical line the next record starts on, if no blank lines intervene
	row      int   // Excel row number of the last record
}

func (s *csvSource) next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		return 0, nil, err
	}
	start, _ := s.r.FieldPos(0)
	s.row += 1 + max(start-s.nextLine, 0)
	off := s.r.InputOffset()
	s.nextLine += bytes.Count(s.data[s.off:off], []byte{'\n'})
	s.off = off
	return s.row, rec, nil
}

func (p *parser) readCSV(raw []byte) error {
	data, ok := decodeText(raw)
	if !ok {
		return errNotSpreadsheet()
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffDelimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	p.sizeHint = bytes.Count(data, []byte{'\n'})
	err := p.run(&csvSource{r: r, data: data, nextLine: 1})
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{Code: CodeNotSpreadsheet, Message: fmt.Sprintf("CSV 格式错误（第 %d 行）", pe.Line)}
	}
	return err
}

// xlsxSource reads the rows of one worksheet. Cells come as stored (raw), not
// as formatted for display, so dates arrive as serial numbers and numbers
// without thousands separators.
type xlsxSource struct {
	f     *excelize.File
	sheet string
	rows  *excelize.Rows
	line  int
}

// isNumber reports whether the cell at line and 0-based column col holds a
// number (rather than text).
func (s *xlsxSource) isNumber(line, col int) bool {
	ref, err := excelize.CoordinatesToCellName(col+1, line)
	if err != nil {
		return false
	}
	t, err := s.f.GetCellType(s.sheet, ref)
	return err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset)
}

func (s *xlsxSource) next() (int, []string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, err
		}
		return 0, nil, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	return s.line, cells, err
}

// readXLSX reads the first worksheet of a workbook.
func (p *parser) readXLSX(data []byte, limit int64) (err error) {
	// A zip that is not a workbook (a .docx, a zip bomb) is turned away before
	// excelize unpacks it.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errNotSpreadsheet()
	}
	unzipLimit := min(max(limit*64, 256<<20), 4<<30)
	var total uint64
	hasWorkbook := false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.Name == "xl/workbook.xml" {
			hasWorkbook = true
		}
	}
	if !hasWorkbook {
		return errNotSpreadsheet()
	}
	if total > uint64(unzipLimit) {
		return &FileError{Code: CodeTooLarge, Message: "表格解压后过大，请拆分为多个文件后导入"}
	}
	defer func() {
		// excelize parses untrusted XML; a malformed file must not take the
		// server down.
		if v := recover(); v != nil {
			err = errNotSpreadsheet()
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit})
	if err != nil {
		return errNotSpreadsheet()
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return errNotSpreadsheet()
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		p.date1904 = *props.Date1904
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return errNotSpreadsheet()
	}
	defer rows.Close()
	src := &xlsxSource{f: f, sheet: sheets[0], rows: rows}
	p.isNumber = src.isNumber
	err = p.run(src)
	var fe *FileError
	if err != nil && !errors.As(err, &fe) {
		return errNotSpreadsheet()
	}
	return err
}

// parser turns rows into enterprises.
type parser struct {
	rowFn    func(line int, cells []string) error // ReadTable: every row, no header logic
	validate Validator
	emit     func(Row) error          // when set, valid rows go here instead of res.Rows
	isNumber func(line, col int) bool // for XLSX: whether a cell holds a number
	date1904 bool
	sizeHint int
	l        *layout
	seen     map[string]int // USCC → line of first occurrence
	res      Result
}

// run finds the header row, then parses every data row.
func (p *parser) run(src rowSource) error {
	if p.rowFn != nil {
		for {
			line, cells, err := src.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if blankRow(cells) {
				continue
			}
			out := make([]string, len(cells))
			for i, c := range cells {
				out[i] = trimCell(c)
			}
			if err := p.rowFn(line, out); err != nil {
				return err
			}
		}
	}
	var best *layout
	scanned := 0
	for p.l == nil {
		_, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if blankRow(cells) {
			continue
		}
		l := mapHeader(cells)
		if l.hasRequired {
			p.l = l
			break
		}
		if best == nil || l.found > best.found {
			best = l
		}
		if scanned++; scanned >= maxHeaderScan {
			break
		}
	}
	if p.l == nil {
		if best == nil {
			return &FileError{Code: CodeEmpty, Message: "文件为空"}
		}
		return &FileError{Code: CodeMissingColumns, Message: "缺少必填列：" + strings.Join(best.missingNames, "、")}
	}

	hint := min(p.sizeHint, MaxRows)
	p.seen = make(map[string]int, hint)
	if p.emit == nil {
		p.res.Rows = make([]Row, 0, hint)
	}
	var vals [numKinds]string
	for {
		line, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		blank := true
		for k := range vals {
			vals[k] = ""
			if i := p.l.idx[k]; i >= 0 && i < len(cells) {
				if v := trimCell(cells[i]); v != "" {
					vals[k] = v
					blank = false
				}
			}
		}
		if blank {
			continue
		}
		if p.res.Total++; p.res.Total > MaxRows {
			return &FileError{Code: CodeTooManyRows, Message: "数据行数超过上限，每个文件最多 " + strconv.Itoa(MaxRows) + " 行，请拆分后导入"}
		}
		row := p.parseRow(line, &vals)
		switch {
		case len(row.Errors) == 0 && p.emit != nil:
			if err := p.emit(row); err != nil {
				return err
			}
		case len(row.Errors) == 0:
			p.res.Rows = append(p.res.Rows, row)
		default:
			p.res.Rejected = append(p.res.Rejected, row)
		}
	}
	if p.res.Total == 0 {
		return &FileError{Code: CodeEmpty, Message: "文件中没有企业数据（只有表头）"}
	}
	return nil
}

// blankRow reports whether every cell is empty or white space.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

// rowErrors collects the errors of one row.
type rowErrors struct {
	l    *layout
	line int
	errs []RowError
	bad  [numKinds]bool
}

func (re *rowErrors) add(k kind, msg string) {
	re.bad[k] = true
	re.errs = append(re.errs, RowError{Line: re.line, Column: re.l.columnName(k), Field: columns[k].field, Message: msg})
}

// parseRow parses the trimmed cells of one data row.
func (p *parser) parseRow(line int, v *[numKinds]string) Row {
	re := rowErrors{l: p.l, line: line}
	var e model.Enterprise
	// Numbers typed into XLSX cells may be stored with 17 significant
	// digits; take them as Excel shows them. Text cells are taken as written.
	num := func(k kind) string {
		if p.isNumber != nil && needsNumericTidy(v[k]) && p.isNumber(line, p.l.idx[k]) {
			return tidyNumber(v[k])
		}
		return v[k]
	}

	e.USCC = normalizeCode(v[colUSCC])
	if e.USCC == "" {
		re.add(colUSCC, "统一社会信用代码不能为空")
	}
	e.Name = v[colName]
	if e.Name == "" {
		re.add(colName, "企业名称不能为空")
	}
	e.LegalRep = v[colLegalRep]
	e.IndustryCode = normalizeCode(v[colIndustryCode])
	var msg string
	if e.Scale, msg = parseScale(v[colScale]); msg != "" {
		re.add(colScale, msg)
	}
	if e.Ownership, msg = parseOwnership(v[colOwnership]); msg != "" {
		re.add(colOwnership, msg)
	}
	e.RegionCode = normalizeCode(v[colRegionCode])
	e.TownshipCode = normalizeCode(v[colTownshipCode])
	e.Address = v[colAddress]
	if s := num(colLatitude); s != "" {
		if e.Latitude, msg = parseCoord(s, 90); msg != "" {
			re.add(colLatitude, "纬度"+msg)
		}
	}
	if s := num(colLongitude); s != "" {
		if e.Longitude, msg = parseCoord(s, 180); msg != "" {
			re.add(colLongitude, "经度"+msg)
		}
	}
	if v[colLatitude] != "" && v[colLongitude] == "" {
		re.add(colLongitude, "填写了纬度，也须填写经度")
	} else if v[colLongitude] != "" && v[colLatitude] == "" {
		re.add(colLatitude, "填写了经度，也须填写纬度")
	}
	if e.FoundedOn, msg = parseDateCell(v[colFoundedOn], p.date1904); msg != "" {
		re.add(colFoundedOn, "成立日期"+msg)
	}
	if e.Employees, msg = parseCount(num(colEmployees)); msg != "" {
		re.add(colEmployees, "从业人数"+msg)
	}
	shift := 4
	if p.l.revenueYuan {
		shift = 0
	}
	if e.RevenueYuan, msg = parseScaledDecimal(num(colRevenue), shift); msg != "" {
		re.add(colRevenue, "营业收入"+msg)
	}
	e.Tags = splitTags(v[colTags])
	if name, phone := v[colContactName], toHalfWidth(v[colContactPhone]); name != "" || phone != "" {
		e.Contacts = []model.Contact{{Name: name, Phone: phone, Title: v[colContactTitle]}}
	}

	if p.validate != nil {
		for _, fe := range p.validate(&e) {
			if fe == nil {
				continue
			}
			k, ok := fieldIndex[normField(fe.Field)]
			if !ok {
				re.errs = append(re.errs, RowError{Line: line, Field: fe.Field, Message: fe.Message})
				continue
			}
			if re.bad[k] {
				continue // the cell already has a more specific error
			}
			re.errs = append(re.errs, RowError{Line: line, Column: p.l.columnName(k), Field: fe.Field, Message: fe.Message})
		}
	}

	if e.USCC != "" {
		if first, dup := p.seen[e.USCC]; dup {
			if !re.bad[colUSCC] {
				re.add(colUSCC, "与第"+strconv.Itoa(first)+"行的统一社会信用代码重复")
			}
		} else {
			p.seen[e.USCC] = line
		}
	}

	if len(re.errs) > 1 {
		order := func(e RowError) int {
			if k, ok := fieldIndex[normField(e.Field)]; ok {
				return int(k)
			}
			return int(numKinds)
		}
		sort.SliceStable(re.errs, func(i, j int) bool { return order(re.errs[i]) < order(re.errs[j]) })
	}
	return Row{Line: line, Enterprise: e, Errors: re.errs}
}
