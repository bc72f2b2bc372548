package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// CreateCampaign stores a 专项活动.
func (tx *Tx) CreateCampaign(ctx context.Context, c *model.Campaign) error {
	c.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO campaigns (region_code, name, starts_on, ends_on, description, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.RegionCode, c.Name, c.StartsOn, c.EndsOn, c.Description, tx.now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("create campaign: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "campaign", EntityID: strconv.FormatInt(c.ID, 10), RegionCode: c.RegionCode, After: c})
}

const campaignColumns = "id, region_code, name, starts_on, ends_on, description, created_at"

func scanCampaign(sc scanner) (*model.Campaign, error) {
	var c model.Campaign
	if err := sc.Scan(&c.ID, &c.RegionCode, &c.Name, &c.StartsOn, &c.EndsOn, &c.Description, &c.CreatedAt); err != nil {
		return nil, interpretError(err)
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

// Campaigns lists the campaigns of a region subtree, newest first.
func (r *Reader) Campaigns(ctx context.Context, prefix string) ([]*model.Campaign, error) {
	var w where
	w.prefix("region_code", prefix)
	rows, err := r.q.QueryContext(ctx, "SELECT "+campaignColumns+" FROM campaigns"+w.sql()+" ORDER BY starts_on DESC, id DESC", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*model.Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, interpretError(rows.Err())
}

// Campaign returns one campaign of a region subtree.
func (r *Reader) Campaign(ctx context.Context, prefix string, id int64) (*model.Campaign, error) {
	var w where
	w.add("id = ?", id)
	w.prefix("region_code", prefix)
	return scanCampaign(r.q.QueryRowContext(ctx, "SELECT "+campaignColumns+" FROM campaigns"+w.sql(), w.args...))
}

// CreateVisit stores a visit and who made it.
func (tx *Tx) CreateVisit(ctx context.Context, v *model.Visit) error {
	v.CreatedAt, v.CreatedBy = tx.now, tx.actor.UserID
	byCommissioner := false
	for _, p := range v.People {
		byCommissioner = byCommissioner || p.Role == "commissioner"
	}
	err := tx.queryRow(ctx, `INSERT INTO visits (region_code, scope_code, enterprise_id, visited_on, mode, campaign_id, notes, created_by, created_at, by_commissioner)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, v.RegionCode, v.ScopeCode, v.EnterpriseID, v.VisitedOn, string(v.Mode),
		nullInt(v.CampaignID), v.Notes, nullInt(v.CreatedBy), tx.now, byCommissioner).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("create visit: %w", interpretError(err))
	}
	if _, err := tx.exec(ctx, `INSERT INTO visit_days (scope_code, day, by_commissioner, n) VALUES ($1, $2, $3, 1)
		ON CONFLICT (scope_code, day, by_commissioner) DO UPDATE SET n = visit_days.n + 1`, v.ScopeCode, v.VisitedOn, byCommissioner); err != nil {
		return fmt.Errorf("visit counters: %w", err)
	}
	for _, p := range v.People {
		if _, err := tx.exec(ctx, "INSERT INTO visit_people (visit_id, user_id, role) VALUES ($1, $2, $3)", v.ID, p.UserID, p.Role); err != nil {
			return fmt.Errorf("visit people: %w", err)
		}
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "visit", EntityID: strconv.FormatInt(v.ID, 10), RegionCode: v.ScopeCode, After: v})
}

// VisitFilter selects visits.
type VisitFilter struct {
	ID           int64
	EnterpriseID int64
	UserID       int64 // visits made by this user
	CampaignID   int64
	From, Until  model.Date // visited_on in [From, Until]
	Limit        int
	Offset       int
}

// Visits lists the visits in scope, newest first, with who made them and
// the cases they raised.
func (s *Store) Visits(ctx context.Context, scope access.Scope, f VisitFilter) ([]*model.Visit, int, error) {
	var w where
	if scope.Prefix != "" {
		w.prefix("v.scope_code", scope.Prefix)
	}
	if scope.EnterpriseID != 0 {
		w.add("v.enterprise_id = ?", scope.EnterpriseID)
	}
	if f.ID != 0 {
		w.add("v.id = ?", f.ID)
	}
	if f.EnterpriseID != 0 {
		w.add("v.enterprise_id = ?", f.EnterpriseID)
	}
	if f.UserID != 0 {
		w.add("EXISTS (SELECT 1 FROM visit_people vp WHERE vp.visit_id = v.id AND vp.user_id = ?)", f.UserID)
	}
	if f.CampaignID != 0 {
		w.add("v.campaign_id = ?", f.CampaignID)
	}
	if !f.From.IsZero() {
		w.add("v.visited_on >= ?", f.From)
	}
	if !f.Until.IsZero() {
		w.add("v.visited_on <= ?", f.Until)
	}
	var total int
	if err := s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM visits v"+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, interpretError(err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.lists(ctx).QueryContext(ctx, `SELECT v.id, v.region_code, v.scope_code, v.enterprise_id, e.name, v.visited_on, v.mode,
		COALESCE(v.campaign_id, 0), v.notes, COALESCE(v.created_by, 0), v.created_at
		FROM visits v JOIN enterprises e ON e.id = v.enterprise_id`+w.sql()+" ORDER BY v.visited_on DESC, v.id DESC LIMIT "+
		strconv.Itoa(limit)+" OFFSET "+strconv.Itoa(max(0, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, interpretError(err)
	}
	defer rows.Close()
	out := []*model.Visit{}
	byID := map[int64]*model.Visit{}
	for rows.Next() {
		var v model.Visit
		var mode string
		if err := rows.Scan(&v.ID, &v.RegionCode, &v.ScopeCode, &v.EnterpriseID, &v.EnterpriseName, &v.VisitedOn, &mode, &v.CampaignID,
			&v.Notes, &v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, 0, interpretError(err)
		}
		v.Mode, v.CreatedAt, v.People, v.CaseIDs = model.VisitMode(mode), v.CreatedAt.UTC(), []model.VisitPerson{}, []int64{}
		out = append(out, &v)
		byID[v.ID] = &v
	}
	if err := rows.Err(); err != nil {
		return nil, 0, interpretError(err)
	}
	for _, v := range out {
		if err := s.visitDetails(ctx, v); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

func (s *Store) visitDetails(ctx context.Context, v *model.Visit) error {
	rows, err := s.lists(ctx).QueryContext(ctx, "SELECT p.user_id, u.name, p.role FROM visit_people p JOIN users u ON u.id = p.user_id WHERE p.visit_id = $1 ORDER BY p.role, u.name", v.ID)
	if err != nil {
		return interpretError(err)
	}
	for rows.Next() {
		var p model.VisitPerson
		if err := rows.Scan(&p.UserID, &p.Name, &p.Role); err != nil {
			rows.Close()
			return interpretError(err)
		}
		v.People = append(v.People, p)
	}
	rows.Close()
	ids, err := s.lists(ctx).QueryContext(ctx, "SELECT id FROM cases WHERE visit_id = $1 ORDER BY id", v.ID)
	if err != nil {
		return interpretError(err)
	}
	v.CaseIDs, err = scanIDs(ids)
	if v.CaseIDs == nil {
		v.CaseIDs = []int64{}
	}
	return err
}

// Visit returns one visit in scope.
func (s *Store) Visit(ctx context.Context, scope access.Scope, id int64) (*model.Visit, error) {
	list, _, err := s.Visits(ctx, scope, VisitFilter{ID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return list[0], nil
}
