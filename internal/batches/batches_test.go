package batches

import (
	"errors"
	"reflect"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Four rounds, one per quarter of 2026.
var rounds = []Round{
	{1, d("2026-01-01"), d("2026-03-31")},
	{2, d("2026-04-01"), d("2026-06-30")},
	{3, d("2026-07-01"), d("2026-09-30")},
	{4, d("2026-10-01"), d("2026-12-31")},
}

func TestValidateRounds(t *testing.T) {
	if err := ValidateRounds(rounds); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		rs  []Round
		msg string
	}{
		{[]Round{{2, d("2026-01-01"), d("2026-03-31")}}, "期次应从第1期起连续编号，缺少第1期或重复"},
		{[]Round{rounds[0], {1, d("2026-04-01"), d("2026-06-30")}}, "期次应从第1期起连续编号，缺少第2期或重复"},
		{[]Round{{1, d("2026-03-31"), d("2026-01-01")}}, "第1期的结束日期早于开始日期"},
		{[]Round{rounds[0], {2, d("2026-03-31"), d("2026-06-30")}}, "第2期应在第1期结束之后开始"},
		{[]Round{{1, model.Date{}, d("2026-03-31")}}, "第1期的起止日期无效"},
	}
	var fe model.FieldErrors
	for _, b := range bad {
		if err := ValidateRounds(b.rs); !errors.As(err, &fe) || fe[0].Message != b.msg {
			t.Errorf("%v: %v, want %s", b.rs, err, b.msg)
		}
	}
}

func names(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name + "：" + c.Reason
		if !c.Within {
			out[i] += "（期外）"
		}
	}
	return out
}

func TestProposeStart(t *testing.T) {
	ps := []Project{
		{ID: 1, Name: "甲", Phase: model.PhaseConstruction, ActualStart: d("2026-07-15")}, // signed in 1, started within round 3
		{ID: 2, Name: "乙", Phase: model.PhaseSigned, PlannedStart: d("2026-08-10")},      // signed in 2, planned within
		{ID: 3, Name: "丙", Phase: model.PhaseSigned, PlannedStart: d("2026-05-10")},      // signed in 1, overdue
		{ID: 4, Name: "丁", Phase: model.PhaseSigned, PlannedStart: d("2027-03-01")},      // signed in 2, planned later
		{ID: 5, Name: "戊", Phase: model.PhasePreparing},                                  // signed in 1, no plan
		{ID: 6, Name: "己", Phase: model.PhaseConstruction, ActualStart: d("2026-05-20")}, // started before round 3
		{ID: 7, Name: "庚", Phase: model.PhaseSigned, PlannedStart: d("2026-08-01")},      // signed in round 3 itself
		{ID: 8, Name: "辛", Phase: model.PhaseSigned, PlannedStart: d("2026-08-01")},      // already in round 2's 开工一批
		{ID: 9, Name: "壬", Phase: model.PhaseConstruction},                               // started, date unknown
		{ID: 10, Name: "癸", Phase: model.PhaseSigned, PlannedStart: d("2026-07-01"), ActualStart: d("2026-09-20")},
		{ID: 11, Name: "子", Phase: model.PhaseSigned, PlannedStart: d("2026-07-01")}, // never signed in a round
	}
	ms := []Membership{
		{1, 1, Sign}, {2, 2, Sign}, {3, 1, Sign}, {4, 2, Sign}, {5, 1, Sign}, {6, 1, Sign},
		{7, 3, Sign}, {8, 1, Sign}, {8, 2, Start}, {9, 1, Sign}, {10, 2, Sign},
	}
	// On 1 September the start of 癸 on 20 September has not happened yet.
	cs, err := Propose(rounds, 3, Start, ps, ms, d("2026-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"甲：第1期签约，已于2026年7月15日开工",
		"丙：第1期签约，计划2026年5月开工，已逾期",
		"癸：第2期签约，计划2026年7月开工",
		"乙：第2期签约，计划2026年8月开工",
		"戊：第1期签约，尚未开工，计划开工时间未定（期外）",
		"丁：第2期签约，计划2027年3月开工（期外）",
	}
	if got := names(cs); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	cs, _ = Propose(rounds, 3, Start, ps, ms, d("2026-09-30"))
	if cs[1].Name != "癸" || cs[1].Reason != "第2期签约，已于2026年9月20日开工" {
		t.Errorf("by 30 September: %q", names(cs))
	}
	// Round 1 has no earlier round: no candidates.
	if cs, err := Propose(rounds, 1, Start, ps, ms, d("2026-03-01")); err != nil || len(cs) != 0 {
		t.Errorf("round 1: %v %v", cs, err)
	}
	var fe model.FieldErrors
	if _, err := Propose(rounds, 5, Start, ps, ms, d("2026-03-01")); !errors.As(err, &fe) || fe[0].Message != "第5期不存在" {
		t.Errorf("round 5: %v", err)
	}
	if _, err := Propose(rounds, 2, Sign, ps, ms, d("2026-03-01")); err == nil {
		t.Error("a proposal for 签约一批")
	}
}

func TestProposeOperate(t *testing.T) {
	ps := []Project{
		{ID: 1, Name: "甲", Phase: model.PhaseOperating, ActualCompletion: d("2026-11-05")},     // completed within round 4
		{ID: 2, Name: "乙", Phase: model.PhaseConstruction, PlannedCompletion: d("2026-12-20")}, // planned within
		{ID: 3, Name: "丙", Phase: model.PhaseConstruction, PlannedCompletion: d("2026-08-31")}, // overdue
		{ID: 4, Name: "丁", Phase: model.PhaseConstruction, PlannedCompletion: d("2027-06-30")}, // later: not near
		{ID: 5, Name: "戊", Phase: model.PhaseOperating, ActualCompletion: d("2026-09-15")},     // completed before round 4
		{ID: 6, Name: "己", Phase: model.PhaseConstruction, PlannedCompletion: d("2026-12-01")}, // started in round 4 itself
		{ID: 7, Name: "庚", Phase: model.PhaseConstruction, PlannedCompletion: d("2026-12-01")}, // already in round 3's 投产一批
		{ID: 8, Name: "辛", Phase: model.PhaseConstruction},                                     // no planned completion
	}
	ms := []Membership{
		{1, 2, Start}, {2, 3, Start}, {3, 1, Start}, {4, 2, Start}, {5, 2, Start},
		{6, 4, Start}, {7, 2, Start}, {7, 3, Operate}, {8, 1, Start},
	}
	cs, err := Propose(rounds, 4, Operate, ps, ms, d("2026-12-10"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"甲：第2期开工，已于2026年11月5日建成投产",
		"丙：第1期开工，计划2026年8月建成投产，已逾期",
		"乙：第3期开工，计划2026年12月建成投产",
	}
	if got := names(cs); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestCheck(t *testing.T) {
	ms := []Membership{
		{1, 1, Sign}, {1, 2, Start}, {1, 3, Operate}, // fine
		{2, 2, Sign}, {2, 2, Start}, // started in the round it signed
		{3, 3, Start}, {3, 2, Sign}, {3, 3, Operate}, // operate in the round it started
		{4, 2, Operate},            // no start at all
		{5, 1, Sign}, {5, 3, Sign}, // signed twice
		{6, 9, Sign},               // no round 9
		{7, 1, "visit"},            // no such batch
		{8, 1, Sign}, {8, 1, Sign}, // recorded twice
		{9, 3, Start}, {9, 4, Sign}, // signed after it started
	}
	got := Check(rounds, ms)
	want := []Problem{
		{2, 2, Start, "第2期签约的项目应在之后的期次开工"},
		{3, 3, Operate, "投产一批应从之前期次的开工一批中产生"},
		{4, 2, Operate, "投产一批应从之前期次的开工一批中产生"},
		{5, 3, Sign, "已列入第1期签约一批，不能再列入第3期"},
		{6, 9, Sign, "第9期不存在"},
		{7, 1, "visit", "批次无效"},
		{8, 1, Sign, "重复列入第1期签约一批"},
		{9, 3, Start, "第4期签约的项目应在之后的期次开工"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
}

func TestUnstarted(t *testing.T) {
	today := d("2026-05-10")
	cases := []struct {
		name string
		p    Project
		want Unstarted
	}{
		{"signed, due later this year", Project{Phase: model.PhaseSigned, PlannedStart: d("2026-09-01")}, Unstarted{true, 0, "计划2026年9月开工"}},
		{"due this month", Project{Phase: model.PhasePreparing, PlannedStart: d("2026-05-20")}, Unstarted{true, 0, "计划2026年5月开工，本月到期"}},
		{"last month's start missed", Project{Phase: model.PhasePreparing, PlannedStart: d("2026-04-01")}, Unstarted{true, 0, "计划2026年4月开工，逾期未开工"}},
		{"March's missed", Project{Phase: model.PhaseSigned, PlannedStart: d("2026-03-15")}, Unstarted{true, 1, "计划2026年3月开工，逾期1个月未开工"}},
		{"planned last year", Project{Phase: model.PhasePlanning, PlannedStart: d("2025-11-01")}, Unstarted{true, 5, "计划2025年11月开工，逾期5个月未开工"}},
		{"planned next year: a reserve", Project{Phase: model.PhaseSigned, PlannedStart: d("2027-02-01")}, Unstarted{}},
		{"in construction", Project{Phase: model.PhaseConstruction, PlannedStart: d("2026-03-01")}, Unstarted{}},
		{"started, phase not updated", Project{Phase: model.PhaseSigned, PlannedStart: d("2026-03-01"), ActualStart: d("2026-04-02")}, Unstarted{}},
		{"a start after today is not one", Project{Phase: model.PhaseSigned, PlannedStart: d("2026-03-01"), ActualStart: d("2026-05-11")}, Unstarted{true, 1, "计划2026年3月开工，逾期1个月未开工"}},
		{"no planned start", Project{Phase: model.PhaseSigned}, Unstarted{Reason: "缺少计划开工时间"}},
	}
	for _, c := range cases {
		if got := UnstartedOn(&c.p, today); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
