package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
	"github.com/zhuqi-gov/zhuqi/internal/web"
)

var ctx = context.Background()

const password = "test-password"

// fixture is a server over a fresh store with one user of every role in
// 陕州区 (411203) and three enterprises: A (the enterprise user's own), C
// (another in the district) and B (in 湖滨区 411202, outside everyone's reach).
type fixture struct {
	t       testing.TB
	svc     *service.Service
	st      *store.Store // the fixture's own handle on the database, for what the API does not show
	srv     *web.Server
	h       http.Handler
	A, B, C *model.Enterprise
	// K1: A's case, in progress at fgw; K2: C's case, not yet assigned;
	// K3: B's case in the other district; K4: A's second case at fgw.
	K1, K2, K3, K4 *model.Case
	deptID         int64
	commID         int64 // the commissioner user
	attachmentID   int64
	eventID        int64 // an event in 411203 with A taking part
	otherEventID   int64 // an event in 411202
	campaignID     int64 // a campaign in 411203
	otherCampaign  int64 // a campaign in 411202
	teamID         int64 // a team in 411203
	otherTeam      int64 // a team in 411202
	tokens         map[access.Role]string
	session        map[access.Role][2]string // cookie token, CSRF token
}

// validUSCC builds a valid code from a short serial.
func validUSCC(t testing.TB, region string, serial int) string {
	t.Helper()
	body := []byte("MA000000")
	for i := 7; i >= 2 && serial > 0; i-- {
		body[i] = "0123456789"[serial%10]
		serial /= 10
	}
	code, err := uscc.Build('9', '1', region, string(body))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func newFixture(t testing.TB, engine store.Engine) *fixture {
	t.Helper()
	s := storetest.Open(t, engine)
	svc := service.New(s)
	f := &fixture{t: t, svc: svc, st: s, tokens: map[access.Role]string{}, session: map[access.Role][2]string{}}
	for _, code := range []string{"411203", "411202"} {
		if _, err := svc.SetupRegion(ctx, nil, code); err != nil {
			t.Fatal(err)
		}
	}
	for _, tag := range []string{"高新技术企业", "专精特新"} {
		if err := svc.CreateTag(ctx, nil, tag, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CreateDepartment(ctx, nil, service.DepartmentInput{RegionCode: "411203", Code: "fgw", Name: "区发展和改革委员会"}); err != nil {
		t.Fatal(err)
	}
	mk := func(serial int, name, region, township string) *model.Enterprise {
		e, err := svc.CreateEnterprise(ctx, &access.Principal{Role: access.Admin, RegionPrefix: ""}, service.EnterpriseInput{
			USCC: validUSCC(t, region, serial), Name: name, RegionCode: region, TownshipCode: township, IndustryCode: "C39",
			Scale: model.ScaleSmall, Tags: []string{"专精特新"}})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	f.A = mk(1, "三门峡甲电子科技有限公司", "411203", "411203001")
	f.C = mk(2, "陕州乙食品有限公司", "411203", "")
	f.B = mk(3, "湖滨丙商贸有限公司", "411202", "")
	for _, role := range access.Roles {
		in := service.UserInput{Login: string(role), Name: role.Label(), Role: role, RegionCode: "411203", Password: password}
		switch role {
		case access.Department:
			in.DepartmentCode = "fgw"
		case access.Enterprise:
			in.EnterpriseID = f.A.ID
		}
		if _, err := svc.CreateUser(ctx, nil, in); err != nil {
			t.Fatal(err)
		}
		tok, err := svc.CreateToken(ctx, nil, string(role), "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = tok
		sess, err := svc.Login(ctx, string(role), password)
		if err != nil {
			t.Fatal(err)
		}
		f.session[role] = [2]string{sess.Token, sess.CSRF}
	}
	root := &access.Principal{Role: access.Admin, Login: "root"}
	mkCase := func(e *model.Enterprise, title string) *model.Case {
		c, _, err := svc.CreateCase(ctx, root, service.CaseInput{EnterpriseID: e.ID, Category: "资金", Title: title})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	dept, err := s.DepartmentByCode(ctx, "411203", "fgw")
	if err != nil {
		t.Fatal(err)
	}
	f.deptID = dept.ID
	comm, err := s.UserByLogin(ctx, string(access.Commissioner))
	if err != nil {
		t.Fatal(err)
	}
	f.commID = comm.ID
	clerk, err := s.UserByLogin(ctx, string(access.Department))
	if err != nil {
		t.Fatal(err)
	}
	f.K1, f.K2, f.K3, f.K4 = mkCase(f.A, "贷款贴息"), mkCase(f.C, "用工招聘"), mkCase(f.B, "外区事项"), mkCase(f.A, "供电扩容")
	for _, c := range []*model.Case{f.K1, f.K4} {
		if _, err := svc.Assign(ctx, root, c.ID, service.AssignInput{LeadDepartmentID: dept.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accept(ctx, service.PrincipalOf(clerk), c.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	att := &store.Attachment{CaseID: f.K1.ID, Name: "说明.txt", ContentType: "text/plain; charset=utf-8", Size: 6, SHA256: "x", Data: []byte("说明")}
	if err := svc.Attach(ctx, root, att); err != nil {
		t.Fatal(err)
	}
	f.attachmentID = att.ID
	for i, region := range []string{"411203", "411202"} {
		organizer := &access.Principal{Role: access.Admin, Login: "root", RegionCode: region, RegionPrefix: region}
		in := service.EventInput{Title: "政策宣讲会", Kind: "政策宣讲", HeldOn: model.Date{Year: 2026, Month: 3, Day: 2}}
		if i == 0 {
			// A consulted there, so it took part without being listed.
			in.Consultations = []service.ConsultationInput{{EnterpriseID: f.A.ID, Question: "研发费用加计扣除怎么申报？", Answer: "按季度预缴时即可享受", DepartmentID: dept.ID}}
		}
		team, err := svc.CreateTeam(ctx, nil, service.TeamInput{RegionCode: region, Name: "经济运行服务团队"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.teamID = team.ID
		} else {
			f.otherTeam = team.ID
		}
		camp, err := svc.CreateCampaign(ctx, organizer, service.CampaignInput{Name: "助企专项", StartsOn: model.Date{Year: 2026, Month: 1, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.campaignID = camp.ID
		} else {
			f.otherCampaign = camp.ID
		}
		ev, err := svc.RecordEvent(ctx, organizer, in)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.eventID = ev.Event.ID
		} else {
			f.otherEventID = ev.Event.ID
		}
	}
	f.srv = web.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.h = f.srv.Handler()
	return f
}

// do sends a request as role ("" for anonymous): bearer token on API
// paths, session cookie and CSRF header elsewhere.
func (f *fixture) do(role access.Role, method, path, contentType string, body io.Reader) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+f.tokens[role])
		} else {
			sess := f.session[role]
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: sess[0]})
			req.Header.Set("X-CSRF-Token", sess[1])
		}
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func (f *fixture) json(role access.Role, method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	return f.do(role, method, path, "application/json", r)
}
