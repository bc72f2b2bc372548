package service_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// TestImportCasesRowByRow imports a complaint platform's export: receipt
// times in Beijing time as text, as Excel serial numbers (also Beijing time)
// and as RFC 3339 with their own offset; the 来源 column by code or Chinese
// name; and a report that names every rejected cell by row and column.
func TestImportCasesRowByRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		w.now = at("2026-03-05 09:00")
		good, _ := uscc.Build('9', '1', "411203", "MA000001")
		unknown, _ := uscc.Build('9', '1', "411203", "MA000077")
		rows := []string{
			"投诉编号,统一社会信用代码,类型,类别,来源,标题,受理时间",
			"HN-001," + good + ",投诉,审批,,施工许可办理超时,2026-03-02 09:15",            // line 2
			"HN-002," + good + ",诉求,资金,12345,贷款贴息,46083.3125",                 // 3: Excel serial, 07:30 Beijing
			"HN-003," + good + ",咨询,政策咨询,走访,高企认定条件,2026-03-02T09:15:00+08:00", // 4
			"HN-004," + good + ",投诉,资金,河南省投诉举报平台,拖欠工程款,2026-03-01T23:30:00Z",  // 5: 07:30 on 03-02 in Beijing
			"HN-005," + good + ",投诉,资金,传真,来源不明,2026-03-02 10:00",              // 6: unknown source
			"HN-006," + good + ",投诉,不存在的类别,,时间不明,下周一",                         // 7: bad time (checked before the category)
			"HN-007," + unknown + ",投诉,不存在的类别,,两处错误,2026-03-02 10:00",         // 8: unknown enterprise and category
			"," + good + ",投诉,资金,,没有编号,2026-03-02 10:00",                      // 9
			"HN-001," + good + ",投诉,审批,,重复的一行,2026-03-02 09:15",               // 10: already imported (line 2)
			"HN-008," + good + ",承诺,资金,,没有承诺日期,2026-03-02 10:00",              // 11
			"HN-009," + good + ",诉求,资金,hotline,斜杠日期,2026/3/2 9:15",            // 12
			"HN-010," + good + ",诉求,资金,,Excel秒数,46083.38541666666",            // 13: 09:15:00 after rounding (09:14:59.9999…)
		}
		rep, err := w.svc.ImportCases(ctx, w.coord, strings.NewReader(strings.Join(rows, "\n")+"\n"), "投诉.csv")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rep.Rejected {
			got = append(got, fmt.Sprintf("%d %s %s", r.Line, r.Column, r.Field))
			if r.Message == "" {
				t.Errorf("line %d %s: no message", r.Line, r.Column)
			}
		}
		want := []string{
			"6 来源 source",
			"7 受理时间 received_at",
			"8 统一社会信用代码 enterprise_id",
			"8 类别 category",
			"9 外部编号 external_id",
			"11 承诺兑现日期 due_date",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if rep.Total != 12 || rep.Created != 6 || rep.Existing != 1 || rep.Rows != 5 {
			t.Errorf("report: total %d created %d existing %d rejected rows %d, want 12 6 1 5", rep.Total, rep.Created, rep.Existing, rep.Rows)
		}
		for _, c := range []struct {
			ext      string
			source   model.CaseSource
			kind     model.CaseKind
			received string // UTC
		}{
			{"HN-001", model.SourcePlatform, model.KindComplaint, "2026-03-02T01:15:00Z"},
			{"HN-002", model.SourceHotline, model.KindProblem, "2026-03-01T23:30:00Z"},
			{"HN-003", model.SourceVisit, model.KindConsultation, "2026-03-02T01:15:00Z"},
			{"HN-004", model.SourcePlatform, model.KindComplaint, "2026-03-01T23:30:00Z"},
			{"HN-009", model.SourceHotline, model.KindProblem, "2026-03-02T01:15:00Z"},
			{"HN-010", model.SourcePlatform, model.KindProblem, "2026-03-02T01:15:00Z"},
		} {
			got, err := s.CaseByExternalID(ctx, c.source, c.ext)
			if err != nil {
				t.Errorf("%s as %s: %v", c.ext, c.source, err)
				continue
			}
			if got.Kind != c.kind || got.ReceivedAt.UTC().Format(time.RFC3339) != c.received {
				t.Errorf("%s: %s received %s, want %s %s", c.ext, got.Kind, got.ReceivedAt.UTC().Format(time.RFC3339), c.kind, c.received)
			}
		}
		// Received at 07:30 Beijing on Monday 03-02 (Sunday in UTC): the
		// deadline counts from Monday.
		hotline, _ := s.CaseByExternalID(ctx, model.SourceHotline, "HN-002")
		if due := hotline.DueAt.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04:05"); due != "2026-03-11 23:59:59" {
			t.Errorf("HN-002 due %s, want 2026-03-11 23:59:59", due)
		}
		// Importing the file again creates nothing and reports the same cells.
		again, err := w.svc.ImportCases(ctx, w.coord, strings.NewReader(strings.Join(rows, "\n")+"\n"), "投诉.csv")
		if err != nil || again.Created != 0 || again.Existing != 7 || len(again.Rejected) != len(want) {
			t.Fatalf("second import: %v %+v", err, again)
		}
	})
}
