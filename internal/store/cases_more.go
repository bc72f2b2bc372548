package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

const extensionColumns = "id, case_id, workdays, reason, status, COALESCE(requested_by, 0), requested_at, COALESCE(decided_by, 0), decided_at, decision"

func scanExtension(sc scanner) (*model.Extension, error) {
	var x model.Extension
	if err := sc.Scan(&x.ID, &x.CaseID, &x.Workdays, &x.Reason, &x.Status, &x.RequestedBy, &x.RequestedAt, &x.DecidedBy, &x.DecidedAt, &x.Decision); err != nil {
		return nil, interpretError(err)
	}
	x.RequestedAt, x.DecidedAt = x.RequestedAt.UTC(), utcp(x.DecidedAt)
	return &x, nil
}

// AddExtension stores a pending extension request.
func (tx *Tx) AddExtension(ctx context.Context, x *model.Extension) error {
	x.RequestedAt, x.Status, x.RequestedBy = tx.now, "pending", tx.actor.UserID
	err := tx.queryRow(ctx, `INSERT INTO case_extensions (case_id, workdays, reason, status, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.CaseID, x.Workdays, x.Reason, x.Status, nullInt(x.RequestedBy), tx.now).Scan(&x.ID)
	return interpretError(err)
}

// PendingExtension returns the open extension request of a case.
func (tx *Tx) PendingExtension(ctx context.Context, caseID int64) (*model.Extension, error) {
	return scanExtension(tx.queryRow(ctx, "SELECT "+extensionColumns+" FROM case_extensions WHERE case_id = $1 AND status = 'pending' ORDER BY id DESC LIMIT 1", caseID))
}

// DecideExtension records the coordinator's decision.
func (tx *Tx) DecideExtension(ctx context.Context, x *model.Extension) error {
	now := tx.now
	x.DecidedAt, x.DecidedBy = &now, tx.actor.UserID
	_, err := tx.exec(ctx, "UPDATE case_extensions SET status = $1, decided_by = $2, decided_at = $3, decision = $4 WHERE id = $5",
		x.Status, nullInt(x.DecidedBy), now, x.Decision, x.ID)
	return err
}

// Extensions lists a case's extension requests, oldest first.
func (r *Reader) Extensions(ctx context.Context, caseID int64) ([]*model.Extension, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT "+extensionColumns+" FROM case_extensions WHERE case_id = $1 ORDER BY id", caseID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*model.Extension{}
	for rows.Next() {
		x, err := scanExtension(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, interpretError(rows.Err())
}

// Attachment is a file attached to a case.
type Attachment struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  int64     `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	Data        []byte    `json:"-"`
}

// AddAttachment stores a file with the case.
func (tx *Tx) AddAttachment(ctx context.Context, a *Attachment) error {
	a.CreatedAt, a.UploadedBy = tx.now, tx.actor.UserID
	err := tx.queryRow(ctx, `INSERT INTO case_attachments (case_id, name, content_type, size, sha256, data, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.CaseID, a.Name, a.ContentType, a.Size, a.SHA256, a.Data,
		nullInt(a.UploadedBy), tx.now).Scan(&a.ID)
	if err != nil {
		return interpretError(err)
	}
	return tx.Audit(ctx, AuditEntry{Action: "attach", Entity: "case", EntityID: strconv.FormatInt(a.CaseID, 10),
		After: map[string]any{"attachment_id": a.ID, "name": a.Name, "size": a.Size, "sha256": a.SHA256}})
}

// Attachments lists a case's files without their content.
func (r *Reader) Attachments(ctx context.Context, caseID int64) ([]*Attachment, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, case_id, name, content_type, size, sha256, COALESCE(uploaded_by, 0), created_at FROM case_attachments WHERE case_id = $1 ORDER BY id", caseID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*Attachment{}
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedBy, &a.CreatedAt); err != nil {
			return nil, interpretError(err)
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, &a)
	}
	return out, interpretError(rows.Err())
}

// AttachmentData returns one file with its content.
func (r *Reader) AttachmentData(ctx context.Context, caseID, id int64) (*Attachment, error) {
	var a Attachment
	err := r.q.QueryRowContext(ctx, "SELECT id, case_id, name, content_type, size, sha256, data FROM case_attachments WHERE case_id = $1 AND id = $2", caseID, id).
		Scan(&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.Data)
	return &a, interpretError(err)
}

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	CaseID    int64      `json:"case_id,omitempty"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// Notify stores notifications (deduplicated by user within one call).
func (tx *Tx) Notify(ctx context.Context, userIDs []int64, caseID int64, kind, title, body string) error {
	seen := map[int64]bool{}
	for _, u := range userIDs {
		if u == 0 || seen[u] {
			continue
		}
		seen[u] = true
		if _, err := tx.exec(ctx, "INSERT INTO notifications (user_id, case_id, kind, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
			u, nullInt(caseID), kind, title, body, tx.now); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
	}
	return nil
}

// Notifications lists a user's newest notifications.
func (s *Store) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]*Notification, error) {
	q := "SELECT id, user_id, COALESCE(case_id, 0), kind, title, body, created_at, read_at FROM notifications WHERE user_id = $1"
	if unreadOnly {
		q += " AND read_at IS NULL"
	}
	rows, err := s.lists(ctx).QueryContext(ctx, q+" ORDER BY id DESC LIMIT "+strconv.Itoa(max(1, min(limit, 500))), userID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*Notification{}
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.UserID, &n.CaseID, &n.Kind, &n.Title, &n.Body, &n.CreatedAt, &n.ReadAt); err != nil {
			return nil, interpretError(err)
		}
		n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), utcp(n.ReadAt)
		out = append(out, &n)
	}
	return out, interpretError(rows.Err())
}

// MarkNotificationsRead marks a user's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.write.ExecContext(ctx, "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL", at.UTC(), userID)
	return interpretError(err)
}

// UsersOfDepartments returns the ids of the active users of departments.
func (tx *Tx) UsersOfDepartments(ctx context.Context, depts []int64) ([]int64, error) {
	var out []int64
	for _, d := range depts {
		rows, err := tx.tx.QueryContext(ctx, "SELECT id FROM users WHERE department_id = $1 AND NOT disabled", d)
		if err != nil {
			return nil, interpretError(err)
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// UsersWithRole returns the ids of the active users of a role in a region subtree.
func (tx *Tx) UsersWithRole(ctx context.Context, prefix, role string) ([]int64, error) {
	var w where
	w.prefix("region_code", prefix)
	w.add("role = ?", role)
	w.add("NOT disabled")
	st, err := tx.stmt(ctx, "SELECT id FROM users"+w.sql())
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	return scanIDs(rows)
}

// CalendarYear is an imported year of the working-day calendar.
type CalendarYear struct {
	Year     int      `json:"year"`
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

// PutCalendarYear stores (or replaces) an imported calendar year.
func (tx *Tx) PutCalendarYear(ctx context.Context, y CalendarYear) error {
	h, _ := json.Marshal(y.Holidays)
	w, _ := json.Marshal(y.Workdays)
	_, err := tx.exec(ctx, `INSERT INTO calendar_years (year, holidays, workdays, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
		y.Year, string(h), string(w), tx.now, tx.actor.Login)
	if err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "import", Entity: "calendar_year", EntityID: strconv.Itoa(y.Year), After: y})
}

// CalendarYears returns every imported calendar year.
func (s *Store) CalendarYears(ctx context.Context) ([]CalendarYear, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT year, holidays, workdays FROM calendar_years ORDER BY year")
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []CalendarYear
	for rows.Next() {
		var y CalendarYear
		var h, w string
		if err := rows.Scan(&y.Year, &h, &w); err != nil {
			return nil, interpretError(err)
		}
		json.Unmarshal([]byte(h), &y.Holidays)
		json.Unmarshal([]byte(w), &y.Workdays)
		out = append(out, y)
	}
	return out, interpretError(rows.Err())
}

// ProvisionalCaseIDs returns the ids of the cases still handled whose due
// date is provisional (for recomputation after a calendar import).
func (s *Store) ProvisionalCaseIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id FROM cases WHERE provisional = $1 AND open = $1", true)
	if err != nil {
		return nil, interpretError(err)
	}
	return scanIDs(rows)
}

// UsersOfEnterprise returns the ids of an enterprise's active users.
func (tx *Tx) UsersOfEnterprise(ctx context.Context, enterpriseID int64) ([]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, "SELECT id FROM users WHERE enterprise_id = $1 AND NOT disabled", enterpriseID)
	if err != nil {
		return nil, interpretError(err)
	}
	return scanIDs(rows)
}

// DueChecks returns the cases whose warning clock has fallen due, oldest
// first: an index range on next_check_at, whatever the number of open cases.
func (s *Store) DueChecks(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id FROM cases WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT "+strconv.Itoa(limit), now.UTC())
	if err != nil {
		return nil, interpretError(err)
	}
	return scanIDs(rows)
}

// NextCheck returns the earliest scheduled warning check, if any.
func (s *Store) NextCheck(ctx context.Context) (*time.Time, error) {
	var t *time.Time
	err := s.read.QueryRowContext(ctx, "SELECT next_check_at FROM cases WHERE next_check_at IS NOT NULL ORDER BY next_check_at LIMIT 1").Scan(&t)
	if err != nil {
		err = interpretError(err)
		if err == ErrNotFound {
			return nil, nil
		}
		return nil, err
	}
	return utcp(t), nil
}

// UpdateCategory stores a category's name, time limit and warning
// thresholds.
func (tx *Tx) UpdateCategory(ctx context.Context, before, after *model.CaseCategory) error {
	var limit any
	if after.TimeLimit > 0 {
		limit = after.TimeLimit
	}
	res, err := tx.exec(ctx, "UPDATE case_categories SET name = $1, time_limit = $2, yellow_percent = $3, idle_workdays = $4, sort = $5 WHERE id = $6",
		after.Name, limit, after.YellowPercent, after.IdleWorkdays, after.Sort, after.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return tx.Audit(ctx, AuditEntry{Action: "update", Entity: "case_category", EntityID: after.Code, Before: before, After: after})
}

// scanIDs reads a column of ids and closes rows.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, id)
	}
	return out, interpretError(rows.Err())
}
