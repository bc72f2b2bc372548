// Package network holds the rules of the service network: commissioners
// and their 包联, visit plans, visits, events, campaigns, the enterprises
// special teams serve, bulk 包联 and the statistics a briefing states.
package network

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// MaxBulkAssign is how many enterprises one bulk 包联 may cover.
const MaxBulkAssign = 1000

// ProposalItem is one enterprise in a bulk 包联 proposal and the
// commissioner proposed for it (none when nobody has room).
type ProposalItem struct {
	EnterpriseID   int64  `json:"enterprise_id"`
	EnterpriseName string `json:"enterprise_name"`
	RegionCode     string `json:"region_code"` // the township when known
	UserID         int64  `json:"user_id,omitempty"`
	UserName       string `json:"user_name,omitempty"`
}

// Proposal is a load-balanced plan for the enterprises of a township or an
// industry that nobody serves yet. Nothing is written until an official
// confirms it (BulkAssign).
type Proposal struct {
	Township string          `json:"township,omitempty"`
	Industry string          `json:"industry,omitempty"`
	Cap      int             `json:"cap"`
	Items    []*ProposalItem `json:"items"`    // with a proposed commissioner
	Unplaced []*ProposalItem `json:"unplaced"` // no commissioner of theirs has room under the cap
	Loads    []*store.Load   `json:"loads"`    // each commissioner's load if the proposal is confirmed
	More     bool            `json:"more"`     // more uncovered enterprises match than one proposal holds
}

// ProposeAssignments proposes commissioners for up to MaxBulkAssign
// enterprises of p's region without one, of a township and an industry
// when given: each goes to the least-loaded active commissioner whose
// region contains it and who is under the load cap.
func (s *Service) ProposeAssignments(ctx context.Context, p *access.Principal, township, ind string) (*Proposal, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	township = strings.TrimSpace(township)
	if township != "" {
		if d, ok := division.Lookup(township); !ok || d.Level != division.Township || !strings.HasPrefix(township, p.RegionPrefix) {
			return nil, fault.Invalid("township", "请选择本地区的一个乡镇（街道）")
		}
	}
	ind = strings.ToUpper(strings.TrimSpace(ind))
	if ind != "" && !isSection(ind) {
		code, ok := industry.Normalize(ind)
		if !ok {
			return nil, fault.Invalid("industry", "行业应为国民经济行业分类的门类字母或大类代码，如 C 或 C39")
		}
		ind = code
	}
	loads, err := s.db.Loads(ctx, p.Scope())
	if err != nil {
		return nil, err
	}
	ents, err := s.db.UncoveredMatching(ctx, p.Scope(), township, ind, MaxBulkAssign+1)
	if err != nil {
		return nil, err
	}
	pr := &Proposal{Township: township, Industry: ind, Cap: s.CommissionerCap(ctx), Loads: loads, Items: []*ProposalItem{}, Unplaced: []*ProposalItem{}}
	if len(ents) > MaxBulkAssign {
		ents, pr.More = ents[:MaxBulkAssign], true
	}
	for _, it := range balance(loads, ents, pr.Cap) {
		if it.UserID == 0 {
			pr.Unplaced = append(pr.Unplaced, it)
		} else {
			pr.Items = append(pr.Items, it)
		}
	}
	return pr, nil
}

func isSection(code string) bool {
	for _, sec := range industry.Sections() {
		if sec.Code == code {
			return true
		}
	}
	return false
}

// balance gives each enterprise, in order, to the active commissioner with
// the fewest enterprises among those whose region contains it and who are
// under cap; ties go to the commissioner closer to the enterprise (a
// township's before the district's), then to the lower user id. The loads
// are updated in place.
func balance(loads []*store.Load, ents []*store.EnterpriseBrief, cap int) []*ProposalItem {
	out := make([]*ProposalItem, 0, len(ents))
	for _, e := range ents {
		it := &ProposalItem{EnterpriseID: e.ID, EnterpriseName: e.Name, RegionCode: e.ScopeCode()}
		var best *store.Load
		bestPrefix := 0
		for _, l := range loads {
			pre := division.Prefix(l.RegionCode)
			if l.Disabled || l.Enterprises >= cap || !strings.HasPrefix(it.RegionCode, pre) {
				continue
			}
			if best == nil || l.Enterprises < best.Enterprises ||
				l.Enterprises == best.Enterprises && (len(pre) > bestPrefix || len(pre) == bestPrefix && l.UserID < best.UserID) {
				best, bestPrefix = l, len(pre)
			}
		}
		if best != nil {
			best.Enterprises++
			it.UserID, it.UserName = best.UserID, best.Name
		}
		out = append(out, it)
	}
	return out
}

// BulkItem is one confirmed pairing of a bulk 包联.
type BulkItem struct {
	EnterpriseID int64 `json:"enterprise_id"`
	UserID       int64 `json:"user_id"`
}

// BulkAssignInput is a confirmed proposal (or any list of pairings).
type BulkAssignInput struct {
	Items  []BulkItem `json:"items"`
	Reason string     `json:"reason"`
}

// BulkResult says what a bulk 包联 did.
type BulkResult struct {
	Assigned int             `json:"assigned"`
	Skipped  []*ProposalItem `json:"skipped"` // already served by someone (user_* name that commissioner)
}

// BulkAssign makes each named commissioner serve the enterprise paired
// with it, in one transaction. Every pairing is checked first and any bad
// one refuses the whole batch; an enterprise that got a commissioner since
// the proposal was made keeps it and is reported as skipped.
func (s *Service) BulkAssign(ctx context.Context, p *access.Principal, in BulkAssignInput) (*BulkResult, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	if len(in.Items) == 0 {
		return nil, fault.Invalid("items", "请至少选择一家企业")
	}
	if len(in.Items) > MaxBulkAssign {
		return nil, fault.Invalid("items", fmt.Sprintf("一次最多包联 %d 家企业", MaxBulkAssign))
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		in.Reason = "批量包联"
	}
	if utf8.RuneCountInString(in.Reason) > 500 {
		return nil, fault.Invalid("reason", "原因不超过500字")
	}
	users := map[int64]*model.User{}
	seen := map[int64]bool{}
	plan := make([]*store.Assignment, 0, len(in.Items))
	for i, item := range in.Items {
		field := fmt.Sprintf("items[%d]", i)
		if seen[item.EnterpriseID] {
			return nil, fault.Invalid(field+".enterprise_id", fmt.Sprintf("第 %d 项：同一家企业出现了两次", i+1))
		}
		seen[item.EnterpriseID] = true
		ent, err := s.db.EnterpriseBriefBy(ctx, p.Scope(), item.EnterpriseID, "")
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, fault.Invalid(field+".enterprise_id", fmt.Sprintf("第 %d 项：本地区没有这家企业", i+1))
			}
			return nil, err
		}
		u, ok := users[item.UserID]
		if !ok {
			u, err = s.db.User(ctx, p.RegionPrefix, item.UserID)
			if err != nil || u.Role != access.Commissioner || u.Disabled {
				return nil, fault.Invalid(field+".user_id", fmt.Sprintf("第 %d 项：请选择本地区的一名服务专员", i+1))
			}
			users[item.UserID] = u
		}
		if !strings.HasPrefix(ent.ScopeCode(), division.Prefix(u.RegionCode)) {
			return nil, fault.Invalid(field+".user_id", fmt.Sprintf("第 %d 项：%s 的负责地区不包含%s", i+1, u.Name, ent.Name))
		}
		plan = append(plan, &store.Assignment{EnterpriseID: ent.ID, EnterpriseName: ent.Name, UserID: u.ID, UserName: u.Name,
			UserPhone: u.Phone, RegionCode: ent.ScopeCode(), StartReason: in.Reason})
	}
	res := &BulkResult{Skipped: []*ProposalItem{}}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		res.Assigned, res.Skipped = 0, res.Skipped[:0]
		for _, a := range plan {
			cur, err := tx.ActiveAssignment(ctx, a.EnterpriseID)
			switch {
			case errors.Is(err, store.ErrNotFound):
			case err != nil:
				return err
			default:
				res.Skipped = append(res.Skipped, &ProposalItem{EnterpriseID: a.EnterpriseID, EnterpriseName: a.EnterpriseName,
					RegionCode: a.RegionCode, UserID: cur.UserID, UserName: cur.UserName})
				continue
			}
			if err := tx.StartAssignment(ctx, a); err != nil {
				return err
			}
			res.Assigned++
		}
		return nil
	})
	if err != nil {
		var ce *store.ConflictError
		if errors.As(err, &ce) {
			return nil, &fault.Error{Class: fault.ClassConflict, Code: "already_assigned", Message: "有企业刚刚已分配服务专员，请重新生成方案"}
		}
		return nil, err
	}
	return res, nil
}
