package network

import (
	"context"
	"fmt"
	"slices"
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

// ConsultationInput is a question an enterprise asked at an event, and the
// answer given on the spot (when there was one).
type ConsultationInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Category     string `json:"category"`
	Question     string `json:"question"`
	Answer       string `json:"answer"` // empty: followed up as an open case
	DepartmentID int64  `json:"department_id"`
}

// GuidanceInput is cost-reduction guidance given to an enterprise.
type GuidanceInput struct {
	EnterpriseID        int64  `json:"enterprise_id"`
	Area                string `json:"area"`
	EstimatedSavingYuan int64  `json:"estimated_saving_yuan"`
	Note                string `json:"note"`
}

// EventInput records an event with what happened there.
type EventInput struct {
	Title                 string              `json:"title"`
	Kind                  string              `json:"kind"`
	HeldOn                model.Date          `json:"held_on"`
	Place                 string              `json:"place"`
	OrganizerDepartmentID int64               `json:"organizer_department_id"`
	InvitedDepartmentIDs  []int64             `json:"invited_department_ids"`
	EnterpriseIDs         []int64             `json:"enterprise_ids"`
	Notes                 string              `json:"notes"`
	Consultations         []ConsultationInput `json:"consultations"`
	Guidance              []GuidanceInput     `json:"guidance"`
}

// EventResult is a recorded event and what it produced.
type EventResult struct {
	Event         *model.Event      `json:"event"`
	Consultations []*model.Case     `json:"consultations"`
	Guidance      []*model.Guidance `json:"guidance"`
}

// RecordEvent stores an event, a case for every consultation (kind
// consultation, source event; resolved at once when answered on the spot)
// and the cost-reduction guidance given, in one transaction.
func (s *Service) RecordEvent(ctx context.Context, p *access.Principal, in EventInput) (*EventResult, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	in.Title = strings.TrimSpace(in.Title)
	today := model.DateOf(s.Now().In(calendar.Shanghai))
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > 200 {
		fe.Add("title", "活动名称不能为空，且不超过200字")
	}
	if !slices.Contains(model.EventKinds, in.Kind) {
		fe.Add("kind", "活动类型应为："+strings.Join(model.EventKinds, "、"))
	}
	if in.HeldOn.IsZero() {
		fe.Add("held_on", "请填写活动日期")
	} else if in.HeldOn.After(today) && (len(in.Consultations) > 0 || len(in.Guidance) > 0) {
		fe.Add("held_on", "尚未举办的活动不能登记现场咨询和指导")
	}
	dept := func(field string, id int64) {
		if id != 0 {
			if _, err := s.db.Department(ctx, p.RegionPrefix, id); err != nil {
				fe.Add(field, fmt.Sprintf("部门 %d 不存在或不在本地区", id))
			}
		}
	}
	dept("organizer_department_id", in.OrganizerDepartmentID)
	for i, id := range in.InvitedDepartmentIDs {
		dept(fmt.Sprintf("invited_department_ids[%d]", i), id)
	}
	enterprises := map[int64]*model.Enterprise{}
	ent := func(field string, id int64) *model.Enterprise {
		if e, ok := enterprises[id]; ok {
			return e
		}
		e, err := s.db.Enterprise(ctx, p.Scope(), id)
		if err != nil {
			fe.Add(field, fmt.Sprintf("企业 %d 不存在或不在本地区", id))
			return nil
		}
		enterprises[id] = e
		return e
	}
	for i, id := range in.EnterpriseIDs {
		ent(fmt.Sprintf("enterprise_ids[%d]", i), id)
	}
	for i, g := range in.Guidance {
		ent(fmt.Sprintf("guidance[%d].enterprise_id", i), g.EnterpriseID)
		if !slices.Contains(model.CostAreas, g.Area) {
			fe.Add(fmt.Sprintf("guidance[%d].area", i), "支出类别应为："+strings.Join(model.CostAreas, "、"))
		}
		if g.EstimatedSavingYuan < 0 {
			fe.Add(fmt.Sprintf("guidance[%d].estimated_saving_yuan", i), "预计节省金额不能为负")
		}
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	received := s.Now()
	if today.After(in.HeldOn) {
		received = time.Date(in.HeldOn.Year, in.HeldOn.Month, in.HeldOn.Day, 10, 0, 0, 0, calendar.Shanghai)
	}
	res := &EventResult{Consultations: []*model.Case{}, Guidance: []*model.Guidance{}}
	type answered struct {
		c      *model.Case
		answer string
		dept   int64
	}
	var cons []answered
	for i, q := range in.Consultations {
		e := ent(fmt.Sprintf("consultations[%d].enterprise_id", i), q.EnterpriseID)
		if e == nil {
			return nil, fault.FromFields(fe)
		}
		cat := q.Category
		if cat == "" {
			cat = "policy"
		}
		ci := cases.Input{EnterpriseID: e.ID, Kind: model.KindConsultation, Category: cat, Source: model.SourceEvent,
			Title: firstRunes(q.Question, 60), Description: q.Question, ReceivedAt: &received}
		c, err := s.cases.Prepare(ctx, p, ci)
		if err != nil {
			if se := fault.As(err, "咨询"); se != nil && se.Class == fault.ClassInvalid {
				return nil, &fault.Error{Class: fault.ClassInvalid, Code: se.Code, Field: fmt.Sprintf("consultations[%d].%s", i, se.Field), Message: fmt.Sprintf("第 %d 条咨询：%s", i+1, se.Message)}
			}
			return nil, err
		}
		answer := strings.TrimSpace(q.Answer)
		if answer != "" {
			if q.DepartmentID == 0 {
				return nil, fault.Invalid(fmt.Sprintf("consultations[%d].department_id", i), "已现场解答的咨询须填写解答部门")
			}
			dept(fmt.Sprintf("consultations[%d].department_id", i), q.DepartmentID)
			if err := fault.FromFields(fe); err != nil {
				return nil, err
			}
			t := received.UTC()
			c.Status, c.ResolvedAt, c.Warning, c.NextCheckAt = model.StatusResolved, &t, model.WarningNone, nil
		}
		cons = append(cons, answered{c, answer, q.DepartmentID})
	}
	ev := &model.Event{RegionCode: p.RegionCode, Title: in.Title, Kind: in.Kind, HeldOn: in.HeldOn, Place: strings.TrimSpace(in.Place),
		OrganizerDepartmentID: in.OrganizerDepartmentID, InvitedDepartmentIDs: nonNilIDs(in.InvitedDepartmentIDs),
		EnterpriseIDs: participants(in), Notes: strings.TrimSpace(in.Notes)}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		if err := tx.CreateEvent(ctx, ev); err != nil {
			return err
		}
		for _, a := range cons {
			a.c.EventID = ev.ID
			if err := tx.CreateCaseAt(ctx, a.c, "活动现场咨询", received); err != nil {
				return err
			}
			if a.answer != "" {
				if err := tx.SetAssignees(ctx, a.c, []model.Assignee{{Role: model.AssignLead, DepartmentID: a.dept}}); err != nil {
					return err
				}
				if err := tx.AddCaseEvent(ctx, a.c.ID, model.CaseEvent{Type: "resolve", FromStatus: model.StatusReceived, ToStatus: model.StatusResolved,
					Note: "现场解答：" + a.answer, At: received}); err != nil {
					return err
				}
			}
			res.Consultations = append(res.Consultations, a.c)
		}
		for _, g := range in.Guidance {
			e := enterprises[g.EnterpriseID]
			gd := &model.Guidance{EnterpriseID: e.ID, EventID: ev.ID, Area: g.Area, EstimatedSavingYuan: g.EstimatedSavingYuan,
				Note: strings.TrimSpace(g.Note), GuidedOn: in.HeldOn}
			if err := tx.AddGuidance(ctx, gd, e.RegionCode, e.ScopeCode()); err != nil {
				return err
			}
			res.Guidance = append(res.Guidance, gd)
		}
		return nil
	})
	if err != nil {
		return nil, fault.Explain(err, "活动")
	}
	res.Event = ev
	return res, nil
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func firstRunes(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Statistics are the figures of p's region for a period, from the records.
func (s *Service) Statistics(ctx context.Context, p *access.Principal, from, until model.Date) (*store.Stats, error) {
	if !p.Can(access.ManageCases) && p.Role != access.Leader {
		return nil, fault.Forbidden()
	}
	if from.IsZero() || until.IsZero() {
		return nil, fault.Invalid("from", "请填写统计起止日期")
	}
	if from.After(until) {
		return nil, fault.Invalid("until", "结束日期不能早于开始日期")
	}
	return s.db.Statistics(ctx, p.RegionPrefix, from, until)
}

// Event returns one event of p's region with what it produced, to the
// staff who may read the region's organisation.
func (s *Service) Event(ctx context.Context, p *access.Principal, id int64) (*store.EventDetail, error) {
	if !p.Can(access.ReadOrg) {
		return nil, fault.Forbidden()
	}
	d, err := s.db.Event(ctx, p.RegionPrefix, id)
	return d, fault.Explain(err, "活动")
}

// EnterpriseEvents lists the events an enterprise took part in, to whoever
// may see the enterprise.
func (s *Service) EnterpriseEvents(ctx context.Context, p *access.Principal, enterpriseID int64) ([]*store.EventLedgerRow, error) {
	if _, err := s.enterprises.Enterprise(ctx, p, enterpriseID); err != nil {
		return nil, err
	}
	return s.db.EnterpriseEvents(ctx, enterpriseID, 50)
}

// participants are the enterprises named as taking part, then those that
// consulted or were guided there (they took part too), each once.
func participants(in EventInput) []int64 {
	out := []int64{}
	seen := map[int64]bool{}
	add := func(id int64) {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range in.EnterpriseIDs {
		add(id)
	}
	for _, q := range in.Consultations {
		add(q.EnterpriseID)
	}
	for _, g := range in.Guidance {
		add(g.EnterpriseID)
	}
	return out
}
