// Package access holds zhuqi's roles and the rules of who may read and
// write what. It does no I/O: handlers ask it, the store applies the scope.
package access

import "strings"

// Role is a user's role; the README's table of roles says what each may reach.
type Role string

// The roles, from widest to narrowest reach.
const (
	Admin        Role = "admin"        // 系统管理员
	Coordinator  Role = "coordinator"  // 牵头办公室
	Leader       Role = "leader"       // 区领导
	Department   Role = "department"   // 部门经办人
	Commissioner Role = "commissioner" // 服务专员
	Enterprise   Role = "enterprise"   // 企业用户
)

// Roles lists every role in display order.
var Roles = []Role{Admin, Coordinator, Leader, Department, Commissioner, Enterprise}

var roleNames = map[Role]string{
	Admin: "系统管理员", Coordinator: "牵头办公室", Leader: "区领导",
	Department: "部门经办人", Commissioner: "服务专员", Enterprise: "企业用户",
}

// Label is the role's Chinese name.
func (r Role) Label() string { return roleNames[r] }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleNames[r]; return ok }

// Principal is the authenticated user a request acts for.
type Principal struct {
	UserID       int64
	Login        string
	Name         string
	Role         Role
	RegionCode   string // display code of the user's region
	RegionPrefix string // code prefix of the user's region subtree
	DepartmentID int64  // for department users
	EnterpriseID int64  // for enterprise users
	CSRFToken    string // set for browser sessions; empty for API tokens
}

// Scope is what a principal may see: a region subtree and, for enterprise
// users, one enterprise. Stores add it to every query.
type Scope struct {
	Prefix       string // region code prefix; records outside it are invisible
	EnterpriseID int64  // when not 0, only this enterprise's records
}

// Scope returns the reach of p's reads.
func (p *Principal) Scope() Scope {
	s := Scope{Prefix: p.RegionPrefix}
	if p.Role == Enterprise {
		s.EnterpriseID = p.EnterpriseID
		if s.EnterpriseID == 0 {
			s.EnterpriseID = -1 // an enterprise user not bound to one sees nothing
		}
	}
	return s
}

// InRegion reports whether a record with region code c is inside p's region.
func (p *Principal) InRegion(c string) bool { return strings.HasPrefix(c, p.RegionPrefix) }

// Action is something a principal may be allowed to do.
type Action string

// Actions checked by handlers.
const (
	ReadEnterprises   Action = "enterprises.read"
	WriteEnterprises  Action = "enterprises.write"   // create, update any field, import
	EditOwnEnterprise Action = "enterprises.editown" // an enterprise updates its own contacts
	ExportEnterprises Action = "enterprises.export"
	ReadOrg           Action = "org.read"
	ManageOrg         Action = "org.manage" // regions, departments, teams, tags
	ManageUsers       Action = "users.manage"
	ReadAudit         Action = "audit.read"
	ReadCases         Action = "cases.read"
	CreateCases       Action = "cases.create"
	ManageCases       Action = "cases.manage" // 交办, 督办, 销号, extensions, suspension
	HandleCases       Action = "cases.handle" // a department works the cases assigned to it
	RateCases         Action = "cases.rate"   // an enterprise rates the handling of its own cases
	ManageCalendar    Action = "calendar.manage"
)

var grants = map[Role][]Action{
	Admin:        {ReadEnterprises, WriteEnterprises, ExportEnterprises, ReadOrg, ManageOrg, ManageUsers, ReadAudit, ReadCases, CreateCases, ManageCases, ManageCalendar},
	Coordinator:  {ReadEnterprises, WriteEnterprises, ExportEnterprises, ReadOrg, ManageOrg, ReadAudit, ReadCases, CreateCases, ManageCases},
	Leader:       {ReadEnterprises, ExportEnterprises, ReadOrg, ReadAudit, ReadCases},
	Department:   {ReadEnterprises, ReadOrg, ReadCases, HandleCases},
	Commissioner: {ReadEnterprises, ReadOrg, ReadCases, CreateCases},
	Enterprise:   {ReadEnterprises, EditOwnEnterprise, ReadCases, CreateCases, RateCases},
}

// Can reports whether p's role allows a.
func (p *Principal) Can(a Action) bool {
	if p == nil {
		return false
	}
	for _, g := range grants[p.Role] {
		if g == a {
			return true
		}
	}
	return false
}
