// Package enterprises holds the rules of the enterprise registry (企业库):
// validation, scope, and the import and export of its ledger.
package enterprises

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/industry"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/pinyin"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// Service is the rules of the enterprise registry over one store.
type Service struct {
	*core.Clock
	db *store.Store
}

// New returns the registry's rules on db, at clock's time.
func New(clock *core.Clock, db *store.Store) *Service {
	return &Service{Clock: clock, db: db}
}

// Input is every field an enterprise is created with.
type Input struct {
	USCC         string          `json:"uscc"`
	Name         string          `json:"name"`
	LegalRep     string          `json:"legal_rep"`
	IndustryCode string          `json:"industry_code"`
	Scale        model.Scale     `json:"scale"`
	Ownership    model.Ownership `json:"ownership"`
	RegionCode   string          `json:"region_code"`
	TownshipCode string          `json:"township_code"`
	Address      string          `json:"address"`
	Latitude     *float64        `json:"latitude"`
	Longitude    *float64        `json:"longitude"`
	FoundedOn    model.Date      `json:"founded_on"`
	Employees    int64           `json:"employees"`
	RevenueYuan  int64           `json:"revenue_yuan"`
	Tags         []string        `json:"tags"`
	Contacts     []model.Contact `json:"contacts"`
}

// Patch changes the fields that are present (not nil).
type Patch struct {
	Name         *string          `json:"name"`
	LegalRep     *string          `json:"legal_rep"`
	IndustryCode *string          `json:"industry_code"`
	Scale        *model.Scale     `json:"scale"`
	Ownership    *model.Ownership `json:"ownership"`
	RegionCode   *string          `json:"region_code"`
	TownshipCode *string          `json:"township_code"`
	Address      *string          `json:"address"`
	Latitude     *float64         `json:"latitude"`
	Longitude    *float64         `json:"longitude"`
	FoundedOn    *model.Date      `json:"founded_on"`
	Employees    *int64           `json:"employees"`
	RevenueYuan  *int64           `json:"revenue_yuan"`
	Tags         *[]string        `json:"tags"`
	Contacts     *[]model.Contact `json:"contacts"`
}

// ownFields are what an enterprise user may change of its own record; the
// registry's official fields stay with the government side.
func (p *Patch) onlyOwnFields() (string, bool) {
	switch {
	case p.Name != nil:
		return "name", false
	case p.LegalRep != nil:
		return "legal_rep", false
	case p.IndustryCode != nil:
		return "industry_code", false
	case p.Scale != nil:
		return "scale", false
	case p.Ownership != nil:
		return "ownership", false
	case p.RegionCode != nil:
		return "region_code", false
	case p.TownshipCode != nil:
		return "township_code", false
	case p.FoundedOn != nil:
		return "founded_on", false
	case p.Tags != nil:
		return "tags", false
	}
	return "", true
}

// ApplyTo sets the patch's present fields on e.
func (p *Patch) ApplyTo(e *model.Enterprise) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&e.Name, p.Name)
	set(&e.LegalRep, p.LegalRep)
	set(&e.IndustryCode, p.IndustryCode)
	set(&e.RegionCode, p.RegionCode)
	set(&e.TownshipCode, p.TownshipCode)
	set(&e.Address, p.Address)
	if p.Scale != nil {
		e.Scale = *p.Scale
	}
	if p.Ownership != nil {
		e.Ownership = *p.Ownership
	}
	if p.Latitude != nil {
		e.Latitude = p.Latitude
	}
	if p.Longitude != nil {
		e.Longitude = p.Longitude
	}
	if p.FoundedOn != nil {
		e.FoundedOn = *p.FoundedOn
	}
	if p.Employees != nil {
		e.Employees = *p.Employees
	}
	if p.RevenueYuan != nil {
		e.RevenueYuan = *p.RevenueYuan
	}
	if p.Tags != nil {
		e.Tags = *p.Tags
	}
	if p.Contacts != nil {
		e.Contacts = *p.Contacts
	}
}

// refs is the reference data validation checks enterprises against, loaded
// once per request or import.
type refs struct {
	regions map[string]*model.Region
	tags    map[string]bool
	today   model.Date
	p       *access.Principal
}

func (s *Service) loadRefs(ctx context.Context, p *access.Principal) (*refs, error) {
	prefix := ""
	if p != nil {
		prefix = p.RegionPrefix
	}
	regions, err := s.db.Regions(ctx, prefix)
	if err != nil {
		return nil, err
	}
	tags, err := s.db.Tags(ctx)
	if err != nil {
		return nil, err
	}
	r := &refs{regions: make(map[string]*model.Region, len(regions)), tags: make(map[string]bool, len(tags)),
		today: model.DateOf(s.Now().In(calendar.Shanghai)), p: p}
	for _, x := range regions {
		r.regions[x.Code] = x
	}
	for _, t := range tags {
		r.tags[t] = true
	}
	return r, nil
}

var phonePattern = regexp.MustCompile(`^[0-9+\-() ]{5,20}$`)

// normalizeEnterprise tidies what users type: codes upper-cased and
// half-width, names trimmed, the region defaulted from the user's own.
func (r *refs) normalizeEnterprise(e *model.Enterprise) {
	e.USCC = uscc.Normalize(e.USCC)
	e.Name = strings.TrimSpace(e.Name)
	e.LegalRep = strings.TrimSpace(e.LegalRep)
	e.Address = strings.TrimSpace(e.Address)
	if e.IndustryCode != "" {
		e.IndustryCode, _ = industry.Normalize(e.IndustryCode)
	}
	if e.RegionCode == "" && e.TownshipCode != "" {
		if t := r.regions[e.TownshipCode]; t != nil && t.Level == int(division.Township) {
			e.RegionCode = t.ParentCode // the township names its district
		}
	}
	if e.RegionCode == "" && r.p != nil {
		switch division.LevelOf(r.p.RegionCode) {
		case division.County:
			e.RegionCode = r.p.RegionCode
		case division.Township:
			if reg := r.regions[r.p.RegionCode]; reg != nil {
				e.RegionCode = reg.ParentCode
				if e.TownshipCode == "" {
					e.TownshipCode = r.p.RegionCode
				}
			}
		}
	}
	if e.Tags != nil {
		seen := map[string]bool{}
		out := e.Tags[:0]
		for _, t := range e.Tags {
			t = strings.TrimSpace(t)
			if t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
		e.Tags = out
	}
	e.NameInitials = pinyin.Initials(e.Name)
}

// validateEnterprise checks every field and returns all problems found.
func (r *refs) validateEnterprise(e *model.Enterprise) model.FieldErrors {
	var fe model.FieldErrors
	if err := uscc.Validate(e.USCC); err != nil {
		if ue, ok := err.(*uscc.Error); ok {
			fe.Add("uscc", "统一社会信用代码"+ue.Message())
		} else {
			fe.Add("uscc", "统一社会信用代码无效")
		}
	}
	if n := utf8.RuneCountInString(e.Name); n == 0 || n > 200 {
		fe.Add("name", "企业名称不能为空，且不超过200字")
	}
	if utf8.RuneCountInString(e.LegalRep) > 50 {
		fe.Add("legal_rep", "法定代表人不超过50字")
	}
	if e.IndustryCode != "" {
		if err := industry.Validate(e.IndustryCode); err != nil {
			fe.Add("industry_code", err.Error())
		}
	}
	if e.Scale != "" && e.Scale.Label() == "" {
		fe.Add("scale", "企业规模应为 large（大型）、medium（中型）、small（小型）或 micro（微型）")
	}
	if e.Ownership != "" && e.Ownership.Label() == "" {
		fe.Add("ownership", "所有制应为 private、state、collective、foreign、hkmt 或 other")
	}
	region := r.regions[e.RegionCode]
	switch {
	case e.RegionCode == "":
		fe.Add("region_code", "请填写所属区县代码")
	case region == nil:
		fe.Add("region_code", fmt.Sprintf("所属区县 %s 未设置或不在您的管辖范围内", e.RegionCode))
	case region.Level != int(division.County):
		fe.Add("region_code", fmt.Sprintf("%s 不是区县级代码", e.RegionCode))
	}
	if e.TownshipCode != "" {
		t := r.regions[e.TownshipCode]
		if t == nil || t.ParentCode != e.RegionCode {
			fe.Add("township_code", fmt.Sprintf("乡镇街道 %s 不属于所属区县 %s", e.TownshipCode, e.RegionCode))
		}
	}
	if r.p != nil && region != nil && !r.p.InRegion(e.ScopeCode()) {
		fe.Add("region_code", "该企业不在您的管辖范围内")
	}
	if utf8.RuneCountInString(e.Address) > 300 {
		fe.Add("address", "地址不超过300字")
	}
	if (e.Latitude == nil) != (e.Longitude == nil) {
		fe.Add("latitude", "经纬度须同时填写")
	} else if e.Latitude != nil {
		if *e.Latitude < -90 || *e.Latitude > 90 {
			fe.Add("latitude", "纬度应在 -90 到 90 之间")
		}
		if *e.Longitude < -180 || *e.Longitude > 180 {
			fe.Add("longitude", "经度应在 -180 到 180 之间")
		}
	}
	if !e.FoundedOn.IsZero() && e.FoundedOn.After(r.today) {
		fe.Add("founded_on", "成立日期不能晚于今天")
	}
	if e.Employees < 0 || e.Employees > 10_000_000 {
		fe.Add("employees", "从业人数应为非负整数")
	}
	if e.RevenueYuan < 0 {
		fe.Add("revenue_yuan", "营业收入不能为负数")
	}
	for _, t := range e.Tags {
		if !r.tags[t] {
			fe.Add("tags", fmt.Sprintf("标签「%s」未定义（可用标签由管理员配置）", t))
			break
		}
	}
	if len(e.Contacts) > 20 {
		fe.Add("contacts", "联系人不超过20位")
	}
	for i, c := range e.Contacts {
		if strings.TrimSpace(c.Name) == "" && strings.TrimSpace(c.Phone) == "" {
			fe.Add(fmt.Sprintf("contacts[%d].name", i), "联系人姓名和电话至少填写一项")
		}
		if c.Phone != "" && !phonePattern.MatchString(c.Phone) {
			fe.Add(fmt.Sprintf("contacts[%d].phone", i), "联系电话格式不正确")
		}
	}
	return fe
}

func (in *Input) enterprise() *model.Enterprise {
	return &model.Enterprise{
		USCC: in.USCC, Name: in.Name, LegalRep: in.LegalRep, IndustryCode: in.IndustryCode, Scale: in.Scale,
		Ownership: in.Ownership, RegionCode: in.RegionCode, TownshipCode: in.TownshipCode, Address: in.Address,
		Latitude: in.Latitude, Longitude: in.Longitude, FoundedOn: in.FoundedOn, Employees: in.Employees,
		RevenueYuan: in.RevenueYuan, Tags: in.Tags, Contacts: in.Contacts,
	}
}

// CreateEnterprise registers an enterprise.
func (s *Service) CreateEnterprise(ctx context.Context, p *access.Principal, in Input) (*model.Enterprise, error) {
	if !p.Can(access.WriteEnterprises) {
		return nil, fault.Forbidden()
	}
	r, err := s.loadRefs(ctx, p)
	if err != nil {
		return nil, err
	}
	e := in.enterprise()
	r.normalizeEnterprise(e)
	if err := fault.FromFields(r.validateEnterprise(e)); err != nil {
		return nil, err
	}
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.CreateEnterprise(ctx, e) })
	if err != nil {
		return nil, fault.Explain(err, "企业")
	}
	return e, nil
}

// UpdateEnterprise applies a patch to an enterprise in p's scope.
func (s *Service) UpdateEnterprise(ctx context.Context, p *access.Principal, id int64, patch Patch) (*model.Enterprise, error) {
	switch {
	case p.Can(access.WriteEnterprises):
	case p.Can(access.EditOwnEnterprise):
		if field, ok := patch.onlyOwnFields(); !ok {
			return nil, &fault.Error{Class: fault.ClassForbidden, Code: "forbidden_field", Field: field, Message: "企业用户只能修改地址、联系人、从业人数、营业收入和经纬度"}
		}
	default:
		return nil, fault.Forbidden()
	}
	r, err := s.loadRefs(ctx, p)
	if err != nil {
		return nil, err
	}
	var after *model.Enterprise
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		before, err := tx.EnterpriseForUpdate(ctx, p.Scope(), id)
		if err != nil {
			return err
		}
		a := *before
		a.Tags = append([]string(nil), before.Tags...)
		a.Contacts = append([]model.Contact(nil), before.Contacts...)
		patch.ApplyTo(&a)
		r.normalizeEnterprise(&a)
		if err := fault.FromFields(r.validateEnterprise(&a)); err != nil {
			return err
		}
		after = &a
		return tx.UpdateEnterprise(ctx, before, after)
	})
	if err != nil {
		return nil, fault.Explain(err, "企业")
	}
	return after, nil
}

// Enterprise returns one enterprise in p's scope.
func (s *Service) Enterprise(ctx context.Context, p *access.Principal, id int64) (*model.Enterprise, error) {
	if !p.Can(access.ReadEnterprises) {
		return nil, fault.Forbidden()
	}
	e, err := s.db.Enterprise(ctx, p.Scope(), id)
	return e, fault.Explain(err, "企业")
}

// Enterprises lists and searches the enterprises in p's scope.
func (s *Service) Enterprises(ctx context.Context, p *access.Principal, f store.EnterpriseFilter) (*store.EnterprisePage, error) {
	if !p.Can(access.ReadEnterprises) {
		return nil, fault.Forbidden()
	}
	if f.Limit > 200 {
		f.Limit = 200
	}
	return s.db.Enterprises(ctx, p.Scope(), f)
}
