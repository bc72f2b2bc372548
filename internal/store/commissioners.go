package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Assignment is one period of a commissioner serving an enterprise (包联).
type Assignment struct {
	ID             int64      `json:"id"`
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	UserID         int64      `json:"user_id"`
	UserName       string     `json:"commissioner"`
	UserPhone      string     `json:"phone"`
	RegionCode     string     `json:"region_code"`
	StartedAt      time.Time  `json:"started_at"`
	EndedAt        *time.Time `json:"ended_at"`
	StartReason    string     `json:"start_reason,omitempty"`
	EndReason      string     `json:"end_reason,omitempty"`
	AssignedBy     string     `json:"assigned_by"`
	EndedBy        string     `json:"ended_by,omitempty"`
}

const assignmentColumns = `a.id, a.enterprise_id, e.name, a.user_id, u.name, u.phone, a.region_code, a.started_at, a.ended_at,
	a.start_reason, a.end_reason, a.assigned_by, a.ended_by`

const assignmentFrom = " FROM commissioner_assignments a JOIN enterprises e ON e.id = a.enterprise_id JOIN users u ON u.id = a.user_id"

func scanAssignment(sc scanner) (*Assignment, error) {
	var a Assignment
	if err := sc.Scan(&a.ID, &a.EnterpriseID, &a.EnterpriseName, &a.UserID, &a.UserName, &a.UserPhone, &a.RegionCode, &a.StartedAt,
		&a.EndedAt, &a.StartReason, &a.EndReason, &a.AssignedBy, &a.EndedBy); err != nil {
		return nil, interpretError(err)
	}
	a.StartedAt, a.EndedAt = a.StartedAt.UTC(), utcp(a.EndedAt)
	return &a, nil
}

// ActiveAssignment returns the enterprise's current commissioner inside tx
// (locked on PostgreSQL), or ErrNotFound.
func (tx *Tx) ActiveAssignment(ctx context.Context, enterpriseID int64) (*Assignment, error) {
	q := "SELECT " + assignmentColumns + assignmentFrom + " WHERE a.enterprise_id = $1 AND a.ended_at IS NULL"
	if tx.store.engine == Postgres {
		q += " FOR UPDATE OF a"
	}
	return scanAssignment(tx.tx.QueryRowContext(ctx, q, enterpriseID))
}

// EndAssignment closes an assignment (release or the first half of a
// reassignment).
func (tx *Tx) EndAssignment(ctx context.Context, a *Assignment, reason string) error {
	before := *a
	now := tx.now
	a.EndedAt, a.EndReason, a.EndedBy = &now, reason, tx.actor.Login
	if _, err := tx.exec(ctx, "UPDATE commissioner_assignments SET ended_at = $1, end_reason = $2, ended_by = $3 WHERE id = $4",
		now, reason, tx.actor.Login, a.ID); err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "release", Entity: "commissioner_assignment", EntityID: strconv.FormatInt(a.ID, 10),
		RegionCode: a.RegionCode, Before: before, After: a})
}

// StartAssignment stores a new active assignment; a second active one for
// the same enterprise is a conflict (the database enforces it).
func (tx *Tx) StartAssignment(ctx context.Context, a *Assignment) error {
	a.StartedAt, a.AssignedBy = tx.now, tx.actor.Login
	err := tx.queryRow(ctx, `INSERT INTO commissioner_assignments (enterprise_id, user_id, region_code, started_at, start_reason, assigned_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.EnterpriseID, a.UserID, a.RegionCode, tx.now, a.StartReason, a.AssignedBy).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("assign commissioner: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "assign", Entity: "commissioner_assignment", EntityID: strconv.FormatInt(a.ID, 10),
		RegionCode: a.RegionCode, After: a})
}

// Assignments returns an enterprise's commissioners, newest first.
func (r *Reader) Assignments(ctx context.Context, enterpriseID int64) ([]*Assignment, error) {
	return r.queryAssignments(ctx, "SELECT "+assignmentColumns+assignmentFrom+" WHERE a.enterprise_id = $1 ORDER BY a.started_at DESC, a.id DESC", enterpriseID)
}

// CommissionerEnterprises returns the enterprises a commissioner serves now.
func (r *Reader) CommissionerEnterprises(ctx context.Context, userID int64) ([]*Assignment, error) {
	return r.queryAssignments(ctx, "SELECT "+assignmentColumns+assignmentFrom+" WHERE a.user_id = $1 AND a.ended_at IS NULL ORDER BY e.name", userID)
}

// Load is how many enterprises a commissioner serves.
type Load struct {
	UserID      int64  `json:"user_id"`
	Name        string `json:"name"`
	Phone       string `json:"phone"`
	RegionCode  string `json:"region_code"`
	Enterprises int    `json:"enterprises"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// Coverage is who serves the enterprises of a region.
type Coverage struct {
	Enterprises int     `json:"enterprises"`
	Covered     int     `json:"covered"`
	Uncovered   int     `json:"uncovered"`
	Loads       []*Load `json:"loads"`
}

// CommissionerCoverage counts the enterprises of a region with and without
// an active commissioner, and each commissioner's load.
func (s *Store) CommissionerCoverage(ctx context.Context, scope access.Scope) (*Coverage, error) {
	var w where
	scopeEnterprises(&w, scope)
	cov := &Coverage{Loads: []*Load{}}
	if err := s.lists(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(a.id) FROM enterprises
		LEFT JOIN commissioner_assignments a ON a.enterprise_id = enterprises.id AND a.ended_at IS NULL`+w.sql(), w.args...).Scan(&cov.Enterprises, &cov.Covered); err != nil {
		return nil, interpretError(err)
	}
	cov.Uncovered = cov.Enterprises - cov.Covered
	var err error
	cov.Loads, err = s.Loads(ctx, scope)
	if err != nil {
		return nil, err
	}
	return cov, nil
}

// Loads lists the commissioners of a region subtree with how many
// enterprises each serves, the busiest first.
func (s *Store) Loads(ctx context.Context, scope access.Scope) ([]*Load, error) {
	out := []*Load{}
	var uw where
	uw.prefix("u.region_code", scope.Prefix)
	uw.add("u.role = ?", string(access.Commissioner))
	rows, err := s.lists(ctx).QueryContext(ctx, `SELECT u.id, u.name, u.phone, u.region_code, u.disabled, COUNT(a.id) FROM users u
		LEFT JOIN commissioner_assignments a ON a.user_id = u.id AND a.ended_at IS NULL`+uw.sql()+
		" GROUP BY u.id, u.name, u.phone, u.region_code, u.disabled ORDER BY COUNT(a.id) DESC, u.name", uw.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var l Load
		if err := rows.Scan(&l.UserID, &l.Name, &l.Phone, &l.RegionCode, &l.Disabled, &l.Enterprises); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, &l)
	}
	return out, interpretError(rows.Err())
}

// CoverageOverview is what the office's coverage page shows.
type CoverageOverview struct {
	*Coverage
	Townships  []*TownshipCoverage
	Uncovered  []*EnterpriseBrief // the first of those nobody serves
	Stale      []*EnterpriseBrief // the first of those not visited since
	StaleTotal int
}

// TownshipCoverage is 包联 and visiting in one township (RegionCode is the
// district's for enterprises without a township).
type TownshipCoverage struct {
	RegionCode  string `json:"region_code"`
	Enterprises int    `json:"enterprises"`
	Covered     int    `json:"covered"`
	Stale       int    `json:"not_visited"` // not visited since the given day
}

// Share returns part/Enterprises scaled to width (for the bars drawn on
// the page).
func (t *TownshipCoverage) Share(part, width int) int {
	if t.Enterprises == 0 {
		return 0
	}
	return part * width / t.Enterprises
}

// CoverageView reads, side by side on the read pool, coverage per township
// (which also gives the totals), the commissioners' loads, up to limit
// uncovered enterprises and up to limit not visited since since.
func (s *Store) CoverageView(ctx context.Context, scope access.Scope, since model.Date, limit int) (*CoverageOverview, error) {
	o := &CoverageOverview{Coverage: &Coverage{}}
	err := sideBySide(
		func() (err error) { o.Townships, err = s.coverageByTownship(ctx, scope, since); return err },
		func() (err error) { o.Loads, err = s.Loads(ctx, scope); return err },
		func() (err error) { o.Uncovered, err = s.UncoveredEnterprises(ctx, scope, limit); return err },
		func() (err error) { o.Stale, err = s.notVisitedList(ctx, scope, since, limit); return err },
	)
	if err != nil {
		return nil, err
	}
	for _, t := range o.Townships {
		o.Enterprises += t.Enterprises
		o.Covered += t.Covered
		o.StaleTotal += t.Stale
	}
	o.Coverage.Uncovered = o.Enterprises - o.Covered
	return o, nil
}

// coverageByTownship counts, per township, the enterprises, those with a
// commissioner and those without a visit since since: two grouped queries
// side by side (an anti-join for the visits, which PostgreSQL plans far
// better than an EXISTS inside the aggregate).
func (s *Store) coverageByTownship(ctx context.Context, scope access.Scope, since model.Date) ([]*TownshipCoverage, error) {
	out := []*TownshipCoverage{}
	stale := map[string]int{}
	err := sideBySide(
		func() error {
			var w where
			scopeEnterprises(&w, scope)
			rows, err := s.lists(ctx).QueryContext(ctx, `SELECT scope_code, COUNT(*), COUNT(a.id) FROM enterprises
				LEFT JOIN commissioner_assignments a ON a.enterprise_id = enterprises.id AND a.ended_at IS NULL`+w.sql()+
				" GROUP BY scope_code ORDER BY scope_code", w.args...)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var t TownshipCoverage
				if err := rows.Scan(&t.RegionCode, &t.Enterprises, &t.Covered); err != nil {
					return interpretError(err)
				}
				out = append(out, &t)
			}
			return interpretError(rows.Err())
		},
		func() error {
			var w where
			scopeEnterprises(&w, scope)
			w.add("NOT EXISTS (SELECT 1 FROM visits v WHERE v.enterprise_id = enterprises.id AND v.visited_on >= ?)", since)
			rows, err := s.lists(ctx).QueryContext(ctx, "SELECT scope_code, COUNT(*) FROM enterprises"+w.sql()+" GROUP BY scope_code", w.args...)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var code string
				var n int
				if err := rows.Scan(&code, &n); err != nil {
					return interpretError(err)
				}
				stale[code] = n
			}
			return interpretError(rows.Err())
		},
	)
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		t.Stale = stale[t.RegionCode]
	}
	return out, nil
}

// UncoveredEnterprises lists enterprises in scope without a commissioner.
func (s *Store) UncoveredEnterprises(ctx context.Context, scope access.Scope, limit int) ([]*EnterpriseBrief, error) {
	return s.UncoveredMatching(ctx, scope, "", "", limit)
}

// UncoveredMatching lists enterprises in scope without a commissioner, of
// one township and one industry (a GB/T 4754 section letter or a code
// prefix) when those are given.
func (s *Store) UncoveredMatching(ctx context.Context, scope access.Scope, township, industry string, limit int) ([]*EnterpriseBrief, error) {
	var w where
	scopeEnterprises(&w, scope)
	if township != "" {
		w.add("township_code = ?", township)
	}
	if industry != "" {
		w.add("industry_code LIKE ? ESCAPE '\\'", likeEscape(industry)+"%")
	}
	w.add("NOT EXISTS (SELECT 1 FROM commissioner_assignments a WHERE a.enterprise_id = enterprises.id AND a.ended_at IS NULL)")
	return s.briefs(ctx, w, limit)
}

// notVisitedList lists up to limit enterprises in scope without a visit
// on or after since.
func (s *Store) notVisitedList(ctx context.Context, scope access.Scope, since model.Date, limit int) ([]*EnterpriseBrief, error) {
	var w where
	scopeEnterprises(&w, scope)
	w.add("NOT EXISTS (SELECT 1 FROM visits v WHERE v.enterprise_id = enterprises.id AND v.visited_on >= ?)", since)
	return s.briefs(ctx, w, limit)
}

// briefs lists the first enterprises matching w by id.
func (s *Store) briefs(ctx context.Context, w where, limit int) ([]*EnterpriseBrief, error) {
	return s.queryBriefs(ctx, "SELECT id, name, region_code, COALESCE(township_code, '') FROM enterprises"+w.sql()+
		" ORDER BY id LIMIT "+strconv.Itoa(max(1, min(limit, 10000))), w.args...)
}

// queryBriefs runs a query selecting id, name, region_code and township
// (or ”) of enterprises.
func (r *Reader) queryBriefs(ctx context.Context, query string, args ...any) ([]*EnterpriseBrief, error) {
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*EnterpriseBrief{}
	for rows.Next() {
		var b EnterpriseBrief
		if err := rows.Scan(&b.ID, &b.Name, &b.RegionCode, &b.TownshipCode); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, &b)
	}
	return out, interpretError(rows.Err())
}

// AssignmentsIn lists the assignments of a region subtree (current ones
// first, then ended ones, newest first): the 包联台账.
func (s *Store) AssignmentsIn(ctx context.Context, prefix string, limit int) ([]*Assignment, error) {
	var w where
	w.prefix("a.region_code", prefix)
	return s.queryAssignments(ctx, "SELECT "+assignmentColumns+assignmentFrom+w.sql()+
		" ORDER BY CASE WHEN a.ended_at IS NULL THEN 0 ELSE 1 END, u.name, e.name, a.started_at DESC LIMIT "+strconv.Itoa(max(1, limit)), w.args...)
}

// queryAssignments runs a query selecting assignmentColumns.
func (r *Reader) queryAssignments(ctx context.Context, query string, args ...any) ([]*Assignment, error) {
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*Assignment{}
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, interpretError(rows.Err())
}
