package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// casesAPI are the routes of cases; a step is taken by whom the service finds taking part in the case (404 outside the user's reach).
func (s *Server) casesAPI() []Route {
	return []Route{
		{Method: "POST", Pattern: "/api/v1/cases", Allow: can(access.CreateCases), Summary: "登记事项（诉求、投诉、咨询、承诺）", handler: s.apiCreateCase},
		{Method: "GET", Pattern: "/api/v1/cases", Allow: can(access.ReadCases), Summary: "事项列表", handler: s.apiListCases},
		{Method: "GET", Pattern: "/api/v1/cases/counts", Allow: officeOrLeaders, Summary: "各预警等级在办事项数（按部门）", handler: s.apiCaseCounts},
		{Method: "GET", Pattern: "/api/v1/cases/{id}", Allow: can(access.ReadCases), Summary: "事项详情与办理过程", handler: s.apiGetCase},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/assign", Allow: can(access.ReadCases), Summary: "交办", handler: caseAction(s, s.svc.Assign)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/accept", Allow: can(access.ReadCases), Summary: "牵头部门签收", handler: caseAction(s, withNote(s.svc.Accept))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/progress", Allow: can(access.ReadCases), Summary: "填报办理进展", handler: caseAction(s, withNote(s.svc.Progress))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/return", Allow: can(access.ReadCases), Summary: "退回", handler: caseAction(s, withNote(s.svc.Return))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/resolve", Allow: can(access.ReadCases), Summary: "办结", handler: caseAction(s, withNote(s.svc.Resolve))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/rate", Allow: can(access.ReadCases), Summary: "回访评价（GB/T 39735 五级）", handler: caseAction(s, s.svc.Rate)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/close", Allow: can(access.ReadCases), Summary: "销号", handler: caseAction(s, withNote(s.svc.Close))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/extension", Allow: can(access.ReadCases), Summary: "申请延期", handler: caseAction(s, s.svc.RequestExtension)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/extension/decide", Allow: can(access.ReadCases), Summary: "审批延期", handler: caseAction(s, s.svc.DecideExtension)},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/suspend", Allow: can(access.ReadCases), Summary: "挂起", handler: caseAction(s, withNote(s.svc.Suspend))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/resume", Allow: can(access.ReadCases), Summary: "恢复办理", handler: caseAction(s, withNote(s.svc.Resume))},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/attachments", Allow: can(access.ReadCases), Summary: "上传附件", handler: s.apiAttach},
		{Method: "GET", Pattern: "/api/v1/cases/{id}/attachments/{aid}", Allow: can(access.ReadCases), Summary: "下载附件", handler: s.apiAttachment},
		{Method: "GET", Pattern: "/api/v1/categories", Allow: signedIn, Summary: "问题类别与办理时限", handler: s.apiCategories},
		{Method: "POST", Pattern: "/api/v1/categories", Allow: can(access.ManageCalendar), Summary: "新增问题类别", handler: s.apiCreateCategory},
		{Method: "PATCH", Pattern: "/api/v1/categories/{id}", Allow: can(access.ManageCalendar), Summary: "修改类别的时限与预警阈值", handler: s.apiPatchCategory},
		{Method: "GET", Pattern: "/api/v1/webhooks", Allow: can(access.ManageCases), Summary: "回调（企业微信/钉钉群机器人等）", handler: s.apiListWebhooks},
		{Method: "POST", Pattern: "/api/v1/webhooks", Allow: can(access.ManageCases), Summary: "新增回调", handler: s.apiCreateWebhook},
	}
}

// caseView is a case as the API returns it, with its warning's Chinese
// label and, on the detail route, its timeline.
type caseView struct {
	*model.Case
	StatusLabel  string              `json:"status_label"`
	WarningLabel string              `json:"warning_label"`
	Timeline     []model.CaseEvent   `json:"timeline,omitempty"`
	Extensions   []*model.Extension  `json:"extensions,omitempty"`
	Attachments  []*store.Attachment `json:"attachments,omitempty"`
}

func viewOf(c *model.Case) caseView {
	return caseView{Case: c, StatusLabel: c.Status.Label(), WarningLabel: c.Warning.Label()}
}

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.CaseInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	c, created, err := s.svc.CreateCase(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, status, createdCase{ID: c.ID, Number: c.Number, Status: c.Status, DueAt: c.DueAt, Provisional: c.Provisional, Warning: c.Warning})
}

// createdCase is what intake answers: enough to follow the case up (the
// full record is at the Location).
type createdCase struct {
	ID          int64            `json:"id"`
	Number      string           `json:"number"`
	Status      model.CaseStatus `json:"status"`
	DueAt       time.Time        `json:"due_at"`
	Provisional bool             `json:"due_provisional"`
	Warning     model.Warning    `json:"warning"`
}

// caseFilter reads the list filters of /api/v1/cases and the board.
func caseFilter(r *http.Request) (store.CaseFilter, *service.Error) {
	q := r.URL.Query()
	var f store.CaseFilter
	if v := q.Get("status"); v != "" {
		if v == "open" {
			f.Open = true
		} else if model.CaseStatus(v).Label() == "" {
			return f, service.Invalid("status", "未知的状态："+v)
		} else {
			f.Status = model.CaseStatus(v)
		}
	}
	if v := q.Get("warning"); v != "" {
		if v != "none" && v != "yellow" && v != "red" {
			return f, service.Invalid("warning", "预警应为 none、yellow 或 red")
		}
		f.Warning = model.Warning(v)
	}
	if v := q.Get("kind"); v != "" {
		if model.CaseKind(v).Label() == "" {
			return f, service.Invalid("kind", "未知的类型："+v)
		}
		f.Kind = model.CaseKind(v)
	}
	if v := q.Get("source"); v != "" {
		if model.CaseSource(v).Label() == "" {
			return f, service.Invalid("source", "未知的来源："+v)
		}
		f.Source = model.CaseSource(v)
	}
	ids := map[string]*int64{"category_id": &f.CategoryID, "department_id": &f.DepartmentID, "enterprise_id": &f.EnterpriseID}
	for name, dst := range ids {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, service.Invalid(name, name+" 应为正整数")
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Time{"received_from": &f.ReceivedFrom, "received_to": &f.ReceivedUntil} {
		if v := q.Get(name); v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, calendar.Shanghai)
			if err != nil {
				return f, service.Invalid(name, name+" 应为 YYYY-MM-DD")
			}
			if name == "received_to" {
				d = d.AddDate(0, 0, 1) // inclusive
			}
			*dst = d
		}
	}
	f.Escalated = q.Get("escalated") == "true"
	limit, offset, err := listParams(r)
	f.Limit, f.Offset = limit, offset
	return f, err
}

func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request) {
	f, ferr := caseFilter(r)
	if ferr != nil {
		writeAPIError(w, ferr)
		return
	}
	page, err := s.svc.Cases(r.Context(), principal(r), f)
	if err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	items := make([]caseView, len(page.Items))
	for i, c := range page.Items {
		items[i] = viewOf(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": page.Total, "page": f.Offset/f.Limit + 1, "per_page": f.Limit})
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("事项"))
		return
	}
	c, events, err := s.svc.Case(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	v := viewOf(c)
	v.Timeline = events
	if v.Extensions, err = s.svc.Store.Extensions(r.Context(), id); err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	if v.Attachments, err = s.svc.Store.Attachments(r.Context(), id); err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCaseCounts(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	counts, err := s.svc.Store.CaseCounts(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	depts, err := s.svc.Store.Departments(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "部门")
		return
	}
	type row struct {
		DepartmentID int64  `json:"department_id"`
		Department   string `json:"department"`
		*store.WarningCounts
	}
	out := []row{}
	for _, d := range depts {
		if c := counts[d.ID]; c != nil && c.None+c.Yellow+c.Red > 0 {
			out = append(out, row{d.ID, d.Name, c})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": counts[0], "departments": out})
}

// caseAction adapts one workflow step to an API route: decode the body,
// run the step, answer with the case.
func caseAction[T any](s *Server, run func(ctx context.Context, p *access.Principal, id int64, in T) (*model.Case, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			writeAPIError(w, service.NotFound("事项"))
			return
		}
		var in T
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, &in); err != nil {
				writeAPIError(w, err)
				return
			}
		}
		c, err := run(r.Context(), principal(r), id, in)
		if err != nil {
			s.fail(w, r, err, "事项")
			return
		}
		writeJSON(w, http.StatusOK, viewOf(c))
	}
}

// noteInput is the body of the steps that take only a note or reason.
type noteInput struct {
	Note   string `json:"note"`
	Reason string `json:"reason"`
}

func (n noteInput) text() string {
	if n.Note != "" {
		return n.Note
	}
	return n.Reason
}

func withNote(run func(ctx context.Context, p *access.Principal, id int64, note string) (*model.Case, error)) func(context.Context, *access.Principal, int64, noteInput) (*model.Case, error) {
	return func(ctx context.Context, p *access.Principal, id int64, in noteInput) (*model.Case, error) {
		return run(ctx, p, id, in.text())
	}
}

// MaxAttachment is the largest file attached to a case.
const MaxAttachment = 20 << 20

// attachmentTypes are the content types accepted, by sniffed type.
var attachmentTypes = map[string]string{
	"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
	"application/zip": ".zip/.docx/.xlsx", "text/plain; charset=utf-8": ".txt", "application/octet-stream": "",
}

func (s *Server) apiAttach(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("事项"))
		return
	}
	a, err := s.readAttachment(w, r)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	a.CaseID = id
	if err := s.svc.Attach(r.Context(), principal(r), a); err != nil {
		s.fail(w, r, err, "事项")
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

// readAttachment reads the "file" part of a multipart upload and checks
// its size and its content (sniffed, not the declared type).
func (s *Server) readAttachment(w http.ResponseWriter, r *http.Request) (*store.Attachment, *service.Error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxAttachment+1<<20)
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(MaxAttachment)
		}
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "上传内容无法解析（应为 multipart/form-data，字段 file）"}
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "missing_file", Field: "file", Message: "请选择要上传的附件"}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxAttachment+1))
	if err != nil {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "invalid_upload", Field: "file", Message: "读取附件失败"}
	}
	if len(data) > MaxAttachment {
		return nil, tooLarge(MaxAttachment)
	}
	if len(data) == 0 {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "empty_file", Field: "file", Message: "附件为空"}
	}
	ct := http.DetectContentType(data)
	if _, ok := attachmentTypes[ct]; !ok || ct == "application/octet-stream" && !strings.HasSuffix(strings.ToLower(hdr.Filename), ".doc") && !strings.HasSuffix(strings.ToLower(hdr.Filename), ".xls") {
		return nil, &fault.Error{Class: fault.ClassInvalid, Code: "unsupported_type", Field: "file",
			Message: fmt.Sprintf("不支持的附件类型（%s）：请上传 PDF、图片、Office 文档、压缩包或文本", ct)}
	}
	sum := sha256.Sum256(data)
	name := hdr.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" || len(name) > 200 {
		name = "附件"
	}
	return &store.Attachment{Name: name, ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Data: data}, nil
}

func (s *Server) apiAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if !ok || err != nil {
		s.failAny(w, r, service.NotFound("附件"), "附件")
		return
	}
	if _, _, err := s.svc.Case(r.Context(), principal(r), id); err != nil {
		s.failAny(w, r, err, "事项")
		return
	}
	a, err := s.svc.Store.AttachmentData(r.Context(), id, aid)
	if err != nil {
		s.failAny(w, r, err, "附件")
		return
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Write(a.Data)
}

func (s *Server) apiCategories(w http.ResponseWriter, r *http.Request) {
	cats, err := s.svc.Store.Categories(r.Context())
	if err != nil {
		s.fail(w, r, err, "类别")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(cats)})
}

func (s *Server) apiListWebhooks(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := s.svc.Store.Webhooks(r.Context(), p.RegionPrefix)
	if err != nil {
		s.fail(w, r, err, "回调")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) apiCreateWebhook(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.WebhookInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	h, err := s.svc.CreateWebhook(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "回调")
		return
	}
	writeJSON(w, http.StatusCreated, h)
}

func (s *Server) apiCreateCategory(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var in service.CategoryInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	c, err := s.svc.CreateCategory(r.Context(), p, in)
	if err != nil {
		s.fail(w, r, err, "类别")
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiPatchCategory(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("类别"))
		return
	}
	var in service.CategoryInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	c, err := s.svc.UpdateCategory(r.Context(), p, id, in)
	if err != nil {
		s.fail(w, r, err, "类别")
		return
	}
	writeJSON(w, http.StatusOK, c)
}
