package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// PlanItem is one planned visit: a commissioner means to visit an
// enterprise between StartsOn and EndsOn (a week or a month).
type PlanItem struct {
	ID             int64      `json:"id"`
	UserID         int64      `json:"user_id"`
	UserName       string     `json:"user_name"`
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	RegionCode     string     `json:"region_code"`
	StartsOn       model.Date `json:"starts_on"`
	EndsOn         model.Date `json:"ends_on"`
	Note           string     `json:"note"`
	CreatedAt      time.Time  `json:"created_at"`
	// VisitedOn is the first visit by the commissioner to the enterprise
	// within the period; zero while the item is open.
	VisitedOn *model.Date `json:"visited_on"`
}

// AddPlanItem records a planned visit.
func (tx *Tx) AddPlanItem(ctx context.Context, it *PlanItem) error {
	it.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO visit_plans (user_id, enterprise_id, region_code, starts_on, ends_on, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, it.UserID, it.EnterpriseID, it.RegionCode, it.StartsOn, it.EndsOn, it.Note, tx.now).Scan(&it.ID)
	if err != nil {
		return fmt.Errorf("plan a visit: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "visit_plan", EntityID: strconv.FormatInt(it.ID, 10), RegionCode: it.RegionCode, After: it})
}

// DeletePlanItem removes a planned visit of userID's; ErrNotFound when it
// has none with that id.
func (tx *Tx) DeletePlanItem(ctx context.Context, userID, id int64) error {
	var region string
	if err := tx.queryRow(ctx, "DELETE FROM visit_plans WHERE id = $1 AND user_id = $2 RETURNING region_code", id, userID).Scan(&region); err != nil {
		return interpretError(err)
	}
	return tx.Audit(ctx, AuditEntry{Action: "delete", Entity: "visit_plan", EntityID: strconv.FormatInt(id, 10), RegionCode: region})
}

// PlanFilter selects planned visits: of one commissioner, or of a region
// subtree, whose period overlaps [From, Until].
type PlanFilter struct {
	UserID      int64
	Prefix      string
	From, Until model.Date
}

// PlanItems lists planned visits with their completion, by period and
// then commissioner and enterprise.
func (s *Store) PlanItems(ctx context.Context, f PlanFilter) ([]*PlanItem, error) {
	var w where
	if f.UserID != 0 {
		w.add("p.user_id = ?", f.UserID)
	}
	w.prefix("p.region_code", f.Prefix)
	if !f.From.IsZero() {
		w.add("p.ends_on >= ?", f.From)
	}
	if !f.Until.IsZero() {
		w.add("p.starts_on <= ?", f.Until)
	}
	rows, err := s.lists(ctx).QueryContext(ctx, `SELECT p.id, p.user_id, u.name, p.enterprise_id, e.name, p.region_code, p.starts_on, p.ends_on, p.note, p.created_at,
		(SELECT MIN(v.visited_on) FROM visits v JOIN visit_people vp ON vp.visit_id = v.id AND vp.user_id = p.user_id
			WHERE v.enterprise_id = p.enterprise_id AND v.visited_on >= p.starts_on AND v.visited_on <= p.ends_on)
		FROM visit_plans p JOIN users u ON u.id = p.user_id JOIN enterprises e ON e.id = p.enterprise_id`+w.sql()+
		" ORDER BY p.starts_on, p.ends_on, u.name, e.name LIMIT 2000", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*PlanItem{}
	for rows.Next() {
		var it PlanItem
		var visited *model.Date
		if err := rows.Scan(&it.ID, &it.UserID, &it.UserName, &it.EnterpriseID, &it.EnterpriseName, &it.RegionCode,
			&it.StartsOn, &it.EndsOn, &it.Note, &it.CreatedAt, &visited); err != nil {
			return nil, interpretError(err)
		}
		it.VisitedOn = visited
		out = append(out, &it)
	}
	return out, interpretError(rows.Err())
}
