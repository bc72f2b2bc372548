package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// CaseScope is what a principal may see of cases: a region subtree and,
// below the coordinator, only the cases its role reaches.
type CaseScope struct {
	Prefix       string
	EnterpriseID int64 // an enterprise user: its own enterprise's cases
	DepartmentID int64 // a department user: cases assigned to its department
	UserID       int64 // a commissioner: cases it raised; a leader: with Assigned, cases assigned to it
	Assigned     bool
	Serves       bool // with UserID: also the cases of the enterprises the commissioner serves
}

func (sc CaseScope) apply(w *where, alias string) {
	if sc.Prefix != "" {
		w.prefix(alias+"scope_code", sc.Prefix)
	}
	if sc.EnterpriseID != 0 {
		w.add(alias+"enterprise_id = ?", sc.EnterpriseID)
	}
	if sc.DepartmentID != 0 {
		w.add("EXISTS (SELECT 1 FROM case_assignees a WHERE a.case_id = "+alias+"id AND a.department_id = ?)", sc.DepartmentID)
	}
	if sc.UserID != 0 && !sc.Assigned && !sc.Serves {
		w.add(alias+"created_by = ?", sc.UserID)
	}
	if sc.UserID != 0 && sc.Serves {
		w.add("("+alias+"created_by = ? OR EXISTS (SELECT 1 FROM commissioner_assignments ca WHERE ca.enterprise_id = "+alias+
			"enterprise_id AND ca.user_id = ? AND ca.ended_at IS NULL))", sc.UserID, sc.UserID)
	}
	if sc.UserID != 0 && sc.Assigned {
		w.add("EXISTS (SELECT 1 FROM case_assignees a WHERE a.case_id = "+alias+"id AND a.user_id = ?)", sc.UserID)
	}
}

// PutCategory adds a case category unless its code exists.
func (tx *Tx) PutCategory(ctx context.Context, c *model.CaseCategory) error {
	var limit any
	if c.TimeLimit > 0 {
		limit = c.TimeLimit
	}
	err := tx.queryRow(ctx, `INSERT INTO case_categories (code, name, time_limit, yellow_percent, idle_workdays, sort, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING id`,
		c.Code, c.Name, limit, c.YellowPercent, c.IdleWorkdays, c.Sort, tx.now).Scan(&c.ID)
	if err = interpretError(err); err == ErrNotFound {
		return nil // the code exists already
	} else if err != nil {
		return err
	}
	c.CreatedAt = tx.now
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "case_category", EntityID: c.Code, After: c})
}

// Categories lists the case categories in display order.
func (r *Reader) Categories(ctx context.Context) ([]*model.CaseCategory, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, code, name, COALESCE(time_limit, 0), yellow_percent, idle_workdays, sort, created_at FROM case_categories ORDER BY sort, id")
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*model.CaseCategory
	for rows.Next() {
		var c model.CaseCategory
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &c.TimeLimit, &c.YellowPercent, &c.IdleWorkdays, &c.Sort, &c.CreatedAt); err != nil {
			return nil, interpretError(err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, &c)
	}
	return out, interpretError(rows.Err())
}

// nextCaseNumber takes the next number of a region's year, inside tx. The
// first number of a transaction comes from the database (the counter row
// stays locked until commit on PostgreSQL; SQLite has one writer); the
// following ones are counted in memory and the counter row is written once
// before commit (flushNumbers). A rollback gives the numbers back, so they
// are unique and gap-free.
func (tx *Tx) nextCaseNumber(ctx context.Context, region string, year int) (int64, error) {
	k := numberKey{region, year}
	if last, ok := tx.numbers[k]; ok {
		tx.numbers[k] = last + 1
		return last + 1, nil
	}
	var n int64
	err := tx.queryRow(ctx, `INSERT INTO case_numbers (region_code, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (region_code, year) DO UPDATE SET last = case_numbers.last + 1 RETURNING last`, region, year).Scan(&n)
	if err != nil {
		return 0, interpretError(err)
	}
	if tx.numbers == nil {
		tx.numbers = map[numberKey]int64{}
	}
	if tx.numbered == nil {
		tx.numbered = map[numberKey]int64{}
	}
	tx.numbers[k], tx.numbered[k] = n, n
	return n, nil
}

// numberKey is one row of case_numbers.
type numberKey struct {
	region string
	year   int
}

func (tx *Tx) flushNumbers(ctx context.Context) error {
	for k, last := range tx.numbers {
		if last == tx.numbered[k] {
			continue // the database already holds it
		}
		if _, err := tx.exec(ctx, "UPDATE case_numbers SET last = $1 WHERE region_code = $2 AND year = $3", last, k.region, k.year); err != nil {
			return fmt.Errorf("case numbers: %w", err)
		}
	}
	tx.numbers, tx.numbered = nil, nil
	return nil
}

const caseColumns = `c.id, c.number, c.region_code, c.scope_code, c.enterprise_id, e.name, c.kind, c.category_id, k.name, c.source,
	COALESCE(c.external_id, ''), c.title, c.description, c.status, c.warning, c.received_at, c.time_limit, c.fixed_due, c.promised_date,
	c.extension_workdays, c.suspended_workdays, c.suspended_at, c.due_at, c.provisional, c.last_progress_at, c.next_check_at,
	c.escalated_at, COALESCE(c.leader_id, 0), c.resolved_at, c.overdue, COALESCE(c.rating, 0), c.rated_at, c.closed_at,
	c.reopen_count, COALESCE(c.created_by, 0), c.created_at, c.updated_at, COALESCE(c.visit_id, 0), COALESCE(c.campaign_id, 0), COALESCE(c.event_id, 0)`

const caseFrom = " FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN case_categories k ON k.id = c.category_id"

func utcp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func scanCase(sc scanner) (*model.Case, error) {
	var c model.Case
	var kind, source, status, warning string
	if err := sc.Scan(&c.ID, &c.Number, &c.RegionCode, &c.ScopeCode, &c.EnterpriseID, &c.EnterpriseName, &kind, &c.CategoryID,
		&c.CategoryName, &source, &c.ExternalID, &c.Title, &c.Description, &status, &warning, &c.ReceivedAt, &c.TimeLimit,
		&c.FixedDue, &c.PromisedDate, &c.ExtensionWorkdays, &c.SuspendedWorkdays, &c.SuspendedAt, &c.DueAt, &c.Provisional, &c.LastProgressAt,
		&c.NextCheckAt, &c.EscalatedAt, &c.LeaderID, &c.ResolvedAt, &c.Overdue, &c.Rating, &c.RatedAt, &c.ClosedAt,
		&c.ReopenCount, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.VisitID, &c.CampaignID, &c.EventID); err != nil {
		return nil, interpretError(err)
	}
	c.Kind, c.Source, c.Status, c.Warning = model.CaseKind(kind), model.CaseSource(source), model.CaseStatus(status), model.Warning(warning)
	c.ReceivedAt, c.DueAt, c.LastProgressAt = c.ReceivedAt.UTC(), c.DueAt.UTC(), c.LastProgressAt.UTC()
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.SuspendedAt, c.NextCheckAt, c.EscalatedAt = utcp(c.SuspendedAt), utcp(c.NextCheckAt), utcp(c.EscalatedAt)
	c.ResolvedAt, c.RatedAt, c.ClosedAt = utcp(c.ResolvedAt), utcp(c.RatedAt), utcp(c.ClosedAt)
	c.Assignees = []model.Assignee{}
	return &c, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// CreateCase numbers and stores a new case with its first timeline event,
// counts it, and audits it.
func (tx *Tx) CreateCase(ctx context.Context, c *model.Case, note string) error {
	return tx.CreateCaseAt(ctx, c, note, time.Time{})
}

// CreateCaseAt is CreateCase with the business time of the first event.
func (tx *Tx) CreateCaseAt(ctx context.Context, c *model.Case, note string, at time.Time) error {
	year := c.ReceivedAt.In(calendar.Shanghai).Year()
	seq, err := tx.nextCaseNumber(ctx, c.RegionCode, year)
	if err != nil {
		return fmt.Errorf("case number: %w", err)
	}
	c.Number = fmt.Sprintf("%s-%d-%06d", c.RegionCode, year, seq)
	c.CreatedAt, c.UpdatedAt = tx.now, tx.now
	err = tx.queryRow(ctx, caseInsert+valuesList(1, 31)+" RETURNING id", caseInsertArgs(c, tx.now)...).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("create case: %w", interpretError(err))
	}
	if err := tx.count(ctx, c, []int64{0}, +1); err != nil {
		return err
	}
	first := model.CaseEvent{Type: "created", ToStatus: c.Status, Note: note, At: at}
	if err := tx.AddCaseEvent(ctx, c.ID, first); err != nil {
		return err
	}
	if err := tx.enqueueWebhooks(ctx, c, first); err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "case", EntityID: strconv.FormatInt(c.ID, 10), RegionCode: c.ScopeCode, After: c})
}

// count adds delta to the open-case counters of c's district for the given
// departments (0 is the district as a whole). A closed case counts nowhere.
// The changes are summed in the transaction and written once before it
// commits (flushCounts): a group commit of many intakes touches each
// counter row once.
func (tx *Tx) count(ctx context.Context, c *model.Case, depts []int64, delta int) error {
	if !c.Status.Open() {
		return nil
	}
	if tx.counts == nil {
		tx.counts = map[countKey]int{}
	}
	for _, d := range depts {
		tx.counts[countKey{c.RegionCode, d, string(c.Warning), c.ID % 8}] += delta
	}
	return nil
}

// countKey is one row of case_counts.
type countKey struct {
	region  string
	dept    int64
	warning string
	shard   int64
}

// flushCounts writes the summed counter changes in one statement.
func (tx *Tx) flushCounts(ctx context.Context) error {
	var args []any
	for k, n := range tx.counts {
		if n != 0 {
			args = append(args, k.region, k.dept, k.warning, k.shard, n)
		}
	}
	tx.counts = nil
	if len(args) == 0 {
		return nil
	}
	q := "INSERT INTO case_counts (region_code, department_id, warning, shard, n) VALUES " + valuesList(len(args)/5, 5) +
		" ON CONFLICT (region_code, department_id, warning, shard) DO UPDATE SET n = case_counts.n + excluded.n"
	// One row is the common case (one write, one counter): kept prepared.
	prepare := tx.prepared
	if len(args) <= 5*4 {
		prepare = tx.stmt
	}
	st, err := prepare(ctx, q)
	if err != nil {
		return fmt.Errorf("case counts: %w", err)
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("case counts: %w", interpretError(err))
	}
	return nil
}

// AddCaseEvent appends a line to a case's timeline.
func (tx *Tx) AddCaseEvent(ctx context.Context, caseID int64, e model.CaseEvent) error {
	data := "{}"
	if len(e.Data) > 0 {
		b, err := json.Marshal(e.Data)
		if err != nil {
			return err
		}
		data = string(b)
	}
	at := tx.now
	if !e.At.IsZero() {
		at = e.At.UTC() // the business time of the step, from the service's clock
	}
	_, err := tx.exec(ctx, `INSERT INTO case_events (case_id, at, actor_id, actor, type, from_status, to_status, note, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		caseID, at, nullInt(tx.actor.UserID), tx.actor.Login, e.Type, string(e.FromStatus), string(e.ToStatus), e.Note, data)
	return err
}

// CaseForUpdate reads a case inside tx, locking it on PostgreSQL.
func (tx *Tx) CaseForUpdate(ctx context.Context, scope CaseScope, id int64) (*model.Case, error) {
	var w where
	w.add("c.id = ?", id)
	scope.apply(&w, "c.")
	q := "SELECT " + caseColumns + caseFrom + w.sql()
	if tx.store.engine == Postgres {
		q += " FOR UPDATE OF c"
	}
	c, err := scanCase(tx.queryRow(ctx, q, w.args...))
	if err != nil {
		return nil, err
	}
	c.Assignees, err = assignees(ctx, tx.tx, c.ID)
	return c, err
}

// UpdateCase stores after over before: its columns, its assignees' copies
// of the warning and due time, the counters, a timeline event and an
// audit row, all in tx.
func (tx *Tx) UpdateCase(ctx context.Context, before, after *model.Case, ev model.CaseEvent) error {
	after.UpdatedAt = tx.now
	var rating any
	if after.Rating != 0 {
		rating = int(after.Rating)
	}
	_, err := tx.exec(ctx, `UPDATE cases SET status = $1, warning = $2, open = $3, time_limit = $4, extension_workdays = $5,
		suspended_workdays = $6, suspended_at = $7, due_at = $8, provisional = $9, last_progress_at = $10, next_check_at = $11,
		escalated_at = $12, leader_id = $13, resolved_at = $14, overdue = $15, rating = $16, rated_at = $17, closed_at = $18,
		reopen_count = $19, updated_at = $20 WHERE id = $21`,
		string(after.Status), string(after.Warning), after.Status.Open(), after.TimeLimit, after.ExtensionWorkdays,
		after.SuspendedWorkdays, nullTime(after.SuspendedAt), after.DueAt.UTC(), after.Provisional, after.LastProgressAt.UTC(),
		nullTime(after.NextCheckAt), nullTime(after.EscalatedAt), nullInt(after.LeaderID), nullTime(after.ResolvedAt), after.Overdue,
		rating, nullTime(after.RatedAt), nullTime(after.ClosedAt), after.ReopenCount, tx.now, after.ID)
	if err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	if before.Status.Open() != after.Status.Open() || before.Warning != after.Warning || !before.DueAt.Equal(after.DueAt) {
		if _, err := tx.exec(ctx, "UPDATE case_assignees SET open = $1, warning = $2, due_at = $3 WHERE case_id = $4",
			after.Status.Open(), string(after.Warning), after.DueAt.UTC(), after.ID); err != nil {
			return err
		}
	}
	if before.Status.Open() != after.Status.Open() || before.Warning != after.Warning {
		depts := append([]int64{0}, model.DepartmentIDs(before.Assignees)...)
		if err := tx.count(ctx, before, depts, -1); err != nil {
			return err
		}
		if err := tx.count(ctx, after, depts, +1); err != nil {
			return err
		}
	}
	if ev.Type != "" {
		if err := tx.AddCaseEvent(ctx, after.ID, ev); err != nil {
			return err
		}
	}
	for _, more := range ev.Also {
		if err := tx.AddCaseEvent(ctx, after.ID, more); err != nil {
			return err
		}
	}
	if err := tx.enqueueWebhooks(ctx, after, append([]model.CaseEvent{ev}, ev.Also...)...); err != nil {
		return err
	}
	action := ev.Type
	if action == "" {
		action = "update"
	}
	return tx.Audit(ctx, AuditEntry{Action: action, Entity: "case", EntityID: strconv.FormatInt(after.ID, 10), RegionCode: after.ScopeCode,
		Before: caseAuditView(before), After: caseAuditView(after)})
}

// caseAuditView is what the audit log keeps of a case: its state, not the
// joined names.
func caseAuditView(c *model.Case) map[string]any {
	return map[string]any{"status": c.Status, "warning": c.Warning, "due_at": c.DueAt, "provisional": c.Provisional,
		"extension_workdays": c.ExtensionWorkdays, "suspended_workdays": c.SuspendedWorkdays, "suspended_at": c.SuspendedAt,
		"rating": c.Rating, "escalated_at": c.EscalatedAt, "assignees": c.Assignees, "reopen_count": c.ReopenCount}
}

// SetAssignees replaces who a case is assigned to, moving its counts from
// the old departments to the new ones.
func (tx *Tx) SetAssignees(ctx context.Context, c *model.Case, list []model.Assignee) error {
	if err := tx.count(ctx, c, model.DepartmentIDs(c.Assignees), -1); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "DELETE FROM case_assignees WHERE case_id = $1", c.ID); err != nil {
		return err
	}
	for _, a := range list {
		if _, err := tx.exec(ctx, `INSERT INTO case_assignees (case_id, role, department_id, user_id, open, warning, due_at, assigned_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.ID, a.Role, nullInt(a.DepartmentID), nullInt(a.UserID),
			c.Status.Open(), string(c.Warning), c.DueAt.UTC(), tx.now); err != nil {
			return fmt.Errorf("assign: %w", err)
		}
	}
	c.Assignees = list
	return tx.count(ctx, c, model.DepartmentIDs(list), +1)
}

func assignees(ctx context.Context, q querier, caseID int64) ([]model.Assignee, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.role, COALESCE(a.department_id, 0), COALESCE(d.name, ''), COALESCE(a.user_id, 0), COALESCE(u.name, '')
		FROM case_assignees a LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN users u ON u.id = a.user_id
		WHERE a.case_id = $1 ORDER BY CASE a.role WHEN 'lead' THEN 0 WHEN 'leader' THEN 1 WHEN 'unit' THEN 2 ELSE 3 END, a.department_id`, caseID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []model.Assignee{}
	for rows.Next() {
		var a model.Assignee
		if err := rows.Scan(&a.Role, &a.DepartmentID, &a.DepartmentName, &a.UserID, &a.UserName); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, a)
	}
	return out, interpretError(rows.Err())
}

// Case returns one case visible in scope, with its assignees.
func (r *Reader) Case(ctx context.Context, scope CaseScope, id int64) (*model.Case, error) {
	var w where
	w.add("c.id = ?", id)
	scope.apply(&w, "c.")
	c, err := scanCase(r.q.QueryRowContext(ctx, "SELECT "+caseColumns+caseFrom+w.sql(), w.args...))
	if err != nil {
		return nil, err
	}
	c.Assignees, err = assignees(ctx, r.q, c.ID)
	return c, err
}

// CaseByExternalID finds the case a platform already sent.
func (r *Reader) CaseByExternalID(ctx context.Context, source model.CaseSource, externalID string) (*model.Case, error) {
	c, err := scanCase(r.q.QueryRowContext(ctx, "SELECT "+caseColumns+caseFrom+" WHERE c.source = $1 AND c.external_id = $2", string(source), externalID))
	if err != nil {
		return nil, err
	}
	c.Assignees, err = assignees(ctx, r.q, c.ID)
	return c, err
}

// CaseEvents returns a case's timeline, oldest first.
func (r *Reader) CaseEvents(ctx context.Context, caseID int64) ([]model.CaseEvent, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, at, COALESCE(actor_id, 0), actor, type, from_status, to_status, note, data FROM case_events WHERE case_id = $1 ORDER BY id", caseID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []model.CaseEvent{}
	for rows.Next() {
		var e model.CaseEvent
		var from, to, data string
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Type, &from, &to, &e.Note, &data); err != nil {
			return nil, interpretError(err)
		}
		e.At, e.FromStatus, e.ToStatus = e.At.UTC(), model.CaseStatus(from), model.CaseStatus(to)
		if data != "{}" {
			json.Unmarshal([]byte(data), &e.Data)
		}
		out = append(out, e)
	}
	return out, interpretError(rows.Err())
}

// CaseFilter selects cases.
type CaseFilter struct {
	Status        model.CaseStatus
	Open          bool // only cases not closed
	Handling      bool // only cases still being handled (deadline running)
	Warning       model.Warning
	Kind          model.CaseKind
	Source        model.CaseSource
	CategoryID    int64
	DepartmentID  int64
	EnterpriseID  int64
	ReceivedFrom  time.Time
	ReceivedUntil time.Time
	Escalated     bool
	AssignedUser  int64 // cases a user (a leader in charge) is assigned to
	Limit, Offset int
	NoCount       bool
}

// CasePage is a page of cases and how many match.
type CasePage struct {
	Items []*model.Case `json:"items"`
	Total int           `json:"total"`
}

// Cases lists the cases in scope matching f: the most urgent first (red,
// then yellow, then by due time).
func (s *Store) Cases(ctx context.Context, scope CaseScope, f CaseFilter) (*CasePage, error) {
	var w where
	scope.apply(&w, "c.")
	from := caseFrom
	if f.DepartmentID != 0 {
		// Through the assignees' copy of warning and due time: one index
		// range for "the red cases of this department".
		from += " JOIN case_assignees da ON da.case_id = c.id"
		w.add("da.department_id = ?", f.DepartmentID)
		if f.Open {
			w.add("da.open = ?", true)
		}
		if f.Warning != "" {
			w.add("da.warning = ?", string(f.Warning))
		}
	} else {
		if f.Open {
			w.add("c.open = ?", true)
		}
		if f.Warning != "" {
			w.add("c.warning = ?", string(f.Warning))
		}
	}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.Handling {
		w.add("c.status IN ('received', 'assigned', 'in_progress', 'returned', 'reopened')")
	}
	if f.Kind != "" {
		w.add("c.kind = ?", string(f.Kind))
	}
	if f.Source != "" {
		w.add("c.source = ?", string(f.Source))
	}
	if f.CategoryID != 0 {
		w.add("c.category_id = ?", f.CategoryID)
	}
	if f.EnterpriseID != 0 {
		w.add("c.enterprise_id = ?", f.EnterpriseID)
	}
	if !f.ReceivedFrom.IsZero() {
		w.add("c.received_at >= ?", f.ReceivedFrom.UTC())
	}
	if !f.ReceivedUntil.IsZero() {
		w.add("c.received_at < ?", f.ReceivedUntil.UTC())
	}
	if f.Escalated {
		w.add("c.escalated_at IS NOT NULL")
	}
	if f.AssignedUser != 0 {
		w.add("EXISTS (SELECT 1 FROM case_assignees ua WHERE ua.case_id = c.id AND ua.user_id = ?)", f.AssignedUser)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	page := &CasePage{Items: []*model.Case{}}
	if !f.NoCount {
		if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*)"+from+w.sql(), w.args...).Scan(&page.Total); err != nil {
			return nil, interpretError(err)
		}
		if page.Total == 0 {
			return page, nil
		}
	}
	order := " ORDER BY c.due_at, c.id"
	if f.DepartmentID != 0 {
		// Exactly the order of the case_assignees_todo index, so the first
		// page is read straight off it, however many cases match.
		order = " ORDER BY da.due_at, da.case_id"
	}
	if f.Warning == "" && f.DepartmentID == 0 {
		order = " ORDER BY CASE c.warning WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, c.due_at, c.id"
	}
	q := "SELECT " + caseColumns + from + w.sql() + order + " LIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(max(0, f.Offset))
	rows, err := s.lists(ctx).QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, c)
	}
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	// Assignee names for the page in one query.
	if len(page.Items) > 0 {
		ids := make([]string, len(page.Items))
		byID := map[int64]*model.Case{}
		for i, c := range page.Items {
			ids[i] = strconv.FormatInt(c.ID, 10)
			byID[c.ID] = c
		}
		rows, err := s.lists(ctx).QueryContext(ctx, `SELECT a.case_id, a.role, COALESCE(a.department_id, 0), COALESCE(d.name, ''), COALESCE(a.user_id, 0), COALESCE(u.name, '')
			FROM case_assignees a LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN users u ON u.id = a.user_id
			WHERE a.case_id IN (`+strings.Join(ids, ",")+`) ORDER BY a.case_id, CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, a.department_id`)
		if err != nil {
			return nil, interpretError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var a model.Assignee
			if err := rows.Scan(&id, &a.Role, &a.DepartmentID, &a.DepartmentName, &a.UserID, &a.UserName); err != nil {
				return nil, interpretError(err)
			}
			byID[id].Assignees = append(byID[id].Assignees, a)
		}
	}
	return page, nil
}

// WarningCounts are open cases per warning level.
type WarningCounts struct {
	None   int `json:"none"`
	Yellow int `json:"yellow"`
	Red    int `json:"red"`
}

// CaseCounts returns the maintained open-case counts of the districts in
// prefix, for the whole district (key 0) and per department.
func (s *Store) CaseCounts(ctx context.Context, prefix string) (map[int64]*WarningCounts, error) {
	var w where
	w.prefix("region_code", prefix)
	rows, err := s.lists(ctx).QueryContext(ctx, "SELECT department_id, warning, SUM(n) FROM case_counts"+w.sql()+" GROUP BY department_id, warning", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := map[int64]*WarningCounts{0: {}}
	for rows.Next() {
		var d int64
		var warning string
		var n int
		if err := rows.Scan(&d, &warning, &n); err != nil {
			return nil, interpretError(err)
		}
		c := out[d]
		if c == nil {
			c = &WarningCounts{}
			out[d] = c
		}
		switch model.Warning(warning) {
		case model.WarningRed:
			c.Red += n
		case model.WarningYellow:
			c.Yellow += n
		default:
			c.None += n
		}
	}
	return out, interpretError(rows.Err())
}
