// Package ledger writes the service network's ledgers (台账) as XLSX with
// Chinese headers: 走访台账, 包联台账 and 活动台账.
package ledger

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// sheet writes one table: a bold, frozen header row and the rows.
func sheet(w io.Writer, name string, headers []string, widths []float64, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#F2F2F2"}}})
	if err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// Visits writes the 走访台账.
func Visits(w io.Writer, visits []*model.Visit, cases map[int64]*model.Case, campaigns map[int64]string) error {
	headers := []string{"走访日期", "企业名称", "走访方式", "走访人员", "专项活动", "走访记录", "反映问题数", "已解决数", "问题"}
	var rows [][]any
	for _, v := range visits {
		var people, problems []string
		for _, p := range v.People {
			people = append(people, p.Name)
		}
		solved := 0
		for _, id := range v.CaseIDs {
			c := cases[id]
			if c == nil {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s（%s，%s）", c.Title, c.CategoryName, c.Status.Label()))
			if c.Status == model.StatusResolved || c.Status == model.StatusConfirmed || c.Status == model.StatusClosed {
				solved++
			}
		}
		rows = append(rows, []any{v.VisitedOn.String(), v.EnterpriseName, v.Mode.Label(), strings.Join(people, "、"), campaigns[v.CampaignID],
			v.Notes, len(v.CaseIDs), solved, strings.Join(problems, "；")})
	}
	return sheet(w, "走访台账", headers, []float64{12, 32, 10, 20, 14, 36, 10, 10, 60}, rows)
}

// Assignments writes the 包联台账.
func Assignments(w io.Writer, list []*store.Assignment, regionName func(string) string) error {
	headers := []string{"企业名称", "所在地区", "服务专员", "联系电话", "包联起始", "包联结束", "状态", "调整原因", "经办人"}
	var rows [][]any
	for _, a := range list {
		state, ended := "在岗", ""
		if a.EndedAt != nil {
			state, ended = "已调整/解除", a.EndedAt.In(calendar.Shanghai).Format("2006-01-02")
		}
		reason := a.EndReason
		if reason == "" {
			reason = a.StartReason
		}
		rows = append(rows, []any{a.EnterpriseName, regionName(a.RegionCode), a.UserName, a.UserPhone, a.StartedAt.In(calendar.Shanghai).Format("2006-01-02"),
			ended, state, reason, a.AssignedBy})
	}
	return sheet(w, "包联台账", headers, []float64{32, 26, 10, 14, 12, 12, 12, 24, 12}, rows)
}

// Events writes the 活动台账.
func Events(w io.Writer, list []*store.EventLedgerRow) error {
	headers := []string{"活动日期", "活动名称", "类型", "地点", "组织部门", "参加企业数", "现场咨询", "现场解答", "指导降本企业数", "预计节省（万元）"}
	var rows [][]any
	for _, e := range list {
		rows = append(rows, []any{e.HeldOn.String(), e.Title, e.Kind, e.Place, e.Organizer, e.Enterprises, e.Consultations, e.Answered, e.Guided, wan(e.SavingYuan)})
	}
	return sheet(w, "活动台账", headers, []float64{12, 36, 10, 24, 20, 12, 10, 10, 14, 16}, rows)
}

// wan writes yuan as 万元 exactly (up to four decimals).
func wan(yuan int64) string {
	s := strconv.FormatInt(yuan/10000, 10)
	if frac := yuan % 10000; frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%04d", frac), "0")
	}
	return s
}
