package org

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// Service is the rules of the organisation and of signing in, over one
// store.
type Service struct {
	*core.Clock
	db     *store.Store
	tokens tokenCache
}

// New returns the organisation's rules on db, at clock's time.
func New(clock *core.Clock, db *store.Store) *Service {
	return &Service{Clock: clock, db: db}
}

func regionOf(d division.Division) *model.Region {
	return &model.Region{Code: d.Code, Name: d.Name, Level: int(d.Level), ParentCode: d.Parent, Prefix: division.Prefix(d.Code)}
}

// SetupRegion adds a region from the GB/T 2260 data with its ancestors and,
// for a county or district, its townships, so an administrator sets a real
// district up by its code alone. It returns how many regions were added;
// running it again adds nothing.
func (s *Service) SetupRegion(ctx context.Context, p *access.Principal, code string) (int, error) {
	if p != nil && !p.Can(access.ManageOrg) {
		return 0, fault.Forbidden()
	}
	norm, err := division.Normalize(code)
	if err != nil {
		return 0, fault.Invalid("code", err.Error())
	}
	d, ok := division.Lookup(norm)
	if !ok {
		return 0, fault.Invalid("code", fmt.Sprintf("行政区划代码 %s 不存在（GB/T 2260）", norm))
	}
	if p != nil && !p.InRegion(d.Code) {
		return 0, fault.Forbidden()
	}
	list := append(division.Ancestors(d.Code), d)
	if d.Level == division.County {
		list = append(list, division.Children(d.Code)...)
	}
	added := 0
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		for _, x := range list {
			ok, err := tx.PutRegion(ctx, regionOf(x))
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	return added, err
}

// DepartmentInput is what creates a department.
type DepartmentInput struct {
	RegionCode string `json:"region_code"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Phone      string `json:"phone"`
}

// CreateDepartment adds a department to a region the principal manages.
func (s *Service) CreateDepartment(ctx context.Context, p *access.Principal, in DepartmentInput) (*model.Department, error) {
	if p != nil && !p.Can(access.ManageOrg) {
		return nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	if in.RegionCode == "" && p != nil {
		in.RegionCode = p.RegionCode
	}
	if !core.ValidCode(in.Code) {
		fe.Add("code", "部门编码为 1–32 位字母、数字、连字符或下划线")
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		fe.Add("name", "部门名称不能为空，且不超过100字")
	}
	switch in.Kind {
	case "", "department", "office", "unit":
	default:
		fe.Add("kind", "部门类型应为 department（职能部门）、office（牵头办公室）或 unit（其他单位）")
	}
	if err := s.checkRegion(ctx, p, "region_code", in.RegionCode); err != nil {
		fe = append(fe, err)
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	d := &model.Department{RegionCode: in.RegionCode, Code: in.Code, Name: in.Name, Kind: in.Kind, Phone: in.Phone}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.CreateDepartment(ctx, d) })
	return d, err
}

// checkRegion checks that a region is set up and inside p's reach.
func (s *Service) checkRegion(ctx context.Context, p *access.Principal, field, code string) *model.FieldError {
	if code == "" {
		return &model.FieldError{Field: field, Message: "请填写所属地区代码"}
	}
	if _, err := s.db.Region(ctx, code); err != nil {
		return &model.FieldError{Field: field, Message: fmt.Sprintf("地区 %s 尚未设置", code)}
	}
	if p != nil && !p.InRegion(code) {
		return &model.FieldError{Field: field, Message: fmt.Sprintf("地区 %s 不在您的管辖范围内", code)}
	}
	return nil
}

// TeamInput is what creates a special service team.
type TeamInput struct {
	RegionCode string             `json:"region_code"`
	Name       string             `json:"name"`
	Focus      string             `json:"focus"`
	Members    []model.TeamMember `json:"members"`
}

// CreateTeam adds a special service team (专项服务团队).
func (s *Service) CreateTeam(ctx context.Context, p *access.Principal, in TeamInput) (*model.Team, error) {
	if p != nil && !p.Can(access.ManageOrg) {
		return nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	if in.RegionCode == "" && p != nil {
		in.RegionCode = p.RegionCode
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		fe.Add("name", "团队名称不能为空，且不超过100字")
	}
	if err := s.checkRegion(ctx, p, "region_code", in.RegionCode); err != nil {
		fe = append(fe, err)
	}
	prefix := division.Prefix(in.RegionCode)
	for i, m := range in.Members {
		if _, err := s.db.User(ctx, prefix, m.UserID); err != nil {
			fe.Add(fmt.Sprintf("members[%d].user_id", i), fmt.Sprintf("用户 %d 不存在或不在该地区", m.UserID))
		}
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	t := &model.Team{RegionCode: in.RegionCode, Name: in.Name, Focus: in.Focus, Members: in.Members}
	if t.Members == nil {
		t.Members = []model.TeamMember{}
	}
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.CreateTeam(ctx, t) })
	return t, err
}

// UserInput is what creates a user.
type UserInput struct {
	Login          string      `json:"login"`
	Name           string      `json:"name"`
	Role           access.Role `json:"role"`
	RegionCode     string      `json:"region_code"`
	DepartmentCode string      `json:"department_code"`
	DepartmentID   int64       `json:"department_id"`
	EnterpriseID   int64       `json:"enterprise_id"`
	EnterpriseUSCC string      `json:"enterprise_uscc"`
	Phone          string      `json:"phone"`
	Password       string      `json:"password"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// CreateUser adds a user after checking its role's bindings: a department
// user belongs to a department, an enterprise user to an enterprise.
func (s *Service) CreateUser(ctx context.Context, p *access.Principal, in UserInput) (*model.User, error) {
	if p != nil && !p.Can(access.ManageUsers) {
		return nil, fault.Forbidden()
	}
	var fe model.FieldErrors
	in.Login = strings.TrimSpace(in.Login)
	if !core.ValidCode(in.Login) {
		fe.Add("login", "登录名为 1–32 位字母、数字、连字符或下划线")
	}
	if !in.Role.Valid() {
		fe.Add("role", "角色应为 admin、coordinator、leader、department、commissioner 或 enterprise")
	}
	if utf8.RuneCountInString(in.Password) < MinPasswordLength {
		fe.Add("password", fmt.Sprintf("密码至少 %d 位", MinPasswordLength))
	}
	if err := s.checkRegion(ctx, p, "region_code", in.RegionCode); err != nil {
		fe = append(fe, err)
	}
	u := &model.User{Login: in.Login, Name: strings.TrimSpace(in.Name), Role: in.Role, RegionCode: in.RegionCode, Phone: in.Phone}
	if len(fe) == 0 {
		switch in.Role {
		case access.Department:
			var d *model.Department
			var err error
			if in.DepartmentID != 0 {
				d, err = s.db.Department(ctx, division.Prefix(in.RegionCode), in.DepartmentID)
			} else {
				d, err = s.db.DepartmentByCode(ctx, in.RegionCode, in.DepartmentCode)
			}
			if err != nil {
				fe.Add("department_code", "部门经办人须属于本地区的一个部门")
			} else {
				u.DepartmentID = d.ID
			}
		case access.Enterprise:
			scope := access.Scope{Prefix: division.Prefix(in.RegionCode)}
			var e *model.Enterprise
			var err error
			if in.EnterpriseID != 0 {
				e, err = s.db.Enterprise(ctx, scope, in.EnterpriseID)
			} else {
				e, err = s.db.EnterpriseByUSCC(ctx, scope, in.EnterpriseUSCC)
			}
			if err != nil {
				fe.Add("enterprise_uscc", "企业用户须绑定本地区的一家企业")
			} else {
				u.EnterpriseID = e.ID
			}
		}
	}
	if err := fault.FromFields(fe); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.CreateUser(ctx, u) })
	return u, err
}

// PrincipalOf builds the principal a user acts as.
func PrincipalOf(u *model.User) *access.Principal {
	return &access.Principal{
		UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role,
		RegionCode: u.RegionCode, RegionPrefix: division.Prefix(u.RegionCode),
		DepartmentID: u.DepartmentID, EnterpriseID: u.EnterpriseID,
	}
}

// CreateTag defines a new enterprise tag.
func (s *Service) CreateTag(ctx context.Context, p *access.Principal, name string, sort int) error {
	if p != nil && !p.Can(access.ManageOrg) {
		return fault.Forbidden()
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 30 || strings.ContainsAny(name, "、,，;；|") {
		return fault.Invalid("name", "标签名不能为空、不超过30字，且不含分隔符（、,;|）")
	}
	return s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.PutTag(ctx, name, sort) })
}
