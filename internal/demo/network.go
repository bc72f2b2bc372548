package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The service network of the demo, so that this year's records carry the
// seed's figures: 16 commissioner visits raising 35 problems, 33 solved; a
// 万人助万企 campaign whose visits solved 78 problems on 资金、用工、用电 and
// others; two centralized events with over 40 consultations answered on
// the spot and 8 enterprises guided to cut costs. Nothing here writes a
// figure: they are counted from these records.

const networkSeeded = "demo.service_network"

// commissionerProblems is how many problems each of the 16 commissioner
// visits raised (35 in all); the last two raised are still being handled.
var commissionerProblems = []int{3, 2, 2, 3, 2, 2, 2, 3, 2, 2, 2, 2, 3, 2, 1, 2}

var problemTitles = map[string][]string{
	"funds":     {"技改补贴申报材料咨询", "贷款贴息资金未到位", "研发费用加计扣除政策落实"},
	"financing": {"流动资金贷款难", "应收账款融资渠道少", "担保费用偏高"},
	"labor":     {"技术工人招聘难", "新员工岗前培训补贴", "用工高峰临时缺员"},
	"power":     {"厂区电压不稳", "新上产线需增容", "峰谷电价执行咨询"},
	"land":      {"扩建用地指标不足", "厂房产权证办理"},
	"approval":  {"环评批复进度慢", "消防验收排期长"},
	"other":     {"企业门前道路破损", "园区物流通道不畅"},
}

func seedNetwork(ctx context.Context, svc *service.Service, s *store.Store, ents []*model.Enterprise) error {
	if _, err := s.Setting(ctx, networkSeeded); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	realNow := svc.Now
	defer func() { svc.Now = realNow }()
	now := realNow().In(calendar.Shanghai)
	from, to := Period(now)
	// A day of the demo's year, spread by fraction: 0 is a few days after
	// the period starts, 1 is a week ago (moved back off a weekend, which
	// keeps it inside the period).
	first := time.Date(from.Year, from.Month, from.Day, 10, 0, 0, 0, calendar.Shanghai).AddDate(0, 0, 3)
	span := now.Sub(first) - 7*24*time.Hour
	day := func(frac float64) time.Time {
		return workingMorning(first.Add(time.Duration(frac * float64(span)))).Add(30 * time.Minute)
	}
	at := func(t time.Time) { svc.Now = func() time.Time { return t } }
	login := func(l string) (*access.Principal, error) {
		u, err := s.UserByLogin(ctx, l)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", l, err)
		}
		return service.PrincipalOf(u), nil
	}
	coord, err := login("yingshang")
	if err != nil {
		return err
	}
	leader, err := login("fuquzhang")
	if err != nil {
		return err
	}
	depts, err := s.Departments(ctx, District)
	if err != nil {
		return err
	}
	deptID := map[string]int64{}
	for _, d := range depts {
		deptID[d.Code] = d.ID
	}
	leadFor := map[string]string{"funds": "czj", "financing": "jrb", "labor": "rsj", "power": "gdj", "land": "zrzyj", "approval": "spj", "other": "zjj", "policy": "kjj"}
	clerk := func(code string) *access.Principal {
		return &access.Principal{Login: "demo-" + code, Role: access.Department, RegionCode: District, RegionPrefix: District, DepartmentID: deptID[code]}
	}
	// solve takes a problem through 交办, 签收 and 办结 over the days after it
	// was raised.
	solve := func(c *model.Case, cat string, raised time.Time, finish bool) error {
		lead := leadFor[cat]
		at(raised.Add(2 * time.Hour))
		if _, err := svc.Assign(ctx, coord, c.ID, service.AssignInput{LeadDepartmentID: deptID[lead], Note: "请尽快对接企业"}); err != nil {
			return err
		}
		at(raised.Add(26 * time.Hour))
		if _, err := svc.Accept(ctx, clerk(lead), c.ID, "已签收"); err != nil {
			return err
		}
		if !finish {
			return nil
		}
		at(raised.Add(4 * 24 * time.Hour))
		_, err := svc.Resolve(ctx, clerk(lead), c.ID, "已协调解决，企业认可")
		return err
	}
	cats := []string{"funds", "labor", "power", "financing", "approval", "land", "other"}

	// 16 commissioner visits, each commissioner to enterprises it serves.
	var zy []*access.Principal
	for _, l := range []string{"zhuanyuan01", "zhuanyuan02", "zhuanyuan03", "zhuanyuan04"} {
		p, err := login(l)
		if err != nil {
			return err
		}
		zy = append(zy, p)
	}
	problemNo, total := 0, 0
	for _, n := range commissionerProblems {
		total += n
	}
	for i, n := range commissionerProblems {
		p := zy[i%len(zy)]
		served, err := s.CommissionerEnterprises(ctx, p.UserID)
		if err != nil || len(served) == 0 {
			return fmt.Errorf("demo: %s serves no enterprise (%v)", p.Login, err)
		}
		ent := served[(i/len(zy))%len(served)]
		visited := day(float64(i) / float64(len(commissionerProblems)))
		at(visited)
		var probs []service.ProblemInput
		var probCats []string
		for range n {
			cat := cats[problemNo%len(cats)]
			titles := problemTitles[cat]
			probs = append(probs, service.ProblemInput{Category: cat, Title: titles[problemNo%len(titles)]})
			probCats = append(probCats, cat)
			problemNo++
		}
		_, cases, err := svc.RecordVisit(ctx, p, service.VisitInput{EnterpriseID: ent.EnterpriseID, VisitedOn: model.DateOf(visited),
			Mode: model.ModeOnsite, Notes: "上门了解企业生产经营情况，宣传惠企政策", Problems: probs})
		if err != nil {
			return fmt.Errorf("demo commissioner visit: %w", err)
		}
		for j, c := range cases {
			done := problemNo-len(cases)+j < total-2 // the last two are still being handled
			if err := solve(c, probCats[j], visited, done); err != nil {
				return fmt.Errorf("demo visit problem: %w", err)
			}
		}
	}

	// 万人助万企: cadres' visits tagged with the campaign.
	// It runs through the demo's year and a quarter beyond.
	at(time.Date(from.Year, from.Month, from.Day, 9, 0, 0, 0, calendar.Shanghai))
	ends := to.Time(calendar.Shanghai).AddDate(0, 3, 0)
	camp, err := svc.CreateCampaign(ctx, coord, service.CampaignInput{Name: "万人助万企", StartsOn: from,
		EndsOn: model.DateOf(ends), Description: "入企帮扶，帮助企业解决资金、用工、用电等方面的问题"})
	if err != nil {
		return fmt.Errorf("demo campaign: %w", err)
	}
	cadres := []int64{leader.UserID}
	for _, l := range []string{"fgw01", "rsj01", "gdj01", "zrzy01"} {
		p, err := login(l)
		if err != nil {
			return err
		}
		cadres = append(cadres, p.UserID)
	}
	if _, err := svc.AddCampaignParticipants(ctx, coord, camp.ID, cadres); err != nil {
		return fmt.Errorf("demo campaign cadres: %w", err)
	}
	campCats := []string{"funds", "labor", "power", "funds", "labor", "power", "financing", "other"}
	const campaignVisits, perVisit, unsolved = 27, 3, 3 // 81 problems raised, 78 solved
	k := 0
	for i := range campaignVisits {
		ent := ents[(i*11+5)%len(ents)]
		visited := day(0.05 + 0.9*float64(i)/campaignVisits)
		at(visited)
		var probs []service.ProblemInput
		var probCats []string
		for range perVisit {
			cat := campCats[k%len(campCats)]
			titles := problemTitles[cat]
			probs = append(probs, service.ProblemInput{Category: cat, Title: titles[k%len(titles)]})
			probCats = append(probCats, cat)
			k++
		}
		_, cases, err := svc.RecordVisit(ctx, coord, service.VisitInput{EnterpriseID: ent.ID, VisitedOn: model.DateOf(visited), Mode: model.ModeOnsite,
			CampaignID: camp.ID, OfficialIDs: []int64{cadres[i%len(cadres)], cadres[(i+1)%len(cadres)]}, Notes: "万人助万企入企帮扶", Problems: probs})
		if err != nil {
			return fmt.Errorf("demo campaign visit: %w", err)
		}
		for j, c := range cases {
			done := k-len(cases)+j < campaignVisits*perVisit-unsolved
			if err := solve(c, probCats[j], visited, done); err != nil {
				return fmt.Errorf("demo campaign problem: %w", err)
			}
		}
	}

	// Two centralized events with consultations answered on the spot and
	// cost-reduction guidance.
	questions := []struct{ cat, q, a, dept string }{
		{"policy", "高新技术企业认定需要哪些条件？", "近一年研发费用占比、知识产权等要求，已发放申报指引", "kjj"},
		{"policy", "科技型中小企业如何入库？", "在全国平台自评价并提交材料，科技局协助审核", "kjj"},
		{"financing", "有没有无抵押的信用贷款产品？", "介绍了“豫正贷”等信用贷款产品", "jrb"},
		{"labor", "稳岗返还怎么申领？", "符合条件的企业免申即享，无需申请", "rsj"},
		{"funds", "技改补贴什么时候申报？", "每年三季度申报，工信局提前通知", "gxj"},
		{"legal", "劳动合同纠纷如何预防？", "提供了合同范本和用工风险提示", "fgw"},
		{"power", "峰谷电价如何执行？", "讲解了分时电价政策及错峰生产建议", "gdj"},
	}
	areas := []string{"管理咨询", "人力招聘", "法律服务"}
	guidedAt := 0
	for e, spec := range []struct {
		title string
		frac  float64
		n     int
	}{{"陕州区企业服务集中活动（春季）", 0.3, 21}, {"陕州区“面对面”政策宣讲暨集中活动", 0.75, 22}} {
		held := day(spec.frac)
		at(held.Add(8 * time.Hour))
		var cons []service.ConsultationInput
		for i := range spec.n {
			q := questions[(i+e)%len(questions)]
			cons = append(cons, service.ConsultationInput{EnterpriseID: ents[(i*7+e*3+1)%len(ents)].ID, Category: q.cat, Question: q.q,
				Answer: q.a, DepartmentID: deptID[q.dept]})
		}
		var guidance []service.GuidanceInput
		for range 4 {
			guidance = append(guidance, service.GuidanceInput{EnterpriseID: ents[(guidedAt*13+2)%len(ents)].ID, Area: areas[guidedAt%len(areas)],
				EstimatedSavingYuan: int64(20000 + 5000*guidedAt), Note: "梳理外包服务合同，建议集中采购"})
			guidedAt++
		}
		if _, err := svc.RecordEvent(ctx, coord, service.EventInput{Title: spec.title, Kind: "集中活动", HeldOn: model.DateOf(held),
			Place: "陕州区政务服务中心", OrganizerDepartmentID: deptID["yshj"], InvitedDepartmentIDs: []int64{deptID["kjj"], deptID["rsj"], deptID["jrb"], deptID["gdj"]},
			Consultations: cons, Guidance: guidance}); err != nil {
			return fmt.Errorf("demo event: %w", err)
		}
	}
	svc.Now = realNow
	return s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		return tx.PutSetting(ctx, networkSeeded, realNow().UTC().Format(time.RFC3339))
	})
}
