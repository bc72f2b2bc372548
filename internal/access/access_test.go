package access

import (
	"slices"
	"testing"
)

func TestRoles(t *testing.T) {
	labels := map[Role]string{
		Admin: "系统管理员", Coordinator: "牵头办公室", Leader: "区领导",
		Department: "部门经办人", Commissioner: "服务专员", Enterprise: "企业用户",
	}
	if len(Roles) != len(labels) {
		t.Fatalf("Roles lists %d roles, want %d", len(Roles), len(labels))
	}
	for _, r := range Roles {
		if !r.Valid() || r.Label() != labels[r] {
			t.Errorf("%s: valid %v label %q, want %q", r, r.Valid(), r.Label(), labels[r])
		}
	}
	for _, r := range []Role{"", "root", "Admin", "public"} {
		if r.Valid() || r.Label() != "" {
			t.Errorf("%q must not be a role (label %q)", r, r.Label())
		}
	}
}

// TestScope: only an enterprise user is narrowed to one enterprise, and an
// enterprise user bound to none is narrowed to an id no enterprise has.
func TestScope(t *testing.T) {
	cases := []struct {
		p    Principal
		want Scope
	}{
		{Principal{Role: Enterprise, RegionPrefix: "411203", EnterpriseID: 7}, Scope{Prefix: "411203", EnterpriseID: 7}},
		{Principal{Role: Enterprise, RegionPrefix: "411203"}, Scope{Prefix: "411203", EnterpriseID: -1}},
		{Principal{Role: Department, RegionPrefix: "411203", DepartmentID: 3, EnterpriseID: 7}, Scope{Prefix: "411203"}},
		{Principal{Role: Commissioner, RegionPrefix: "411203", EnterpriseID: 7}, Scope{Prefix: "411203"}},
		{Principal{Role: Coordinator, RegionPrefix: "4112"}, Scope{Prefix: "4112"}},
		{Principal{Role: Admin}, Scope{}},
	}
	for _, c := range cases {
		if got := c.p.Scope(); got != c.want {
			t.Errorf("%+v: scope %+v, want %+v", c.p, got, c.want)
		}
	}
}

func TestInRegion(t *testing.T) {
	p := &Principal{Role: Coordinator, RegionPrefix: "411203"}
	for code, want := range map[string]bool{"411203": true, "411203001": true, "411202": false, "4112": false, "": false} {
		if got := p.InRegion(code); got != want {
			t.Errorf("InRegion(%q) = %v, want %v", code, got, want)
		}
	}
	if !(&Principal{Role: Admin}).InRegion("650000") {
		t.Error("an empty prefix (the whole country) must contain every region")
	}
}

// TestGrants is the role × action table, spelled out: a grant added to or
// dropped from a role changes a row here.
func TestGrants(t *testing.T) {
	actions := []Action{ReadEnterprises, WriteEnterprises, EditOwnEnterprise, ExportEnterprises, ReadOrg, ManageOrg, ManageUsers,
		ReadAudit, ReadCases, CreateCases, ManageCases, HandleCases, RateCases, ManageCalendar}
	want := map[Role][]Action{
		Admin:        {ReadEnterprises, WriteEnterprises, ExportEnterprises, ReadOrg, ManageOrg, ManageUsers, ReadAudit, ReadCases, CreateCases, ManageCases, ManageCalendar},
		Coordinator:  {ReadEnterprises, WriteEnterprises, ExportEnterprises, ReadOrg, ManageOrg, ReadAudit, ReadCases, CreateCases, ManageCases},
		Leader:       {ReadEnterprises, ExportEnterprises, ReadOrg, ReadAudit, ReadCases},
		Department:   {ReadEnterprises, ReadOrg, ReadCases, HandleCases},
		Commissioner: {ReadEnterprises, ReadOrg, ReadCases, CreateCases},
		Enterprise:   {ReadEnterprises, EditOwnEnterprise, ReadCases, CreateCases, RateCases},
	}
	for _, r := range Roles {
		p := &Principal{Role: r}
		for _, a := range actions {
			if got, exp := p.Can(a), slices.Contains(want[r], a); got != exp {
				t.Errorf("%s can %s: %v, want %v", r, a, got, exp)
			}
		}
	}
	var nobody *Principal
	if nobody.Can(ReadEnterprises) {
		t.Error("a nil principal (anonymous) must be allowed nothing")
	}
	if (&Principal{Role: "root"}).Can(ReadEnterprises) {
		t.Error("an unknown role must be allowed nothing")
	}
}
