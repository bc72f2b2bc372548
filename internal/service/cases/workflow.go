package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/sla"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// step is one step of the workflow: who may take it, from which states,
// and what it changes.
type step struct {
	name  string // event type and audit action
	label string // Chinese name, for messages
	from  []model.CaseStatus
	who   func(p *access.Principal, c *model.Case) bool
	apply func(ctx context.Context, tx *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error)
	// notify lists who hears of the step (besides the timeline).
	notify func(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error)
}

// IllegalTransition reports a step the case's state does not allow (409).
func IllegalTransition(c *model.Case, label string) *fault.Error {
	return &fault.Error{Class: fault.ClassConflict, Code: "illegal_transition", Field: "status",
		Message: fmt.Sprintf("事项当前状态为「%s」，不能%s", c.Status.Label(), label)}
}

func isLead(p *access.Principal, c *model.Case) bool {
	if p.Role != access.Department || p.DepartmentID == 0 {
		return false
	}
	for _, a := range c.Assignees {
		if a.Role == model.AssignLead && a.DepartmentID == p.DepartmentID {
			return true
		}
	}
	return false
}

func isAssignee(p *access.Principal, c *model.Case) bool {
	for _, a := range c.Assignees {
		if (a.DepartmentID != 0 && a.DepartmentID == p.DepartmentID && p.Role == access.Department) || (a.UserID != 0 && a.UserID == p.UserID) {
			return true
		}
	}
	return false
}

// isManager reports whether p manages cases: the office and the administrator.
func isManager(p *access.Principal) bool { return p.Can(access.ManageCases) }

// byManager is a step only a manager takes.
func byManager(p *access.Principal, _ *model.Case) bool { return isManager(p) }

func leadOrManager(p *access.Principal, c *model.Case) bool { return isLead(p, c) || isManager(p) }

func assigneeUsers(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
	ids, err := tx.UsersOfDepartments(ctx, model.DepartmentIDs(c.Assignees))
	for _, a := range c.Assignees {
		if a.UserID != 0 {
			ids = append(ids, a.UserID)
		}
	}
	return ids, err
}

func coordinators(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
	return tx.UsersWithRole(ctx, division.Prefix(c.RegionCode), string(access.Coordinator))
}

// take runs one workflow step in one transaction: lock the case, check who
// and the state, apply, recompute the clock, store, notify, audit.
func (s *Service) take(ctx context.Context, p *access.Principal, id int64, a step) (*model.Case, error) {
	if !p.Can(access.ReadCases) {
		return nil, fault.Forbidden()
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := s.categories(ctx)
	if err != nil {
		return nil, err
	}
	var after *model.Case
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		before, err := tx.CaseForUpdate(ctx, Scope(p), id)
		if err != nil {
			return err
		}
		if !a.who(p, before) {
			return &fault.Error{Class: fault.ClassForbidden, Code: "not_assigned", Message: "您不是该事项的承办方或协调方，不能" + a.label}
		}
		if len(a.from) > 0 && !slices.Contains(a.from, before.Status) {
			return IllegalTransition(before, a.label)
		}
		c := *before
		c.Assignees = slices.Clone(before.Assignees)
		now := s.Now()
		ev, err := a.apply(ctx, tx, &c, now)
		if err != nil {
			return err
		}
		if ev.Type == "" {
			ev.Type = a.name
		}
		ev.At = now
		ev.FromStatus, ev.ToStatus = before.Status, c.Status
		if ev.FromStatus == ev.ToStatus {
			ev.FromStatus, ev.ToStatus = "", ""
		}
		fixed, err := fixedDueOf(cal, &c)
		if err != nil {
			return err
		}
		rules := sla.DefaultRules
		for _, k := range cats {
			if k.ID == c.CategoryID {
				rules = rulesOf(k)
			}
		}
		if err := s.assess(cal, &c, fixed, rules, now); err != nil {
			return err
		}
		if err := tx.UpdateCase(ctx, before, &c, ev); err != nil {
			return err
		}
		if a.notify != nil {
			users, err := a.notify(ctx, tx, &c)
			if err != nil {
				return err
			}
			title := fmt.Sprintf("%s：%s", a.label, c.Title)
			if err := tx.Notify(ctx, except(users, p.UserID), c.ID, a.name, title, c.Number+" · "+ev.Note); err != nil {
				return err
			}
		}
		after = &c
		return nil
	})
	if err != nil {
		return nil, fault.Explain(err, "事项")
	}
	s.WakeClock(after.NextCheckAt)
	return after, nil
}

func except(ids []int64, drop int64) []int64 {
	out := ids[:0:0]
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}

// AssignInput is a 交办: a lead department, cooperating departments and,
// for project problems, the leader in charge (分包区领导) and the project's
// responsible unit (项目责任单位).
type AssignInput struct {
	LeadDepartmentID        int64   `json:"lead_department_id"`
	CooperatingDepartmentID []int64 `json:"cooperating_department_ids"`
	LeaderUserID            int64   `json:"leader_user_id"`
	UnitDepartmentID        int64   `json:"unit_department_id"`
	Note                    string  `json:"note"`
}

// Assign hands a case to departments (交办).
func (s *Service) Assign(ctx context.Context, p *access.Principal, id int64, in AssignInput) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "assign", label: "交办", who: byManager,
		from: []model.CaseStatus{model.StatusReceived, model.StatusReturned, model.StatusReopened, model.StatusAssigned},
		apply: func(ctx context.Context, tx *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			prefix := division.Prefix(c.RegionCode)
			dept := func(field string, id int64) (*model.Department, error) {
				d, err := tx.Department(ctx, prefix, id)
				if err != nil {
					return nil, fault.Invalid(field, fmt.Sprintf("部门 %d 不存在或不属于该事项所在地区", id))
				}
				return d, nil
			}
			if in.LeadDepartmentID == 0 {
				return model.CaseEvent{}, fault.Invalid("lead_department_id", "请选择牵头部门")
			}
			lead, err := dept("lead_department_id", in.LeadDepartmentID)
			if err != nil {
				return model.CaseEvent{}, err
			}
			list := []model.Assignee{{Role: model.AssignLead, DepartmentID: lead.ID, DepartmentName: lead.Name}}
			names := []string{lead.Name + "（牵头）"}
			seen := map[int64]bool{lead.ID: true}
			for _, id := range in.CooperatingDepartmentID {
				if seen[id] {
					continue
				}
				seen[id] = true
				d, err := dept("cooperating_department_ids", id)
				if err != nil {
					return model.CaseEvent{}, err
				}
				list = append(list, model.Assignee{Role: model.AssignCooperate, DepartmentID: d.ID, DepartmentName: d.Name})
				names = append(names, d.Name+"（配合）")
			}
			if in.UnitDepartmentID != 0 && !seen[in.UnitDepartmentID] {
				d, err := dept("unit_department_id", in.UnitDepartmentID)
				if err != nil {
					return model.CaseEvent{}, err
				}
				list = append(list, model.Assignee{Role: model.AssignUnit, DepartmentID: d.ID, DepartmentName: d.Name})
				names = append(names, d.Name+"（项目责任单位）")
			}
			if in.LeaderUserID != 0 {
				u, err := tx.User(ctx, prefix, in.LeaderUserID)
				if err != nil || u.Role != access.Leader {
					return model.CaseEvent{}, fault.Invalid("leader_user_id", "分包区领导须为本地区的区领导账号")
				}
				list = append(list, model.Assignee{Role: model.AssignLeader, UserID: u.ID, UserName: u.Name})
				names = append(names, u.Name+"（分包区领导）")
				c.LeaderID = u.ID
			}
			if err := tx.SetAssignees(ctx, c, list); err != nil {
				return model.CaseEvent{}, err
			}
			c.Status = model.StatusAssigned
			c.LastProgressAt = now.UTC()
			return model.CaseEvent{Note: strings.TrimSpace(in.Note), Data: map[string]any{"assignees": strings.Join(names, "、")}}, nil
		},
		notify: assigneeUsers,
	})
}

// Accept is the lead department taking a case on (受理/签收).
func (s *Service) Accept(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "accept", label: "签收办理", who: isLead,
		from: []model.CaseStatus{model.StatusAssigned, model.StatusReopened},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			c.Status, c.LastProgressAt = model.StatusInProgress, now.UTC()
			return model.CaseEvent{Note: strings.TrimSpace(note)}, nil
		},
		notify: coordinators,
	})
}

// Progress records how handling goes (办理进展); it resets the no-progress clock.
func (s *Service) Progress(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "progress", label: "填报进展",
		who:  func(p *access.Principal, c *model.Case) bool { return isAssignee(p, c) || isManager(p) },
		from: []model.CaseStatus{model.StatusAssigned, model.StatusInProgress, model.StatusReopened},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			n, err := core.RequireText("note", "进展情况", note, 5000)
			if err != nil {
				return model.CaseEvent{}, err
			}
			c.LastProgressAt = now.UTC()
			return model.CaseEvent{Note: n}, nil
		},
	})
}

// Return sends a case back to the coordinator (退回): not this department's.
func (s *Service) Return(ctx context.Context, p *access.Principal, id int64, reason string) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "return", label: "退回", who: isLead,
		from: []model.CaseStatus{model.StatusAssigned, model.StatusInProgress, model.StatusReopened},
		apply: func(ctx context.Context, tx *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			r, err := core.RequireText("reason", "退回理由", reason, 2000)
			if err != nil {
				return model.CaseEvent{}, err
			}
			c.Status = model.StatusReturned
			return model.CaseEvent{Note: r}, nil
		},
		notify: coordinators,
	})
}

// Resolve is the lead department reporting the case handled (办结).
func (s *Service) Resolve(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "resolve", label: "办结", who: isLead,
		from: []model.CaseStatus{model.StatusInProgress},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			n, err := core.RequireText("note", "办理结果", note, 5000)
			if err != nil {
				return model.CaseEvent{}, err
			}
			if c.SuspendedAt != nil {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "suspended", Field: "status", Message: "事项已挂起，请先由牵头办公室恢复办理"}
			}
			t := now.UTC()
			c.Status, c.ResolvedAt, c.LastProgressAt, c.Overdue = model.StatusResolved, &t, t, now.After(c.DueAt)
			c.Rating, c.RatedAt = 0, nil
			return model.CaseEvent{Note: n}, nil
		},
		notify: func(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
			ids, err := coordinators(ctx, tx, c)
			if err != nil {
				return nil, err
			}
			ent, err := tx.UsersOfEnterprise(ctx, c.EnterpriseID)
			return append(ids, ent...), err
		},
	})
}

// RateInput is a 回访 rating.
type RateInput struct {
	Satisfaction model.Satisfaction `json:"satisfaction"`
	Comment      string             `json:"comment"`
}

// Rate records the enterprise's satisfaction (回访) on the five levels of
// GB/T 39735; the bottom two reopen the case (重办).
func (s *Service) Rate(ctx context.Context, p *access.Principal, id int64, in RateInput) (*model.Case, error) {
	if !in.Satisfaction.Valid() {
		return nil, fault.Invalid("satisfaction", "满意度应为 1–5：1 非常满意、2 满意、3 基本满意、4 不满意、5 非常不满意")
	}
	return s.take(ctx, p, id, step{name: "rate", label: "回访评价",
		who: func(p *access.Principal, c *model.Case) bool {
			return isManager(p) || (p.Can(access.RateCases) && p.EnterpriseID == c.EnterpriseID)
		},
		from: []model.CaseStatus{model.StatusResolved},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			if utf8.RuneCountInString(in.Comment) > 2000 {
				return model.CaseEvent{}, fault.Invalid("comment", "评价内容不超过2000字")
			}
			t := now.UTC()
			c.Rating, c.RatedAt = in.Satisfaction, &t
			ev := model.CaseEvent{Note: strings.TrimSpace(in.Comment), Data: map[string]any{"satisfaction": int(in.Satisfaction), "label": in.Satisfaction.Label()}}
			if in.Satisfaction.Dissatisfied() {
				c.Status, c.ReopenCount, c.ResolvedAt, c.LastProgressAt = model.StatusReopened, c.ReopenCount+1, nil, t
			} else {
				c.Status = model.StatusConfirmed
			}
			return ev, nil
		},
		notify: func(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
			ids, err := coordinators(ctx, tx, c)
			if err != nil || c.Status != model.StatusReopened {
				return ids, err
			}
			more, err := assigneeUsers(ctx, tx, c)
			return append(ids, more...), err
		},
	})
}

// RatingWindow is how many working days an enterprise has to rate a
// resolved case before a coordinator may close it unrated.
const RatingWindow = 3

// Close is the coordinator's 销号: after a rating, or after RatingWindow
// working days without one.
func (s *Service) Close(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return s.take(ctx, p, id, step{name: "close", label: "销号", who: byManager,
		from: []model.CaseStatus{model.StatusConfirmed, model.StatusResolved},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			if c.Status == model.StatusResolved {
				n, err := cal.WorkdaysBetween(sla.DayOf(*c.ResolvedAt), sla.DayOf(now))
				if err != nil {
					return model.CaseEvent{}, err
				}
				if n < RatingWindow {
					return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "awaiting_rating", Field: "status",
						Message: fmt.Sprintf("企业尚未回访评价，办结满 %d 个工作日后方可销号（已过 %d 个）", RatingWindow, n)}
				}
			}
			t := now.UTC()
			c.Status, c.ClosedAt = model.StatusClosed, &t
			return model.CaseEvent{Note: strings.TrimSpace(note)}, nil
		},
	})
}

// ExtensionInput asks for more working days (延期).
type ExtensionInput struct {
	Workdays int    `json:"workdays"`
	Reason   string `json:"reason"`
}

// RequestExtension is the lead department asking, before the due date, for
// more time.
func (s *Service) RequestExtension(ctx context.Context, p *access.Principal, id int64, in ExtensionInput) (*model.Case, error) {
	if in.Workdays < 1 || in.Workdays > 60 {
		return nil, fault.Invalid("workdays", "延期天数应为 1–60 个工作日")
	}
	return s.take(ctx, p, id, step{name: "extension_requested", label: "申请延期", who: isLead,
		from: []model.CaseStatus{model.StatusAssigned, model.StatusInProgress, model.StatusReopened},
		apply: func(ctx context.Context, tx *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			r, err := core.RequireText("reason", "延期理由", in.Reason, 2000)
			if err != nil {
				return model.CaseEvent{}, err
			}
			if now.After(c.DueAt) {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassInvalid, Code: "past_due", Field: "workdays", Message: "已超过办理期限，不能再申请延期"}
			}
			if _, err := tx.PendingExtension(ctx, c.ID); err == nil {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "extension_pending", Field: "workdays", Message: "已有待审批的延期申请"}
			} else if !errors.Is(err, store.ErrNotFound) {
				return model.CaseEvent{}, err
			}
			x := &model.Extension{CaseID: c.ID, Workdays: in.Workdays, Reason: r}
			if err := tx.AddExtension(ctx, x); err != nil {
				return model.CaseEvent{}, err
			}
			return model.CaseEvent{Note: r, Data: map[string]any{"workdays": in.Workdays, "extension_id": x.ID}}, nil
		},
		notify: coordinators,
	})
}

// DecideInput approves or refuses the pending extension request.
type DecideInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

// DecideExtension is the coordinator's answer to an extension request.
func (s *Service) DecideExtension(ctx context.Context, p *access.Principal, id int64, in DecideInput) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "extension_decided", label: "审批延期", who: byManager,
		apply: func(ctx context.Context, tx *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			x, err := tx.PendingExtension(ctx, c.ID)
			if errors.Is(err, store.ErrNotFound) {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "no_pending_extension", Message: "没有待审批的延期申请"}
			} else if err != nil {
				return model.CaseEvent{}, err
			}
			x.Decision = strings.TrimSpace(in.Note)
			x.Status = "refused"
			ev := model.CaseEvent{Type: "extension_refused", Note: x.Decision, Data: map[string]any{"workdays": x.Workdays}}
			if in.Approve {
				x.Status = "approved"
				c.ExtensionWorkdays += x.Workdays
				ev.Type = "extension_approved"
			}
			return ev, tx.DecideExtension(ctx, x)
		},
		notify: assigneeUsers,
	})
}

// Suspend pauses a case's clock (挂起), e.g. while waiting for the
// enterprise's materials.
func (s *Service) Suspend(ctx context.Context, p *access.Principal, id int64, reason string) (*model.Case, error) {
	return s.take(ctx, p, id, step{name: "suspend", label: "挂起", who: leadOrManager,
		from: []model.CaseStatus{model.StatusAssigned, model.StatusInProgress, model.StatusReopened},
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			r, err := core.RequireText("reason", "挂起理由", reason, 2000)
			if err != nil {
				return model.CaseEvent{}, err
			}
			if c.SuspendedAt != nil {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "suspended", Field: "status", Message: "事项已处于挂起状态"}
			}
			t := now.UTC()
			c.SuspendedAt = &t
			return model.CaseEvent{Note: r}, nil
		},
		notify: func(ctx context.Context, tx *store.Tx, c *model.Case) ([]int64, error) {
			a, err := assigneeUsers(ctx, tx, c)
			if err != nil {
				return nil, err
			}
			b, err := coordinators(ctx, tx, c)
			return append(a, b...), err
		},
	})
}

// Resume restarts a suspended case's clock; the working days it was
// suspended move the due date.
func (s *Service) Resume(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return s.take(ctx, p, id, step{name: "resume", label: "恢复办理", who: byManager,
		apply: func(_ context.Context, _ *store.Tx, c *model.Case, now time.Time) (model.CaseEvent, error) {
			if c.SuspendedAt == nil {
				return model.CaseEvent{}, &fault.Error{Class: fault.ClassConflict, Code: "not_suspended", Field: "status", Message: "事项未挂起"}
			}
			n, err := cal.WorkdaysBetween(sla.DayOf(*c.SuspendedAt), sla.DayOf(now))
			if err != nil {
				return model.CaseEvent{}, err
			}
			c.SuspendedWorkdays += n
			c.SuspendedAt = nil
			c.LastProgressAt = now.UTC()
			return model.CaseEvent{Note: strings.TrimSpace(note), Data: map[string]any{"suspended_workdays": n}}, nil
		},
		notify: assigneeUsers,
	})
}
