package web

import (
	"net/http"
	"strings"
)

// apiOp describes one API operation beyond what the route table says.
type apiOp struct {
	Query    []string // query parameter names
	Request  string   // request body schema ("" for none; "file" for an upload)
	Response string   // success response schema ("xlsx" for a download)
	Status   string   // success status, "200" when empty
}

// apiOps is keyed by "METHOD pattern", exactly as in the route table; the
// OpenAPI test fails when a route has no entry here or an entry no route.
var apiOps = map[string]apiOp{
	"GET /api/v1/me":                                     {Response: "Me"},
	"GET /api/v1/enterprises":                            {Query: []string{"q", "tag", "industry", "scale", "township", "page", "per_page"}, Response: "EnterpriseList"},
	"POST /api/v1/enterprises":                           {Request: "EnterpriseInput", Response: "Enterprise", Status: "201"},
	"GET /api/v1/enterprises/{id}":                       {Response: "Enterprise"},
	"PATCH /api/v1/enterprises/{id}":                     {Request: "EnterprisePatch", Response: "Enterprise"},
	"POST /api/v1/enterprises/import":                    {Query: []string{"filename"}, Request: "file", Response: "ImportReport"},
	"GET /api/v1/enterprises/export":                     {Query: []string{"q", "tag", "industry", "scale", "township"}, Response: "xlsx"},
	"GET /api/v1/enterprises/template":                   {Response: "xlsx"},
	"GET /api/v1/enterprises/{id}/commissioners":         {Response: "AssignmentList"},
	"POST /api/v1/enterprises/{id}/commissioner":         {Request: "CommissionerInput", Response: "Assignment", Status: "201"},
	"POST /api/v1/enterprises/{id}/commissioner/release": {Request: "NoteInput", Response: "Ok"},
	"GET /api/v1/coverage":                               {Response: "Coverage"},
	"GET /api/v1/plans":                                  {Query: []string{"from", "to"}, Response: "PlanList"},
	"POST /api/v1/plans":                                 {Request: "PlanInput", Response: "PlanItem", Status: "201"},
	"DELETE /api/v1/plans/{id}":                          {Response: "Ok"},
	"GET /api/v1/coverage/proposal":                      {Query: []string{"township", "industry"}, Response: "Proposal"},
	"POST /api/v1/coverage/assign":                       {Request: "BulkAssignInput", Response: "BulkResult"},
	"GET /api/v1/me/enterprises":                         {Response: "AssignmentList"},
	"POST /api/v1/visits":                                {Request: "VisitInput", Response: "RecordedVisit", Status: "201"},
	"GET /api/v1/visits":                                 {Query: []string{"enterprise_id", "campaign_id", "from", "to", "page", "per_page"}, Response: "VisitList"},
	"GET /api/v1/visits/{id}":                            {Response: "Visit"},
	"POST /api/v1/campaigns":                             {Request: "CampaignInput", Response: "Campaign", Status: "201"},
	"GET /api/v1/campaigns":                              {Response: "CampaignList"},
	"GET /api/v1/campaigns/{id}":                         {Response: "CampaignFigures"},
	"POST /api/v1/campaigns/{id}/participants":           {Request: "ParticipantsInput", Response: "CampaignFigures"},
	"POST /api/v1/events":                                {Request: "EventInput", Response: "EventResult", Status: "201"},
	"GET /api/v1/events":                                 {Response: "EventList"},
	"GET /api/v1/events/{id}":                            {Response: "EventDetail"},
	"GET /api/v1/statistics":                             {Query: []string{"from", "to"}, Response: "Stats"},
	"GET /api/v1/regions":                                {Response: "RegionList"},
	"POST /api/v1/regions":                               {Request: "RegionSetup", Response: "RegionSetupResult"},
	"GET /api/v1/departments":                            {Response: "DepartmentList"},
	"POST /api/v1/departments":                           {Request: "DepartmentInput", Response: "Department", Status: "201"},
	"GET /api/v1/teams":                                  {Response: "TeamList"},
	"POST /api/v1/teams":                                 {Request: "TeamInput", Response: "Team", Status: "201"},
	"GET /api/v1/teams/{id}":                             {Response: "TeamDetail"},
	"POST /api/v1/teams/{id}/enterprises":                {Request: "ServeInput", Response: "Added"},
	"DELETE /api/v1/teams/{id}/enterprises/{eid}":        {Response: "Ok"},
	"GET /api/v1/users":                                  {Query: []string{"role"}, Response: "UserList"},
	"POST /api/v1/users":                                 {Request: "UserInput", Response: "User", Status: "201"},
	"GET /api/v1/tags":                                   {Response: "TagList"},
	"POST /api/v1/tags":                                  {Request: "TagInput", Response: "TagInput", Status: "201"},
	"GET /api/v1/industries":                             {Response: "Industries"},
	"GET /api/v1/audit":                                  {Query: []string{"entity", "entity_id"}, Response: "AuditList"},
	"POST /api/v1/cases":                                 {Request: "CaseInput", Response: "CreatedCase", Status: "201"},
	"GET /api/v1/cases": {Query: []string{"status", "warning", "kind", "source", "category_id", "department_id", "enterprise_id",
		"received_from", "received_to", "escalated", "page", "per_page"}, Response: "CaseList"},
	"GET /api/v1/cases/counts":                 {Response: "CaseCounts"},
	"GET /api/v1/cases/{id}":                   {Response: "Case"},
	"POST /api/v1/cases/{id}/assign":           {Request: "AssignInput", Response: "Case"},
	"POST /api/v1/cases/{id}/accept":           {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/progress":         {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/return":           {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/resolve":          {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/rate":             {Request: "RateInput", Response: "Case"},
	"POST /api/v1/cases/{id}/close":            {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/extension":        {Request: "ExtensionInput", Response: "Case"},
	"POST /api/v1/cases/{id}/extension/decide": {Request: "DecideInput", Response: "Case"},
	"POST /api/v1/cases/{id}/suspend":          {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/resume":           {Request: "NoteInput", Response: "Case"},
	"POST /api/v1/cases/{id}/attachments":      {Request: "file", Response: "Attachment", Status: "201"},
	"GET /api/v1/cases/{id}/attachments/{aid}": {Response: "binary"},
	"GET /api/v1/categories":                   {Response: "CategoryList"},
	"POST /api/v1/categories":                  {Request: "CategoryInput", Response: "Category", Status: "201"},
	"PATCH /api/v1/categories/{id}":            {Request: "CategoryInput", Response: "Category"},
	"GET /api/v1/notifications":                {Query: []string{"unread"}, Response: "NotificationList"},
	"POST /api/v1/notifications/read":          {Response: "Ok"},
	"GET /api/v1/webhooks":                     {Response: "WebhookList"},
	"POST /api/v1/webhooks":                    {Request: "WebhookInput", Response: "CreatedWebhook", Status: "201"},
	"GET /api/v1/calendar/{year}":              {Response: "CalendarYear"},
	"POST /api/v1/calendar":                    {Request: "CalendarImport", Response: "CalendarImportResult"},
}

type obj = map[string]any

func str() obj            { return obj{"type": "string"} }
func strf(f string) obj   { return obj{"type": "string", "format": f} }
func integer() obj        { return obj{"type": "integer"} }
func number() obj         { return obj{"type": "number"} }
func boolean() obj        { return obj{"type": "boolean"} }
func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
func arr(items obj) obj   { return obj{"type": "array", "items": items} }
func nullable(t string) obj {
	return obj{"type": []string{t, "null"}}
}
func object(required []string, props obj) obj {
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func listOf(item string) obj { return object([]string{"items"}, obj{"items": arr(ref(item))}) }

var enterpriseFields = obj{
	"legal_rep": str(), "industry_code": obj{"type": "string", "pattern": "^[A-T][0-9]{2}$"},
	"scale":       obj{"type": "string", "enum": []string{"", "large", "medium", "small", "micro"}},
	"ownership":   obj{"type": "string", "enum": []string{"", "private", "state", "collective", "foreign", "hkmt", "other"}},
	"region_code": str(), "township_code": str(), "address": str(),
	"latitude": nullable("number"), "longitude": nullable("number"),
	"founded_on": obj{"type": []string{"string", "null"}, "format": "date"},
	"employees":  integer(), "revenue_yuan": integer(),
	"tags": arr(str()), "contacts": arr(ref("Contact")),
}

func withFields(extra obj) obj {
	o := obj{}
	for k, v := range enterpriseFields {
		o[k] = v
	}
	for k, v := range extra {
		o[k] = v
	}
	return o
}

func schemas() obj {
	uscc := obj{"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$", "description": "统一社会信用代码（GB 32100-2015）"}
	return obj{
		"Error": object([]string{"error"}, obj{"error": object([]string{"code", "message"}, obj{
			"code": str(), "message": str(), "field": str(),
			"details": arr(object(nil, obj{"field": str(), "message": str()})),
		})}),
		"Me": object(nil, obj{"id": integer(), "login": str(), "name": str(), "role": str(), "role_label": str(),
			"region_code": str(), "region_name": str(), "department_id": integer(), "enterprise_id": integer()}),
		"Contact":         object(nil, obj{"name": str(), "title": str(), "phone": str(), "email": str()}),
		"Enterprise":      object(nil, withFields(obj{"id": integer(), "uscc": uscc, "name": str(), "created_at": strf("date-time"), "updated_at": strf("date-time")})),
		"EnterpriseInput": object([]string{"uscc", "name"}, withFields(obj{"uscc": uscc, "name": str()})),
		"EnterprisePatch": object(nil, withFields(obj{"name": str()})),
		"EnterpriseList":  object(nil, obj{"items": arr(ref("Enterprise")), "total": integer(), "page": integer(), "per_page": integer()}),
		"ImportReport": object(nil, obj{"total": integer(), "created": integer(), "updated": integer(), "unchanged": integer(),
			"rejected_rows": integer(), "rejected": arr(object(nil, obj{"line": integer(), "column": str(), "field": str(), "message": str()}))}),
		"Region":            object(nil, obj{"code": str(), "name": str(), "level": integer(), "parent_code": str(), "created_at": strf("date-time")}),
		"RegionList":        listOf("Region"),
		"RegionSetup":       object([]string{"code"}, obj{"code": obj{"type": "string", "description": "GB/T 2260 代码，如 411203"}}),
		"RegionSetupResult": object(nil, obj{"added": integer()}),
		"Department": object(nil, obj{"id": integer(), "region_code": str(), "code": str(), "name": str(), "kind": str(), "phone": str(),
			"created_at": strf("date-time"), "updated_at": strf("date-time")}),
		"DepartmentList":  listOf("Department"),
		"DepartmentInput": object([]string{"code", "name"}, obj{"region_code": str(), "code": str(), "name": str(), "kind": str(), "phone": str()}),
		"TeamMember":      object(nil, obj{"user_id": integer(), "name": str(), "duty": str()}),
		"Team":            object(nil, obj{"id": integer(), "region_code": str(), "name": str(), "focus": str(), "members": arr(ref("TeamMember")), "enterprises": integer(), "created_at": strf("date-time")}),
		"TeamList":        listOf("Team"),
		"TeamInput":       object([]string{"name"}, obj{"region_code": str(), "name": str(), "focus": str(), "members": arr(ref("TeamMember"))}),
		"User": object(nil, obj{"id": integer(), "login": str(), "name": str(), "role": str(), "region_code": str(), "department_id": integer(),
			"enterprise_id": integer(), "phone": str(), "disabled": boolean(), "created_at": strf("date-time"), "updated_at": strf("date-time")}),
		"UserList": listOf("User"),
		"UserInput": object([]string{"login", "role", "region_code", "password"}, obj{"login": str(), "name": str(),
			"role":        obj{"type": "string", "enum": []string{"admin", "coordinator", "leader", "department", "commissioner", "enterprise"}},
			"region_code": str(), "department_code": str(), "department_id": integer(), "enterprise_id": integer(), "enterprise_uscc": str(),
			"phone": str(), "password": obj{"type": "string", "minLength": 8}}),
		"TagList":  object(nil, obj{"items": arr(str())}),
		"TagInput": object([]string{"name"}, obj{"name": str(), "sort": integer()}),
		"Industries": object(nil, obj{
			"sections":  arr(object(nil, obj{"Code": str(), "Name": str()})),
			"divisions": arr(object(nil, obj{"Section": str(), "SectionName": str(), "Code": str(), "Name": str()})),
		}),
		"AuditRecord": object(nil, obj{"chain": str(), "seq": integer(), "at": strf("date-time"), "actor_id": integer(), "actor": str(), "action": str(),
			"entity": str(), "entity_id": str(), "region_code": str(), "before": str(), "after": str(), "prev_hash": str(), "hash": str()}),
		"AuditList": listOf("AuditRecord"),
		"CaseInput": object([]string{"category", "title"}, obj{"enterprise_id": integer(), "enterprise_uscc": str(),
			"kind":     obj{"type": "string", "enum": []string{"problem", "complaint", "consultation", "commitment"}},
			"category": obj{"type": "string", "description": "类别编码或名称，如 funds 或 资金"},
			"source":   obj{"type": "string", "enum": []string{"visit", "complaint_platform", "hotline", "event", "self_report", "project"}},
			"title":    str(), "description": str(), "received_at": strf("date-time"), "time_limit_workdays": integer(),
			"due_date": strf("date"), "external_id": str(), "leader_id": integer()}),
		"Assignee": object(nil, obj{"role": str(), "department_id": integer(), "department_name": str(), "user_id": integer(), "user_name": str()}),
		"CaseEvent": object(nil, obj{"id": integer(), "at": strf("date-time"), "actor_id": integer(), "actor": str(), "type": str(),
			"from_status": str(), "to_status": str(), "note": str(), "data": obj{"type": "object"}}),
		"Extension": object(nil, obj{"id": integer(), "case_id": integer(), "workdays": integer(), "reason": str(), "status": str(),
			"requested_by": integer(), "requested_at": strf("date-time"), "decided_by": integer(), "decided_at": nullable("string"), "decision": str()}),
		"Attachment": object(nil, obj{"id": integer(), "case_id": integer(), "name": str(), "content_type": str(), "size": integer(),
			"sha256": str(), "uploaded_by": integer(), "created_at": strf("date-time")}),
		"Case": object(nil, obj{"id": integer(), "number": obj{"type": "string", "description": "<地区>-<年>-<序号>，如 411203-2026-000123"},
			"region_code": str(), "enterprise_id": integer(), "enterprise_name": str(), "kind": str(), "category_id": integer(), "category": str(),
			"source": str(), "external_id": str(), "title": str(), "description": str(), "status": str(), "status_label": str(),
			"warning": obj{"type": "string", "enum": []string{"none", "yellow", "red"}}, "warning_label": str(),
			"received_at": strf("date-time"), "time_limit_workdays": integer(), "fixed_due": boolean(), "extension_workdays": integer(),
			"suspended_workdays": integer(), "suspended_at": nullable("string"), "due_at": strf("date-time"),
			"due_provisional":  obj{"type": "boolean", "description": "到期日落入尚未公布节假日安排的年份，按周一至周五暂计"},
			"last_progress_at": strf("date-time"), "escalated_at": nullable("string"), "leader_id": integer(), "resolved_at": nullable("string"),
			"overdue": boolean(), "rating": integer(), "rated_at": nullable("string"), "closed_at": nullable("string"), "reopen_count": integer(),
			"created_at": strf("date-time"), "updated_at": strf("date-time"), "assignees": arr(ref("Assignee")),
			"timeline": arr(ref("CaseEvent")), "extensions": arr(ref("Extension")), "attachments": arr(ref("Attachment"))}),
		"Assignment": object(nil, obj{"id": integer(), "enterprise_id": integer(), "enterprise_name": str(), "user_id": integer(),
			"commissioner": str(), "phone": str(), "region_code": str(), "started_at": strf("date-time"), "ended_at": nullable("string"),
			"start_reason": str(), "end_reason": str(), "assigned_by": str(), "ended_by": str()}),
		"AssignmentList":    listOf("Assignment"),
		"CommissionerInput": object([]string{"user_id"}, obj{"user_id": integer(), "reason": obj{"type": "string", "description": "调整已有专员时必填"}}),
		"Coverage": object(nil, obj{"enterprises": integer(), "covered": integer(), "uncovered": integer(),
			"loads": arr(ref("Load"))}),
		"Load": object(nil, obj{"user_id": integer(), "name": str(), "phone": str(), "region_code": str(), "enterprises": integer(), "disabled": boolean()}),
		"PlanInput": object([]string{"enterprise_id", "period"}, obj{"enterprise_id": integer(), "period": obj{"type": "string", "enum": []string{"week", "month"}},
			"on": obj{"type": "string", "format": "date", "description": "周期内任一天，默认今天"}, "note": str()}),
		"PlanItem": object(nil, obj{"id": integer(), "user_id": integer(), "user_name": str(), "enterprise_id": integer(), "enterprise_name": str(),
			"region_code": str(), "starts_on": strf("date"), "ends_on": strf("date"), "note": str(), "created_at": strf("date-time"),
			"visited_on": obj{"type": "string", "format": "date", "nullable": true, "description": "计划期内首次走访日期；未完成为 null"}}),
		"PlanList": object(nil, obj{"items": arr(ref("PlanItem"))}),
		"EventDetail": object(nil, obj{"id": integer(), "region_code": str(), "title": str(), "kind": str(), "held_on": strf("date"), "place": str(),
			"organizer": str(), "invited_departments": arr(str()), "notes": str(), "enterprise_count": integer(), "consultation_count": integer(),
			"answered": integer(), "enterprises_guided": integer(), "estimated_saving_yuan": integer(),
			"consultations": arr(object(nil, obj{"id": integer(), "number": str(), "title": str(), "status": str()})),
			"guidance":      arr(object(nil, obj{"enterprise_id": integer(), "enterprise_name": str(), "area": str(), "estimated_saving_yuan": integer(), "note": str()}))}),
		"ParticipantsInput": object([]string{"participant_ids"}, obj{"participant_ids": arr(integer())}),
		"CampaignFigures": object(nil, obj{"id": integer(), "region_code": str(), "name": str(), "starts_on": strf("date"), "ends_on": strf("date"),
			"description": str(), "created_at": strf("date-time"), "visits": integer(), "enterprises_reached": integer(),
			"problems_collected": integer(), "problems_solved": integer(),
			"by_category":  arr(object(nil, obj{"key": str(), "name": str(), "collected": integer(), "solved": integer()})),
			"participants": arr(object(nil, obj{"user_id": integer(), "name": str(), "role": str(), "department": str(), "visits": integer()}))}),
		"TeamDetail":   object(nil, obj{"team": ref("Team"), "served": arr(object(nil, obj{"id": integer(), "name": str(), "region_code": str()}))}),
		"ServeInput":   object(nil, obj{"enterprise_ids": arr(integer()), "usccs": arr(str())}),
		"Added":        object(nil, obj{"added": integer()}),
		"ProposalItem": object(nil, obj{"enterprise_id": integer(), "enterprise_name": str(), "region_code": str(), "user_id": integer(), "user_name": str()}),
		"Proposal": object(nil, obj{"township": str(), "industry": str(), "cap": integer(), "items": arr(ref("ProposalItem")),
			"unplaced": arr(ref("ProposalItem")), "loads": arr(ref("Load")), "more": boolean()}),
		"BulkAssignInput": object([]string{"items"}, obj{"items": arr(object([]string{"enterprise_id", "user_id"}, obj{"enterprise_id": integer(), "user_id": integer()})),
			"reason": obj{"type": "string", "description": "默认“批量包联”"}}),
		"BulkResult":  object(nil, obj{"assigned": integer(), "skipped": arr(ref("ProposalItem"))}),
		"VisitPerson": object(nil, obj{"user_id": integer(), "name": str(), "role": str()}),
		"Visit": object(nil, obj{"id": integer(), "region_code": str(), "enterprise_id": integer(), "enterprise_name": str(),
			"visited_on": strf("date"), "mode": obj{"type": "string", "enum": []string{"onsite", "phone", "online", "event"}}, "campaign_id": integer(),
			"notes": str(), "people": arr(ref("VisitPerson")), "case_ids": arr(integer()), "created_by": integer(), "created_at": strf("date-time")}),
		"VisitList": object(nil, obj{"items": arr(ref("Visit")), "total": integer(), "page": integer(), "per_page": integer()}),
		"VisitInput": object([]string{"enterprise_id", "visited_on"}, obj{"enterprise_id": integer(), "visited_on": strf("date"),
			"mode": obj{"type": "string", "enum": []string{"onsite", "phone", "online", "event"}}, "campaign_id": integer(),
			"official_ids": arr(integer()), "notes": str(),
			"problems": arr(object([]string{"category", "title"}, obj{"kind": str(), "category": str(), "title": str(), "description": str()}))}),
		"RecordedVisit": object(nil, obj{"visit": ref("Visit"), "cases": arr(ref("CreatedCase"))}),
		"Campaign": object(nil, obj{"id": integer(), "region_code": str(), "name": str(), "starts_on": strf("date"), "ends_on": nullable("string"),
			"description": str(), "created_at": strf("date-time")}),
		"CampaignList":  listOf("Campaign"),
		"CampaignInput": object([]string{"name", "starts_on"}, obj{"name": str(), "starts_on": strf("date"), "ends_on": strf("date"), "description": str(), "participant_ids": arr(integer())}),
		"Event": object(nil, obj{"id": integer(), "region_code": str(), "title": str(), "kind": str(), "held_on": strf("date"), "place": str(),
			"organizer_department_id": integer(), "invited_department_ids": arr(integer()), "enterprise_ids": arr(integer()), "notes": str(), "created_at": strf("date-time")}),
		"EventList": listOf("Event"),
		"EventInput": object([]string{"title", "kind", "held_on"}, obj{"title": str(), "kind": obj{"type": "string", "enum": []string{"政策宣讲", "集中活动", "面对面", "培训"}},
			"held_on": strf("date"), "place": str(), "organizer_department_id": integer(), "invited_department_ids": arr(integer()), "enterprise_ids": arr(integer()),
			"notes": str(), "consultations": arr(object([]string{"enterprise_id", "question"}, obj{"enterprise_id": integer(), "category": str(), "question": str(),
				"answer": str(), "department_id": integer()})),
			"guidance": arr(object([]string{"enterprise_id", "area"}, obj{"enterprise_id": integer(), "area": str(), "estimated_saving_yuan": integer(), "note": str()}))}),
		"Guidance": object(nil, obj{"id": integer(), "enterprise_id": integer(), "event_id": integer(), "visit_id": integer(), "area": str(),
			"estimated_saving_yuan": integer(), "note": str(), "guided_on": strf("date"), "created_at": strf("date-time")}),
		"EventResult": object(nil, obj{"event": ref("Event"), "consultations": arr(ref("Case")), "guidance": arr(ref("Guidance"))}),
		"Tally":       object(nil, obj{"key": str(), "name": str(), "collected": integer(), "solved": integer()}),
		"Stats": object(nil, obj{"from": strf("date"), "until": strf("date"), "visits": integer(), "enterprises_visited": integer(),
			"commissioner_visits": integer(), "commissioner_problems": integer(), "commissioner_solved": integer(),
			"problems_collected": integer(), "problems_solved": integer(), "by_source": arr(ref("Tally")), "by_category": arr(ref("Tally")),
			"by_campaign": arr(ref("Tally")), "complaints_resolved": arr(ref("Tally")), "events_held": integer(), "consultations_answered": integer(),
			"enterprises_guided": integer(), "satisfaction": obj{"type": "object", "additionalProperties": integer(), "description": "满意度等级 1–5 → 评价数"}}),
		"CreatedCase": object(nil, obj{"id": integer(), "number": str(), "status": str(), "due_at": strf("date-time"),
			"due_provisional": boolean(), "warning": str()}),
		"CaseList":      object(nil, obj{"items": arr(ref("Case")), "total": integer(), "page": integer(), "per_page": integer()}),
		"WarningCounts": object(nil, obj{"none": integer(), "yellow": integer(), "red": integer()}),
		"CaseCounts": object(nil, obj{"total": ref("WarningCounts"), "departments": arr(object(nil, obj{"department_id": integer(),
			"department": str(), "none": integer(), "yellow": integer(), "red": integer()}))}),
		"AssignInput": object([]string{"lead_department_id"}, obj{"lead_department_id": integer(), "cooperating_department_ids": arr(integer()),
			"leader_user_id": integer(), "unit_department_id": integer(), "note": str()}),
		"NoteInput":      object(nil, obj{"note": str(), "reason": str()}),
		"RateInput":      object([]string{"satisfaction"}, obj{"satisfaction": obj{"type": "integer", "minimum": 1, "maximum": 5, "description": "1 非常满意 … 5 非常不满意"}, "comment": str()}),
		"ExtensionInput": object([]string{"workdays", "reason"}, obj{"workdays": integer(), "reason": str()}),
		"DecideInput":    object([]string{"approve"}, obj{"approve": boolean(), "note": str()}),
		"Category": object(nil, obj{"id": integer(), "code": str(), "name": str(), "time_limit": integer(), "yellow_percent": integer(),
			"idle_workdays": integer(), "sort": integer(), "created_at": strf("date-time")}),
		"CategoryList": listOf("Category"),
		"CategoryInput": object(nil, obj{"code": str(), "name": str(), "time_limit": obj{"type": "integer", "description": "工作日；0 表示按类型默认"},
			"yellow_percent": obj{"type": "integer", "description": "已用时限达到该百分比即黄色预警"}, "idle_workdays": obj{"type": "integer", "description": "连续多少个工作日无进展即黄色预警"}, "sort": integer()}),
		"Notification": object(nil, obj{"id": integer(), "user_id": integer(), "case_id": integer(), "kind": str(), "title": str(), "body": str(),
			"created_at": strf("date-time"), "read_at": nullable("string")}),
		"NotificationList": listOf("Notification"),
		"Ok":               object(nil, obj{"ok": boolean()}),
		"CalendarYear":     object(nil, obj{"year": integer(), "holidays_on_weekdays": arr(strf("date")), "workdays_on_weekends": arr(strf("date"))}),
		"CalendarImport": object([]string{"years"}, obj{"years": obj{"type": "object", "additionalProperties": object(nil, obj{
			"holidays": arr(strf("date")), "workdays": arr(strf("date"))})}}),
		"Webhook": object(nil, obj{"id": integer(), "region_code": str(), "name": str(), "url": str(), "events": str(), "format": str(),
			"active": boolean(), "created_at": strf("date-time")}),
		"WebhookList": listOf("Webhook"),
		"WebhookInput": object([]string{"url"}, obj{"name": str(), "url": str(), "events": obj{"type": "string", "description": "* 或逗号分隔的事件，如 supervision,escalation"},
			"format": obj{"type": "string", "enum": []string{"json", "wecom", "dingtalk"}}, "secret": str()}),
		"CreatedWebhook": object(nil, obj{"id": integer(), "region_code": str(), "name": str(), "url": str(), "events": str(), "format": str(),
			"active": boolean(), "created_at": strf("date-time"), "secret": obj{"type": "string", "description": "签名密钥，只显示这一次"}}),
		"CalendarImportResult": object(nil, obj{"years": arr(integer()), "recomputed_cases": integer()}),
	}
}

func errorResponse(desc string) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
}

// OpenAPI builds the OpenAPI 3.1 document from the route table.
func (s *Server) OpenAPI() obj {
	paths := obj{}
	for _, rt := range s.routes {
		if !strings.HasPrefix(rt.Pattern, "/api/v1/") {
			continue
		}
		op, ok := apiOps[rt.Method+" "+rt.Pattern]
		if !ok {
			continue // the OpenAPI test reports it
		}
		o := obj{"summary": rt.Summary, "operationId": operationID(rt.Method, rt.Pattern), "security": []obj{{"bearer": []string{}}}}
		who, names := []string{}, []string{}
		for _, r := range allowedRoles(rt.Allow) {
			who, names = append(who, string(r)), append(names, r.Label())
		}
		o["x-zhuqi-roles"] = who // evaluated from the route's Allow rule
		o["description"] = "可调用角色：" + strings.Join(names, "、") + "。服务按记录再次核验：不在调用者管辖范围内的记录答 404，角色对该记录无权的操作答 403。"
		var params []obj
		for _, name := range []string{"id", "aid", "year"} {
			if strings.Contains(rt.Pattern, "{"+name+"}") {
				params = append(params, obj{"name": name, "in": "path", "required": true, "schema": integer()})
			}
		}
		for _, q := range op.Query {
			t := str()
			if q == "page" || q == "per_page" {
				t = integer()
			}
			params = append(params, obj{"name": q, "in": "query", "schema": t})
		}
		if params != nil {
			o["parameters"] = params
		}
		switch op.Request {
		case "":
		case "file":
			o["requestBody"] = obj{"required": true, "content": obj{
				"multipart/form-data": obj{"schema": object([]string{"file"}, obj{"file": obj{"type": "string", "contentMediaType": "application/octet-stream"}})},
				"text/csv":            obj{"schema": str()},
				xlsxType:              obj{"schema": obj{"type": "string", "contentMediaType": xlsxType}},
			}}
		default:
			o["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(op.Request)}}}
		}
		status := op.Status
		if status == "" {
			status = "200"
		}
		success := obj{"description": "成功"}
		if op.Response == "binary" {
			success["content"] = obj{"application/octet-stream": obj{"schema": obj{"type": "string", "contentMediaType": "application/octet-stream"}}}
		} else if op.Response == "xlsx" {
			success["content"] = obj{xlsxType: obj{"schema": obj{"type": "string", "contentMediaType": xlsxType}}}
		} else {
			success["content"] = obj{"application/json": obj{"schema": ref(op.Response)}}
		}
		responses := obj{status: success, "401": errorResponse("未登录或令牌无效"), "403": errorResponse("无权执行此操作")}
		if rt.Method != http.MethodGet || len(op.Query) > 0 {
			responses["422"] = errorResponse("输入有误（字段见 error.field）")
		}
		if strings.Contains(rt.Pattern, "{") {
			responses["404"] = errorResponse("不存在或不在您的管辖范围内")
		}
		if rt.Method == http.MethodPost && op.Status == "201" {
			responses["409"] = errorResponse("与已有记录冲突")
		}
		o["responses"] = responses
		item, _ := paths[rt.Pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = o
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "助企 zhuqi API", "version": "1",
			"description": "营商环境助企服务平台的 JSON API。错误统一为 {\"error\":{\"code\",\"message\",\"field\"}}。"},
		"servers": []obj{{"url": "/"}},
		"paths":   paths,
		"components": obj{
			"schemas":         schemas(),
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "description": "zhuqi token create 生成的 API 令牌"}},
		},
	}
}

func operationID(method, pattern string) string {
	parts := []string{strings.ToLower(method)}
	for _, p := range strings.Split(strings.TrimPrefix(pattern, "/api/v1/"), "/") {
		p = strings.NewReplacer("{id}", "by_id", "{aid}", "by_attachment_id", "{year}", "by_year").Replace(p)
		parts = append(parts, p)
	}
	return strings.Join(parts, "_")
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.OpenAPI())
}
