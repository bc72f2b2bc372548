package web

import (
	"net/http"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/service"
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

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	return writeJSON(w, http.StatusOK, meResponse{ID: p.UserID, Login: p.Login, Name: p.Name, Role: p.Role, RoleLabel: p.Role.Label(),
		RegionCode: p.RegionCode, RegionName: division.FullName(p.RegionCode), DepartmentID: p.DepartmentID, EnterpriseID: p.EnterpriseID})
}

func (s *Server) apiListRegions(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Regions(r.Context(), principal(r))
	return reply(w, http.StatusOK, items(list), err)
}

func (s *Server) apiSetupRegion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := s.svc.SetupRegion(r.Context(), principal(r), in.Code)
	return reply(w, http.StatusOK, map[string]any{"added": n}, err)
}

func (s *Server) apiListDepartments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Departments(r.Context(), principal(r))
	return reply(w, http.StatusOK, items(list), err)
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request) error {
	var in service.DepartmentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.svc.CreateDepartment(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, d, err)
}

func (s *Server) apiListTeams(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Teams(r.Context(), principal(r))
	return reply(w, http.StatusOK, items(list), err)
}

func (s *Server) apiCreateTeam(w http.ResponseWriter, r *http.Request) error {
	var in service.TeamInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := s.svc.CreateTeam(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, t, err)
}

func (s *Server) apiListUsers(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Users(r.Context(), principal(r), access.Role(r.URL.Query().Get("role")))
	return reply(w, http.StatusOK, items(list), err)
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in service.UserInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := s.svc.CreateUser(r.Context(), principal(r), in)
	return reply(w, http.StatusCreated, u, err)
}

func (s *Server) apiListTags(w http.ResponseWriter, r *http.Request) error {
	tags, err := s.svc.Tags(r.Context())
	return reply(w, http.StatusOK, items(tags), err)
}

func (s *Server) apiCreateTag(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
		Sort int    `json:"sort"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	err := s.svc.CreateTag(r.Context(), principal(r), in.Name, in.Sort)
	return reply(w, http.StatusCreated, map[string]any{"name": strings.TrimSpace(in.Name), "sort": in.Sort}, err)
}

func (s *Server) apiIndustries(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]any{"sections": industry.Sections(), "divisions": industry.Majors()})
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.Audit(r.Context(), principal(r), q.Get("entity"), q.Get("entity_id"))
	return reply(w, http.StatusOK, items(list), err)
}
