package network

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/cases"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// CampaignInput creates a 专项活动.
type CampaignInput struct {
	Name           string     `json:"name"`
	StartsOn       model.Date `json:"starts_on"`
	EndsOn         model.Date `json:"ends_on"`
	Description    string     `json:"description"`
	ParticipantIDs []int64    `json:"participant_ids"` // cadres taking part
}

// CreateCampaign adds a campaign such as 万人助万企 to p's region.
func (s *Service) CreateCampaign(ctx context.Context, p *access.Principal, in CampaignInput) (*model.Campaign, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > 100 {
		fe.Add("name", "活动名称不能为空，且不超过100字")
	}
	if in.StartsOn.IsZero() {
		fe.Add("starts_on", "请填写开始日期")
	}
	if !in.EndsOn.IsZero() && in.StartsOn.After(in.EndsOn) {
		fe.Add("ends_on", "结束日期不能早于开始日期")
	}
	s.checkParticipants(ctx, p, in.ParticipantIDs, &fe)
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	c := &model.Campaign{RegionCode: p.RegionCode, Name: in.Name, StartsOn: in.StartsOn, EndsOn: in.EndsOn, Description: strings.TrimSpace(in.Description)}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		if err := tx.CreateCampaign(ctx, c); err != nil {
			return err
		}
		return tx.AddCampaignParticipants(ctx, c, in.ParticipantIDs)
	})
	if err != nil {
		return nil, fault.Explain(err, "活动")
	}
	return c, nil
}

// checkParticipants refuses anyone who is not an active official of p's
// region (enterprise users do not take part in a campaign as cadres).
func (s *Service) checkParticipants(ctx context.Context, p *access.Principal, ids []int64, fe *model.FieldErrors) {
	if len(ids) > 1000 {
		fe.Add("participant_ids", "一次最多添加1000人")
		return
	}
	for i, id := range ids {
		u, err := s.db.User(ctx, p.RegionPrefix, id)
		if err != nil || u.Disabled || u.Role == access.Enterprise {
			fe.Add(fmt.Sprintf("participant_ids[%d]", i), "请选择本地区在职的干部")
		}
	}
}

// AddCampaignParticipants adds cadres to a campaign of p's region.
func (s *Service) AddCampaignParticipants(ctx context.Context, p *access.Principal, campaignID int64, ids []int64) (*store.CampaignFigures, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	c, err := s.db.Campaign(ctx, p.RegionPrefix, campaignID)
	if err != nil {
		return nil, fault.Explain(err, "专项活动")
	}
	var fe model.FieldErrors
	if len(ids) == 0 {
		fe.Add("participant_ids", "请选择参加的干部")
	}
	s.checkParticipants(ctx, p, ids, &fe)
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	if err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.AddCampaignParticipants(ctx, c, ids) }); err != nil {
		return nil, fault.Explain(err, "专项活动")
	}
	return s.db.CampaignFigures(ctx, p.RegionPrefix, campaignID)
}

// CampaignFigures returns what a campaign of p's region achieved.
func (s *Service) CampaignFigures(ctx context.Context, p *access.Principal, id int64) (*store.CampaignFigures, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	f, err := s.db.CampaignFigures(ctx, p.RegionPrefix, id)
	return f, fault.Explain(err, "专项活动")
}

// ProblemInput is a problem an enterprise raised on a visit.
type ProblemInput struct {
	Kind        model.CaseKind `json:"kind"`
	Category    string         `json:"category"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
}

// VisitInput records a visit (走访).
type VisitInput struct {
	EnterpriseID int64           `json:"enterprise_id"`
	VisitedOn    model.Date      `json:"visited_on"`
	Mode         model.VisitMode `json:"mode"`
	CampaignID   int64           `json:"campaign_id"`
	OfficialIDs  []int64         `json:"official_ids"` // accompanying officials (and other commissioners)
	Notes        string          `json:"notes"`
	Problems     []ProblemInput  `json:"problems"`
}

// MaxVisitProblems bounds the problems one visit record may raise.
const MaxVisitProblems = 50

// RecordVisit stores a visit and opens a case (source visit, linked back to
// the visit and its campaign) for every problem raised, all in one
// transaction.
func (s *Service) RecordVisit(ctx context.Context, p *access.Principal, in VisitInput) (*model.Visit, []*model.Case, error) {
	if p.Role != access.Commissioner && !p.Can(access.ManageCases) {
		return nil, nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	today := model.DateOf(s.Now().In(calendar.Shanghai))
	if in.Mode == "" {
		in.Mode = model.ModeOnsite
	}
	if in.Mode.Label() == "" {
		fe.Add("mode", "走访方式应为 onsite（上门）、phone（电话）、online（线上）或 event（集中活动）")
	}
	if in.VisitedOn.IsZero() {
		fe.Add("visited_on", "请填写走访日期")
	} else if in.VisitedOn.After(today) {
		fe.Add("visited_on", "走访日期不能晚于今天")
	}
	ent, err := s.db.Enterprise(ctx, p.Scope(), in.EnterpriseID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		fe.Add("enterprise_id", "企业不存在或不在您的负责地区内")
	} else if !ent.FoundedOn.IsZero() && !in.VisitedOn.IsZero() && ent.FoundedOn.After(in.VisitedOn) {
		fe.Add("visited_on", fmt.Sprintf("走访日期早于企业成立日期（%s）", ent.FoundedOn))
	}
	if in.CampaignID != 0 {
		c, err := s.db.Campaign(ctx, p.RegionPrefix, in.CampaignID)
		switch {
		case err != nil:
			fe.Add("campaign_id", "专项活动不存在")
		case !in.VisitedOn.IsZero() && !c.Covers(in.VisitedOn):
			fe.Add("campaign_id", fmt.Sprintf("走访日期不在「%s」活动期间内", c.Name))
		}
	}
	if utf8.RuneCountInString(in.Notes) > 5000 {
		fe.Add("notes", "走访记录不超过5000字")
	}
	if len(in.Problems) > MaxVisitProblems {
		fe.Add("problems", fmt.Sprintf("一次走访最多登记 %d 个问题", MaxVisitProblems))
	}
	people := []model.VisitPerson{}
	switch {
	case p.Role == access.Commissioner:
		people = append(people, model.VisitPerson{UserID: p.UserID, Name: p.Name, Role: "commissioner"})
	case len(in.OfficialIDs) == 0 && p.UserID != 0:
		people = append(people, model.VisitPerson{UserID: p.UserID, Name: p.Name, Role: "official"}) // the recorder went
	}
	for i, id := range in.OfficialIDs {
		if id == p.UserID {
			continue
		}
		u, err := s.db.User(ctx, p.RegionPrefix, id)
		if err != nil {
			fe.Add(fmt.Sprintf("official_ids[%d]", i), fmt.Sprintf("用户 %d 不存在或不在本地区", id))
			continue
		}
		role := "official"
		if u.Role == access.Commissioner {
			role = "commissioner"
		}
		people = append(people, model.VisitPerson{UserID: u.ID, Name: u.Name, Role: role})
	}
	if len(people) == 0 {
		fe.Add("official_ids", "请填写走访人员")
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, nil, err
	}
	// Each problem is a case received on the visit's day (now, when the
	// visit is recorded the same day).
	received := s.Now()
	if today.After(in.VisitedOn) {
		received = time.Date(in.VisitedOn.Year, in.VisitedOn.Month, in.VisitedOn.Day, 12, 0, 0, 0, calendar.Shanghai)
	}
	var opened []*model.Case
	for i, pr := range in.Problems {
		ci := cases.Input{EnterpriseID: ent.ID, Kind: pr.Kind, Category: pr.Category, Source: model.SourceVisit, Title: pr.Title,
			Description: pr.Description, ReceivedAt: &received}
		c, err := s.cases.Prepare(ctx, p, ci)
		if err != nil {
			if se := fault.As(err, "问题"); se != nil && se.Class == fault.ClassInvalid {
				field := fmt.Sprintf("problems[%d].%s", i, se.Field)
				return nil, nil, &fault.Error{Class: fault.ClassInvalid, Code: se.Code, Field: field, Message: fmt.Sprintf("第 %d 个问题：%s", i+1, se.Message)}
			}
			return nil, nil, err
		}
		c.CampaignID = in.CampaignID
		opened = append(opened, c)
	}
	v := &model.Visit{RegionCode: ent.RegionCode, ScopeCode: ent.ScopeCode(), EnterpriseID: ent.ID, EnterpriseName: ent.Name,
		VisitedOn: in.VisitedOn, Mode: in.Mode, CampaignID: in.CampaignID, Notes: strings.TrimSpace(in.Notes), People: people, CaseIDs: []int64{}}
	now := s.Now()
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		if err := tx.CreateVisit(ctx, v); err != nil {
			return err
		}
		for _, c := range opened {
			c.VisitID = v.ID
			if err := tx.CreateCaseAt(ctx, c, "走访中提出", now); err != nil {
				return err
			}
			v.CaseIDs = append(v.CaseIDs, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fault.Explain(err, "走访")
	}
	for _, c := range opened {
		s.cases.WakeClock(c.NextCheckAt)
	}
	return v, opened, nil
}

// Visits lists the visits in p's reach: a commissioner its own, an
// enterprise the visits it received, the office all of its region's.
func (s *Service) Visits(ctx context.Context, p *access.Principal, f store.VisitFilter) ([]*model.Visit, int, error) {
	switch {
	case p.Role == access.Commissioner:
		f.UserID = p.UserID
	case p.Role == access.Department:
		return nil, 0, fault.Forbidden()
	}
	return s.db.Visits(ctx, p.Scope(), f)
}
