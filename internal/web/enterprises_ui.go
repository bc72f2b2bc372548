package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

// enterprisesUI are the routes of the registry's pages.
func (s *Server) enterprisesUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/enterprises", Allow: can(access.ReadEnterprises), handler: s.uiEnterprises},
		{Method: "GET", Pattern: "/enterprises/new", Allow: registrars, handler: s.uiEnterpriseNew},
		{Method: "POST", Pattern: "/enterprises", Allow: registrars, handler: s.uiEnterpriseCreate},
		{Method: "GET", Pattern: "/enterprises/{id}", Allow: can(access.ReadEnterprises), handler: s.uiEnterprise},
		// the service refuses those who may not edit after it finds the record
		{Method: "GET", Pattern: "/enterprises/{id}/edit", Allow: can(access.ReadEnterprises), handler: s.uiEnterpriseEdit},
		{Method: "POST", Pattern: "/enterprises/{id}", Allow: enterpriseEditors, handler: s.uiEnterpriseUpdate},
		{Method: "GET", Pattern: "/enterprises/import", Allow: registrars, handler: s.uiImportForm},
		{Method: "POST", Pattern: "/enterprises/import", Allow: registrars, handler: s.uiImport},
		{Method: "GET", Pattern: "/enterprises/export.xlsx", Allow: can(access.ExportEnterprises), handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/enterprises/template.xlsx", Allow: registrars, handler: s.importTemplate},
	}
}

func (s *Server) uiEnterprises(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Role == access.Enterprise {
		return seeOther(w, r, "/enterprises/"+strconv.FormatInt(p.EnterpriseID, 10))
	}
	f, err := enterpriseFilter(r)
	if err != nil {
		return badFilter(err)
	}
	page, err := s.svc.Enterprises(r.Context(), p, f)
	if err != nil {
		return err
	}
	tags, err := s.svc.Tags(r.Context())
	if err != nil {
		return err
	}
	towns, err := s.svc.Townships(r.Context(), p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "enterprises", &view{Title: "企业库", Nav: "enterprises", Data: map[string]any{
		"Page": page, "Filter": f, "Pager": newPager(r, page.Total, f.Limit, f.Offset), "Query": r.URL.Query(),
		"Tags": tags, "Townships": towns, "Sections": industry.Sections(), "Scales": model.Scales,
		"ExportQuery": r.URL.Query().Encode(),
	}})
}

func (s *Server) uiEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	file, err := s.svc.EnterpriseFile(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "enterprise", &view{Title: file.Enterprise.Name, Nav: "enterprises", Notice: r.URL.Query().Get("notice"), Data: file})
}

// enterpriseForm is what the create/edit form shows back.
type enterpriseForm struct {
	E        *model.Enterprise
	Errors   map[string]string
	Values   url.Values
	Tags     []string
	Regions  []*model.Region
	Scales   []model.Scale
	Owners   []model.Ownership
	Own      bool // an enterprise user editing its own record
	Action   string
	Sections []industry.Section
}

func (s *Server) formData(r *http.Request, e *model.Enterprise, vals url.Values, fe map[string]string) (*enterpriseForm, error) {
	p := principal(r)
	choices, err := s.svc.EnterpriseChoices(r.Context(), p)
	if err != nil {
		return nil, err
	}
	f := &enterpriseForm{E: e, Errors: fe, Values: vals, Tags: choices.Tags, Regions: choices.Regions, Scales: model.Scales,
		Owners: model.Ownerships, Own: !registrars(p), Sections: industry.Sections()}
	if e.ID == 0 {
		f.Action = "/enterprises"
	} else {
		f.Action = "/enterprises/" + strconv.FormatInt(e.ID, 10)
	}
	if vals == nil {
		f.Values = form.EnterpriseValues(e)
	}
	return f, nil
}

// renderEnterpriseForm shows the create or edit form, with what was typed
// and the faults marked when vals and fe are given.
func (s *Server) renderEnterpriseForm(w http.ResponseWriter, r *http.Request, status int, title string, e *model.Enterprise, vals url.Values, fe map[string]string) error {
	data, err := s.formData(r, e, vals, fe)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "enterprise_form", &view{Title: title, Nav: "enterprises", Data: data})
}

func (s *Server) uiEnterpriseNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderEnterpriseForm(w, r, http.StatusOK, "登记企业", &model.Enterprise{}, nil, nil)
}

func (s *Server) uiEnterpriseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	e, err := s.svc.EditableEnterprise(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.renderEnterpriseForm(w, r, http.StatusOK, "修改企业信息", e, nil, nil)
}

func (s *Server) uiEnterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := form.NewEnterprise(r.PostForm)
	if err == nil {
		var created *model.Enterprise
		if created, err = s.svc.CreateEnterprise(r.Context(), principal(r), in); err == nil {
			return seeOther(w, r, withNotice("/enterprises/"+strconv.FormatInt(created.ID, 10), "企业已登记"))
		}
	}
	fe, err := formFaults(err)
	if err != nil {
		return err
	}
	return s.renderEnterpriseForm(w, r, http.StatusUnprocessableEntity, "登记企业", &model.Enterprise{}, r.PostForm, fe)
}

func (s *Server) uiEnterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	id, err := pathID(r, "企业")
	if err != nil {
		return err
	}
	e, err := s.svc.Enterprise(r.Context(), p, id)
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	patch, err := form.Enterprise(r.PostForm, !registrars(p)) // the others change only their own record's contact fields
	if err == nil {
		if _, err = s.svc.UpdateEnterprise(r.Context(), p, id, patch); err == nil {
			return seeOther(w, r, withNotice("/enterprises/"+strconv.FormatInt(id, 10), "已保存"))
		}
	}
	fe, err := formFaults(err)
	if err != nil {
		return err
	}
	vals := r.PostForm
	vals.Set("uscc", e.USCC)
	return s.renderEnterpriseForm(w, r, http.StatusUnprocessableEntity, "修改企业信息", e, vals, fe)
}

func (s *Server) uiImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "import", &view{Title: "导入企业", Nav: "import"})
}

// uiImport imports an uploaded ledger; a file refused as a whole shows the
// form again with the reason.
func (s *Server) uiImport(w http.ResponseWriter, r *http.Request) error {
	body, name, cleanup, err := uploadedFile(w, r)
	if err != nil {
		return s.importRefused(w, r, http.StatusUnprocessableEntity, err)
	}
	defer cleanup()
	rep, err := s.svc.ImportEnterprises(r.Context(), principal(r), body, name)
	if err != nil {
		return s.importRefused(w, r, 0, err)
	}
	return s.render(w, r, http.StatusOK, "import", &view{Title: "导入结果", Nav: "import", Data: map[string]any{"Report": rep, "File": name}})
}

// importRefused shows the import form with why the file was refused, with
// status or else the refusal's own.
func (s *Server) importRefused(w http.ResponseWriter, r *http.Request, status int, err error) error {
	e := fault.As(err, "企业")
	if e == nil {
		return err
	}
	if status == 0 {
		status = statusOf(e)
	}
	return s.render(w, r, status, "import", &view{Title: "导入企业", Nav: "import", Notice: e.Message})
}
