package form

import (
	"net/url"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// The forms of cases: intake and the workflow's steps. Every step's form
// carries its note or reason in "note".

// Note is the note of a step's form.
func Note(v url.Values) (string, error) { return New(v).Text("note"), nil }

// Assign reads the 交办 form.
func Assign(v url.Values) (service.AssignInput, error) {
	f := New(v)
	in := service.AssignInput{Note: f.Text("note"),
		LeadDepartmentID:        f.ID("lead_department_id", "牵头部门"),
		LeaderUserID:            f.ID("leader_user_id", "分包区领导"),
		UnitDepartmentID:        f.ID("unit_department_id", "项目责任单位"),
		CooperatingDepartmentID: f.IDs("cooperating_department_ids", "配合部门")}
	return in, f.Err()
}

// Extension reads the form asking for more working days.
func Extension(v url.Values) (service.ExtensionInput, error) {
	f := New(v)
	in := service.ExtensionInput{Workdays: f.Int("workdays", "延期天数"), Reason: f.Text("note")}
	return in, f.Err()
}

// Decide reads the answer to an extension request.
func Decide(v url.Values) (service.DecideInput, error) {
	f := New(v)
	return service.DecideInput{Approve: f.Bool("approve"), Note: f.Text("note")}, f.Err()
}

// Rate reads the enterprise's 回访 rating.
func Rate(v url.Values) (service.RateInput, error) {
	f := New(v)
	in := service.RateInput{Satisfaction: model.Satisfaction(f.Int("satisfaction", "满意度")), Comment: f.Text("note")}
	return in, f.Err()
}

// Case reads the intake form. The receipt time is typed in Beijing time
// (a datetime-local box: 2026-03-02T09:15).
func Case(v url.Values) (service.CaseInput, error) {
	f := New(v)
	in := service.CaseInput{Kind: model.CaseKind(f.Raw("kind")), Category: f.Raw("category"), Source: model.CaseSource(f.Raw("source")),
		Title: f.Raw("title"), Description: f.Raw("description"), DueDate: f.Raw("due_date"), ExternalID: f.Raw("external_id"),
		EnterpriseID: f.ID("enterprise_id", "企业"), EnterpriseUSCC: f.Text("enterprise_uscc"),
		TimeLimitWorkdays: f.Int("time_limit_workdays", "办理时限")}
	if t := f.Text("received_at"); t != "" {
		rt, err := time.ParseInLocation("2006-01-02T15:04", t, calendar.Shanghai)
		if err != nil {
			f.Fail("received_at", "受理时间格式不正确")
		}
		in.ReceivedAt = &rt
	}
	return in, f.Err()
}
