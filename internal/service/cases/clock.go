package cases

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The warning clock. Every case stores the next moment its warning or
// escalation changes (next_check_at, indexed); the clock sleeps until the
// earliest one, rechecks the cases that fell due and sleeps again. Its cost
// follows the transitions that fall due, not the number of open cases, and
// since the schedule is a column of the case itself, a restart loses
// nothing. Several processes may run it: a recheck locks its case and is
// idempotent, so a transition is recorded once.

// clockIdle bounds the sleep, so schedules written by other processes are
// picked up.
const clockIdle = 30 * time.Second

// RunClock runs the warning clock until ctx ends.
func (s *Service) RunClock(ctx context.Context, log *slog.Logger) {
	for {
		n, err := s.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("warning clock", "err", err)
		}
		if n > 0 {
			log.Info("warning clock", "rechecked", n)
		}
		wait := clockIdle
		if next, err := s.db.NextCheck(ctx); err == nil && next != nil {
			wait = min(wait, max(0, next.Sub(s.Now())))
		}
		s.clockAt.Store(s.Now().Add(wait).UnixNano())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-s.clock():
			t.Stop()
		}
	}
}

func (s *Service) clock() chan struct{} {
	if s.clockCh == nil {
		s.clockCh = make(chan struct{}, 1)
	}
	return s.clockCh
}

// WakeClock tells a sleeping clock that a check now comes sooner than it
// planned to wake (most new checks do not: they lie days ahead).
func (s *Service) WakeClock(next *time.Time) {
	if next == nil || s.clockCh == nil || next.UnixNano() >= s.clockAt.Load() {
		return
	}
	select {
	case s.clockCh <- struct{}{}:
	default:
	}
}

// Tick rechecks every case whose check has fallen due and returns how many.
func (s *Service) Tick(ctx context.Context) (int, error) {
	total := 0
	for {
		ids, err := s.db.DueChecks(ctx, s.Now(), 200)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			if _, err := s.Recheck(ctx, id, "clock"); err != nil {
				return total, fmt.Errorf("case %d: %w", id, err)
			}
		}
		total += len(ids)
		if len(ids) < 200 {
			return total, nil
		}
	}
}

// Recheck reassesses one case at the current time and records what changed:
// a new warning level (with its 督办 notice when red), an escalation (通报),
// a recomputed due date. It reports whether anything changed.
func (s *Service) Recheck(ctx context.Context, id int64, reason string) (bool, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return false, err
	}
	cats, err := s.categories(ctx)
	if err != nil {
		return false, err
	}
	changed := false
	err = s.db.WriteTx(ctx, store.Actor{Login: "system"}, func(tx *store.Tx) error {
		before, err := tx.CaseForUpdate(ctx, store.CaseScope{}, id)
		if err != nil {
			return err
		}
		c := *before
		rules := sla.DefaultRules
		for _, k := range cats {
			if k.ID == c.CategoryID {
				rules = rulesOf(k)
			}
		}
		fixed, err := fixedDueOf(cal, &c)
		if err != nil {
			return err
		}
		now := s.Now()
		a, err := sla.Assess(cal, factsOf(&c, fixed), rules, now)
		if err != nil {
			return err
		}
		c.DueAt, c.Provisional, c.Warning = a.Due.UTC(), a.Provisional, a.Warning
		if err := countToPromise(cal, &c, fixed); err != nil {
			return err
		}
		c.NextCheckAt = nil
		if a.NextCheck != nil {
			t := a.NextCheck.UTC()
			c.NextCheckAt = &t
		}
		// What changed, in the order it happened: a new warning level first,
		// then the escalation (both can fall due in one recheck).
		var events []model.CaseEvent
		type notice struct {
			users []int64
			kind  string
			title string
		}
		var notices []notice
		if c.Warning != before.Warning {
			switch c.Warning {
			case model.WarningRed:
				events = append(events, model.CaseEvent{Type: "supervision", Note: "办理超时，红色预警，已督办", Data: map[string]any{"warning": "red"}})
				users, err := assigneeUsers(ctx, tx, &c)
				if err != nil {
					return err
				}
				leaders, err := s.leadersOf(ctx, tx, &c)
				if err != nil {
					return err
				}
				notices = append(notices, notice{append(users, leaders...), "supervision", "督办（红色预警）：" + c.Title})
			case model.WarningYellow:
				events = append(events, model.CaseEvent{Type: "warning", Note: "推进缓慢，黄色预警", Data: map[string]any{"warning": "yellow"}})
				users, err := assigneeUsers(ctx, tx, &c)
				if err != nil {
					return err
				}
				notices = append(notices, notice{users, "warning", "黄色预警：" + c.Title})
			default:
				events = append(events, model.CaseEvent{Type: "warning", Note: "预警解除", Data: map[string]any{"warning": string(c.Warning)}})
			}
		}
		if a.Escalate {
			t := now.UTC()
			c.EscalatedAt = &t
			// The escalation moves the next check; assess again with it.
			a2, err := sla.Assess(cal, factsOf(&c, fixed), rules, now)
			if err != nil {
				return err
			}
			c.NextCheckAt = nil
			if a2.NextCheck != nil {
				t := a2.NextCheck.UTC()
				c.NextCheckAt = &t
			}
			events = append(events, model.CaseEvent{Type: "escalation", Note: fmt.Sprintf("超期 %d 个工作日仍未办结，已通报", sla.EscalationWorkdays)})
			users, err := coordinators(ctx, tx, &c)
			if err != nil {
				return err
			}
			leaders, err := s.leadersOf(ctx, tx, &c)
			if err != nil {
				return err
			}
			notices = append(notices, notice{append(users, leaders...), "escalation", "通报：" + c.Title})
		}
		switch {
		case len(events) > 0:
		case !c.DueAt.Equal(before.DueAt):
			events = append(events, model.CaseEvent{Type: "due_recomputed", Note: "工作日历更新，期限重新计算", Data: map[string]any{"reason": reason}})
		case before.Provisional && !c.Provisional:
			events = append(events, model.CaseEvent{Type: "due_recomputed", Note: "工作日历更新，到期日不再暂定", Data: map[string]any{"reason": reason}})
		}
		var ev model.CaseEvent
		if len(events) > 0 {
			for i := range events {
				events[i].At = now
			}
			ev, ev.Also = events[0], events[1:]
		}
		same := func(a, b *time.Time) bool { return a == nil && b == nil || a != nil && b != nil && a.Equal(*b) }
		if ev.Type == "" && same(c.NextCheckAt, before.NextCheckAt) && c.Provisional == before.Provisional && c.TimeLimit == before.TimeLimit {
			return nil
		}
		changed = ev.Type != ""
		if err := tx.UpdateCase(ctx, before, &c, ev); err != nil {
			return err
		}
		for _, n := range notices {
			if err := tx.Notify(ctx, n.users, c.ID, n.kind, n.title, c.Number+" · 到期 "+c.DueAt.In(calendar.Shanghai).Format("2006-01-02")); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// leadersOf is who a 督办 notice is copied to: the case's leader in charge,
// or else the district's leaders.
func (s *Service) leadersOf(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
	if c.LeaderID != 0 {
		return []int64{c.LeaderID}, nil
	}
	return tx.UsersWithRole(ctx, division.Prefix(c.RegionCode), string(access.Leader))
}
