package model

import "time"

// CaseKind is what a case is (诉求/问题, 投诉, 咨询, 政府承诺事项).
type CaseKind string

// Case kinds.
const (
	KindProblem      CaseKind = "problem"
	KindComplaint    CaseKind = "complaint"
	KindConsultation CaseKind = "consultation"
	KindCommitment   CaseKind = "commitment"
)

// CaseKinds lists the kinds in display order.
var CaseKinds = []CaseKind{KindProblem, KindComplaint, KindConsultation, KindCommitment}

var caseKindNames = map[CaseKind]string{KindProblem: "诉求/问题", KindComplaint: "投诉", KindConsultation: "咨询", KindCommitment: "政府承诺事项"}

// Label is the kind's Chinese name; "" for an unknown kind.
func (k CaseKind) Label() string { return caseKindNames[k] }

// DefaultTimeLimit is the kind's time limit in working days, counted from
// the day after receipt as 12345 practice does (commitments have a fixed
// due date instead).
func (k CaseKind) DefaultTimeLimit() int {
	switch k {
	case KindConsultation:
		return 3
	case KindComplaint:
		return 13
	}
	return 7
}

// ComplexTimeLimit is the time limit of a category marked complex.
const ComplexTimeLimit = 22

// CaseSource is where a case came from.
type CaseSource string

// Case sources.
const (
	SourceVisit      CaseSource = "visit"              // 走访
	SourcePlatform   CaseSource = "complaint_platform" // 河南省投诉举报平台 and similar
	SourceHotline    CaseSource = "hotline"            // 12345
	SourceEvent      CaseSource = "event"              // 活动、宣讲现场
	SourceSelfReport CaseSource = "self_report"        // 企业自报
	SourceProject    CaseSource = "project"            // 项目问题清单
)

// CaseSources lists the sources in display order.
var CaseSources = []CaseSource{SourceVisit, SourcePlatform, SourceHotline, SourceEvent, SourceSelfReport, SourceProject}

var caseSourceNames = map[CaseSource]string{
	SourceVisit: "走访", SourcePlatform: "投诉举报平台", SourceHotline: "12345热线",
	SourceEvent: "活动现场", SourceSelfReport: "企业自报", SourceProject: "项目问题清单",
}

// Label is the source's Chinese name; "" for an unknown source.
func (s CaseSource) Label() string { return caseSourceNames[s] }

// CaseStatus is where a case stands in its workflow.
type CaseStatus string

// Case states.
const (
	StatusReceived   CaseStatus = "received"    // 待受理
	StatusAssigned   CaseStatus = "assigned"    // 已交办
	StatusInProgress CaseStatus = "in_progress" // 办理中
	StatusResolved   CaseStatus = "resolved"    // 已办结
	StatusConfirmed  CaseStatus = "confirmed"   // 已回访
	StatusClosed     CaseStatus = "closed"      // 已销号
	StatusReturned   CaseStatus = "returned"    // 已退回
	StatusReopened   CaseStatus = "reopened"    // 重办
)

// CaseStatuses lists the states in workflow order.
var CaseStatuses = []CaseStatus{StatusReceived, StatusAssigned, StatusInProgress, StatusReturned, StatusReopened, StatusResolved, StatusConfirmed, StatusClosed}

var caseStatusNames = map[CaseStatus]string{
	StatusReceived: "待受理", StatusAssigned: "已交办", StatusInProgress: "办理中", StatusResolved: "已办结",
	StatusConfirmed: "已回访", StatusClosed: "已销号", StatusReturned: "已退回", StatusReopened: "重办",
}

// Label is the state's Chinese name.
func (s CaseStatus) Label() string { return caseStatusNames[s] }

// Handling reports whether the case is still being handled: its deadline
// runs and it can turn yellow or red.
func (s CaseStatus) Handling() bool {
	switch s {
	case StatusReceived, StatusAssigned, StatusInProgress, StatusReturned, StatusReopened:
		return true
	}
	return false
}

// Open reports whether the case is not yet closed (销号).
func (s CaseStatus) Open() bool { return s != StatusClosed }

// Warning is a case's warning level.
type Warning string

// Warning levels.
const (
	WarningNone   Warning = "none"
	WarningYellow Warning = "yellow" // 推进缓慢
	WarningRed    Warning = "red"    // 办理超时
)

// Warnings lists the levels, mildest first.
var Warnings = []Warning{WarningNone, WarningYellow, WarningRed}

// Label is the level's Chinese name.
func (w Warning) Label() string {
	switch w {
	case WarningYellow:
		return "黄色预警"
	case WarningRed:
		return "红色预警"
	}
	return "正常"
}

// Satisfaction is a rating on the five levels of GB/T 39735-2020, 1 (非常满意)
// to 5 (非常不满意).
type Satisfaction int

// SatisfactionLabels are the five levels in order, index 0 for level 1.
var SatisfactionLabels = []string{"非常满意", "满意", "基本满意", "不满意", "非常不满意"}

// Valid reports whether s is one of the five levels.
func (s Satisfaction) Valid() bool { return s >= 1 && s <= 5 }

// Label is the level's Chinese name.
func (s Satisfaction) Label() string {
	if !s.Valid() {
		return ""
	}
	return SatisfactionLabels[s-1]
}

// Dissatisfied reports whether the rating reopens the case (the bottom two).
func (s Satisfaction) Dissatisfied() bool { return s >= 4 }

// CaseCategory is a configurable category (资金、融资、用工 …).
type CaseCategory struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	Name          string    `json:"name"`
	TimeLimit     int       `json:"time_limit"` // 0: the kind's default
	YellowPercent int       `json:"yellow_percent"`
	IdleWorkdays  int       `json:"idle_workdays"`
	Sort          int       `json:"sort"`
	CreatedAt     time.Time `json:"created_at"`
}

// Case is one problem, complaint, consultation or commitment.
type Case struct {
	ID                int64        `json:"id"`
	Number            string       `json:"number"`
	RegionCode        string       `json:"region_code"`
	ScopeCode         string       `json:"-"`
	EnterpriseID      int64        `json:"enterprise_id"`
	EnterpriseName    string       `json:"enterprise_name"`
	Kind              CaseKind     `json:"kind"`
	CategoryID        int64        `json:"category_id"`
	CategoryName      string       `json:"category"`
	Source            CaseSource   `json:"source"`
	ExternalID        string       `json:"external_id,omitempty"`
	VisitID           int64        `json:"visit_id,omitempty"`
	CampaignID        int64        `json:"campaign_id,omitempty"`
	EventID           int64        `json:"event_id,omitempty"`
	Title             string       `json:"title"`
	Description       string       `json:"description"`
	Status            CaseStatus   `json:"status"`
	Warning           Warning      `json:"warning"`
	ReceivedAt        time.Time    `json:"received_at"`
	TimeLimit         int          `json:"time_limit_workdays"`
	FixedDue          bool         `json:"fixed_due"`
	PromisedDate      Date         `json:"promised_date"` // a commitment's promised date, as promised`
	ExtensionWorkdays int          `json:"extension_workdays"`
	SuspendedWorkdays int          `json:"suspended_workdays"`
	SuspendedAt       *time.Time   `json:"suspended_at"`
	DueAt             time.Time    `json:"due_at"`
	Provisional       bool         `json:"due_provisional"`
	LastProgressAt    time.Time    `json:"last_progress_at"`
	NextCheckAt       *time.Time   `json:"-"`
	EscalatedAt       *time.Time   `json:"escalated_at"`
	LeaderID          int64        `json:"leader_id,omitempty"`
	ResolvedAt        *time.Time   `json:"resolved_at"`
	Overdue           bool         `json:"overdue"`
	Rating            Satisfaction `json:"rating,omitempty"`
	RatedAt           *time.Time   `json:"rated_at"`
	ClosedAt          *time.Time   `json:"closed_at"`
	ReopenCount       int          `json:"reopen_count"`
	CreatedBy         int64        `json:"-"`
	CreatedAt         time.Time    `json:"created_at"`
	UpdatedAt         time.Time    `json:"updated_at"`
	Assignees         []Assignee   `json:"assignees"`
}

// Assignee roles.
const (
	AssignLead      = "lead"      // 牵头部门
	AssignCooperate = "cooperate" // 配合部门
	AssignLeader    = "leader"    // 分包区领导 (project problems)
	AssignUnit      = "unit"      // 项目责任单位 (project problems)
)

// Assignee is a department or a leader a case is assigned to.
type Assignee struct {
	Role           string `json:"role"`
	DepartmentID   int64  `json:"department_id,omitempty"`
	DepartmentName string `json:"department_name,omitempty"`
	UserID         int64  `json:"user_id,omitempty"`
	UserName       string `json:"user_name,omitempty"`
}

// CaseEvent is one line of a case's timeline.
type CaseEvent struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	ActorID    int64          `json:"actor_id,omitempty"`
	Actor      string         `json:"actor"`
	Type       string         `json:"type"`
	FromStatus CaseStatus     `json:"from_status,omitempty"`
	ToStatus   CaseStatus     `json:"to_status,omitempty"`
	Note       string         `json:"note,omitempty"`
	Data       map[string]any `json:"data,omitempty"`
	Also       []CaseEvent    `json:"-"` // further events recorded with the same write
}

// Extension is a request to move a case's deadline (延期).
type Extension struct {
	ID          int64      `json:"id"`
	CaseID      int64      `json:"case_id"`
	Workdays    int        `json:"workdays"`
	Reason      string     `json:"reason"`
	Status      string     `json:"status"` // pending, approved, refused
	RequestedBy int64      `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	DecidedBy   int64      `json:"decided_by,omitempty"`
	DecidedAt   *time.Time `json:"decided_at"`
	Decision    string     `json:"decision,omitempty"`
}

// DepartmentIDs are the departments among assignees (leaders, who are
// users, are left out), in order.
func DepartmentIDs(as []Assignee) []int64 {
	var out []int64
	for _, a := range as {
		if a.DepartmentID != 0 {
			out = append(out, a.DepartmentID)
		}
	}
	return out
}
