package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/web"
)

// client is one signed-in user: a bearer token for the API and a session
// for the pages.
type client struct {
	login   string
	token   string
	session string
	f       *fixture
	t       *testing.T
}

func (f *fixture) client(t *testing.T, login string) *client {
	t.Helper()
	tok, err := f.svc.CreateToken(ctx, nil, login, "test")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.svc.Login(ctx, login, password)
	if err != nil {
		t.Fatal(err)
	}
	return &client{login: login, token: tok, session: sess.Token, f: f, t: t}
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	c.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: c.session})
	}
	rec := httptest.NewRecorder()
	c.f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		c.t.Fatalf("%s GET %s: %d %.300s", c.login, path, rec.Code, rec.Body.String())
	}
	return rec
}

// apiCaseIDs is what GET /api/v1/cases lists for the client, sorted, after
// checking that the total agrees with the items.
func (c *client) apiCaseIDs() []int64 {
	c.t.Helper()
	list := decode[struct {
		Items []struct{ ID int64 }
		Total int
	}](c.t, c.get("/api/v1/cases?per_page=100"))
	var ids []int64
	for _, it := range list.Items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	if list.Total != len(ids) {
		c.t.Errorf("%s: total %d but %d items", c.login, list.Total, len(ids))
	}
	return ids
}

var caseLink = regexp.MustCompile(`href="/cases/(\d+)"`)

// pageCaseIDs is the cases the board (/cases, open cases) links to.
func (c *client) pageCaseIDs() []int64 {
	c.t.Helper()
	var ids []int64
	for _, m := range caseLink.FindAllStringSubmatch(c.get("/cases?all=1").Body.String(), -1) {
		var id int64
		fmt.Sscan(m[1], &id)
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func sorted(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// scopeWorld adds to the fixture what makes the case lists tell the roles
// apart, in both districts:
//   - Kev, the case the fixture's event consultation opened (A's, fgw);
//   - K5, C's case assigned to a second department of 陕州区 (zrzyj);
//   - K6, a case the commissioner raised for A on a visit;
//   - the commissioner serves C, and served A until released;
//   - in 湖滨区 (411202): K3 assigned to its own fgw, a user of every role
//     there, and a commissioner serving B.
type scopeWorld struct {
	*fixture
	K5, K6  *model.Case
	Kev     *model.Case // the fixture's event consultation: A's, answered by fgw
	clients map[string]*client
}

func newScopeWorld(t *testing.T, f *fixture) *scopeWorld {
	t.Helper()
	w := &scopeWorld{fixture: f, clients: map[string]*client{}}
	svc := f.svc
	ev, err := f.st.Cases(ctx, store.CaseScope{}, store.CaseFilter{Source: model.SourceEvent})
	if err != nil || ev.Total != 1 {
		t.Fatalf("the fixture's consultation case: %v %+v", err, ev)
	}
	w.Kev = ev.Items[0]
	root := &access.Principal{Role: access.Admin, Login: "root"}
	for _, d := range []service.DepartmentInput{
		{RegionCode: "411203", Code: "zrzyj", Name: "区自然资源局"},
		{RegionCode: "411202", Code: "fgw", Name: "湖滨区发展和改革委员会"},
	} {
		if _, err := svc.CreateDepartment(ctx, nil, d); err != nil {
			t.Fatal(err)
		}
	}
	zrzyj, err := f.st.DepartmentByCode(ctx, "411203", "zrzyj")
	if err != nil {
		t.Fatal(err)
	}
	hbfgw, err := f.st.DepartmentByCode(ctx, "411202", "fgw")
	if err != nil {
		t.Fatal(err)
	}
	users := []service.UserInput{
		{Login: "zrzyj", Role: access.Department, RegionCode: "411203", DepartmentCode: "zrzyj"},
		{Login: "hb-coordinator", Role: access.Coordinator, RegionCode: "411202"},
		{Login: "hb-leader", Role: access.Leader, RegionCode: "411202"},
		{Login: "hb-department", Role: access.Department, RegionCode: "411202", DepartmentCode: "fgw"},
		{Login: "hb-commissioner", Role: access.Commissioner, RegionCode: "411202"},
		{Login: "hb-idle-commissioner", Role: access.Commissioner, RegionCode: "411202"},
		{Login: "hb-enterprise", Role: access.Enterprise, RegionCode: "411202", EnterpriseID: f.B.ID},
	}
	ids := map[string]int64{}
	for _, in := range users {
		in.Name, in.Password = in.Login, password
		u, err := svc.CreateUser(ctx, nil, in)
		if err != nil {
			t.Fatalf("%s: %v", in.Login, err)
		}
		ids[in.Login] = u.ID
	}
	w.K5, _, err = svc.CreateCase(ctx, root, service.CaseInput{EnterpriseID: f.C.ID, Category: "用地", Title: "厂房用地指标"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Assign(ctx, root, w.K5.ID, service.AssignInput{LeadDepartmentID: zrzyj.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Assign(ctx, root, f.K3.ID, service.AssignInput{LeadDepartmentID: hbfgw.ID}); err != nil {
		t.Fatal(err)
	}
	comm, err := f.st.User(ctx, "", f.commID)
	if err != nil {
		t.Fatal(err)
	}
	w.K6, _, err = svc.CreateCase(ctx, service.PrincipalOf(comm), service.CaseInput{EnterpriseID: f.A.ID, Category: "用电", Title: "走访发现电压不稳"})
	if err != nil {
		t.Fatal(err)
	}
	sz := &access.Principal{Role: access.Coordinator, Login: "root", RegionCode: "411203", RegionPrefix: "411203"}
	if _, err := svc.AssignCommissioner(ctx, sz, f.A.ID, service.CommissionerInput{UserID: f.commID}); err != nil {
		t.Fatal(err)
	}
	if err := svc.ReleaseCommissioner(ctx, sz, f.A.ID, "企业另有专员对接"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AssignCommissioner(ctx, sz, f.C.ID, service.CommissionerInput{UserID: f.commID}); err != nil {
		t.Fatal(err)
	}
	hb := &access.Principal{Role: access.Coordinator, Login: "root", RegionCode: "411202", RegionPrefix: "411202"}
	if _, err := svc.AssignCommissioner(ctx, hb, f.B.ID, service.CommissionerInput{UserID: ids["hb-commissioner"]}); err != nil {
		t.Fatal(err)
	}
	for _, r := range access.Roles {
		w.clients[string(r)] = f.client(t, string(r))
	}
	for _, in := range users {
		w.clients[in.Login] = f.client(t, in.Login)
	}
	return w
}

// TestCaseListsByRole asserts what each role's case list holds, in the API
// and on the board, in two districts: a department only its assigned cases,
// a commissioner the cases of the enterprises it serves now and those it
// raised, an enterprise its own, a leader and a coordinator their whole
// district, and nobody anything of the other district.
func TestCaseListsByRole(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		w := newScopeWorld(t, f)
		district := sorted(f.K1.ID, f.K2.ID, f.K4.ID, w.K5.ID, w.K6.ID, w.Kev.ID)
		hubin := []int64{f.K3.ID}
		want := map[string][]int64{
			"admin":                district,
			"coordinator":          district,
			"leader":               district,
			"department":           sorted(f.K1.ID, f.K4.ID, w.Kev.ID),
			"zrzyj":                {w.K5.ID},
			"commissioner":         sorted(f.K2.ID, w.K5.ID, w.K6.ID),
			"enterprise":           sorted(f.K1.ID, f.K4.ID, w.K6.ID, w.Kev.ID),
			"hb-coordinator":       hubin,
			"hb-leader":            hubin,
			"hb-department":        hubin,
			"hb-commissioner":      hubin,
			"hb-idle-commissioner": nil,
			"hb-enterprise":        hubin,
		}
		for login, ids := range want {
			c := w.clients[login]
			if got := c.apiCaseIDs(); !slices.Equal(got, ids) {
				t.Errorf("GET /api/v1/cases as %s: %v, want %v", login, got, ids)
			}
			if got := c.pageCaseIDs(); !slices.Equal(got, ids) {
				t.Errorf("GET /cases as %s links to %v, want %v", login, got, ids)
			}
		}
		// A filter narrows within the scope, never past it.
		c := w.clients["department"]
		list := decode[struct{ Total int }](t, c.get(fmt.Sprintf("/api/v1/cases?enterprise_id=%d", f.C.ID)))
		if list.Total != 0 {
			t.Errorf("fgw filtering on C's cases sees %d, want 0 (K2 and K5 are not fgw's)", list.Total)
		}
		list = decode[struct{ Total int }](t, w.clients["zrzyj"].get(fmt.Sprintf("/api/v1/cases?department_id=%d", f.deptID)))
		if list.Total != 0 {
			t.Errorf("zrzyj filtering on fgw's cases sees %d, want 0", list.Total)
		}
	})
}

// TestAuditListByRegion: the audit API and page show a district's readers
// the rows of their district only, and a filter on another district's
// record returns nothing.
func TestAuditListByRegion(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		w := newScopeWorld(t, f)
		type row struct {
			Entity     string
			EntityID   string `json:"entity_id"`
			RegionCode string `json:"region_code"`
		}
		for _, c := range []struct {
			login, prefix string
			own, other    *model.Enterprise
		}{
			{"admin", "411203", f.A, f.B},
			{"coordinator", "411203", f.A, f.B},
			{"leader", "411203", f.A, f.B},
			{"hb-coordinator", "411202", f.B, f.A},
			{"hb-leader", "411202", f.B, f.A},
		} {
			cl := w.clients[c.login]
			list := decode[struct{ Items []row }](t, cl.get("/api/v1/audit"))
			if len(list.Items) == 0 {
				t.Fatalf("%s sees no audit rows", c.login)
			}
			for _, r := range list.Items {
				if !strings.HasPrefix(r.RegionCode, c.prefix) {
					t.Errorf("%s (%s) sees the audit row of %s %s in region %q", c.login, c.prefix, r.Entity, r.EntityID, r.RegionCode)
				}
			}
			own := decode[struct{ Items []row }](t, cl.get("/api/v1/audit?entity=enterprise&entity_id="+id(c.own.ID)))
			if len(own.Items) == 0 {
				t.Errorf("%s does not see the audit of its own district's enterprise", c.login)
			}
			other := decode[struct{ Items []row }](t, cl.get("/api/v1/audit?entity=enterprise&entity_id="+id(c.other.ID)))
			if len(other.Items) != 0 {
				t.Errorf("%s sees %d audit rows of the other district's enterprise", c.login, len(other.Items))
			}
			link := `href="/enterprises/` + id(c.other.ID) + `"`
			page := cl.get("/audit?entity=enterprise&entity_id=" + id(c.other.ID)).Body.String()
			if strings.Contains(page, link) || !strings.Contains(page, "没有符合条件的记录") {
				t.Errorf("the audit page filtered on the other district's enterprise is not empty for %s", c.login)
			}
			page = cl.get("/audit?entity=enterprise").Body.String()
			if strings.Contains(page, link) || !strings.Contains(page, `href="/enterprises/`+id(c.own.ID)+`"`) {
				t.Errorf("the audit page shows %s the other district's enterprise, or not its own", c.login)
			}
		}
	})
}

// TestUnboundUsersSeeNothing: an enterprise user bound to no enterprise and
// a department user of no department (left so by a deleted record or a
// hand-made row) reach no case and, for the enterprise user, no enterprise.
func TestUnboundUsersSeeNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		hash, err := service.HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		err = f.st.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			for _, u := range []*model.User{
				{Login: "lost-enterprise", Name: "未绑定企业", Role: access.Enterprise, RegionCode: "411203", PasswordHash: hash},
				{Login: "lost-clerk", Name: "未绑定部门", Role: access.Department, RegionCode: "411203", PasswordHash: hash},
			} {
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, login := range []string{"lost-enterprise", "lost-clerk"} {
			c := f.client(t, login)
			if ids := c.apiCaseIDs(); len(ids) != 0 {
				t.Errorf("%s lists cases %v", login, ids)
			}
			if ids := c.pageCaseIDs(); len(ids) != 0 {
				t.Errorf("the board shows %s cases %v", login, ids)
			}
			req := httptest.NewRequest("GET", "/api/v1/cases/"+id(f.K1.ID), nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s reading K1: %d, want 404", login, rec.Code)
			}
		}
		c := f.client(t, "lost-enterprise")
		list := decode[struct{ Total int }](t, c.get("/api/v1/enterprises"))
		if list.Total != 0 {
			t.Errorf("an enterprise user bound to none lists %d enterprises", list.Total)
		}
		req := httptest.NewRequest("GET", "/api/v1/enterprises/"+id(f.A.ID), nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound {
			t.Errorf("an enterprise user bound to none reading A: %d, want 404", rec.Code)
		}
	})
}
