package network

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/cases"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/service/enterprises"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// Service is the rules of the service network over one store. It opens
// cases through the cases rules and sees enterprises through the registry's.
type Service struct {
	*core.Clock
	db          *store.Store
	cases       *cases.Service
	enterprises *enterprises.Service
}

// New returns the network's rules on db, at clock's time.
func New(clock *core.Clock, db *store.Store, c *cases.Service, e *enterprises.Service) *Service {
	return &Service{Clock: clock, db: db, cases: c, enterprises: e}
}

// CommissionerInput names the commissioner who is to serve an enterprise.
type CommissionerInput struct {
	UserID int64  `json:"user_id"`
	Reason string `json:"reason"` // required when it replaces a commissioner (动态调整)
}

// AssignCommissioner makes a commissioner responsible for an enterprise
// (责任包靠一对一). When another commissioner serves it, this is a
// reassignment (动态调整): the old period ends and the new one starts in one
// transaction, with the reason on both.
func (s *Service) AssignCommissioner(ctx context.Context, p *access.Principal, enterpriseID int64, in CommissionerInput) (*store.Assignment, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Reason) > 500 {
		return nil, fault.Invalid("reason", "调整原因不超过500字")
	}
	ent, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), enterpriseID, "")
	if err != nil {
		return nil, fault.Explain(err, "企业")
	}
	u, err := s.db.User(ctx, p.RegionPrefix, in.UserID)
	if err != nil || u.Role != access.Commissioner || u.Disabled {
		return nil, fault.Invalid("user_id", "请选择本地区的一名服务专员")
	}
	if !strings.HasPrefix(ent.ScopeCode(), division.Prefix(u.RegionCode)) {
		return nil, fault.Invalid("user_id", "该服务专员的负责地区不包含这家企业")
	}
	a := &store.Assignment{EnterpriseID: ent.ID, EnterpriseName: ent.Name, UserID: u.ID, UserName: u.Name, UserPhone: u.Phone,
		RegionCode: ent.ScopeCode(), StartReason: in.Reason}
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		cur, err := tx.ActiveAssignment(ctx, ent.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return err
		case cur.UserID == u.ID:
			return &fault.Error{Class: fault.ClassConflict, Code: "already_assigned", Field: "user_id", Message: "该企业已由这名服务专员包联"}
		case in.Reason == "":
			return fault.Invalid("reason", "该企业已有服务专员（"+cur.UserName+"），调整须填写原因")
		default:
			if err := tx.EndAssignment(ctx, cur, in.Reason); err != nil {
				return err
			}
		}
		return tx.StartAssignment(ctx, a)
	})
	if err != nil {
		var ce *store.ConflictError
		if errors.As(err, &ce) {
			// Another assignment committed between our read and our write.
			return nil, &fault.Error{Class: fault.ClassConflict, Code: "already_assigned", Field: "user_id", Message: "该企业刚刚已分配服务专员，请刷新后重试"}
		}
		return nil, fault.Explain(err, "企业")
	}
	return a, nil
}

// ReleaseCommissioner ends an enterprise's current assignment.
func (s *Service) ReleaseCommissioner(ctx context.Context, p *access.Principal, enterpriseID int64, reason string) error {
	if !p.Can(access.ManageCases) {
		return fault.Forbidden()
	}
	reason, err := core.RequireText("reason", "解除原因", reason, 500)
	if err != nil {
		return err
	}
	if _, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), enterpriseID, ""); err != nil {
		return fault.Explain(err, "企业")
	}
	return fault.Explain(s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		cur, err := tx.ActiveAssignment(ctx, enterpriseID)
		if errors.Is(err, store.ErrNotFound) {
			return &fault.Error{Class: fault.ClassConflict, Code: "not_assigned", Message: "该企业目前没有服务专员"}
		} else if err != nil {
			return err
		}
		return tx.EndAssignment(ctx, cur, reason)
	}), "企业")
}

// Commissioners returns an enterprise's commissioner history (the current
// one first), to whoever may see the enterprise.
func (s *Service) Commissioners(ctx context.Context, p *access.Principal, enterpriseID int64) ([]*store.Assignment, error) {
	if _, err := s.enterprises.Enterprise(ctx, p, enterpriseID); err != nil {
		return nil, err
	}
	list, err := s.db.Assignments(ctx, enterpriseID)
	if err != nil {
		return nil, err
	}
	if p.Role == access.Enterprise {
		// An enterprise sees who serves it now, not the office's history.
		var cur []*store.Assignment
		for _, a := range list {
			if a.EndedAt == nil {
				cur = append(cur, &store.Assignment{ID: a.ID, EnterpriseID: a.EnterpriseID, EnterpriseName: a.EnterpriseName,
					UserID: a.UserID, UserName: a.UserName, UserPhone: a.UserPhone, RegionCode: a.RegionCode, StartedAt: a.StartedAt})
			}
		}
		return cur, nil
	}
	return list, nil
}

// Coverage is who serves the enterprises of p's region, for the office.
func (s *Service) Coverage(ctx context.Context, p *access.Principal) (*store.Coverage, error) {
	if !p.Can(access.ManageCases) && p.Role != access.Leader {
		return nil, fault.Forbidden()
	}
	return s.db.CommissionerCoverage(ctx, p.Scope())
}

// CapSetting names the setting that holds how many enterprises one
// commissioner should serve at most.
const CapSetting = "commissioner.cap"

// DefaultCap is the load cap when none is configured.
const DefaultCap = 30

// CommissionerCap returns the configured load cap.
func (s *Service) CommissionerCap(ctx context.Context) int {
	v, err := s.db.Setting(ctx, CapSetting)
	if err != nil {
		return DefaultCap
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultCap
	}
	return n
}

// SetCommissionerCap changes the load cap (an administrator's or the
// office's decision).
func (s *Service) SetCommissionerCap(ctx context.Context, p *access.Principal, n int) error {
	if !p.Can(access.ManageCases) {
		return fault.Forbidden()
	}
	if n < 1 || n > 10000 {
		return fault.Invalid("cap", "每名服务专员包联企业上限应为 1–10000")
	}
	return s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.PutSetting(ctx, CapSetting, strconv.Itoa(n)) })
}

// CoverageView is the office's coverage page: coverage and loads, the
// enterprises nobody serves and those not visited in the last days days.
func (s *Service) CoverageView(ctx context.Context, p *access.Principal, days, limit int) (*store.CoverageOverview, error) {
	if !p.Can(access.ManageCases) && p.Role != access.Leader {
		return nil, fault.Forbidden()
	}
	if days < 1 || days > 3650 {
		return nil, fault.Invalid("days", "天数应为 1–3650")
	}
	since := model.DateOf(s.Now().In(calendar.Shanghai).AddDate(0, 0, -days))
	return s.db.CoverageView(ctx, p.Scope(), since, limit)
}
