package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// demoCase is one case of the demo and the steps of its history.
type demoCase struct {
	ext      string // external id: makes seeding idempotent
	source   model.CaseSource
	kind     model.CaseKind
	category string
	title    string
	desc     string
	daysAgo  int    // receipt, in calendar days before the seed
	dueIn    int    // commitments: promised date, calendar days after receipt
	own      bool   // the case of qiye01's enterprise (the demo enterprise login)
	lead     string // lead department code
	coop     []string
	unit     string // project problems: the responsible unit
	leader   bool   // project problems: the leader in charge
	steps    []step
}

// step is something done to the case some hours after the previous step.
type step struct {
	after  time.Duration
	action string // accept, progress, resolve, rate:N, close, return, extension, approve, suspend, resume
	note   string
}

const day = 24 * time.Hour

func resolvedAndRated(rating string, days int) []step {
	return []step{{2 * time.Hour, "accept", "已签收"}, {day, "progress", "已与企业对接，现场核实情况"},
		{time.Duration(days) * day, "resolve", "问题已解决，已向企业反馈"}, {day, "rate:" + rating, "企业电话回访"}, {2 * time.Hour, "close", "回访满意，销号"}}
}

// demoCases cover every source, state and warning level, with the eight
// provincial-platform complaints the seed reports as resolved this year
// (the demo's year: the last twelve months, see Period).
var demoCases = []demoCase{
	{ext: "HN-TS-2026-0107", source: model.SourcePlatform, kind: model.KindComplaint, category: "approval", title: "厂房扩建规划许可迟迟未批", daysAgo: 280, lead: "spj", coop: []string{"zrzyj"}, steps: resolvedAndRated("2", 9)},
	{ext: "HN-TS-2026-0163", source: model.SourcePlatform, kind: model.KindComplaint, category: "funds", title: "技改补贴资金未按期拨付", daysAgo: 250, lead: "czj", coop: []string{"gxj"}, steps: resolvedAndRated("1", 6)},
	{ext: "HN-TS-2026-0218", source: model.SourcePlatform, kind: model.KindComplaint, category: "power", title: "园区线路频繁停电影响生产", daysAgo: 221, lead: "gdj", steps: resolvedAndRated("2", 4)},
	{ext: "HN-TS-2026-0304", source: model.SourcePlatform, kind: model.KindComplaint, category: "legal", title: "合同纠纷执行款长期未到位", daysAgo: 190, lead: "fgw", steps: resolvedAndRated("3", 11)},
	{ext: "HN-TS-2026-0356", source: model.SourcePlatform, kind: model.KindComplaint, category: "labor", title: "社保补贴申领材料反复退回", daysAgo: 160, lead: "rsj", steps: resolvedAndRated("2", 5)},
	{ext: "HN-TS-2026-0412", source: model.SourcePlatform, kind: model.KindComplaint, category: "approval", title: "排污许可证延续办理超时", daysAgo: 130, lead: "hbj", coop: []string{"spj"}, steps: resolvedAndRated("2", 8)},
	{ext: "HN-TS-2026-0477", source: model.SourcePlatform, kind: model.KindComplaint, category: "financing", title: "担保贷款审批流程过长", daysAgo: 95, lead: "jrb", steps: resolvedAndRated("1", 7)},
	{ext: "HN-TS-2026-0533", source: model.SourcePlatform, kind: model.KindComplaint, category: "other", title: "企业门前道路施工围挡影响出货", daysAgo: 60, lead: "zjj", coop: []string{"jtj"}, steps: resolvedAndRated("2", 3)[:4]},

	// still open: overdue (red, escalated) and slow (yellow)
	{ext: "HN-TS-2026-0601", source: model.SourcePlatform, kind: model.KindComplaint, category: "land", title: "土地出让金返还事项推进缓慢", daysAgo: 52, lead: "zrzyj", coop: []string{"czj"},
		steps: []step{{3 * time.Hour, "accept", ""}, {2 * day, "progress", "已调阅出让合同，正在核算"}}},
	{ext: "HN-TS-2026-0648", source: model.SourcePlatform, kind: model.KindComplaint, category: "approval", title: "消防验收预约排期过长", daysAgo: 18, lead: "zjj",
		steps: []step{{4 * time.Hour, "accept", ""}}},

	{ext: "12345-2026-118203", source: model.SourceHotline, kind: model.KindProblem, category: "labor", title: "春节后招工难，希望协助对接劳务资源", daysAgo: 1, steps: nil},
	{ext: "12345-2026-117954", source: model.SourceHotline, kind: model.KindProblem, category: "other", title: "企业周边路灯损坏夜间出行不便", daysAgo: 6, lead: "slj",
		steps: []step{{5 * time.Hour, "return", "路灯维护属城市管理局职责，请改派"}}},
	{ext: "12345-2026-117602", source: model.SourceHotline, kind: model.KindConsultation, category: "policy", title: "咨询高新技术企业认定申报时间", daysAgo: 2, lead: "kjj",
		steps: []step{{time.Hour, "accept", ""}}},

	{ext: "demo-visit-001", source: model.SourceVisit, kind: model.KindProblem, category: "financing", title: "流动资金紧张，希望对接银行信贷", daysAgo: 12, lead: "jrb", own: true,
		steps: []step{{day, "accept", ""}, {2 * day, "progress", "已组织两家银行上门对接"}, {3 * day, "resolve", "已获批 300 万元信用贷款"}}},
	{ext: "demo-visit-002", source: model.SourceVisit, kind: model.KindProblem, category: "power", title: "新上产线需增容变压器", daysAgo: 20, lead: "gdj",
		steps: []step{{day, "accept", ""}, {3 * day, "resolve", "增容方案已确定"}, {day, "rate:4", "企业反映增容仍未实施"}}},
	{ext: "demo-visit-003", source: model.SourceVisit, kind: model.KindProblem, category: "labor", title: "技术工人短缺，希望开展定向培训", daysAgo: 9, lead: "rsj", coop: []string{"gxj"},
		steps: []step{{2 * time.Hour, "accept", ""}, {day, "extension", "需联系职业院校确定培训计划"}}},
	{ext: "demo-visit-004", source: model.SourceVisit, kind: model.KindProblem, category: "approval", title: "环评手续办理需等待企业补充监测报告", daysAgo: 15, lead: "hbj",
		steps: []step{{3 * time.Hour, "accept", ""}, {day, "suspend", "等待企业补充第三方监测报告"}}},

	{ext: "demo-event-001", source: model.SourceEvent, kind: model.KindConsultation, category: "policy", title: "科技型中小企业入库条件咨询", daysAgo: 33, lead: "kjj",
		steps: []step{{time.Hour, "accept", ""}, {2 * time.Hour, "resolve", "现场解答：营收与研发投入比例要求"}, {day, "rate:1", ""}, {time.Hour, "close", ""}}},
	{ext: "demo-self-001", source: model.SourceSelfReport, kind: model.KindProblem, category: "funds", title: "申请稳岗返还资金未到账", daysAgo: 3, lead: "rsj", steps: nil},
	{ext: "demo-project-001", source: model.SourceProject, kind: model.KindProblem, category: "land", title: "重点项目用地指标未落实", daysAgo: 14, lead: "zrzyj", unit: "fgw", leader: true,
		steps: []step{{day, "accept", ""}, {day, "progress", "已上报市局争取指标"}}},

	{ext: "demo-commit-001", source: model.SourceVisit, kind: model.KindCommitment, category: "funds", title: "承诺：年底前兑现招商引资奖励", daysAgo: 70, dueIn: 70, lead: "swj",
		steps: []step{{day, "accept", ""}, {10 * day, "progress", "奖励资金已列入预算"}}},
	{ext: "demo-commit-002", source: model.SourceVisit, kind: model.KindCommitment, category: "other", title: "承诺：三个月内完成企业门前道路修复", daysAgo: 120, dueIn: 90, lead: "jtj",
		steps: []step{{day, "accept", ""}, {5 * day, "progress", "已完成设计"}}},
}

// seedCases writes the demo cases and their histories, each at the time
// it would have happened, then lets the warning clock catch up to now.
func seedCases(ctx context.Context, svc *service.Service, s *store.Store, ents []*model.Enterprise) (int, error) {
	realNow := svc.Now
	defer func() { svc.Now = realNow }()
	coordUser, err := s.UserByLogin(ctx, "yingshang")
	if err != nil {
		return 0, err
	}
	coord := service.PrincipalOf(coordUser)
	leaderUser, err := s.UserByLogin(ctx, "fuquzhang")
	if err != nil {
		return 0, err
	}
	entUser, err := s.UserByLogin(ctx, "qiye01")
	if err != nil {
		return 0, err
	}
	deptID := map[string]int64{}
	depts, err := s.Departments(ctx, "411203")
	if err != nil {
		return 0, err
	}
	for _, d := range depts {
		deptID[d.Code] = d.ID
	}
	// A clerk of each department acts for it (the demo has users for a few;
	// the others act through a principal of the department).
	clerk := func(code string) *access.Principal {
		return &access.Principal{Login: "demo-" + code, Role: access.Department, RegionCode: District, RegionPrefix: District, DepartmentID: deptID[code]}
	}
	now := realNow()
	created := 0
	for i, dc := range demoCases {
		if _, err := s.CaseByExternalID(ctx, dc.source, dc.ext); err == nil {
			continue // seeded before
		}
		// Histories stay inside the demo's year (see Period): the oldest
		// was received 280 days ago.
		t := workingMorning(now.AddDate(0, 0, -dc.daysAgo))
		svc.Now = func() time.Time { return t }
		ent := ents[(i*7)%len(ents)]
		actor := coord
		if dc.own || dc.source == model.SourceSelfReport {
			ent = ents[0] // qiye01's enterprise: it has something to rate
		}
		if dc.source == model.SourceSelfReport {
			actor = service.PrincipalOf(entUser)
		}
		in := service.CaseInput{EnterpriseID: ent.ID, Kind: dc.kind, Category: dc.category, Source: dc.source, Title: dc.title,
			Description: dc.desc, ExternalID: dc.ext, ReceivedAt: &t}
		if in.Description == "" {
			in.Description = fmt.Sprintf("%s反映：%s。", ent.Name, dc.title)
		}
		if dc.dueIn > 0 {
			in.DueDate = calendarDate(t.AddDate(0, 0, dc.dueIn))
		}
		c, _, err := svc.CreateCase(ctx, actor, in)
		if err != nil {
			return created, fmt.Errorf("demo case %s: %w", dc.ext, err)
		}
		created++
		if dc.lead == "" {
			if err := catchUp(ctx, svc, s, c.ID, now); err != nil {
				return created, err
			}
			continue
		}
		t = t.Add(time.Hour)
		assign := service.AssignInput{LeadDepartmentID: deptID[dc.lead], UnitDepartmentID: deptID[dc.unit], Note: "请按时办结并及时反馈"}
		for _, code := range dc.coop {
			assign.CooperatingDepartmentID = append(assign.CooperatingDepartmentID, deptID[code])
		}
		if dc.leader {
			assign.LeaderUserID = leaderUser.ID
		}
		if _, err := svc.Assign(ctx, coord, c.ID, assign); err != nil {
			return created, fmt.Errorf("demo case %s assign: %w", dc.ext, err)
		}
		for _, st := range dc.steps {
			t = t.Add(st.after)
			if t.After(now) {
				break
			}
			if err := catchUp(ctx, svc, s, c.ID, t); err != nil {
				return created, err
			}
			svc.Now = func() time.Time { return t }
			if err := doStep(ctx, svc, c.ID, st, coord, clerk(dc.lead), service.PrincipalOf(entUser)); err != nil {
				return created, fmt.Errorf("demo case %s %s: %w", dc.ext, st.action, err)
			}
		}
		if err := catchUp(ctx, svc, s, c.ID, now); err != nil {
			return created, err
		}
	}
	svc.Now = realNow
	return created, nil
}

// catchUp runs the warning clock of one case up to until, each check at
// the moment it fell due, so the history shows warnings when they happened.
func catchUp(ctx context.Context, svc *service.Service, st *store.Store, id int64, until time.Time) error {
	for {
		c, err := st.Case(ctx, store.CaseScope{}, id)
		if err != nil {
			return err
		}
		if c.NextCheckAt == nil || c.NextCheckAt.After(until) {
			return nil
		}
		at := *c.NextCheckAt
		svc.Now = func() time.Time { return at }
		if _, err := svc.Recheck(ctx, id, "demo"); err != nil {
			return err
		}
	}
}

func doStep(ctx context.Context, svc *service.Service, id int64, st step, coord, lead, ent *access.Principal) error {
	var err error
	switch st.action {
	case "accept":
		_, err = svc.Accept(ctx, lead, id, st.note)
	case "progress":
		_, err = svc.Progress(ctx, lead, id, st.note)
	case "resolve":
		_, err = svc.Resolve(ctx, lead, id, st.note)
	case "return":
		_, err = svc.Return(ctx, lead, id, st.note)
	case "extension":
		_, err = svc.RequestExtension(ctx, lead, id, service.ExtensionInput{Workdays: 5, Reason: st.note})
	case "suspend":
		_, err = svc.Suspend(ctx, lead, id, st.note)
	case "close":
		_, err = svc.Close(ctx, coord, id, st.note)
	default:
		var n int
		if _, perr := fmt.Sscanf(st.action, "rate:%d", &n); perr != nil {
			return fmt.Errorf("unknown step %q", st.action)
		}
		_, err = svc.Rate(ctx, coord, id, service.RateInput{Satisfaction: model.Satisfaction(n), Comment: st.note})
	}
	return err
}

// workingMorning is 09:30 in Shanghai on t's date, moved back to the Friday
// when t falls on a weekend.
func workingMorning(t time.Time) time.Time {
	t = t.In(calendar.Shanghai)
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 9, 30, 0, 0, calendar.Shanghai)
}

func calendarDate(t time.Time) string { return t.In(calendar.Shanghai).Format("2006-01-02") }
