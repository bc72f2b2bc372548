package service_test

import (
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

func TestTeamServesEnterprises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		team, err := w.svc.CreateTeam(ctx, nil, service.TeamInput{RegionCode: "411203", Name: "科技创新服务团队", Focus: "高新技术企业培育"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetupRegion(ctx, nil, "411202"); err != nil {
			t.Fatal(err)
		}
		code, _ := uscc.Build('9', '1', "411202", "MA000009")
		other, err := w.svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin}, service.EnterpriseInput{USCC: code, Name: "湖滨企业", RegionCode: "411202"})
		if err != nil {
			t.Fatal(err)
		}
		ent, _ := w.svc.Enterprise(ctx, w.coord, w.entID)
		// By credit code (lower case and spaces forgiven); twice is once.
		n, err := w.svc.TeamServe(ctx, w.coord, team.ID, service.ServeInput{USCCs: []string{" " + lower(ent.USCC) + " "}})
		if err != nil || n != 1 {
			t.Fatalf("serve: %d %v", n, err)
		}
		if n, err := w.svc.TeamServe(ctx, w.coord, team.ID, service.ServeInput{EnterpriseIDs: []int64{w.entID}}); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		// Another district's enterprise, an unknown code, nothing at all,
		// or a department clerk: refused, nothing written.
		for name, c := range map[string]struct {
			p    *access.Principal
			in   service.ServeInput
			code string
		}{
			"other district": {w.coord, service.ServeInput{EnterpriseIDs: []int64{other.ID}}, "invalid"},
			"unknown code":   {w.coord, service.ServeInput{USCCs: []string{"91411203MA0000000X"}}, "invalid"},
			"empty":          {w.coord, service.ServeInput{}, "invalid"},
			"clerk":          {w.fgw, service.ServeInput{EnterpriseIDs: []int64{w.entID}}, "forbidden"},
		} {
			if _, err := w.svc.TeamServe(ctx, c.p, team.ID, c.in); errCode(err) != c.code {
				t.Fatalf("%s: %v, want %s", name, err, c.code)
			}
		}
		d, err := w.svc.Team(ctx, w.coord, team.ID)
		if err != nil || d.Enterprises != 1 || len(d.Served) != 1 || d.Served[0].ID != w.entID {
			t.Fatalf("team: %+v %v", d, err)
		}
		// The enterprise sees the team that serves it.
		teams, err := w.svc.EnterpriseTeams(ctx, w.ent, w.entID)
		if err != nil || len(teams) != 1 || teams[0].Name != "科技创新服务团队" {
			t.Fatalf("enterprise's teams: %+v %v", teams, err)
		}
		if err := w.svc.TeamUnserve(ctx, w.coord, team.ID, w.entID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.TeamUnserve(ctx, w.coord, team.ID, w.entID); errCode(err) != "not_found" {
			t.Fatalf("twice: %v", err)
		}
		if _, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit %v %+v", err, brk)
		}
	})
}

func lower(s string) string { return strings.ToLower(s) }
