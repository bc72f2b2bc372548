package store

import (
	"context"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// ServeEnterprises makes a team serve enterprises; those it already
// serves are left as they are. It returns how many were added.
func (tx *Tx) ServeEnterprises(ctx context.Context, t *model.Team, ids []int64) (int, error) {
	added := []int64{}
	for _, id := range ids {
		res, err := tx.exec(ctx, "INSERT INTO team_enterprises (team_id, enterprise_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", t.ID, id, tx.now)
		if err != nil {
			return 0, interpretError(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return 0, nil
	}
	return len(added), tx.Audit(ctx, AuditEntry{Action: "serve", Entity: "team", EntityID: strconv.FormatInt(t.ID, 10), RegionCode: t.RegionCode,
		After: map[string]any{"enterprise_ids": added}})
}

// StopServing ends a team's service to an enterprise; ErrNotFound when it
// did not serve it.
func (tx *Tx) StopServing(ctx context.Context, t *model.Team, enterpriseID int64) error {
	res, err := tx.exec(ctx, "DELETE FROM team_enterprises WHERE team_id = $1 AND enterprise_id = $2", t.ID, enterpriseID)
	if err != nil {
		return interpretError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return tx.Audit(ctx, AuditEntry{Action: "stop_serving", Entity: "team", EntityID: strconv.FormatInt(t.ID, 10), RegionCode: t.RegionCode,
		Before: map[string]any{"enterprise_id": enterpriseID}})
}

// Team returns one team of a region subtree with its members.
func (r *Reader) Team(ctx context.Context, prefix string, id int64) (*model.Team, error) {
	teams, err := r.teams(ctx, prefix, id)
	if err != nil {
		return nil, err
	}
	if len(teams) == 0 {
		return nil, ErrNotFound
	}
	return teams[0], nil
}

// TeamEnterprises lists the enterprises a team serves, by name.
func (r *Reader) TeamEnterprises(ctx context.Context, teamID int64) ([]*EnterpriseBrief, error) {
	return r.queryBriefs(ctx, `SELECT e.id, e.name, e.region_code, COALESCE(e.township_code, '') FROM team_enterprises x
		JOIN enterprises e ON e.id = x.enterprise_id WHERE x.team_id = $1 ORDER BY e.name, e.id`, teamID)
}

// EnterpriseTeams lists the teams serving an enterprise.
func (r *Reader) EnterpriseTeams(ctx context.Context, enterpriseID int64) ([]*model.Team, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT t.id, t.region_code, t.name, t.focus, t.created_at FROM team_enterprises x
		JOIN teams t ON t.id = x.team_id WHERE x.enterprise_id = $1 ORDER BY t.name`, enterpriseID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*model.Team{}
	for rows.Next() {
		var t model.Team
		if err := rows.Scan(&t.ID, &t.RegionCode, &t.Name, &t.Focus, &t.CreatedAt); err != nil {
			return nil, interpretError(err)
		}
		t.CreatedAt, t.Members = t.CreatedAt.UTC(), []model.TeamMember{}
		out = append(out, &t)
	}
	return out, interpretError(rows.Err())
}
