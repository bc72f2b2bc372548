package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/importer"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// enterprisesAPI are the routes of the enterprise registry.
func (s *Server) enterprisesAPI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/enterprises", Allow: can(access.ReadEnterprises), Summary: "企业列表与搜索", handler: s.apiListEnterprises},
		{Method: "POST", Pattern: "/api/v1/enterprises", Allow: can(access.WriteEnterprises), Summary: "登记企业", handler: s.apiCreateEnterprise},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}", Allow: can(access.ReadEnterprises), Summary: "企业详情", handler: s.apiGetEnterprise},
		{Method: "PATCH", Pattern: "/api/v1/enterprises/{id}", Allow: enterpriseEditors, Summary: "修改企业信息", handler: s.apiPatchEnterprise},
		{Method: "POST", Pattern: "/api/v1/enterprises/import", Allow: can(access.WriteEnterprises), Summary: "导入企业（CSV/XLSX）", handler: s.apiImportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/export", Allow: can(access.ExportEnterprises), Summary: "导出企业（XLSX）", handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/template", Allow: can(access.WriteEnterprises), Summary: "企业导入模板（XLSX）", handler: s.importTemplate},
	}
}

func enterpriseFilter(r *http.Request) (store.EnterpriseFilter, *service.Error) {
	q := r.URL.Query()
	f := store.EnterpriseFilter{Q: strings.TrimSpace(q.Get("q")), Tag: q.Get("tag"), TownshipCode: q.Get("township")}
	if len([]rune(f.Q)) > 100 {
		return f, service.Invalid("q", "搜索词不超过100字")
	}
	if v := strings.ToUpper(q.Get("industry")); v != "" {
		if len(v) != 1 {
			if _, ok := industry.Lookup(v); !ok {
				return f, service.Invalid("industry", "行业代码应为门类字母（如 C）或门类加大类（如 C39）")
			}
		} else if v < "A" || v > "T" {
			return f, service.Invalid("industry", "行业门类应为 A–T")
		}
		f.Industry = v
	}
	if v := q.Get("scale"); v != "" {
		sc, ok := model.ParseScale(v)
		if !ok {
			return f, service.Invalid("scale", "企业规模应为 large、medium、small 或 micro")
		}
		f.Scale = sc
	}
	limit, offset, err := listParams(r)
	f.Limit, f.Offset = limit, offset
	return f, err
}

type enterpriseList struct {
	Items   []*model.Enterprise `json:"items"`
	Total   int                 `json:"total"`
	Page    int                 `json:"page"`
	PerPage int                 `json:"per_page"`
}

func (s *Server) apiListEnterprises(w http.ResponseWriter, r *http.Request) {
	f, ferr := enterpriseFilter(r)
	if ferr != nil {
		writeAPIError(w, ferr)
		return
	}
	page, err := s.svc.Enterprises(r.Context(), principal(r), f)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, enterpriseList{Items: page.Items, Total: page.Total, Page: f.Offset/f.Limit + 1, PerPage: f.Limit})
}

func (s *Server) apiCreateEnterprise(w http.ResponseWriter, r *http.Request) {
	var in service.EnterpriseInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeAPIError(w, err)
		return
	}
	e, err := s.svc.CreateEnterprise(r.Context(), principal(r), in)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+strconv.FormatInt(e.ID, 10))
	writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiGetEnterprise(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	e, err := s.svc.Enterprise(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiPatchEnterprise(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		writeAPIError(w, service.NotFound("企业"))
		return
	}
	var patch service.EnterprisePatch
	if err := decodeJSON(w, r, &patch); err != nil {
		writeAPIError(w, err)
		return
	}
	e, err := s.svc.UpdateEnterprise(r.Context(), p, id, patch)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// apiImportEnterprises takes a multipart upload (field "file") or the file
// itself as the body (with ?filename=… as a hint of its type).
func (s *Server) apiImportEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	body, name, cleanup, ferr := uploadedFile(w, r)
	if ferr != nil {
		writeAPIError(w, ferr)
		return
	}
	defer cleanup()
	rep, err := s.svc.ImportEnterprises(r.Context(), p, body, name)
	if err != nil {
		s.fail(w, r, err, "企业")
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// exportEnterprises streams the enterprises in the user's scope (with the
// list's filters) as an XLSX ledger with Chinese headers.
func (s *Server) exportEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f, ferr := enterpriseFilter(r)
	if ferr != nil {
		s.failAny(w, r, ferr, "企业")
		return
	}
	f.Limit, f.Offset, f.NoCount = 200000, 0, true
	page, err := s.svc.Store.Enterprises(r.Context(), p.Scope(), f)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	var buf bytes.Buffer
	if err := service.WriteEnterprisesXLSX(&buf, page.Items); err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	name := fmt.Sprintf("企业库-%s.xlsx", time.Now().In(calendar.Shanghai).Format("20060102"))
	sendFile(w, name, buf.Bytes())
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := importer.WriteTemplateXLSX(&buf); err != nil {
		s.failAny(w, r, err, "模板")
		return
	}
	sendFile(w, "企业导入模板.xlsx", buf.Bytes())
}
