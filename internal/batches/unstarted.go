package batches

import (
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Unstarted is a project's standing on the 未开工 ledger.
type Unstarted struct {
	// On is true when the project belongs to the ledger.
	On bool `json:"on"`
	// Overdue is how many months past its planned start month it is (0
	// when the month has not ended yet).
	Overdue int `json:"overdue"`
	// Reason says why, in Chinese: 计划2026年3月开工，逾期2个月未开工; or, for a
	// project that would be on the ledger but lacks its planned start,
	// 缺少计划开工时间.
	Reason string `json:"reason"`
}

// UnstartedOn decides the 未开工 ledger from the project's phase and dates,
// never from a flag kept by hand. On today a project is on it when
//
//   - its phase is before 在建 (谋划储备, 已签约, 前期手续办理),
//   - it has no actual start on or before today, and
//   - its planned start falls in today's year or earlier: the ledger
//     tracks the projects due to start this year and those overdue;
//     projects planned for a later year are reserves (储备), not yet
//     unstarted.
//
// A project before 在建 without a planned start is not on the ledger (it
// cannot be tracked) and the reason says what is missing.
func UnstartedOn(p *Project, today model.Date) Unstarted {
	if p.Phase.Valid() && !p.Phase.Before(model.PhaseConstruction) {
		return Unstarted{}
	}
	if happened(p.ActualStart, today) {
		return Unstarted{}
	}
	if p.PlannedStart.IsZero() {
		return Unstarted{Reason: "缺少计划开工时间"}
	}
	if p.PlannedStart.Year > today.Year {
		return Unstarted{}
	}
	s, cur := model.MonthOf(p.PlannedStart), model.MonthOf(today)
	u := Unstarted{On: true, Reason: "计划" + s.Label() + "开工"}
	switch n := cur.Sub(s); {
	case n == 0:
		u.Reason += "，本月到期"
	case n > 0:
		// Overdue counts the months that have ended since the planned one,
		// as the lights do: planned for March, on 10 May it is 1 month
		// (April) past; the planned month itself ended at 0.
		u.Overdue = n - 1
		if n == 1 {
			u.Reason += "，逾期未开工"
		} else {
			u.Reason += "，逾期" + strconv.Itoa(n-1) + "个月未开工"
		}
	}
	return u
}
