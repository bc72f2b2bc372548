package store

import (
	"context"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// AddCampaignParticipants adds cadres to a campaign; those already taking
// part are left as they are.
func (tx *Tx) AddCampaignParticipants(ctx context.Context, c *model.Campaign, userIDs []int64) error {
	added := []int64{}
	for _, id := range userIDs {
		res, err := tx.exec(ctx, "INSERT INTO campaign_participants (campaign_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", c.ID, id)
		if err != nil {
			return interpretError(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return nil
	}
	return tx.Audit(ctx, AuditEntry{Action: "add_participants", Entity: "campaign", EntityID: strconv.FormatInt(c.ID, 10), RegionCode: c.RegionCode,
		After: map[string]any{"user_ids": added}})
}

// Participant is a cadre taking part in a campaign.
type Participant struct {
	UserID     int64       `json:"user_id"`
	Name       string      `json:"name"`
	Role       access.Role `json:"role"`
	Department string      `json:"department"`
	Visits     int         `json:"visits"` // visits they made under the campaign
}

// CampaignFigures is what a campaign achieved, from its records.
type CampaignFigures struct {
	*model.Campaign
	Participants       []*Participant `json:"participants,omitempty"` // on one campaign's detail only
	ParticipantCount   int            `json:"participant_count"`
	Visits             int            `json:"visits"`
	EnterprisesReached int            `json:"enterprises_reached"`
	ProblemsCollected  int            `json:"problems_collected"`
	ProblemsSolved     int            `json:"problems_solved"`
	ByCategory         []Tally        `json:"by_category"`
}

// CampaignFigures reads a campaign of a region subtree with its
// participants, visits, enterprises reached and problems by category.
func (s *Store) CampaignFigures(ctx context.Context, prefix string, id int64) (*CampaignFigures, error) {
	c, err := s.Campaign(ctx, prefix, id)
	if err != nil {
		return nil, err
	}
	f := &CampaignFigures{Campaign: c, Participants: []*Participant{}, ByCategory: []Tally{}}
	err = sideBySide(
		func() error {
			return interpretError(s.lists(ctx).QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT enterprise_id) FROM visits WHERE campaign_id = $1", id).
				Scan(&f.Visits, &f.EnterprisesReached))
		},
		func() error {
			rows, err := s.lists(ctx).QueryContext(ctx, "SELECT k.code, k.name, COUNT(*), SUM(CASE WHEN "+solved+` THEN 1 ELSE 0 END)
				FROM cases c JOIN case_categories k ON k.id = c.category_id WHERE c.campaign_id = $1 AND c.kind <> 'consultation'
				GROUP BY k.code, k.name ORDER BY COUNT(*) DESC, k.code`, id)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var t Tally
				if err := rows.Scan(&t.Key, &t.Name, &t.Collected, &t.Solved); err != nil {
					return interpretError(err)
				}
				f.ByCategory = append(f.ByCategory, t)
			}
			return interpretError(rows.Err())
		},
		func() error {
			rows, err := s.lists(ctx).QueryContext(ctx, `SELECT u.id, u.name, u.role, COALESCE(d.name, ''),
				(SELECT COUNT(*) FROM visit_people vp JOIN visits v ON v.id = vp.visit_id WHERE vp.user_id = u.id AND v.campaign_id = $1)
				FROM campaign_participants cp JOIN users u ON u.id = cp.user_id LEFT JOIN departments d ON d.id = u.department_id
				WHERE cp.campaign_id = $1 ORDER BY u.name, u.id`, id)
			if err != nil {
				return interpretError(err)
			}
			defer rows.Close()
			for rows.Next() {
				var p Participant
				if err := rows.Scan(&p.UserID, &p.Name, &p.Role, &p.Department, &p.Visits); err != nil {
					return interpretError(err)
				}
				f.Participants = append(f.Participants, &p)
			}
			return interpretError(rows.Err())
		},
	)
	if err != nil {
		return nil, err
	}
	for _, t := range f.ByCategory {
		f.ProblemsCollected += t.Collected
		f.ProblemsSolved += t.Solved
	}
	f.ParticipantCount = len(f.Participants)
	return f, nil
}

// CampaignList lists the campaigns of a region subtree, newest first, each
// with its counts (no participant list, no categories), in one query.
func (s *Store) CampaignList(ctx context.Context, prefix string) ([]*CampaignFigures, error) {
	var w where
	w.prefix("m.region_code", prefix)
	problems := "SELECT COUNT(*) FROM cases c WHERE c.campaign_id = m.id AND c.kind <> 'consultation'"
	rows, err := s.lists(ctx).QueryContext(ctx, `SELECT m.id, m.region_code, m.name, m.starts_on, m.ends_on, m.description, m.created_at,
		(SELECT COUNT(*) FROM campaign_participants x WHERE x.campaign_id = m.id),
		(SELECT COUNT(*) FROM visits v WHERE v.campaign_id = m.id),
		(SELECT COUNT(DISTINCT v.enterprise_id) FROM visits v WHERE v.campaign_id = m.id),
		(`+problems+`), (`+problems+" AND "+solved+`)
		FROM campaigns m`+w.sql()+" ORDER BY m.starts_on DESC, m.id DESC", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*CampaignFigures{}
	for rows.Next() {
		var c model.Campaign
		f := &CampaignFigures{Campaign: &c, ByCategory: []Tally{}}
		if err := rows.Scan(&c.ID, &c.RegionCode, &c.Name, &c.StartsOn, &c.EndsOn, &c.Description, &c.CreatedAt,
			&f.ParticipantCount, &f.Visits, &f.EnterprisesReached, &f.ProblemsCollected, &f.ProblemsSolved); err != nil {
			return nil, interpretError(err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, f)
	}
	return out, interpretError(rows.Err())
}
