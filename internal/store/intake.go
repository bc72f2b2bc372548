package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Case intake is the hot write path: a province's platforms and hotlines
// send thousands of cases a minute. Intakes that arrive together share one
// transaction (group commit, see batch.go) and, beyond that, one statement
// per table: the group's cases in one INSERT, their first timeline events
// in another, their audit rows in a third (audit.go chains them at
// commit). On PostgreSQL, where each statement is a round trip, a group of
// 32 intakes costs about as many statements as one did.

// GroupIntake stores a new case like CreateCaseAt in its own transaction,
// possibly together with other concurrent intakes. If the group's shared
// statements fail (a duplicate external id that raced in, say), each of
// its cases is written again on its own, so one bad case never fails the
// others.
func (s *Store) GroupIntake(ctx context.Context, actor Actor, c *model.Case, at time.Time) error {
	return s.group(ctx, &batchReq{actor: actor, intake: c, at: at})
}

// createCases is CreateCaseAt for several cases at once, each written by
// its own actor.
func (tx *Tx) createCases(ctx context.Context, reqs []*batchReq) error {
	if len(reqs) == 0 {
		return nil
	}
	byNumber := make(map[string]*model.Case, len(reqs))
	const cols = 31
	args := make([]any, 0, cols*len(reqs))
	for _, r := range reqs {
		c := r.intake
		year := c.ReceivedAt.In(calendar.Shanghai).Year()
		seq, err := tx.nextCaseNumber(ctx, c.RegionCode, year)
		if err != nil {
			return fmt.Errorf("case number: %w", err)
		}
		c.Number = fmt.Sprintf("%s-%d-%06d", c.RegionCode, year, seq)
		c.CreatedAt, c.UpdatedAt = tx.now, tx.now
		byNumber[c.Number] = c
		args = append(args, caseInsertArgs(c, tx.now)...)
	}
	rows, err := tx.tx.QueryContext(ctx, caseInsert+valuesList(len(reqs), cols)+" RETURNING id, number", args...)
	if err != nil {
		return fmt.Errorf("create cases: %w", interpretError(err))
	}
	n := 0
	for rows.Next() {
		var id int64
		var number string
		if err := rows.Scan(&id, &number); err != nil {
			rows.Close()
			return interpretError(err)
		}
		if c := byNumber[number]; c != nil {
			c.ID = id
			n++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("create cases: %w", interpretError(err))
	}
	if n != len(reqs) {
		return fmt.Errorf("create cases: %d of %d rows came back", n, len(reqs))
	}
	// First timeline events, one statement.
	const evCols = 9
	args = args[:0]
	var audits []AuditEntry
	for _, r := range reqs {
		c := r.intake
		if err := tx.count(ctx, c, []int64{0}, +1); err != nil {
			return err
		}
		at := tx.now
		if !r.at.IsZero() {
			at = r.at.UTC()
		}
		args = append(args, c.ID, at, nullInt(r.actor.UserID), r.actor.Login, "created", "", string(c.Status), "", "{}")
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO case_events (case_id, at, actor_id, actor, type, from_status, to_status, note, data) VALUES `+
		valuesList(len(reqs), evCols), args...); err != nil {
		return fmt.Errorf("case events: %w", interpretError(err))
	}
	for _, r := range reqs {
		c := r.intake
		tx.actor = r.actor
		if err := tx.enqueueWebhooks(ctx, c, model.CaseEvent{Type: "created", ToStatus: c.Status, At: r.at}); err != nil {
			return err
		}
		audits = append(audits[:0], AuditEntry{Action: "create", Entity: "case", EntityID: strconv.FormatInt(c.ID, 10), RegionCode: c.ScopeCode, After: c})
		rows, err := encodeAudit(r.actor, audits)
		if err != nil {
			return err
		}
		if err := tx.appendAudit(ctx, rows); err != nil {
			return err
		}
	}
	return nil
}

// caseInsert is the column list every new case is written with.
var caseInsert = `INSERT INTO cases (number, region_code, scope_code, enterprise_id, kind, category_id, source, external_id,
	title, description, status, warning, open, received_at, time_limit, fixed_due, extension_workdays, suspended_workdays,
	due_at, provisional, last_progress_at, next_check_at, leader_id, created_by, created_at, updated_at, visit_id, campaign_id, event_id, resolved_at, promised_date) VALUES `

// caseInsertArgs are a new case's values for caseInsert.
func caseInsertArgs(c *model.Case, now time.Time) []any {
	var ext any
	if c.ExternalID != "" {
		ext = c.ExternalID
	}
	return []any{c.Number, c.RegionCode, c.ScopeCode, c.EnterpriseID, string(c.Kind), c.CategoryID, string(c.Source), ext,
		c.Title, c.Description, string(c.Status), string(c.Warning), c.Status.Open(), c.ReceivedAt.UTC(), c.TimeLimit, c.FixedDue,
		c.ExtensionWorkdays, c.SuspendedWorkdays, c.DueAt.UTC(), c.Provisional, c.LastProgressAt.UTC(), nullTime(c.NextCheckAt),
		nullInt(c.LeaderID), nullInt(c.CreatedBy), now, now, nullInt(c.VisitID), nullInt(c.CampaignID), nullInt(c.EventID), nullTime(c.ResolvedAt), c.PromisedDate}
}
