package network

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// PlanInput is a commissioner's planned visit: an enterprise and the week
// or month (the one containing On; today when empty) to visit it in.
type PlanInput struct {
	EnterpriseID int64      `json:"enterprise_id"`
	Period       string     `json:"period"` // week, month
	On           model.Date `json:"on"`
	Note         string     `json:"note"`
}

// PlanPeriod returns the first and last day of the week (Monday to
// Sunday) or the calendar month containing d.
func PlanPeriod(period string, d model.Date) (model.Date, model.Date, bool) {
	t := d.Time(time.UTC)
	switch period {
	case "week":
		start := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		return model.DateOf(start), model.DateOf(start.AddDate(0, 0, 6)), true
	case "month":
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return model.DateOf(start), model.DateOf(start.AddDate(0, 1, -1)), true
	}
	return model.Date{}, model.Date{}, false
}

// PlanVisit adds a visit to the commissioner's own plan.
func (s *Service) PlanVisit(ctx context.Context, p *access.Principal, in PlanInput) (*store.PlanItem, error) {
	if p.Role != access.Commissioner {
		return nil, &fault.Error{Class: fault.ClassForbidden, Code: "forbidden", Message: "只有服务专员制定走访计划"}
	}
	today := model.DateOf(s.Now().In(calendar.Shanghai))
	if in.On.IsZero() {
		in.On = today
	}
	start, end, ok := PlanPeriod(in.Period, in.On)
	if !ok {
		return nil, fault.Invalid("period", "计划周期应为 week（周）或 month（月）")
	}
	if today.After(end) {
		return nil, fault.Invalid("on", "不能为已经过去的周期制定计划")
	}
	if start.After(model.DateOf(today.Time(time.UTC).AddDate(1, 0, 0))) {
		return nil, fault.Invalid("on", "计划最多提前一年制定")
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > 500 {
		return nil, fault.Invalid("note", "备注不超过500字")
	}
	ent, err := s.db.EnterpriseBriefBy(ctx, access.Scope{Prefix: p.RegionPrefix}, in.EnterpriseID, "")
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fault.Invalid("enterprise_id", "请选择本地区的一家企业")
		}
		return nil, err
	}
	it := &store.PlanItem{UserID: p.UserID, UserName: p.Name, EnterpriseID: ent.ID, EnterpriseName: ent.Name, RegionCode: ent.ScopeCode(),
		StartsOn: start, EndsOn: end, Note: in.Note}
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.AddPlanItem(ctx, it) })
	if err != nil {
		var ce *store.ConflictError
		if errors.As(err, &ce) {
			return nil, &fault.Error{Class: fault.ClassConflict, Code: "already_planned", Field: "enterprise_id", Message: "这家企业已在该周期的计划中"}
		}
		return nil, err
	}
	return it, nil
}

// Unplan removes an item from the commissioner's own plan.
func (s *Service) Unplan(ctx context.Context, p *access.Principal, id int64) error {
	if p.Role != access.Commissioner {
		return &fault.Error{Class: fault.ClassForbidden, Code: "forbidden", Message: "只有服务专员制定走访计划"}
	}
	return fault.Explain(s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.DeletePlanItem(ctx, p.UserID, id) }), "计划")
}

// Plans lists planned visits whose period overlaps [from, until]: a
// commissioner's own, or for the office and leaders those of their region.
func (s *Service) Plans(ctx context.Context, p *access.Principal, from, until model.Date) ([]*store.PlanItem, error) {
	f := store.PlanFilter{From: from, Until: until}
	switch {
	case p.Role == access.Commissioner:
		f.UserID = p.UserID
	case p.Can(access.ManageCases) || p.Role == access.Leader:
		f.Prefix = p.RegionPrefix
	default:
		return nil, fault.Forbidden()
	}
	if !from.IsZero() && !until.IsZero() && from.After(until) {
		return nil, fault.Invalid("to", "结束日期早于开始日期")
	}
	return s.db.PlanItems(ctx, f)
}
