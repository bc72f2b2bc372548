package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
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
		{Method: "POST", Pattern: "/api/v1/enterprises", Allow: registrars, Summary: "登记企业", handler: s.apiCreateEnterprise},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}", Allow: can(access.ReadEnterprises), Summary: "企业详情", handler: s.apiGetEnterprise},
		{Method: "PATCH", Pattern: "/api/v1/enterprises/{id}", Allow: enterpriseEditors, Summary: "修改企业信息", handler: s.apiPatchEnterprise},
		{Method: "POST", Pattern: "/api/v1/enterprises/import", Allow: registrars, Summary: "导入企业（CSV/XLSX）", handler: s.apiImportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/export", Allow: can(access.ExportEnterprises), Summary: "导出企业（XLSX）", handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/template", Allow: registrars, Summary: "企业导入模板（XLSX）", handler: s.importTemplate},
	}
}

func enterpriseFilter(r *http.Request) (store.EnterpriseFilter, error) {
	q := r.URL.Query()
	f := store.EnterpriseFilter{Q: strings.TrimSpace(q.Get("q")), Tag: q.Get("tag"), TownshipCode: q.Get("township")}
	if len([]rune(f.Q)) > 100 {
		return f, fault.Invalid("q", "搜索词不超过100字")
	}
	if v := strings.ToUpper(q.Get("industry")); v != "" {
		if len(v) != 1 {
			if _, ok := industry.MajorOf(v); !ok {
				return f, fault.Invalid("industry", "行业代码应为门类字母（如 C）或门类加大类（如 C39）")
			}
		} else if v < "A" || v > "T" {
			return f, fault.Invalid("industry", "行业门类应为 A–T")
		}
		f.Industry = v
	}
	if v := q.Get("scale"); v != "" {
		sc, ok := model.ParseScale(v)
		if !ok {
			return f, fault.Invalid("scale", "企业规模应为 large、medium、small 或 micro")
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

func (s *Server) apiListEnterprises(w http.ResponseWriter, r *http.Request) error {
	f, err := enterpriseFilter(r)
	if err != nil {
		return err
	}
	page, err := s.svc.Enterprises(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, enterpriseList{Items: page.Items, Total: page.Total, Page: f.Offset/f.Limit + 1, PerPage: f.Limit})
}

func (s *Server) apiCreateEnterprise(w http.ResponseWriter, r *http.Request) error {
	var in service.EnterpriseInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.svc.CreateEnterprise(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+strconv.FormatInt(e.ID, 10))
	return writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiGetEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	e, err := s.svc.Enterprise(r.Context(), principal(r), id)
	return reply(w, http.StatusOK, e, err)
}

func (s *Server) apiPatchEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	var patch service.EnterprisePatch
	if err := decodeJSON(w, r, &patch); err != nil {
		return err
	}
	e, err := s.svc.UpdateEnterprise(r.Context(), principal(r), id, patch)
	return reply(w, http.StatusOK, e, err)
}

// apiImportEnterprises takes a multipart upload (field "file") or the file
// itself as the body (with ?filename=… as a hint of its type).
func (s *Server) apiImportEnterprises(w http.ResponseWriter, r *http.Request) error {
	body, name, cleanup, err := uploadedFile(w, r)
	if err != nil {
		return err
	}
	defer cleanup()
	rep, err := s.svc.ImportEnterprises(r.Context(), principal(r), body, name)
	return reply(w, http.StatusOK, rep, err)
}

// exportEnterprises sends the enterprises in the user's scope (with the
// list's filters) as an XLSX ledger with Chinese headers.
func (s *Server) exportEnterprises(w http.ResponseWriter, r *http.Request) error {
	f, err := enterpriseFilter(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.svc.ExportEnterprises(r.Context(), principal(r), f, &buf); err != nil {
		return err
	}
	sendFile(w, fmt.Sprintf("企业库-%s.xlsx", s.svc.Now().In(calendar.Shanghai).Format("20060102")), buf.Bytes())
	return nil
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := importer.WriteTemplateXLSX(&buf); err != nil {
		return err
	}
	sendFile(w, "企业导入模板.xlsx", buf.Bytes())
	return nil
}
