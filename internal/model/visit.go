package model

import "time"

// VisitMode is how a visit was made.
type VisitMode string

// Visit modes.
const (
	ModeOnsite VisitMode = "onsite" // 上门
	ModePhone  VisitMode = "phone"  // 电话
	ModeOnline VisitMode = "online" // 线上
	ModeEvent  VisitMode = "event"  // 集中活动
)

// VisitModes lists the modes in display order.
var VisitModes = []VisitMode{ModeOnsite, ModePhone, ModeOnline, ModeEvent}

var visitModeNames = map[VisitMode]string{ModeOnsite: "上门", ModePhone: "电话", ModeOnline: "线上", ModeEvent: "集中活动"}

// Label is the mode's Chinese name; "" for an unknown mode.
func (m VisitMode) Label() string { return visitModeNames[m] }

// Campaign is a 专项活动 such as 万人助万企.
type Campaign struct {
	ID          int64     `json:"id"`
	RegionCode  string    `json:"region_code"`
	Name        string    `json:"name"`
	StartsOn    Date      `json:"starts_on"`
	EndsOn      Date      `json:"ends_on"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

// Covers reports whether d falls in the campaign's period.
func (c *Campaign) Covers(d Date) bool {
	return !c.StartsOn.After(d) && (c.EndsOn.IsZero() || !d.After(c.EndsOn))
}

// VisitPerson is someone who made a visit.
type VisitPerson struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"` // commissioner, official
}

// Visit is a 走访: who went to which enterprise when, and the problems
// raised (each a case linked back to the visit).
type Visit struct {
	ID             int64         `json:"id"`
	RegionCode     string        `json:"region_code"`
	ScopeCode      string        `json:"-"`
	EnterpriseID   int64         `json:"enterprise_id"`
	EnterpriseName string        `json:"enterprise_name"`
	VisitedOn      Date          `json:"visited_on"`
	Mode           VisitMode     `json:"mode"`
	CampaignID     int64         `json:"campaign_id,omitempty"`
	Notes          string        `json:"notes"`
	People         []VisitPerson `json:"people"`
	CaseIDs        []int64       `json:"case_ids"`
	CreatedBy      int64         `json:"created_by"`
	CreatedAt      time.Time     `json:"created_at"`
}

// EventKinds are the kinds of events (活动) the office holds.
var EventKinds = []string{"政策宣讲", "集中活动", "面对面", "培训"}

// Event is a policy briefing, centralized event, face-to-face session or
// training.
type Event struct {
	ID                    int64     `json:"id"`
	RegionCode            string    `json:"region_code"`
	Title                 string    `json:"title"`
	Kind                  string    `json:"kind"`
	HeldOn                Date      `json:"held_on"`
	Place                 string    `json:"place"`
	OrganizerDepartmentID int64     `json:"organizer_department_id,omitempty"`
	InvitedDepartmentIDs  []int64   `json:"invited_department_ids"`
	EnterpriseIDs         []int64   `json:"enterprise_ids"`
	Notes                 string    `json:"notes"`
	CreatedAt             time.Time `json:"created_at"`
}

// CostAreas are the areas of cost-reduction guidance (指导降低经营支出).
var CostAreas = []string{"管理咨询", "人力招聘", "法律服务", "财税代理", "物流运输", "能源费用", "其他"}

// Guidance is a piece of cost-reduction guidance given to an enterprise.
type Guidance struct {
	ID                  int64     `json:"id"`
	EnterpriseID        int64     `json:"enterprise_id"`
	EventID             int64     `json:"event_id,omitempty"`
	VisitID             int64     `json:"visit_id,omitempty"`
	Area                string    `json:"area"`
	EstimatedSavingYuan int64     `json:"estimated_saving_yuan"`
	Note                string    `json:"note"`
	GuidedOn            Date      `json:"guided_on"`
	CreatedAt           time.Time `json:"created_at"`
}
