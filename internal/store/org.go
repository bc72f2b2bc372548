package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// PutRegion adds a region, or does nothing when its code is already there.
// It reports whether the region was added.
func (tx *Tx) PutRegion(ctx context.Context, r *model.Region) (bool, error) {
	var parent any
	if r.ParentCode != "" {
		parent = r.ParentCode
	}
	res, err := tx.exec(ctx, `INSERT INTO regions (code, name, level, parent_code, prefix, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
		r.Code, r.Name, r.Level, parent, r.Prefix, tx.now)
	if err != nil {
		return false, fmt.Errorf("put region %s: %w", r.Code, err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return false, nil
	}
	r.CreatedAt = tx.now
	return true, tx.Audit(ctx, AuditEntry{Action: "create", Entity: "region", EntityID: r.Code, RegionCode: r.Code, After: r})
}

const regionColumns = "code, name, level, COALESCE(parent_code, ''), prefix, created_at"

func scanRegion(sc scanner) (*model.Region, error) {
	var r model.Region
	if err := sc.Scan(&r.Code, &r.Name, &r.Level, &r.ParentCode, &r.Prefix, &r.CreatedAt); err != nil {
		return nil, interpretError(err)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

// Region returns one region by display code.
func (r *Reader) Region(ctx context.Context, code string) (*model.Region, error) {
	return scanRegion(r.q.QueryRowContext(ctx, "SELECT "+regionColumns+" FROM regions WHERE code = $1", code))
}

// Regions returns the regions whose code starts with prefix, by code.
func (r *Reader) Regions(ctx context.Context, prefix string) ([]*model.Region, error) {
	var w where
	if prefix != "" {
		w.prefix("code", prefix)
	}
	rows, err := r.q.QueryContext(ctx, "SELECT "+regionColumns+" FROM regions"+w.sql()+" ORDER BY code", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*model.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, interpretError(rows.Err())
}

// CreateDepartment adds a department and fills its ID.
func (tx *Tx) CreateDepartment(ctx context.Context, d *model.Department) error {
	if d.Kind == "" {
		d.Kind = "department"
	}
	d.CreatedAt, d.UpdatedAt = tx.now, tx.now
	err := tx.queryRow(ctx, `INSERT INTO departments (region_code, code, name, kind, phone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		d.RegionCode, d.Code, d.Name, d.Kind, d.Phone, tx.now).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("create department: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "department", EntityID: strconv.FormatInt(d.ID, 10), RegionCode: d.RegionCode, After: d})
}

const departmentColumns = "id, region_code, code, name, kind, phone, created_at, updated_at"

func scanDepartment(sc scanner) (*model.Department, error) {
	var d model.Department
	if err := sc.Scan(&d.ID, &d.RegionCode, &d.Code, &d.Name, &d.Kind, &d.Phone, &d.CreatedAt, &d.UpdatedAt); err != nil {
		return nil, interpretError(err)
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return &d, nil
}

// Department returns one department inside the region prefix.
func (r *Reader) Department(ctx context.Context, prefix string, id int64) (*model.Department, error) {
	var w where
	w.add("id = ?", id)
	w.prefix("region_code", prefix)
	return scanDepartment(r.q.QueryRowContext(ctx, "SELECT "+departmentColumns+" FROM departments"+w.sql(), w.args...))
}

// DepartmentByCode returns a department of a region by its code.
func (r *Reader) DepartmentByCode(ctx context.Context, regionCode, code string) (*model.Department, error) {
	return scanDepartment(r.q.QueryRowContext(ctx, "SELECT "+departmentColumns+" FROM departments WHERE region_code = $1 AND code = $2", regionCode, code))
}

// Departments lists the departments in a region subtree.
func (r *Reader) Departments(ctx context.Context, prefix string) ([]*model.Department, error) {
	var w where
	w.prefix("region_code", prefix)
	rows, err := r.q.QueryContext(ctx, "SELECT "+departmentColumns+" FROM departments"+w.sql()+" ORDER BY region_code, code", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*model.Department
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, interpretError(rows.Err())
}

// CreateTeam adds a special service team with its members.
func (tx *Tx) CreateTeam(ctx context.Context, t *model.Team) error {
	t.CreatedAt = tx.now
	if err := tx.queryRow(ctx, `INSERT INTO teams (region_code, name, focus, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.RegionCode, t.Name, t.Focus, tx.now).Scan(&t.ID); err != nil {
		return fmt.Errorf("create team: %w", interpretError(err))
	}
	for _, m := range t.Members {
		if _, err := tx.exec(ctx, "INSERT INTO team_members (team_id, user_id, duty) VALUES ($1, $2, $3)", t.ID, m.UserID, m.Duty); err != nil {
			return fmt.Errorf("add team member: %w", err)
		}
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "team", EntityID: strconv.FormatInt(t.ID, 10), RegionCode: t.RegionCode, After: t})
}

// Teams lists the teams in a region subtree, with their members and how
// many enterprises each serves.
func (r *Reader) Teams(ctx context.Context, prefix string) ([]*model.Team, error) {
	return r.teams(ctx, prefix, 0)
}

func (r *Reader) teams(ctx context.Context, prefix string, id int64) ([]*model.Team, error) {
	var w where
	w.prefix("t.region_code", prefix)
	if id != 0 {
		w.add("t.id = ?", id)
	}
	rows, err := r.q.QueryContext(ctx, `SELECT t.id, t.region_code, t.name, t.focus, t.created_at,
		(SELECT COUNT(*) FROM team_enterprises x WHERE x.team_id = t.id),
		COALESCE(m.user_id, 0), COALESCE(u.name, ''), COALESCE(m.duty, '')
		FROM teams t LEFT JOIN team_members m ON m.team_id = t.id LEFT JOIN users u ON u.id = m.user_id`+
		w.sql()+" ORDER BY t.region_code, t.name, m.user_id", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*model.Team
	for rows.Next() {
		var t model.Team
		var m model.TeamMember
		if err := rows.Scan(&t.ID, &t.RegionCode, &t.Name, &t.Focus, &t.CreatedAt, &t.Enterprises, &m.UserID, &m.Name, &m.Duty); err != nil {
			return nil, interpretError(err)
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			t.CreatedAt = t.CreatedAt.UTC()
			t.Members = []model.TeamMember{}
			out = append(out, &t)
		}
		if m.UserID != 0 {
			last := out[len(out)-1]
			last.Members = append(last.Members, m)
		}
	}
	return out, interpretError(rows.Err())
}

// PutTag defines an enterprise tag (高新技术企业 …) if it is not yet defined.
func (tx *Tx) PutTag(ctx context.Context, name string, sort int) error {
	res, err := tx.exec(ctx, "INSERT INTO tag_defs (name, sort, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING", name, sort, tx.now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "tag", EntityID: name, After: map[string]any{"name": name, "sort": sort}})
}

// Tags returns the defined enterprise tags in display order.
func (r *Reader) Tags(ctx context.Context) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT name FROM tag_defs ORDER BY sort, name")
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, n)
	}
	return out, interpretError(rows.Err())
}

// Setting reads a setting; ErrNotFound when it is not set.
func (r *Reader) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	return v, interpretError(err)
}

// PutSetting writes a setting.
func (tx *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "update", Entity: "setting", EntityID: key, After: value})
}
