package cases

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// CategoryInput creates a case category or, in a patch, changes the
// fields that are set.
type CategoryInput struct {
	Code          string  `json:"code"`
	Name          *string `json:"name"`
	TimeLimit     *int    `json:"time_limit"` // working days; 0: the kind's default
	YellowPercent *int    `json:"yellow_percent"`
	IdleWorkdays  *int    `json:"idle_workdays"`
	Sort          *int    `json:"sort"`
}

func (in *CategoryInput) apply(c *model.CaseCategory) model.FieldErrors {
	var fe model.FieldErrors
	if in.Name != nil {
		c.Name = strings.TrimSpace(*in.Name)
	}
	if in.TimeLimit != nil {
		c.TimeLimit = *in.TimeLimit
	}
	if in.YellowPercent != nil {
		c.YellowPercent = *in.YellowPercent
	}
	if in.IdleWorkdays != nil {
		c.IdleWorkdays = *in.IdleWorkdays
	}
	if in.Sort != nil {
		c.Sort = *in.Sort
	}
	if n := utf8.RuneCountInString(c.Name); n == 0 || n > 30 {
		fe.Add("name", "类别名称不能为空，且不超过30字")
	}
	if c.TimeLimit < 0 || c.TimeLimit > 250 {
		fe.Add("time_limit", "办理时限应为 0–250 个工作日（0 表示按类型默认）")
	}
	if c.YellowPercent < 1 || c.YellowPercent > 100 {
		fe.Add("yellow_percent", "黄色预警比例应为 1–100（百分比）")
	}
	if c.IdleWorkdays < 1 || c.IdleWorkdays > 60 {
		fe.Add("idle_workdays", "无进展预警天数应为 1–60 个工作日")
	}
	return fe
}

// CreateCategory adds a case category.
func (s *Service) CreateCategory(ctx context.Context, p *access.Principal, in CategoryInput) (*model.CaseCategory, error) {
	if !p.Can(access.ManageCalendar) { // the administrator configures the workflow
		return nil, fault.Forbidden()
	}
	c := &model.CaseCategory{Code: strings.TrimSpace(in.Code), YellowPercent: 67, IdleWorkdays: 3, Sort: 100}
	fe := in.apply(c)
	if !core.ValidCode(c.Code) {
		fe.Add("code", "类别编码为 1–32 位字母、数字、连字符或下划线")
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		cats, err := tx.Categories(ctx)
		if err != nil {
			return err
		}
		for _, x := range cats {
			if x.Code == c.Code || x.Name == c.Code { // intake finds a category by either
				return fault.Conflict("conflict", "code", "该类别编码已存在")
			}
		}
		return tx.PutCategory(ctx, c)
	})
	s.cats.mu.Lock()
	s.cats.list = nil
	s.cats.mu.Unlock()
	if err != nil {
		return nil, fault.Explain(err, "类别")
	}
	return c, nil
}

// UpdateCategory changes a category's name, time limit or thresholds; open
// cases take the new thresholds at their next check.
func (s *Service) UpdateCategory(ctx context.Context, p *access.Principal, id int64, in CategoryInput) (*model.CaseCategory, error) {
	if !p.Can(access.ManageCalendar) {
		return nil, fault.Forbidden()
	}
	var after model.CaseCategory
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		cats, err := tx.Categories(ctx)
		if err != nil {
			return err
		}
		var before *model.CaseCategory
		for _, c := range cats {
			if c.ID == id {
				before = c
			}
		}
		if before == nil {
			return fault.NotFound("类别")
		}
		after = *before
		if err := fault.FromFields(in.apply(&after)); err != nil {
			return err
		}
		return tx.UpdateCategory(ctx, before, &after)
	})
	s.cats.mu.Lock()
	s.cats.list = nil
	s.cats.mu.Unlock()
	if err != nil {
		return nil, fault.Explain(err, "类别")
	}
	return &after, nil
}
