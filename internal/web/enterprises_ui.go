package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// enterprisesUI are the routes of the registry's pages.
func (s *Server) enterprisesUI() []Route {
	return []Route{
		{Method: "GET", Pattern: "/enterprises", Allow: can(access.ReadEnterprises), handler: s.uiEnterprises},
		{Method: "GET", Pattern: "/enterprises/new", Allow: can(access.WriteEnterprises), handler: s.uiEnterpriseNew},
		{Method: "POST", Pattern: "/enterprises", Allow: can(access.WriteEnterprises), handler: s.uiEnterpriseCreate},
		{Method: "GET", Pattern: "/enterprises/{id}", Allow: can(access.ReadEnterprises), handler: s.uiEnterprise},
		// the service refuses those who may not edit after it finds the record
		{Method: "GET", Pattern: "/enterprises/{id}/edit", Allow: can(access.ReadEnterprises), handler: s.uiEnterpriseEdit},
		{Method: "POST", Pattern: "/enterprises/{id}", Allow: enterpriseEditors, handler: s.uiEnterpriseUpdate},
		{Method: "GET", Pattern: "/enterprises/import", Allow: can(access.WriteEnterprises), handler: s.uiImportForm},
		{Method: "POST", Pattern: "/enterprises/import", Allow: can(access.WriteEnterprises), handler: s.uiImport},
		{Method: "GET", Pattern: "/enterprises/export.xlsx", Allow: can(access.ExportEnterprises), handler: s.exportEnterprises},
		{Method: "GET", Pattern: "/enterprises/template.xlsx", Allow: can(access.WriteEnterprises), handler: s.importTemplate},
	}
}

func (s *Server) uiEnterprises(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if p.Role == access.Enterprise {
		http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(p.EnterpriseID, 10), http.StatusSeeOther)
		return
	}
	f, ferr := enterpriseFilter(r)
	if ferr != nil {
		s.renderError(w, r, http.StatusBadRequest, ferr.Message)
		return
	}
	page, err := s.svc.Enterprises(r.Context(), p, f)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	tags, _ := s.svc.Store.Tags(r.Context())
	towns := s.townships(r.Context(), p.RegionPrefix)
	s.render(w, r, http.StatusOK, "enterprises", &view{Title: "企业库", Nav: "enterprises", Data: map[string]any{
		"Page": page, "Filter": f, "Pager": newPager(r, page.Total, f.Limit, f.Offset), "Query": r.URL.Query(),
		"Tags": tags, "Townships": towns, "Sections": industry.Sections(), "Scales": model.Scales,
		"ExportQuery": r.URL.Query().Encode(),
	}})
}

func (s *Server) uiEnterprise(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "企业不存在")
		return
	}
	e, err := s.svc.Enterprise(r.Context(), p, id)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	var history []*store.AuditRecord
	if p.Can(access.ReadAudit) {
		history, _ = s.svc.Store.ListAudit(r.Context(), store.AuditFilter{Entity: "enterprise", EntityID: strconv.FormatInt(id, 10), Limit: 20})
	}
	// 一企一档: the enterprise's cases, as far as the user may see them.
	var cases *store.CasePage
	if p.Can(access.ReadCases) {
		cases, _ = s.svc.Cases(r.Context(), p, store.CaseFilter{EnterpriseID: id, Limit: 50})
	}
	commissioners, _ := s.svc.Commissioners(r.Context(), p, id)
	var visits []*model.Visit
	if p.Role != access.Department {
		visits, _, _ = s.svc.Visits(r.Context(), p, store.VisitFilter{EnterpriseID: id, Limit: 10})
	}
	events, _ := s.svc.EnterpriseEvents(r.Context(), p, id)
	teams, _ := s.svc.EnterpriseTeams(r.Context(), p, id)
	var candidates []*model.User
	if p.Can(access.ManageCases) {
		candidates, _ = s.svc.Store.Users(r.Context(), p.RegionPrefix, access.Commissioner)
	}
	s.render(w, r, http.StatusOK, "enterprise", &view{Title: e.Name, Nav: "enterprises", Notice: r.URL.Query().Get("notice"),
		Data: map[string]any{"E": e, "History": history, "Cases": cases, "Commissioners": commissioners, "Candidates": candidates, "Visits": visits, "Events": events, "Teams": teams,
			"CanVisit": p.Role == access.Commissioner || p.Can(access.ManageCases),
			"CanEdit":  p.Can(access.WriteEnterprises) || (p.Can(access.EditOwnEnterprise) && p.EnterpriseID == e.ID)}})
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

func (s *Server) formData(r *http.Request, e *model.Enterprise, vals url.Values, fe map[string]string) *enterpriseForm {
	p := principal(r)
	tags, _ := s.svc.Store.Tags(r.Context())
	regions, _ := s.svc.Store.Regions(r.Context(), p.RegionPrefix)
	f := &enterpriseForm{E: e, Errors: fe, Values: vals, Tags: tags, Regions: regions, Scales: model.Scales,
		Owners: model.Ownerships, Own: !p.Can(access.WriteEnterprises), Sections: industry.Sections()}
	if e.ID == 0 {
		f.Action = "/enterprises"
	} else {
		f.Action = "/enterprises/" + strconv.FormatInt(e.ID, 10)
	}
	if vals == nil {
		f.Values = enterpriseValues(e)
	}
	return f
}

func enterpriseValues(e *model.Enterprise) url.Values {
	v := url.Values{}
	v.Set("uscc", e.USCC)
	v.Set("name", e.Name)
	v.Set("legal_rep", e.LegalRep)
	v.Set("industry_code", e.IndustryCode)
	v.Set("scale", string(e.Scale))
	v.Set("ownership", string(e.Ownership))
	v.Set("region_code", e.RegionCode)
	v.Set("township_code", e.TownshipCode)
	v.Set("address", e.Address)
	if e.Latitude != nil && e.Longitude != nil {
		v.Set("latitude", strconv.FormatFloat(*e.Latitude, 'f', -1, 64))
		v.Set("longitude", strconv.FormatFloat(*e.Longitude, 'f', -1, 64))
	}
	v.Set("founded_on", e.FoundedOn.String())
	if e.ID != 0 { // a new record starts with empty boxes, not zeros to type over
		v.Set("employees", strconv.FormatInt(e.Employees, 10))
		v.Set("revenue_wan", formatWan(e.RevenueYuan))
	}
	for _, t := range e.Tags {
		v.Add("tags", t)
	}
	if len(e.Contacts) > 0 {
		v.Set("contact_name", e.Contacts[0].Name)
		v.Set("contact_title", e.Contacts[0].Title)
		v.Set("contact_phone", e.Contacts[0].Phone)
	}
	return v
}

func (s *Server) uiEnterpriseNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "enterprise_form", &view{Title: "登记企业", Nav: "enterprises", Data: s.formData(r, &model.Enterprise{}, nil, nil)})
}

func (s *Server) uiEnterpriseEdit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "企业不存在")
		return
	}
	e, err := s.svc.Enterprise(r.Context(), p, id)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	if !p.Can(access.WriteEnterprises) && !p.Can(access.EditOwnEnterprise) {
		s.deny(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "enterprise_form", &view{Title: "修改企业信息", Nav: "enterprises", Data: s.formData(r, e, nil, nil)})
}

// parseWan reads an amount in 万元 ("80", "12.5", "0.0001", "1,200")
// into exact yuan. Empty is zero.
func parseWan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "，", "")
	if s == "" {
		return 0, true
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 4 || len(whole) > 12 {
		return 0, false
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	y := w*10000 + f
	if neg {
		y = -y
	}
	return y, true
}

// formatWan writes yuan as 万元 with up to 4 decimals, exactly.
func formatWan(yuan int64) string {
	neg := yuan < 0
	if neg {
		yuan = -yuan
	}
	s := strconv.FormatInt(yuan/10000, 10) + "." + fmt.Sprintf("%04d", yuan%10000)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if neg {
		s = "-" + s
	}
	return s
}

// parseForm reads the enterprise form into a patch (every field present)
// and collects conversion errors per field.
func parseEnterpriseForm(r *http.Request, own bool) (service.EnterprisePatch, map[string]string) {
	v := r.PostForm
	fe := map[string]string{}
	str := func(k string) *string { x := strings.TrimSpace(v.Get(k)); return &x }
	num := func(k, msg string) *int64 {
		x := strings.TrimSpace(v.Get(k))
		if x == "" {
			var z int64
			return &z
		}
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			fe[k] = msg
		}
		return &n
	}
	var p service.EnterprisePatch
	p.Address = str("address")
	p.Employees = num("employees", "从业人数应为整数")
	if w, ok := v["revenue_wan"]; ok { // the form asks in 万元, as the detail page and the import template show it
		y, ok := parseWan(strings.TrimSpace(w[0]))
		if !ok {
			fe["revenue_wan"] = "营业收入应为数字（单位：万元，最多 4 位小数）"
		}
		p.RevenueYuan = &y
	} else {
		p.RevenueYuan = num("revenue_yuan", "营业收入应为整数（元）")
	}
	lat, lng := strings.TrimSpace(v.Get("latitude")), strings.TrimSpace(v.Get("longitude"))
	if lat != "" || lng != "" {
		a, err1 := strconv.ParseFloat(lat, 64)
		b, err2 := strconv.ParseFloat(lng, 64)
		if err1 != nil || err2 != nil {
			fe["latitude"] = "经纬度应为数字，且须同时填写"
		} else {
			p.Latitude, p.Longitude = &a, &b
		}
	}
	contacts := []model.Contact{}
	if c := (model.Contact{Name: strings.TrimSpace(v.Get("contact_name")), Title: strings.TrimSpace(v.Get("contact_title")), Phone: strings.TrimSpace(v.Get("contact_phone"))}); c.Name != "" || c.Phone != "" {
		contacts = append(contacts, c)
	}
	p.Contacts = &contacts
	if own {
		return p, fe
	}
	p.Name, p.LegalRep, p.IndustryCode = str("name"), str("legal_rep"), str("industry_code")
	p.RegionCode, p.TownshipCode = str("region_code"), str("township_code")
	sc, ow := model.Scale(v.Get("scale")), model.Ownership(v.Get("ownership"))
	p.Scale, p.Ownership = &sc, &ow
	d, err := model.ParseDate(strings.TrimSpace(v.Get("founded_on")))
	if err != nil {
		fe["founded_on"] = err.Error()
	}
	p.FoundedOn = &d
	tags := v["tags"]
	if tags == nil {
		tags = []string{}
	}
	p.Tags = &tags
	return p, fe
}

func (s *Server) uiEnterpriseCreate(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	patch, fe := parseEnterpriseForm(r, false)
	in := service.EnterpriseInput{USCC: r.PostForm.Get("uscc")}
	e := &model.Enterprise{}
	patch.ApplyTo(e)
	in.Name, in.LegalRep, in.IndustryCode, in.Scale, in.Ownership = e.Name, e.LegalRep, e.IndustryCode, e.Scale, e.Ownership
	in.RegionCode, in.TownshipCode, in.Address, in.Latitude, in.Longitude = e.RegionCode, e.TownshipCode, e.Address, e.Latitude, e.Longitude
	in.FoundedOn, in.Employees, in.RevenueYuan, in.Tags, in.Contacts = e.FoundedOn, e.Employees, e.RevenueYuan, e.Tags, e.Contacts
	if len(fe) > 0 {
		// The service checks the rest only once the form converts; check the
		// code now too, so the clerk sees both problems in one round.
		if err := uscc.Validate(uscc.Normalize(in.USCC)); err != nil {
			if ue, ok := err.(*uscc.Error); ok {
				fe["uscc"] = "统一社会信用代码" + ue.Message()
			}
		}
	}
	if len(fe) == 0 {
		created, err := s.svc.CreateEnterprise(r.Context(), p, in)
		if err == nil {
			http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(created.ID, 10)+"?notice="+url.QueryEscape("企业已登记"), http.StatusSeeOther)
			return
		}
		se := service.AsError(err, "企业")
		if se == nil {
			s.failAny(w, r, err, "企业")
			return
		}
		fe = formErrors(se)
	}
	s.render(w, r, http.StatusUnprocessableEntity, "enterprise_form", &view{Title: "登记企业", Nav: "enterprises",
		Data: s.formData(r, &model.Enterprise{}, r.PostForm, fe)})
}

func (s *Server) uiEnterpriseUpdate(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "企业不存在")
		return
	}
	e, err := s.svc.Enterprise(r.Context(), p, id)
	if err != nil {
		s.failAny(w, r, err, "企业")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "表单无法解析")
		return
	}
	patch, fe := parseEnterpriseForm(r, !p.Can(access.WriteEnterprises))
	if len(fe) == 0 {
		_, err := s.svc.UpdateEnterprise(r.Context(), p, id, patch)
		if err == nil {
			http.Redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10)+"?notice="+url.QueryEscape("已保存"), http.StatusSeeOther)
			return
		}
		se := service.AsError(err, "企业")
		if se == nil {
			s.failAny(w, r, err, "企业")
			return
		}
		fe = formErrors(se)
	}
	vals := r.PostForm
	vals.Set("uscc", e.USCC)
	s.render(w, r, http.StatusUnprocessableEntity, "enterprise_form", &view{Title: "修改企业信息", Nav: "enterprises",
		Data: s.formData(r, e, vals, fe)})
}

func (s *Server) uiImportForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "import", &view{Title: "导入企业", Nav: "import"})
}

func (s *Server) uiImport(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	body, name, cleanup, ferr := uploadedFile(w, r)
	if ferr != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "import", &view{Title: "导入企业", Nav: "import", Notice: ferr.Message})
		return
	}
	defer cleanup()
	rep, err := s.svc.ImportEnterprises(r.Context(), p, body, name)
	if err != nil {
		se := service.AsError(err, "企业")
		if se == nil {
			s.failAny(w, r, err, "企业")
			return
		}
		s.render(w, r, statusOf(se), "import", &view{Title: "导入企业", Nav: "import", Notice: se.Message})
		return
	}
	s.render(w, r, http.StatusOK, "import", &view{Title: "导入结果", Nav: "import", Data: map[string]any{"Report": rep, "File": name}})
}
