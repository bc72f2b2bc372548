package network

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// TeamDetail is a special service team with the enterprises it serves.
type TeamDetail struct {
	*model.Team
	Served []*store.EnterpriseBrief `json:"-"`
}

// Team returns a team of p's region and the enterprises it serves.
func (s *Service) Team(ctx context.Context, p *access.Principal, id int64) (*TeamDetail, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	t, err := s.db.Team(ctx, p.RegionPrefix, id)
	if err != nil {
		return nil, fault.Explain(err, "团队")
	}
	served, err := s.db.TeamEnterprises(ctx, id)
	if err != nil {
		return nil, err
	}
	return &TeamDetail{Team: t, Served: served}, nil
}

// ServeInput names enterprises a team is to serve, by id or by USCC.
type ServeInput struct {
	EnterpriseIDs []int64  `json:"enterprise_ids"`
	USCCs         []string `json:"usccs"`
}

// TeamServe makes a team of p's region serve enterprises within the
// team's region. Any enterprise that cannot be found refuses the whole
// request; those the team already serves are left as they are. It
// returns how many were added.
func (s *Service) TeamServe(ctx context.Context, p *access.Principal, teamID int64, in ServeInput) (int, error) {
	if !p.Can(access.ManageCases) {
		return 0, fault.Forbidden()
	}
	t, err := s.db.Team(ctx, p.RegionPrefix, teamID)
	if err != nil {
		return 0, fault.Explain(err, "团队")
	}
	scope := access.Scope{Prefix: division.Prefix(t.RegionCode)}
	var fe model.FieldErrors
	ids := []int64{}
	if len(in.EnterpriseIDs)+len(in.USCCs) == 0 {
		fe.Add("enterprise_ids", "请至少填写一家企业")
	}
	if len(in.EnterpriseIDs)+len(in.USCCs) > 1000 {
		fe.Add("enterprise_ids", "一次最多添加1000家企业")
	}
	for i, id := range in.EnterpriseIDs {
		if _, err := s.db.EnterpriseBriefBy(ctx, scope, id, ""); err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				return 0, err
			}
			fe.Add(fmt.Sprintf("enterprise_ids[%d]", i), "该团队所在地区没有这家企业")
			continue
		}
		ids = append(ids, id)
	}
	for i, code := range in.USCCs {
		code = strings.ToUpper(strings.TrimSpace(code))
		e, err := s.db.EnterpriseBriefBy(ctx, scope, 0, code)
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				return 0, err
			}
			fe.Add(fmt.Sprintf("usccs[%d]", i), fmt.Sprintf("第 %d 个信用代码「%s」：该团队所在地区没有这家企业", i+1, code))
			continue
		}
		ids = append(ids, e.ID)
	}
	if len(fe) > 0 {
		return 0, fault.FromFields(fe)
	}
	var n int
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) (err error) { n, err = tx.ServeEnterprises(ctx, t, ids); return err })
	return n, err
}

// TeamUnserve ends a team's service to an enterprise.
func (s *Service) TeamUnserve(ctx context.Context, p *access.Principal, teamID, enterpriseID int64) error {
	if !p.Can(access.ManageCases) {
		return fault.Forbidden()
	}
	t, err := s.db.Team(ctx, p.RegionPrefix, teamID)
	if err != nil {
		return fault.Explain(err, "团队")
	}
	return fault.Explain(s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.StopServing(ctx, t, enterpriseID) }), "服务关系")
}

// EnterpriseTeams lists the teams serving an enterprise, to whoever may
// see the enterprise.
func (s *Service) EnterpriseTeams(ctx context.Context, p *access.Principal, enterpriseID int64) ([]*model.Team, error) {
	if _, err := s.enterprises.Enterprise(ctx, p, enterpriseID); err != nil {
		return nil, err
	}
	return s.db.EnterpriseTeams(ctx, enterpriseID)
}
