package service_test

import (
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// TestStatistics pins the briefing's figures on fixed records, on both
// engines.
func TestStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s) // clock: 2026-03-02 09:00
		u, err := w.svc.CreateUser(ctx, nil, service.UserInput{Login: "zy", Name: "孙海波", Role: access.Commissioner, RegionCode: "411203", Password: "password-1"})
		if err != nil {
			t.Fatal(err)
		}
		zy := service.PrincipalOf(u)
		code, _ := uscc.Build('9', '1', "411203", "MA000002")
		second, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: code, Name: "第二家企业", RegionCode: "411203"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CreateCampaign(ctx, w.coord, service.CampaignInput{Name: "企业也参加", StartsOn: date("2026-01-01"),
			ParticipantIDs: []int64{w.ent.UserID}}); errCode(err) != "invalid" {
			t.Fatalf("an enterprise user as a cadre: %v", err)
		}
		camp, err := w.svc.CreateCampaign(ctx, w.coord, service.CampaignInput{Name: "万人助万企", StartsOn: date("2026-01-01"), EndsOn: date("2026-12-31"),
			ParticipantIDs: []int64{zy.UserID}})
		if err != nil {
			t.Fatal(err)
		}
		_, first, err := w.svc.RecordVisit(ctx, zy, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-10"), CampaignID: camp.ID,
			Problems: []service.ProblemInput{{Category: "资金", Title: "贷款难"}, {Category: "用电", Title: "电压不稳"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.RecordVisit(ctx, zy, service.VisitInput{EnterpriseID: w.entID, VisitedOn: date("2026-02-20"),
			Problems: []service.ProblemInput{{Category: "用工", Title: "招工难"}}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.RecordVisit(ctx, zy, service.VisitInput{EnterpriseID: second.ID, VisitedOn: date("2026-02-25")}); err != nil {
			t.Fatal(err)
		}
		for _, c := range first {
			must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
			must(t)(w.svc.Accept(ctx, w.fgw, c.ID, ""))
			must(t)(w.svc.Resolve(ctx, w.fgw, c.ID, "已解决"))
		}
		if _, err := w.svc.RecordEvent(ctx, w.coord, service.EventInput{Title: "企业集中活动", Kind: "集中活动", HeldOn: date("2026-02-27"),
			Consultations: []service.ConsultationInput{
				{EnterpriseID: w.entID, Question: "科技型中小企业入库条件？", Answer: "营收与研发投入比例", DepartmentID: w.fgwID},
				{EnterpriseID: second.ID, Question: "稳岗返还如何申领？", Answer: "线上申领", DepartmentID: w.zrzyID},
				{EnterpriseID: second.ID, Question: "能否延期缴纳社保？"},
			},
			Guidance: []service.GuidanceInput{{EnterpriseID: w.entID, Area: "法律服务", EstimatedSavingYuan: 30000}, {EnterpriseID: second.ID, Area: "人力招聘"},
				{EnterpriseID: second.ID, Area: "管理咨询"}}}); err != nil {
			t.Fatal(err)
		}
		// The campaign's own figures: one visit to one enterprise under it,
		// its two problems solved, its cadres and their visits.
		if _, err := w.svc.AddCampaignParticipants(ctx, w.coord, camp.ID, []int64{w.fgw.UserID, zy.UserID}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddCampaignParticipants(ctx, w.fgw, camp.ID, []int64{w.fgw.UserID}); errCode(err) != "forbidden" {
			t.Fatalf("a clerk adding cadres: %v", err)
		}
		cf, err := w.svc.CampaignFigures(ctx, w.coord, camp.ID)
		if err != nil || cf.Visits != 1 || cf.EnterprisesReached != 1 || cf.ProblemsCollected != 2 || cf.ProblemsSolved != 2 || len(cf.ByCategory) != 2 ||
			len(cf.Participants) != 2 {
			t.Fatalf("campaign figures: %+v %v", cf, err)
		}
		// The list reads the same counts in one query.
		list, err := s.CampaignList(ctx, "411203")
		if err != nil || len(list) != 1 || list[0].ParticipantCount != 2 || list[0].Visits != cf.Visits || list[0].EnterprisesReached != cf.EnterprisesReached ||
			list[0].ProblemsCollected != cf.ProblemsCollected || list[0].ProblemsSolved != cf.ProblemsSolved {
			t.Fatalf("campaign list: %+v %v", list, err)
		}
		for _, p := range cf.Participants {
			if want := map[int64]int{zy.UserID: 1, w.fgw.UserID: 0}[p.UserID]; p.Visits != want {
				t.Fatalf("%s made %d campaign visits, want %d", p.Name, p.Visits, want)
			}
		}
		if _, err := w.svc.RecordEvent(ctx, w.coord, service.EventInput{Title: "无日期", Kind: "培训"}); errCode(err) != "invalid" {
			t.Fatalf("event with no date: %v", err)
		}
		received := at("2026-02-02 10:00")
		w.now = at("2026-02-02 11:00")
		comp, _, err := w.svc.CreateCase(ctx, w.coord, service.CaseInput{EnterpriseID: second.ID, Kind: model.KindComplaint, Category: "审批",
			Source: model.SourcePlatform, Title: "审批超时", ExternalID: "HN-1", ReceivedAt: &received})
		if err != nil {
			t.Fatal(err)
		}
		must(t)(w.svc.Assign(ctx, w.coord, comp.ID, service.AssignInput{LeadDepartmentID: w.fgwID}))
		must(t)(w.svc.Accept(ctx, w.fgw, comp.ID, ""))
		w.now = at("2026-02-26 11:00")
		must(t)(w.svc.Resolve(ctx, w.fgw, comp.ID, "已办结"))
		must(t)(w.svc.Rate(ctx, w.coord, comp.ID, service.RateInput{Satisfaction: 2}))
		w.now = at("2026-03-02 12:00")

		st, err := w.svc.Statistics(ctx, w.coord, date("2026-01-01"), date("2026-03-02"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{"visits": st.Visits, "enterprises_visited": st.EnterprisesVisited, "collected": st.ProblemsCollected,
			"solved": st.ProblemsSolved, "events": st.EventsHeld, "consultations": st.ConsultationsAnswered, "guided": st.EnterprisesGuided,
			"rated_2": st.Satisfaction[2], "commissioner_visits": st.CommissionerVisits, "commissioner_problems": st.CommissionerProblems,
			"commissioner_solved": st.CommissionerSolved}
		want := map[string]int{"visits": 3, "enterprises_visited": 2, "collected": 4, "solved": 3, "events": 1, "consultations": 2, "guided": 2, "rated_2": 1,
			"commissioner_visits": 3, "commissioner_problems": 3, "commissioner_solved": 2}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %d, want %d", k, got[k], v)
			}
		}
		bySource := map[string]store.Tally{}
		for _, x := range st.BySource {
			bySource[x.Key] = x
		}
		if v := bySource["visit"]; v.Collected != 3 || v.Solved != 2 || v.Name != "走访" {
			t.Errorf("visit problems %+v", v)
		}
		if len(st.ByCampaign) != 1 || st.ByCampaign[0].Name != "万人助万企" || st.ByCampaign[0].Collected != 2 || st.ByCampaign[0].Solved != 2 {
			t.Errorf("by campaign %+v", st.ByCampaign)
		}
		if len(st.ComplaintsResolved) != 1 || st.ComplaintsResolved[0].Key != "complaint_platform" || st.ComplaintsResolved[0].Solved != 1 {
			t.Errorf("complaints resolved %+v", st.ComplaintsResolved)
		}
		cats := map[string]int{}
		for _, x := range st.ByCategory {
			cats[x.Name] = x.Collected
		}
		if cats["资金"] != 1 || cats["用电"] != 1 || cats["用工"] != 1 || cats["审批"] != 1 {
			t.Errorf("by category %+v", st.ByCategory)
		}
		// A period before everything counts nothing.
		empty, _ := w.svc.Statistics(ctx, w.coord, date("2025-01-01"), date("2025-12-31"))
		if empty.Visits+empty.ProblemsCollected+empty.EventsHeld+empty.EnterprisesGuided != 0 {
			t.Errorf("2025: %+v", empty)
		}
		if _, err := w.svc.Statistics(ctx, w.fgw, date("2026-01-01"), date("2026-03-02")); errCode(err) != "forbidden" {
			t.Errorf("department reading statistics: %v", err)
		}
	})
}
