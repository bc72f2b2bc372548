package form

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

// The forms of the service network: 包联, plans, visits, events, campaigns
// and teams.

// Commissioner reads the enterprise page's 包联 form.
func Commissioner(v url.Values) (service.CommissionerInput, error) {
	f := New(v)
	return service.CommissionerInput{UserID: f.ID("user_id", "服务专员"), Reason: f.Raw("reason")}, f.Err()
}

// Cap reads the load cap's form.
func Cap(v url.Values) (int, error) {
	f := New(v)
	return f.Int("cap", "包联上限"), f.Err()
}

// BulkAssign reads a confirmed proposal: each ticked row posts
// pick=<enterprise id> and u<enterprise id>=<commissioner id>, both
// required.
func BulkAssign(v url.Values) (service.BulkAssignInput, error) {
	f := New(v)
	in := service.BulkAssignInput{Reason: f.Raw("reason")}
	for _, pick := range v["pick"] {
		eid, err1 := parseInt64(pick)
		uid, err2 := parseInt64(f.Raw("u" + pick))
		if err1 != nil || err2 != nil {
			f.Fail("pick", "第 "+strconv.Itoa(len(in.Items)+1)+" 项的企业或服务专员无效")
			continue
		}
		in.Items = append(in.Items, service.BulkItem{EnterpriseID: eid, UserID: uid})
	}
	return in, f.Err()
}

// Participants reads the cadres ticked on a campaign's page.
func Participants(v url.Values) ([]int64, error) {
	f := New(v)
	return f.IDs("user_id", "干部"), f.Err()
}

// Campaign reads the form that starts a campaign.
func Campaign(v url.Values) (service.CampaignInput, error) {
	f := New(v)
	in := service.CampaignInput{Name: f.Raw("name"), Description: f.Raw("description"),
		StartsOn: f.Date("starts_on", "日期应为 YYYY-MM-DD"), EndsOn: f.Date("ends_on", "日期应为 YYYY-MM-DD")}
	return in, f.Err()
}

// Plan reads the plan page's form: an enterprise and when (this or next
// week or month, from today in Beijing time).
func Plan(v url.Values, today time.Time) (service.PlanInput, error) {
	f := New(v)
	in := service.PlanInput{EnterpriseID: f.ID("enterprise_id", "企业"), Note: f.Raw("note")}
	switch f.Raw("when") {
	case "this-week":
		in.Period, in.On = "week", model.DateOf(today)
	case "next-week":
		in.Period, in.On = "week", model.DateOf(today.AddDate(0, 0, 7))
	case "this-month":
		in.Period, in.On = "month", model.DateOf(today)
	case "next-month":
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		in.Period, in.On = "month", model.DateOf(first.AddDate(0, 1, 0))
	}
	return in, f.Err()
}

// ProblemSlots is how many problems the visit form offers; it works
// without JavaScript, so the slots are fixed and empty ones are skipped.
const ProblemSlots = 5

// Visit reads the visit form. The enterprise is chosen by id or typed as a
// credit code (looked up with lookup; one not in reach is left for the
// service to refuse).
func Visit(v url.Values, lookup Lookup) (service.VisitInput, error) {
	f := New(v)
	in := service.VisitInput{Mode: model.VisitMode(f.Raw("mode")), Notes: f.Raw("notes"),
		EnterpriseID: f.ID("enterprise_id", "企业"), CampaignID: f.ID("campaign_id", "专项活动"),
		OfficialIDs: f.IDs("official_ids", "走访人员")}
	if code := f.Text("enterprise_uscc"); in.EnterpriseID == 0 && code != "" {
		id, _, err := lookup(strings.ToUpper(code))
		if err != nil {
			return in, err
		}
		in.EnterpriseID = id
	}
	in.VisitedOn = f.Date("visited_on", "")
	for i := range ProblemSlots {
		title := f.Text(fmt.Sprintf("p%d_title", i))
		if title == "" {
			continue
		}
		in.Problems = append(in.Problems, service.ProblemInput{Category: f.Raw(fmt.Sprintf("p%d_category", i)), Title: title,
			Description: f.Raw(fmt.Sprintf("p%d_description", i))})
	}
	return in, f.Err()
}

// ConsultationSlots and GuidanceSlots are the rows of the event form;
// rows left empty are not recorded.
const ConsultationSlots, GuidanceSlots = 10, 5

// Event reads the event form. Enterprises are named by credit code (one
// per line, or separated by commas or 、) and looked up with lookup; a
// code that names no enterprise in reach is a fault of its row.
func Event(v url.Values, lookup Lookup) (service.EventInput, error) {
	f := New(v)
	in := service.EventInput{Title: f.Raw("title"), Kind: f.Raw("kind"), Place: f.Raw("place"), Notes: f.Raw("notes"),
		HeldOn: f.Date("held_on", "日期应为 YYYY-MM-DD"), OrganizerDepartmentID: f.ID("organizer_department_id", "主办部门"),
		InvitedDepartmentIDs: f.IDs("invited_department_ids", "参加部门")}
	for _, code := range f.List("enterprises") {
		id, err := f.enterprise(lookup, "enterprises", code)
		if err != nil {
			return in, err
		}
		if id != 0 {
			in.EnterpriseIDs = append(in.EnterpriseIDs, id)
		}
	}
	for i := range ConsultationSlots {
		q := f.Text(fmt.Sprintf("c%d_question", i))
		if q == "" {
			continue
		}
		c := service.ConsultationInput{Question: q, Answer: f.Raw(fmt.Sprintf("c%d_answer", i)), Category: f.Raw(fmt.Sprintf("c%d_category", i)),
			DepartmentID: f.ID(fmt.Sprintf("c%d_dept", i), "解答部门")}
		id, err := f.enterprise(lookup, fmt.Sprintf("consultations[%d].enterprise_id", len(in.Consultations)), f.Raw(fmt.Sprintf("c%d_uscc", i)))
		if err != nil {
			return in, err
		}
		c.EnterpriseID = id
		in.Consultations = append(in.Consultations, c)
	}
	for i := range GuidanceSlots {
		code := f.Text(fmt.Sprintf("g%d_uscc", i))
		if code == "" {
			continue
		}
		g := service.GuidanceInput{Area: f.Raw(fmt.Sprintf("g%d_area", i)), Note: f.Raw(fmt.Sprintf("g%d_note", i))}
		field := fmt.Sprintf("guidance[%d].estimated_saving_yuan", len(in.Guidance))
		if x := f.Text(fmt.Sprintf("g%d_saving", i)); x != "" {
			n, err := parseInt64(x)
			if err != nil || n < 0 {
				f.Fail(field, "预计节省金额应为不小于 0 的整数（元）")
			}
			g.EstimatedSavingYuan = n
		}
		id, err := f.enterprise(lookup, fmt.Sprintf("guidance[%d].enterprise_id", len(in.Guidance)), code)
		if err != nil {
			return in, err
		}
		g.EnterpriseID = id
		in.Guidance = append(in.Guidance, g)
	}
	return in, f.Err()
}

// Serve reads the credit codes of the enterprises a team is to serve.
func Serve(v url.Values) service.ServeInput {
	return service.ServeInput{USCCs: New(v).List("usccs")}
}
