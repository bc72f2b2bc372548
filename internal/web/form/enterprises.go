package form

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// The enterprise form, for a new enterprise and for changes to one.

// Enterprise reads the enterprise form into a patch with every field of
// the form present. An enterprise user's form (own) carries only what it
// may change of its own record.
func Enterprise(v url.Values, own bool) (service.EnterprisePatch, error) {
	f := New(v)
	p := f.enterprisePatch(own)
	return p, f.Err()
}

// NewEnterprise reads the form of a new enterprise. When a field does not
// convert, the credit code is checked too, so the clerk sees both faults in
// one round (the service checks the rest once the form converts).
func NewEnterprise(v url.Values) (service.EnterpriseInput, error) {
	f := New(v)
	patch := f.enterprisePatch(false)
	e := &model.Enterprise{}
	patch.ApplyTo(e)
	in := service.EnterpriseInput{USCC: f.Raw("uscc"), Name: e.Name, LegalRep: e.LegalRep, IndustryCode: e.IndustryCode, Scale: e.Scale,
		Ownership: e.Ownership, RegionCode: e.RegionCode, TownshipCode: e.TownshipCode, Address: e.Address, Latitude: e.Latitude,
		Longitude: e.Longitude, FoundedOn: e.FoundedOn, Employees: e.Employees, RevenueYuan: e.RevenueYuan, Tags: e.Tags, Contacts: e.Contacts}
	if len(f.faults) > 0 {
		if err := uscc.Validate(uscc.Normalize(in.USCC)); err != nil {
			if ue, ok := err.(*uscc.Error); ok {
				f.Fail("uscc", "统一社会信用代码"+ue.Message())
			}
		}
	}
	return in, f.Err()
}

func (f *Form) enterprisePatch(own bool) service.EnterprisePatch {
	str := func(k string) *string { x := f.Text(k); return &x }
	num := func(k, message string) *int64 {
		var n int64
		if x := f.Text(k); x != "" {
			var err error
			if n, err = parseInt64(x); err != nil {
				f.Fail(k, message)
			}
		}
		return &n
	}
	var p service.EnterprisePatch
	p.Address = str("address")
	p.Employees = num("employees", "从业人数应为整数")
	if f.Has("revenue_wan") { // the form asks in 万元, as the detail page and the import template show it
		y, ok := ParseWan(f.Text("revenue_wan"))
		if !ok {
			f.Fail("revenue_wan", "营业收入应为数字（单位：万元，最多 4 位小数）")
		}
		p.RevenueYuan = &y
	} else {
		p.RevenueYuan = num("revenue_yuan", "营业收入应为整数（元）")
	}
	if lat, lng := f.Text("latitude"), f.Text("longitude"); lat != "" || lng != "" {
		a, err1 := strconv.ParseFloat(lat, 64)
		b, err2 := strconv.ParseFloat(lng, 64)
		if err1 != nil || err2 != nil {
			f.Fail("latitude", "经纬度应为数字，且须同时填写")
		} else {
			p.Latitude, p.Longitude = &a, &b
		}
	}
	contacts := []model.Contact{}
	if c := (model.Contact{Name: f.Text("contact_name"), Title: f.Text("contact_title"), Phone: f.Text("contact_phone")}); c.Name != "" || c.Phone != "" {
		contacts = append(contacts, c)
	}
	p.Contacts = &contacts
	if own {
		return p
	}
	p.Name, p.LegalRep, p.IndustryCode = str("name"), str("legal_rep"), str("industry_code")
	p.RegionCode, p.TownshipCode = str("region_code"), str("township_code")
	sc, ow := model.Scale(f.Raw("scale")), model.Ownership(f.Raw("ownership"))
	p.Scale, p.Ownership = &sc, &ow
	d := f.Date("founded_on", "")
	p.FoundedOn = &d
	tags := f.v["tags"]
	if tags == nil {
		tags = []string{}
	}
	p.Tags = &tags
	return p
}

// EnterpriseValues are the form's values for an enterprise on record.
func EnterpriseValues(e *model.Enterprise) url.Values {
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
		v.Set("revenue_wan", FormatWan(e.RevenueYuan))
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

// ParseWan reads an amount in 万元 ("80", "12.5", "0.0001", "1,200") into
// exact yuan. Empty is zero.
func ParseWan(s string) (int64, bool) {
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
	frac += strings.Repeat("0", 4-len(frac))
	w, err1 := strconv.ParseUint("0"+whole, 10, 63)
	f, err2 := strconv.ParseUint(frac, 10, 63)
	if err1 != nil || err2 != nil { // not digits
		return 0, false
	}
	y := int64(w)*10000 + int64(f)
	if neg {
		y = -y
	}
	return y, true
}

// FormatWan writes yuan as 万元 with up to 4 decimals, exactly.
func FormatWan(yuan int64) string {
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
