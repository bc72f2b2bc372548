package scoring

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/ranking"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var q2 = model.Quarter{Year: 2026, Quarter: 2}

func subjects() []Subject {
	return []Subject{
		{
			Kind: Unit, ID: "7", Name: "区发改委",
			Monthly: []ranking.Points{8650, 8800, 9025},
			Reports: ranking.Ratio{Num: 12, Den: 15}, Problems: ranking.Ratio{Num: 9, Den: 10},
			Lights: LightCount{Green: 20, Yellow: 5, Red: 2},
			Adjustments: []Adjustment{
				{Points: 200, Reason: "承办全市项目观摩会"},
				{Points: -50, Reason: "周报数据不实"},
			},
		},
		{Kind: Unit, ID: "9", Name: "区住建局", Reports: ranking.Ratio{Num: 15, Den: 15}},
		{Kind: Unit, ID: "3", Name: "区自然资源局"}, // nothing applies
		{Kind: Leader, ID: "21", Name: "王立新", Monthly: []ranking.Points{7000}, Lights: LightCount{Green: 1, Red: 1}},
		{Kind: Leader, ID: "22", Name: "李红", Monthly: []ranking.Points{7500}, Lights: LightCount{Yellow: 2}},
	}
}

// The breakdown of one unit under the default weights: approvals do not
// apply, so 40/20/15/10 are renormalised over 85.
func TestBreakdown(t *testing.T) {
	r, err := Compute(q2, DefaultConfig(), subjects())
	if err != nil {
		t.Fatal(err)
	}
	a := r.Units[1]
	if a.Name != "区发改委" || a.Rank != 2 {
		t.Fatalf("second unit %+v", a)
	}
	want := []struct {
		comp         Component
		raw          string
		score        ranking.Points
		applicable   bool
		contribution ranking.Points
	}{
		{Ranking, "86.50、88.00、90.25", 8825, true, 4153},
		{Reports, "80.0%（12/15）", 8000, true, 1882},
		{Problems, "90.0%（9/10）", 9000, true, 1588},
		{Approvals, "不适用", 0, false, 0},
		{Lights, "绿灯 20、黄灯 5、红灯 2", 8519, true, 1002},
	}
	for i, w := range want {
		p := a.Parts[i]
		if p.Component != w.comp || p.Raw != w.raw || p.Score != w.score || p.Applicable != w.applicable || p.Contribution != w.contribution {
			t.Errorf("part %d = %+v, want %+v", i, p, w)
		}
	}
	if a.Weighted != 8625 || a.Adjustment != 150 || a.Total != 8775 {
		t.Errorf("weighted %s adjustment %s total %s", a.Weighted, a.Adjustment, a.Total)
	}
	var ranks []int
	var names []string
	for _, s := range r.Units {
		ranks, names = append(ranks, s.Rank), append(names, s.Name)
	}
	if !reflect.DeepEqual(ranks, []int{1, 2, 0}) || !reflect.DeepEqual(names, []string{"区住建局", "区发改委", "区自然资源局"}) {
		t.Errorf("units %v %v", ranks, names)
	}
	// Leaders: 王立新 (70×40 + 50×10)/50 = 66; 李红 (75×40 + 60×10)/50 = 72.
	if l := r.Leaders; len(l) != 2 || l[0].Name != "李红" || l[0].Total != 7200 || l[1].Total != 6600 || l[1].Rank != 2 {
		t.Errorf("leaders %+v", l)
	}
}

func TestTiesAndCaps(t *testing.T) {
	ss := []Subject{
		{Kind: Unit, ID: "b", Name: "乙", Reports: ranking.Ratio{Num: 1, Den: 2}},
		{Kind: Unit, ID: "a", Name: "甲", Reports: ranking.Ratio{Num: 2, Den: 4}},
		{Kind: Unit, ID: "c", Name: "丙", Reports: ranking.Ratio{Num: 1, Den: 4},
			Adjustments: []Adjustment{{Points: 800, Reason: "甲"}, {Points: 500, Reason: "乙"}}},
	}
	r, err := Compute(q2, DefaultConfig(), ss)
	if err != nil {
		t.Fatal(err)
	}
	got := [][2]string{}
	for _, s := range r.Units {
		got = append(got, [2]string{s.ID, s.Total.String()})
	}
	// 丙: 25 + 13 capped at 10 = 35; 甲 and 乙 tie at 50 and list by id.
	if !reflect.DeepEqual(got, [][2]string{{"a", "50.00"}, {"b", "50.00"}, {"c", "35.00"}}) || r.Units[1].Rank != 1 || r.Units[2].Rank != 3 {
		t.Errorf("got %v ranks %d %d", got, r.Units[1].Rank, r.Units[2].Rank)
	}
	if r.Units[2].Adjustment != 1000 {
		t.Errorf("capped adjustment %s", r.Units[2].Adjustment)
	}
}

func TestValidate(t *testing.T) {
	var fe model.FieldErrors
	c := DefaultConfig()
	c.Weights = Weights{}
	if _, err := Compute(q2, c, nil); !errors.As(err, &fe) || fe[0].Field != "weights" || fe[0].Message != "权重合计必须大于 0" {
		t.Errorf("zero weights: %v", err)
	}
	bad := []struct {
		s     Subject
		field string
		msg   string
	}{
		{Subject{Kind: "town", ID: "1"}, "subjects[0].kind", "考评对象应为责任单位或分包领导"},
		{Subject{Kind: Unit}, "subjects[0].id", "考评对象缺少编号"},
		{Subject{Kind: Unit, ID: "1", Monthly: []ranking.Points{1, 2, 3, 4}}, "subjects[0].monthly", "一个季度最多三次月排名"},
		{Subject{Kind: Unit, ID: "1", Monthly: []ranking.Points{10001}}, "subjects[0].monthly", "月排名得分应在 0 到 100 之间"},
		{Subject{Kind: Unit, ID: "1", Reports: ranking.Ratio{Num: 1, Den: -1}}, "subjects[0].reports", "周报按时报送率的数据无效"},
		{Subject{Kind: Unit, ID: "1", Adjustments: []Adjustment{{Points: 100}}}, "subjects[0].adjustments", "加减分须写明事由"},
		{Subject{Kind: Unit, ID: "1", Adjustments: []Adjustment{{Points: -1001, Reason: "x"}}}, "subjects[0].adjustments", "单项加减分超过上限 10.00 分"},
	}
	for _, b := range bad {
		_, err := Compute(q2, DefaultConfig(), []Subject{b.s})
		if !errors.As(err, &fe) || fe[0].Field != b.field || fe[0].Message != b.msg {
			t.Errorf("%+v: %v", b.s, err)
		}
	}
	if _, err := Compute(q2, DefaultConfig(), []Subject{{Kind: Unit, ID: "1", Name: "甲"}, {Kind: Unit, ID: "1", Name: "甲"}}); err == nil {
		t.Error("duplicate subject accepted")
	}
	if _, err := Compute(model.Quarter{Year: 2026, Quarter: 5}, DefaultConfig(), nil); err == nil {
		t.Error("quarter 5 accepted")
	}
	r, err := Compute(q2, DefaultConfig(), nil)
	if err != nil || len(r.Units) != 0 || len(r.Leaders) != 0 {
		t.Errorf("empty: %+v %v", r, err)
	}
}

// The export layout, as tab-separated text.
func TestTableGolden(t *testing.T) {
	r, err := Compute(q2, DefaultConfig(), subjects())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, k := range []Kind{Unit, Leader} {
		header, rows := r.Table(k)
		b.WriteString(strings.Join(header, "\t") + "\n")
		for _, row := range rows {
			if len(row) != len(header) {
				t.Fatalf("row of %d cells under %d headers", len(row), len(header))
			}
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
		b.WriteString("\n")
	}
	path := filepath.Join("testdata", "table.golden")
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
		t.Errorf("table differs from %s:\n%s", path, b.String())
	}
}
