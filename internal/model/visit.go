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
