package cases

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/importer"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
)

// ImportReport is what an import of cases did, row by row.
type ImportReport struct {
	Total    int                 `json:"total"`
	Created  int                 `json:"created"`
	Existing int                 `json:"existing"` // already imported (same source and external id)
	Rejected []core.RejectedCell `json:"rejected"`
	Rows     int                 `json:"rejected_rows"`
}

// caseColumns maps the headers complaint platforms and clerks use to the
// fields of Input.
var caseColumns = map[string]string{
	"外部编号": "external_id", "投诉编号": "external_id", "工单编号": "external_id", "编号": "external_id", "external_id": "external_id",
	"统一社会信用代码": "enterprise_uscc", "企业信用代码": "enterprise_uscc", "enterprise_uscc": "enterprise_uscc",
	"企业名称": "enterprise_name", "被投诉企业": "enterprise_name",
	"类型": "kind", "事项类型": "kind", "kind": "kind",
	"类别": "category", "问题类别": "category", "category": "category",
	"来源": "source", "source": "source",
	"标题": "title", "诉求标题": "title", "投诉标题": "title", "title": "title",
	"内容": "description", "诉求内容": "description", "投诉内容": "description", "description": "description",
	"受理时间": "received_at", "登记时间": "received_at", "投诉时间": "received_at", "received_at": "received_at",
	"办理时限": "time_limit_workdays", "办理时限(工作日)": "time_limit_workdays", "time_limit_workdays": "time_limit_workdays",
	"承诺兑现日期": "due_date", "到期日": "due_date", "due_date": "due_date",
}

var caseColumnNames = map[string]string{"external_id": "外部编号", "enterprise_uscc": "统一社会信用代码", "kind": "类型", "category": "类别",
	"source": "来源", "title": "标题", "description": "内容", "received_at": "受理时间", "time_limit_workdays": "办理时限", "due_date": "承诺兑现日期"}

// ImportCases reads cases exported by a complaint platform (CSV, XLSX or
// JSON) and opens each one; rows already imported (same source and
// external id) are counted, not duplicated, so an import can be repeated.
func (s *Service) ImportCases(ctx context.Context, p *access.Principal, r io.Reader, filename string) (*ImportReport, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	data, err := io.ReadAll(io.LimitReader(r, core.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > core.MaxImportBytes {
		return nil, &fault.Error{Class: fault.ClassTooLarge, Code: "too_large", Field: "file", Message: "文件过大"}
	}
	rep := &ImportReport{Rejected: []core.RejectedCell{}}
	row := func(line int, in Input, ext string, bad []core.RejectedCell) error {
		rep.Total++
		if len(bad) > 0 {
			rep.Rejected = append(rep.Rejected, bad...)
			return nil
		}
		in.ExternalID = strings.TrimSpace(ext)
		if in.ExternalID == "" {
			rep.reject(line, "external_id", "缺少外部编号：导入的事项须带平台编号，重复导入才不会重复登记")
			return nil
		}
		if in.Source == "" {
			in.Source = model.SourcePlatform
		}
		_, created, err := s.CreateCase(ctx, p, in)
		switch {
		case err == nil && created:
			rep.Created++
		case err == nil:
			rep.Existing++
		default:
			var se *fault.Error
			if !errors.As(err, &se) {
				return err
			}
			if len(se.Fields) > 0 {
				for _, f := range se.Fields {
					rep.reject(line, f.Field, f.Message)
				}
			} else {
				rep.reject(line, se.Field, se.Message)
			}
		}
		return nil
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		err = importCasesJSON(t, row)
	} else {
		err = importCasesTable(data, filename, row)
	}
	if err != nil {
		var fe *importer.FileError
		if errors.As(err, &fe) {
			return nil, &fault.Error{Class: fault.ClassInvalid, Code: fe.Code, Field: "file", Message: fe.Message}
		}
		return nil, err
	}
	seen := map[int]bool{}
	for _, r := range rep.Rejected {
		seen[r.Line] = true
	}
	rep.Rows = len(seen)
	return rep, nil
}

func (r *ImportReport) reject(line int, field, msg string) {
	col := caseColumnNames[field]
	if col == "" && field == "enterprise_id" {
		col = "统一社会信用代码"
	}
	r.Rejected = append(r.Rejected, core.RejectedCell{Line: line, Column: col, Field: field, Message: msg})
}

// importCasesJSON reads an array of objects (or {"items": [...]}) with the
// fields of the cases API; the row number is the item's position from 1.
func importCasesJSON(data []byte, row func(int, Input, string, []core.RejectedCell) error) error {
	var items []json.RawMessage
	if data[0] == '{' {
		var wrap struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(data, &wrap); err != nil {
			return &importer.FileError{Code: "invalid_json", Message: "JSON 无法解析：" + err.Error()}
		}
		items = wrap.Items
	} else if err := json.Unmarshal(data, &items); err != nil {
		return &importer.FileError{Code: "invalid_json", Message: "JSON 无法解析：" + err.Error()}
	}
	if len(items) == 0 {
		return &importer.FileError{Code: importer.CodeEmpty, Message: "文件中没有事项"}
	}
	for i, raw := range items {
		var in Input
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			bad := []core.RejectedCell{{Line: i + 1, Message: "该项无法解析：" + err.Error()}}
			if err := row(i+1, in, "", bad); err != nil {
				return err
			}
			continue
		}
		if err := row(i+1, in, in.ExternalID, nil); err != nil {
			return err
		}
	}
	return nil
}

func importCasesTable(data []byte, filename string, row func(int, Input, string, []core.RejectedCell) error) error {
	var idx map[string]int
	return importer.ReadTable(bytes.NewReader(data), filename, core.MaxImportBytes, func(line int, cells []string) error {
		if idx == nil {
			idx = map[string]int{}
			for i, h := range cells {
				h = strings.TrimSuffix(strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(h), "（", "("), "）", ")"), "*")
				if f, ok := caseColumns[h]; ok {
					if _, dup := idx[f]; !dup {
						idx[f] = i
					}
				}
			}
			var missing []string
			for _, f := range []string{"external_id", "enterprise_uscc", "category", "title"} {
				if _, ok := idx[f]; !ok {
					missing = append(missing, caseColumnNames[f])
				}
			}
			if len(missing) > 0 {
				return &importer.FileError{Code: importer.CodeMissingColumns, Message: "缺少必填列：" + strings.Join(missing, "、")}
			}
			return nil
		}
		get := func(f string) string {
			if i, ok := idx[f]; ok && i < len(cells) {
				return cells[i]
			}
			return ""
		}
		in := Input{EnterpriseUSCC: get("enterprise_uscc"), Category: get("category"), Title: get("title"), Description: get("description"), DueDate: get("due_date")}
		var bad []core.RejectedCell
		if v := get("kind"); v != "" {
			if k, ok := parseKind(v); ok {
				in.Kind = k
			} else {
				bad = append(bad, core.RejectedCell{Line: line, Column: "类型", Field: "kind", Message: "未知的类型「" + v + "」（诉求、投诉、咨询、承诺）"})
			}
		}
		if v := get("source"); v != "" {
			if src, ok := parseSource(v); ok {
				in.Source = src
			} else {
				bad = append(bad, core.RejectedCell{Line: line, Column: "来源", Field: "source", Message: "未知的来源「" + v + "」"})
			}
		}
		if v := get("received_at"); v != "" {
			t, err := parseDateTime(v)
			if err != nil {
				bad = append(bad, core.RejectedCell{Line: line, Column: "受理时间", Field: "received_at", Message: "受理时间格式应为 YYYY-MM-DD HH:MM"})
			} else {
				in.ReceivedAt = &t
			}
		}
		if v := get("time_limit_workdays"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				bad = append(bad, core.RejectedCell{Line: line, Column: "办理时限", Field: "time_limit_workdays", Message: "办理时限应为整数（工作日）"})
			} else {
				in.TimeLimitWorkdays = n
			}
		}
		return row(line, in, get("external_id"), bad)
	})
}

func parseKind(v string) (model.CaseKind, bool) {
	switch v {
	case "problem", "诉求", "问题", "诉求/问题":
		return model.KindProblem, true
	case "complaint", "投诉", "举报", "投诉举报":
		return model.KindComplaint, true
	case "consultation", "咨询":
		return model.KindConsultation, true
	case "commitment", "承诺", "政府承诺事项":
		return model.KindCommitment, true
	}
	return "", false
}

func parseSource(v string) (model.CaseSource, bool) {
	for _, s := range model.CaseSources {
		if v == string(s) || v == s.Label() {
			return s, true
		}
	}
	switch v {
	case "12345", "热线":
		return model.SourceHotline, true
	case "河南省投诉举报平台", "投诉平台", "省平台":
		return model.SourcePlatform, true
	}
	return "", false
}

// parseDateTime reads a receipt time as platforms export it, in Shanghai
// time: "2026-03-02 09:15", with seconds, RFC 3339, a bare date, or an
// Excel serial number.
func parseDateTime(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/1/2 15:04", "2006-01-02", "2006/1/2"} {
		if t, err := time.ParseInLocation(layout, v, calendar.Shanghai); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f > 20000 && f < 80000 {
		days := math.Floor(f)
		secs := math.Round((f - days) * 86400)
		return time.Date(1899, 12, 30, 0, 0, 0, 0, calendar.Shanghai).AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), nil
	}
	return time.Time{}, fmt.Errorf("bad time %q", v)
}
