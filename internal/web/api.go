package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

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

// listParams reads paging: page (from 1) and per_page (1–200, default 20).
func listParams(r *http.Request) (limit, offset int, err *service.Error) {
	q := r.URL.Query()
	page, per := 1, 20
	if v := q.Get("page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 1_000_000 {
			return 0, 0, service.Invalid("page", "page 应为正整数")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 200 {
			return 0, 0, service.Invalid("per_page", "per_page 应为 1–200 的整数")
		}
		per = n
	}
	return per, (page - 1) * per, nil
}

func enterpriseFilter(r *http.Request) (store.EnterpriseFilter, *service.Error) {
	q := r.URL.Query()
	f := store.EnterpriseFilter{Q: strings.TrimSpace(q.Get("q")), Tag: q.Get("tag"), TownshipCode: q.Get("township")}
	if len([]rune(f.Q)) > 100 {
		return f, service.Invalid("q", "搜索词不超过100字")
	}
	if v := strings.ToUpper(q.Get("industry")); v != "" {
		if len(v) != 1 {
			if _, ok := industry.Lookup(v); !ok {
				return f, service.Invalid("industry", "行业代码应为门类字母（如 C）或门类加大类（如 C39）")
			}
		} else if v < "A" || v > "T" {
			return f, service.Invalid("industry", "行业门类应为 A–T")
		}
		f.Industry = v
	}
	if v := q.Get("scale"); v != "" {
		sc, ok := model.ParseScale(v)
		if !ok {
			return f, service.Invalid("scale", "企业规模应为 large、medium、small 或 micro")
		}
		f.Scale = sc
	}
	limit, offset, err := listParams(r)
	f.Limit, f.Offset = limit, offset
	return f, err
}

type enterpriseList struct {
	Items   []*model.Enterprise `json:"items"`
	Total   int                 `json:"total"`
	Page    int                 `json:"page"`
	PerPage int                 `json:"per_page"`
}

func (s *Server) apiListEnterprises(w http.ResponseWriter, r *http.Request) {
	f, ferr := enterpriseFilter(r)
	if ferr != nil {
		writeAPIError(w, ferr)
		return
	}
	page, err := s.svc.Enterprises(r.Context(), principal(r), f)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, enterpriseList{Items: page.Items, Total: page.Total, Page: f.Offset/f.Limit + 1, PerPage: f.Limit})
}

func (s *Server) apiCreateEnterprise(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(access.WriteEnterprises) {
		writeAPIError(w, service.Forbidden())
		return
	}
	var in service.EnterpriseInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	e, err := s.svc.CreateEnterprise(r.Context(), principal(r), in)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+strconv.FormatInt(e.ID, 10))
	writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiGetEnterprise(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	e, err := s.svc.Enterprise(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiPatchEnterprise(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.WriteEnterprises) && !p.Can(access.EditOwnEnterprise) {
		writeAPIError(w, service.Forbidden())
		return
	}
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	var patch service.EnterprisePatch
	if err := decodeJSON(w, r, &patch); err != nil {
		writeAPIError(w, err)
		return
	}
	e, err := s.svc.UpdateEnterprise(r.Context(), p, id, patch)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// apiImportEnterprises takes a multipart upload (field "file") or the file
// itself as the body (with ?filename=… as a hint of its type).
func (s *Server) apiImportEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.WriteEnterprises) {
		writeAPIError(w, service.Forbidden())
		return
	}
	body, name, cleanup, ferr := uploadedFile(w, r)
	if ferr != nil {
		writeAPIError(w, ferr)
		return
	}
	defer cleanup()
	rep, err := s.svc.ImportEnterprises(r.Context(), p, body, name)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiListRegions(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ReadOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
	list, err := s.svc.Store.Regions(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "地区")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiSetupRegion(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ManageOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ReadOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
	list, err := s.svc.Store.Departments(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "部门")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ManageOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ReadOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
	list, err := s.svc.Store.Teams(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "团队")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (s *Server) apiCreateTeam(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(access.ManageOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ManageUsers) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ManageUsers) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ManageOrg) {
		writeAPIError(w, service.Forbidden())
		return
	}
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
	if !p.Can(access.ReadAudit) {
		writeAPIError(w, service.Forbidden())
		return
	}
	q := r.URL.Query()
	list, err := s.svc.Store.ListAudit(r.Context(), store.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Prefix: p.RegionPrefix, Limit: 200})
	if err != nil {
		s.fail(w, r, err, "审计记录")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
