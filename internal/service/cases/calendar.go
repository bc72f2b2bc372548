// Package cases holds the rules of cases (工单): intake, the workflow of
// 交办 to 销号, deadlines and the warning clock, categories, the working-day
// calendar in use, webhooks and the import of complaint platforms' exports.
package cases

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// calendarCache holds the working-day calendar in use: the embedded State
// Council dates with the administrator's imported years on top.
type calendarCache struct {
	cur atomic.Pointer[calendar.Calendar]
}

// Calendar returns the working-day calendar in use.
func (s *Service) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	if c := s.cal.cur.Load(); c != nil {
		return c, nil
	}
	return s.ReloadCalendar(ctx)
}

// ReloadCalendar rebuilds the calendar from the embedded data and the
// imported years.
func (s *Service) ReloadCalendar(ctx context.Context) (*calendar.Calendar, error) {
	years, err := s.db.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	over := map[int]calendar.Year{}
	for _, y := range years {
		cy, err := toCalendarYear(y)
		if err != nil {
			return nil, err
		}
		over[y.Year] = cy
	}
	c, err := s.base().With(over)
	if err != nil {
		return nil, err
	}
	s.cal.cur.Store(c)
	return c, nil
}

func (s *Service) base() *calendar.Calendar {
	if s.Base != nil {
		return s.Base
	}
	return calendar.Default()
}

func toCalendarYear(y store.CalendarYear) (calendar.Year, error) {
	var out calendar.Year
	for _, list := range []struct {
		in  []string
		out *[]calendar.Date
	}{{y.Holidays, &out.Holidays}, {y.Workdays, &out.Workdays}} {
		for _, s := range list.in {
			d, err := calendar.ParseDate(s)
			if err != nil {
				return out, err
			}
			*list.out = append(*list.out, d)
		}
	}
	return out, nil
}

// CalendarImport is what an import of calendar years did.
type CalendarImport struct {
	Years      []int `json:"years"`
	Recomputed int   `json:"recomputed_cases"`
}

// ImportCalendar stores the years of a JSON file (the State Council's notice
// for a new year, or a correction) over the embedded data, and recomputes
// the deadlines of every open case whose due date was provisional.
func (s *Service) ImportCalendar(ctx context.Context, p *access.Principal, r io.Reader) (*CalendarImport, error) {
	if p != nil && p.Role != access.Admin {
		return nil, fault.Forbidden()
	}
	years, err := calendar.ParseYears(r)
	if err != nil {
		return nil, fault.Invalid("file", err.Error())
	}
	if _, err := s.base().With(years); err != nil {
		return nil, fault.Invalid("file", err.Error())
	}
	res := &CalendarImport{}
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		for y, cy := range years {
			sy := store.CalendarYear{Year: y, Holidays: []string{}, Workdays: []string{}}
			for _, d := range cy.Holidays {
				sy.Holidays = append(sy.Holidays, d.String())
			}
			for _, d := range cy.Workdays {
				sy.Workdays = append(sy.Workdays, d.String())
			}
			if err := tx.PutCalendarYear(ctx, sy); err != nil {
				return err
			}
			res.Years = append(res.Years, y)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := s.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	ids, err := s.db.ProvisionalCaseIDs(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		changed, err := s.Recheck(ctx, id, "calendar")
		if err != nil {
			return nil, fmt.Errorf("recompute case %d: %w", id, err)
		}
		if changed {
			res.Recomputed++
		}
	}
	return res, nil
}

// MissingCalendarYears lists the years near now whose holiday arrangement
// the calendar lacks: this year, and from November on (when the State
// Council announces it) next year. Deadlines that run into them are
// provisional until an administrator imports them.
func (s *Service) MissingCalendarYears(ctx context.Context) ([]int, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Now().In(calendar.Shanghai)
	var out []int
	if !cal.Known(today.Year()) {
		out = append(out, today.Year())
	}
	if today.Month() >= 11 && !cal.Known(today.Year()+1) {
		out = append(out, today.Year()+1)
	}
	return out, nil
}
