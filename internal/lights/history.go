package lights

import (
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Entry is one month of a project's light history.
type Entry struct {
	// Assessment is the light at close: what the month showed when it
	// ended. It is the value to freeze.
	Assessment
	// Now is how the month stands today: its colour at close, or yellow
	// once the gap it showed was made up.
	Now Color `json:"now"`
	// MadeUp is the month in which the gap was made up; zero if it was not
	// (yet), or the month was green.
	MadeUp model.Month `json:"made_up"`
}

// NowReason explains Now when it differs from the light at close's
// reason: 已于2026年6月补齐.
func (e *Entry) NowReason() string {
	if e.MadeUp.IsZero() {
		return ""
	}
	return "已于" + e.MadeUp.Label() + "补齐"
}

// History returns the light of every closed month, oldest first: from the
// project's Since month (or its first dated plan or fact) to the month
// before now's month in Asia/Shanghai, stopping at the month it was
// completed. The last entry is the project's current light; facts dated
// after now count for nothing.
func History(p *Project, r Rules, now time.Time) ([]Entry, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	f := newFacts(p, r)
	from, ok := f.first()
	if !ok {
		return nil, nil
	}
	today := model.DateOf(now.In(shanghai))
	cur := model.MonthOf(today)
	to := cur.Add(-1)
	if d := p.ActualCompletion; !d.IsZero() && d.Compare(today) <= 0 && model.MonthOf(d).Before(to) {
		to = model.MonthOf(d)
	}
	if to.Before(from) {
		return nil, nil
	}
	out := make([]Entry, 0, to.Sub(from)+1)
	for m := from; !to.Before(m); m = m.Add(1) {
		e := Entry{Assessment: f.assess(m)}
		e.Now = e.Color
		if e.Color != Green {
			if at, ok := f.madeUp(&e.gap, m, today, cur); ok {
				e.Now, e.MadeUp = Yellow, at
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// madeUp returns the month by which every part of month m's gap was made
// up, judged on the facts dated up to today; ok is false while any part
// is still open.
func (f *facts) madeUp(g *gap, m model.Month, today model.Date, cur model.Month) (model.Month, bool) {
	if g.empty() {
		return model.Month{}, false
	}
	var at model.Month
	later := func(c model.Month) {
		if at.Before(c) {
			at = c
		}
	}
	if g.start {
		d := f.p.ActualStart
		if d.IsZero() || d.Compare(today) > 0 {
			return model.Month{}, false
		}
		later(model.MonthOf(d))
	}
	for _, i := range g.nodes {
		d := f.p.Nodes[i].Actual
		if d.IsZero() || d.Compare(today) > 0 {
			return model.Month{}, false
		}
		later(model.MonthOf(d))
	}
	if g.invest {
		// Only the same year's investment makes up a year's schedule: from
		// January the next year's plan counts.
		if f.cum == nil {
			return model.Month{}, false
		}
		end := model.Month{Year: m.Year, Month: time.December}
		for _, c := range []model.Month{cur, f.hi} {
			if c.Before(end) {
				end = c
			}
		}
		n := m.Add(1)
		for ; !end.Before(n); n = n.Add(1) {
			if f.ytd(n) >= g.need {
				break
			}
		}
		if end.Before(n) {
			return model.Month{}, false
		}
		later(n)
	}
	return at, true
}
