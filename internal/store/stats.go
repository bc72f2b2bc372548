package store

import (
	"context"
	"errors"
	"sync"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Stats are the figures of a region over a period, computed from the
// records: what the work briefing (工作简报) states.
type Stats struct {
	From                  model.Date  `json:"from"`
	Until                 model.Date  `json:"until"`
	Visits                int         `json:"visits"`
	EnterprisesVisited    int         `json:"enterprises_visited"`
	CommissionerVisits    int         `json:"commissioner_visits"`   // visits a service commissioner made
	CommissionerProblems  int         `json:"commissioner_problems"` // problems raised on those visits
	CommissionerSolved    int         `json:"commissioner_solved"`
	ProblemsCollected     int         `json:"problems_collected"`
	ProblemsSolved        int         `json:"problems_solved"`
	BySource              []Tally     `json:"by_source"`
	ByCategory            []Tally     `json:"by_category"`
	ByCampaign            []Tally     `json:"by_campaign"`
	ComplaintsResolved    []Tally     `json:"complaints_resolved"` // by source
	EventsHeld            int         `json:"events_held"`
	ConsultationsAnswered int         `json:"consultations_answered"`
	EnterprisesGuided     int         `json:"enterprises_guided"`
	Satisfaction          map[int]int `json:"satisfaction"` // GB/T 39735 level (1–5) → ratings
}

// Tally counts one group: problems collected and solved.
type Tally struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	Collected int    `json:"collected"`
	Solved    int    `json:"solved"`
}

// solved are the states of a problem that has been dealt with.
const solved = "c.status IN ('resolved', 'confirmed', 'closed')"

// Statistics computes the figures of the region subtree prefix for the
// dates from … until (Shanghai). Problems are cases other than
// consultations received in the period; solved means resolved since.
func (s *Store) Statistics(ctx context.Context, prefix string, from, until model.Date) (*Stats, error) {
	st := &Stats{From: from, Until: until, Satisfaction: map[int]int{}, BySource: []Tally{}, ByCategory: []Tally{}, ByCampaign: []Tally{}, ComplaintsResolved: []Tally{}}
	start := from.Time(calendar.Shanghai).UTC()
	end := until.Time(calendar.Shanghai).AddDate(0, 0, 1).UTC()
	// The figures are independent queries, each writing its own fields;
	// they run side by side on the read pool.
	var parts []func() error
	// Visits from the per-day counters; enterprises reached by one index
	// seek each (visits_enterprise), not by reading every visit.
	parts = append(parts, func() error {
		var w where
		w.prefix("scope_code", prefix)
		w.add("day >= ?", from)
		w.add("day <= ?", until)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(CASE WHEN by_commissioner THEN n ELSE 0 END), 0) FROM visit_days"+w.sql(),
			w.args...).Scan(&st.Visits, &st.CommissionerVisits); err != nil {
			return interpretError(err)
		}
		var e where
		e.prefix("e.scope_code", prefix)
		e.add("EXISTS (SELECT 1 FROM visits v WHERE v.enterprise_id = e.id AND v.visited_on >= ? AND v.visited_on <= ?)", from, until)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM enterprises e"+e.sql(), e.args...).Scan(&st.EnterprisesVisited); err != nil {
			return interpretError(err)
		}
		return nil
	})
	// What the commissioners' visits raised, read from the cases side
	// (cases_visit): proportional to problems, not to visits.
	parts = append(parts, func() error {
		var w where
		w.add("c.visit_id IS NOT NULL")
		w.add("c.kind <> 'consultation'")
		w.prefix("v.scope_code", prefix)
		w.add("v.by_commissioner = ?", true)
		w.add("v.visited_on >= ?", from)
		w.add("v.visited_on <= ?", until)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN "+solved+" THEN 1 ELSE 0 END), 0) FROM cases c JOIN visits v ON v.id = c.visit_id"+
			w.sql(), w.args...).Scan(&st.CommissionerProblems, &st.CommissionerSolved); err != nil {
			return interpretError(err)
		}
		return nil
	})
	// Problems by source, by category and by campaign: one pass each over
	// the period's cases (cases_received serves the range).
	tally := func(group, name, join string, extra string, dst *[]Tally) error {
		var w where
		w.prefix("c.region_code", districtPrefix(prefix))
		w.prefix("c.scope_code", prefix)
		w.add("c.received_at >= ?", start)
		w.add("c.received_at < ?", end)
		w.add("c.kind <> 'consultation'")
		if extra != "" {
			w.add(extra)
		}
		rows, err := s.lists(ctx).QueryContext(ctx, "SELECT "+group+", "+name+", COUNT(*), SUM(CASE WHEN "+solved+" THEN 1 ELSE 0 END) FROM cases c"+join+
			w.sql()+" GROUP BY "+group+", "+name+" ORDER BY COUNT(*) DESC, "+group, w.args...)
		if err != nil {
			return interpretError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var t Tally
			if err := rows.Scan(&t.Key, &t.Name, &t.Collected, &t.Solved); err != nil {
				return interpretError(err)
			}
			*dst = append(*dst, t)
		}
		return interpretError(rows.Err())
	}
	parts = append(parts, func() error {
		if err := tally("c.source", "c.source", "", "", &st.BySource); err != nil {
			return err
		}
		for i, t := range st.BySource {
			st.BySource[i].Name = model.CaseSource(t.Key).Label()
			st.ProblemsCollected += t.Collected
			st.ProblemsSolved += t.Solved
		}
		return nil
	}, func() error {
		return tally("k.code", "k.name", " JOIN case_categories k ON k.id = c.category_id", "", &st.ByCategory)
	}, func() error {
		return tally("CAST(m.id AS TEXT)", "m.name", " JOIN campaigns m ON m.id = c.campaign_id", "", &st.ByCampaign)
	})
	// Complaints resolved in the period, by where they came from.
	parts = append(parts, func() error {
		var w where
		w.prefix("c.scope_code", prefix)
		w.add("c.kind = 'complaint'")
		w.add(solved)
		w.add("c.resolved_at >= ?", start)
		w.add("c.resolved_at < ?", end)
		rows, err := s.lists(ctx).QueryContext(ctx, "SELECT c.source, COUNT(*) FROM cases c"+w.sql()+" GROUP BY c.source ORDER BY c.source", w.args...)
		if err != nil {
			return interpretError(err)
		}
		for rows.Next() {
			var t Tally
			if err := rows.Scan(&t.Key, &t.Solved); err != nil {
				rows.Close()
				return interpretError(err)
			}
			t.Name, t.Collected = model.CaseSource(t.Key).Label(), t.Solved
			st.ComplaintsResolved = append(st.ComplaintsResolved, t)
		}
		rows.Close()
		return nil
	})
	parts = append(parts, func() error {
		var w where
		w.prefix("region_code", prefix)
		w.add("held_on >= ?", from)
		w.add("held_on <= ?", until)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM events"+w.sql(), w.args...).Scan(&st.EventsHeld); err != nil {
			return interpretError(err)
		}
		return nil
	})
	parts = append(parts, func() error {
		var w where
		w.prefix("c.scope_code", prefix)
		w.add("c.kind = 'consultation'")
		w.add("c.source = 'event'")
		w.add(solved)
		w.add("c.received_at >= ?", start)
		w.add("c.received_at < ?", end)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM cases c"+w.sql(), w.args...).Scan(&st.ConsultationsAnswered); err != nil {
			return interpretError(err)
		}
		return nil
	})
	parts = append(parts, func() error {
		var w where
		w.prefix("scope_code", prefix)
		w.add("guided_on >= ?", from)
		w.add("guided_on <= ?", until)
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(DISTINCT enterprise_id) FROM cost_guidance"+w.sql(), w.args...).Scan(&st.EnterprisesGuided); err != nil {
			return interpretError(err)
		}
		return nil
	})
	parts = append(parts, func() error {
		var w where
		w.prefix("scope_code", prefix)
		w.add("rating IS NOT NULL")
		w.add("rated_at >= ?", start)
		w.add("rated_at < ?", end)
		rows, err := s.lists(ctx).QueryContext(ctx, "SELECT rating, COUNT(*) FROM cases"+w.sql()+" GROUP BY rating", w.args...)
		if err != nil {
			return interpretError(err)
		}
		for rows.Next() {
			var level, n int
			if err := rows.Scan(&level, &n); err != nil {
				rows.Close()
				return interpretError(err)
			}
			st.Satisfaction[level] = n
		}
		rows.Close()
		return nil
	})
	if err := sideBySide(parts...); err != nil {
		return nil, err
	}
	return st, nil
}

// sideBySide runs independent read queries at once on the read pool and
// joins their errors.
func sideBySide(parts ...func() error) error {
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = part()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// districtPrefix narrows a region prefix to the district column's: cases
// carry their district in region_code, so a township's prefix (9 digits)
// becomes its district's (6).
func districtPrefix(prefix string) string {
	if len(prefix) > 6 {
		return prefix[:6]
	}
	return prefix
}
