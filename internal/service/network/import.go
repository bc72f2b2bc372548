package network

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/importer"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// RowReport is what an import of rows did: how many were taken, and why
// the others were not.
type RowReport struct {
	Total    int                 `json:"total"`
	Imported int                 `json:"imported"`
	Rejected []core.RejectedCell `json:"rejected"`
	Rows     int                 `json:"rejected_rows"`
}

// table reads a CSV or XLSX ledger whose header row names the columns;
// fn gets each data row as column → value. Missing required columns are a
// file error.
func table(data []byte, filename string, columns map[string]string, required []string, fn func(line int, get func(string) string) error) error {
	var idx map[string]int
	return importer.ReadTable(bytes.NewReader(data), filename, core.MaxImportBytes, func(line int, cells []string) error {
		if idx == nil {
			idx = map[string]int{}
			for i, h := range cells {
				h = strings.TrimSuffix(strings.TrimSpace(h), "*")
				if f, ok := columns[h]; ok {
					if _, dup := idx[f]; !dup {
						idx[f] = i
					}
				}
			}
			var missing []string
			for _, f := range required {
				if _, ok := idx[f]; !ok {
					missing = append(missing, f)
				}
			}
			if len(missing) > 0 {
				return &importer.FileError{Code: importer.CodeMissingColumns, Message: "缺少必填列：" + strings.Join(missing, "、")}
			}
			return nil
		}
		return fn(line, func(f string) string {
			if i, ok := idx[f]; ok && i < len(cells) {
				return cells[i]
			}
			return ""
		})
	})
}

func (r *RowReport) reject(line int, column, field, msg string) {
	r.Rejected = append(r.Rejected, core.RejectedCell{Line: line, Column: column, Field: field, Message: msg})
}

func (r *RowReport) fromError(line int, err error, column func(field string) string) error {
	var se *fault.Error
	if !errors.As(err, &se) {
		return err
	}
	if len(se.Fields) > 0 {
		for _, f := range se.Fields {
			r.reject(line, column(f.Field), f.Field, f.Message)
		}
		return nil
	}
	r.reject(line, column(se.Field), se.Field, se.Message)
	return nil
}

func (r *RowReport) finish() {
	seen := map[int]bool{}
	for _, x := range r.Rejected {
		seen[x.Line] = true
	}
	r.Rows = len(seen)
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, core.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > core.MaxImportBytes {
		return nil, &fault.Error{Class: fault.ClassTooLarge, Code: "too_large", Field: "file", Message: "文件过大"}
	}
	return data, nil
}

func fileError(err error) error {
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return &fault.Error{Class: fault.ClassInvalid, Code: fe.Code, Field: "file", Message: fe.Message}
	}
	return err
}

// ImportAssignments reads a 包联台账 (统一社会信用代码, 服务专员登录名,
// 调整原因) and assigns each enterprise its commissioner; a row naming the
// commissioner an enterprise already has is counted as imported.
func (s *Service) ImportAssignments(ctx context.Context, p *access.Principal, r io.Reader, filename string) (*RowReport, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	rep := &RowReport{Rejected: []core.RejectedCell{}}
	cols := map[string]string{"统一社会信用代码": "统一社会信用代码", "服务专员登录名": "服务专员登录名", "登录名": "服务专员登录名", "调整原因": "调整原因", "原因": "调整原因"}
	column := func(field string) string {
		return map[string]string{"user_id": "服务专员登录名", "reason": "调整原因", "enterprise_id": "统一社会信用代码"}[field]
	}
	err = table(data, filename, cols, []string{"统一社会信用代码", "服务专员登录名"}, func(line int, get func(string) string) error {
		rep.Total++
		ent, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), 0, uscc.Normalize(get("统一社会信用代码")))
		if err != nil {
			rep.reject(line, "统一社会信用代码", "enterprise_id", "企业不存在或不在您的管辖范围内")
			return nil
		}
		u, err := s.db.UserByLogin(ctx, strings.TrimSpace(get("服务专员登录名")))
		if err != nil {
			rep.reject(line, "服务专员登录名", "user_id", "没有这个登录名的用户")
			return nil
		}
		_, err = s.AssignCommissioner(ctx, p, ent.ID, CommissionerInput{UserID: u.ID, Reason: get("调整原因")})
		switch {
		case err == nil:
			rep.Imported++
		case fault.CodeOf(err) == "already_assigned":
			rep.Imported++
		default:
			return rep.fromError(line, err, column)
		}
		return nil
	})
	if err != nil {
		return nil, fileError(err)
	}
	rep.finish()
	return rep, nil
}

// ImportVisits reads a 走访台账: one visit per row (统一社会信用代码, 走访日期,
// 走访方式, 走访人员 as logins separated by 、, 专项活动, 走访记录, 反映问题 as
// 「类别：问题」 separated by ；). Each row is recorded like a visit entered by
// hand, its problems opened as cases.
func (s *Service) ImportVisits(ctx context.Context, p *access.Principal, r io.Reader, filename string) (*RowReport, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	camps, err := s.db.Campaigns(ctx, p.RegionPrefix)
	if err != nil {
		return nil, err
	}
	rep := &RowReport{Rejected: []core.RejectedCell{}}
	cols := map[string]string{"统一社会信用代码": "统一社会信用代码", "走访日期": "走访日期", "走访方式": "走访方式", "走访人员": "走访人员",
		"专项活动": "专项活动", "走访记录": "走访记录", "反映问题": "反映问题"}
	column := func(field string) string {
		switch {
		case field == "visited_on":
			return "走访日期"
		case field == "mode":
			return "走访方式"
		case strings.HasPrefix(field, "official_ids"):
			return "走访人员"
		case field == "campaign_id":
			return "专项活动"
		case strings.HasPrefix(field, "problems"):
			return "反映问题"
		case field == "enterprise_id":
			return "统一社会信用代码"
		}
		return ""
	}
	modes := map[string]model.VisitMode{}
	for _, m := range model.VisitModes {
		modes[m.Label()], modes[string(m)] = m, m
	}
	err = table(data, filename, cols, []string{"统一社会信用代码", "走访日期"}, func(line int, get func(string) string) error {
		rep.Total++
		in := VisitInput{Notes: get("走访记录"), Mode: model.ModeOnsite}
		if ent, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), 0, uscc.Normalize(get("统一社会信用代码"))); err == nil {
			in.EnterpriseID = ent.ID
		}
		d, err := model.ParseDate(get("走访日期"))
		if err != nil {
			rep.reject(line, "走访日期", "visited_on", "走访日期格式应为 YYYY-MM-DD")
			return nil
		}
		in.VisitedOn = d
		if m := get("走访方式"); m != "" {
			mode, ok := modes[m]
			if !ok {
				rep.reject(line, "走访方式", "mode", "走访方式应为上门、电话、线上或集中活动")
				return nil
			}
			in.Mode = mode
		}
		for _, login := range strings.FieldsFunc(get("走访人员"), func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == ' ' }) {
			u, err := s.db.UserByLogin(ctx, login)
			if err != nil {
				rep.reject(line, "走访人员", "official_ids", fmt.Sprintf("没有登录名为「%s」的用户", login))
				return nil
			}
			in.OfficialIDs = append(in.OfficialIDs, u.ID)
		}
		if name := get("专项活动"); name != "" {
			for _, c := range camps {
				if c.Name == name {
					in.CampaignID = c.ID
				}
			}
			if in.CampaignID == 0 {
				rep.reject(line, "专项活动", "campaign_id", "没有名为「"+name+"」的专项活动")
				return nil
			}
		}
		for _, item := range strings.FieldsFunc(get("反映问题"), func(r rune) bool { return r == '；' || r == ';' }) {
			cat, title, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(item), "：", ":"), ":")
			if !ok {
				cat, title = "其他", item
			}
			in.Problems = append(in.Problems, ProblemInput{Category: strings.TrimSpace(cat), Title: strings.TrimSpace(title)})
		}
		if _, _, err := s.RecordVisit(ctx, p, in); err != nil {
			return rep.fromError(line, err, column)
		}
		rep.Imported++
		return nil
	})
	if err != nil {
		return nil, fileError(err)
	}
	rep.finish()
	return rep, nil
}
