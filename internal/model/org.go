package model

import (
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
)

// Region is one administrative division zhuqi serves (省 > 市 > 区/县 > 乡镇/街道).
type Region struct {
	Code       string    `json:"code"` // GB/T 2260 display code: 410000, 411200, 411203, 411203001
	Name       string    `json:"name"`
	Level      int       `json:"level"` // 1 province … 4 township
	ParentCode string    `json:"parent_code,omitempty"`
	Prefix     string    `json:"-"` // code prefix shared by the subtree
	CreatedAt  time.Time `json:"created_at"`
}

// Department is a functional department (职能部门) of a region, or another
// unit that takes assignments (the power company, the tax bureau …).
type Department struct {
	ID         int64     `json:"id"`
	RegionCode string    `json:"region_code"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"` // department | office | unit
	Phone      string    `json:"phone"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Team is a special service team (专项服务团队) such as 经济运行 or 科技创新.
type Team struct {
	ID         int64        `json:"id"`
	RegionCode string       `json:"region_code"`
	Name       string       `json:"name"`
	Focus      string       `json:"focus"`
	Members    []TeamMember `json:"members"`
	// Enterprises is how many enterprises the team serves.
	Enterprises int       `json:"enterprises"`
	CreatedAt   time.Time `json:"created_at"`
}

// TeamMember is a user on a team.
type TeamMember struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Duty   string `json:"duty"`
}

// User is an account. PasswordHash never leaves the store layer in JSON.
type User struct {
	ID           int64       `json:"id"`
	Login        string      `json:"login"`
	Name         string      `json:"name"`
	Role         access.Role `json:"role"`
	RegionCode   string      `json:"region_code"`
	DepartmentID int64       `json:"department_id,omitempty"`
	EnterpriseID int64       `json:"enterprise_id,omitempty"`
	Phone        string      `json:"phone"`
	PasswordHash string      `json:"-"`
	Disabled     bool        `json:"disabled"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}
