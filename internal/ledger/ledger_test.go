package ledger

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares a workbook's cells, as tab-separated text, with a file
// under testdata.
func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		b.WriteString("# " + sh + "\n")
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, b.String())
	}
}

func d(s string) model.Date {
	v, _ := model.ParseDate(s)
	return v
}

func TestLedgers(t *testing.T) {
	cases := map[int64]*model.Case{
		11: {Title: "贷款难", CategoryName: "融资", Status: model.StatusClosed},
		12: {Title: "电压不稳", CategoryName: "用电", Status: model.StatusInProgress},
	}
	visits := []*model.Visit{
		{EnterpriseName: "三门峡甲科技有限公司", VisitedOn: d("2026-03-02"), Mode: model.ModeOnsite, CampaignID: 1, Notes: "了解生产经营",
			People: []model.VisitPerson{{Name: "孙海波"}, {Name: "刘晓梅"}}, CaseIDs: []int64{11, 12}},
		{EnterpriseName: "陕州乙食品有限公司", VisitedOn: d("2026-02-20"), Mode: model.ModePhone, People: []model.VisitPerson{{Name: "杨静"}}, CaseIDs: []int64{}},
	}
	var buf bytes.Buffer
	if err := Visits(&buf, visits, cases, map[int64]string{1: "万人助万企"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "visits", buf.Bytes())

	// Both instants fall on another date in UTC than in Beijing: 00:30 on
	// 5 January in Beijing is still 4 January in UTC, and 23:30 UTC on
	// 31 January is already 1 February in Beijing. The ledger shows the
	// Beijing dates (2026-01-05, 2026-02-01).
	start := time.Date(2026, 1, 4, 16, 30, 0, 0, time.UTC)
	end := time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC)
	buf.Reset()
	err := Assignments(&buf, []*store.Assignment{
		{EnterpriseName: "三门峡甲科技有限公司", RegionCode: "411203001", UserName: "杨静", UserPhone: "13900000001", StartedAt: end, AssignedBy: "yingshang", StartReason: "孙专员调岗"},
		{EnterpriseName: "三门峡甲科技有限公司", RegionCode: "411203001", UserName: "孙海波", UserPhone: "13900000002", StartedAt: start, EndedAt: &end, EndReason: "孙专员调岗", AssignedBy: "yingshang"},
	}, func(code string) string { return map[string]string{"411203001": "陕州区甘棠街道"}[code] })
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "assignments", buf.Bytes())

	buf.Reset()
	err = Events(&buf, []*store.EventLedgerRow{{Event: model.Event{Title: "企业服务集中活动", Kind: "集中活动", HeldOn: d("2026-04-10"), Place: "政务服务中心"},
		Organizer: "区营商环境服务中心", Enterprises: 12, Consultations: 21, Answered: 20, Guided: 4, SavingYuan: 125000}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "events", buf.Bytes())
}
