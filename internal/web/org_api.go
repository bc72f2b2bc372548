package web

import (
	"net/http"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// orgAPI are the routes of the organisation: who is signed in, regions, departments, teams, users, tags, audit.
func (s *Server) orgAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/me", Allow: signedIn, Summary: "当前用户", handler: s.apiMe},
		{Method: "GET", Pattern: "/api/v1/regions", Allow: can(access.ReadOrg), Summary: "地区列表", handler: s.apiListRegions},
		{Method: "POST", Pattern: "/api/v1/regions", Allow: can(access.ManageOrg), Summary: "按行政区划代码设置地区", handler: s.apiSetupRegion},
		{Method: "GET", Pattern: "/api/v1/departments", Allow: can(access.ReadOrg), Summary: "部门列表", handler: s.apiListDepartments},
		{Method: "POST", Pattern: "/api/v1/departments", Allow: can(access.ManageOrg), Summary: "新增部门", handler: s.apiCreateDepartment},
		{Method: "GET", Pattern: "/api/v1/teams", Allow: can(access.ReadOrg), Summary: "专项服务团队列表", handler: s.apiListTeams},
		{Method: "POST", Pattern: "/api/v1/teams", Allow: can(access.ManageOrg), Summary: "新增专项服务团队", handler: s.apiCreateTeam},
		{Method: "GET", Pattern: "/api/v1/users", Allow: can(access.ManageUsers), Summary: "用户列表", handler: s.apiListUsers},
		{Method: "POST", Pattern: "/api/v1/users", Allow: can(access.ManageUsers), Summary: "新增用户", handler: s.apiCreateUser},
		{Method: "GET", Pattern: "/api/v1/tags", Allow: signedIn, Summary: "企业标签", handler: s.apiListTags},
		{Method: "POST", Pattern: "/api/v1/tags", Allow: can(access.ManageOrg), Summary: "新增企业标签", handler: s.apiCreateTag},
		{Method: "GET", Pattern: "/api/v1/industries", Allow: signedIn, Summary: "国民经济行业分类（GB/T 4754-2017）", handler: s.apiIndustries},
		{Method: "GET", Pattern: "/api/v1/audit", Allow: can(access.ReadAudit), Summary: "审计日志", handler: s.apiAudit},
	}
}

// meResponse is the signed-in user as the API shows it.
type meResponse struct {
	ID           int64       `json:"id"`
	Login        string      `json:"login"`
	Name         string      `json:"name"`
	Role         access.Role `json:"role"`
	RoleLabel    string      `json:"role_label"`
	RegionCode   string      `json:"region_code"`
	RegionName   string      `json:"region_name"`
	DepartmentID int64       `json:"department_id,omitempty"`
	EnterpriseID int64       `json:"enterprise_id,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	writeJSON(w, http.StatusOK, meResponse{ID: p.UserID, Login: p.Login, Name: p.Name, Role: p.Role, RoleLabel: p.Role.Label(),
		RegionCode: p.RegionCode, RegionName: division.FullName(p.RegionCode), DepartmentID: p.DepartmentID, EnterpriseID: p.EnterpriseID})
}

func (s *Server) apiListRegions(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Regions(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "地区")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiSetupRegion(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	n, err := s.svc.SetupRegion(r.Context(), p, in.Code)
	if err != nil {
		s.fail(w, r, err, "地区")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"added": n})
}

func (s *Server) apiListDepartments(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Departments(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "部门")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.DepartmentInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	d, err := s.svc.CreateDepartment(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "部门")
		return
	}
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiListTeams(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Teams(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "团队")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiCreateTeam(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.TeamInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	t, err := s.svc.CreateTeam(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "团队")
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiListUsers(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	role := access.Role(r.URL.Query().Get("role"))
	if role != "" && !role.Valid() {
		writeAPIError(w, service.Invalid("role", "未知角色"))
		return
	}
	list, err := s.svc.Store.Users(r.Context(), p.RegionPrefix, role)
	if err != nil {
		s.fail(w, r, err, "用户")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.UserInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	u, err := s.svc.CreateUser(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "用户")
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

func (s *Server) apiListTags(w http.ResponseWriter, r *http.Request) {
	tags, err := s.svc.Store.Tags(r.Context())
	if err != nil {
		s.fail(w, r, err, "标签")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(tags)})
}

func (s *Server) apiCreateTag(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in struct {
		Name string `json:"name"`
		Sort int    `json:"sort"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	if err := s.svc.CreateTag(r.Context(), p, in.Name, in.Sort); err != nil {
		s.fail(w, r, err, "标签")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"name": strings.TrimSpace(in.Name), "sort": in.Sort})
}

func (s *Server) apiIndustries(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"sections": industry.Sections(), "divisions": industry.Divisions()})
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	q := r.URL.Query()
	list, err := s.svc.Store.ListAudit(r.Context(), store.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Prefix: p.RegionPrefix, Limit: 200})
	if err != nil {
		s.fail(w, r, err, "审计记录")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}
