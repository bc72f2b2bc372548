package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// assertErrorShape checks the one error format of the API:
// {"error":{"code":"…","message":"…"}} with a non-empty, non-ASCII message.
func assertErrorShape(t *testing.T, body []byte) {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Errorf("error body is not JSON: %v: %.200s", err, body)
		return
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("error body lacks code or message: %s", body)
	}
	ascii := true
	for _, r := range e.Error.Message {
		if r > 127 {
			ascii = false
		}
	}
	if ascii {
		t.Errorf("error message is not Chinese: %q", e.Error.Message)
	}
}

// The OpenAPI document says who may call each operation, as the route
// table's rule does.
func TestOpenAPIShowsRoles(t *testing.T) {
	f := newFixture(t, store.SQLite)
	rec := f.do(anon, "GET", "/api/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Roles       []access.Role `json:"x-zhuqi-roles"`
			Description string        `json:"description"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if len(op.Roles) == 0 || !strings.HasPrefix(op.Description, "可调用角色：") {
				t.Errorf("%s %s: roles %v, description %q", method, path, op.Roles, op.Description)
			}
			for _, r := range op.Roles {
				if !r.Valid() {
					t.Errorf("%s %s: unknown role %q", method, path, r)
				}
			}
		}
	}
	for _, c := range []struct {
		method, path string
		want         []access.Role
	}{
		{"post", "/api/v1/users", []access.Role{access.Admin}},
		{"get", "/api/v1/coverage", []access.Role{access.Admin, access.Coordinator, access.Leader}},
		{"post", "/api/v1/plans", []access.Role{access.Commissioner}},
		{"post", "/api/v1/visits", []access.Role{access.Admin, access.Coordinator, access.Commissioner}},
		{"get", "/api/v1/visits", []access.Role{access.Admin, access.Coordinator, access.Leader, access.Commissioner, access.Enterprise}},
		{"patch", "/api/v1/enterprises/{id}", []access.Role{access.Admin, access.Coordinator, access.Enterprise}},
		{"get", "/api/v1/me", access.Roles},
	} {
		got := doc.Paths[c.path][c.method]
		if fmt.Sprint(got.Roles) != fmt.Sprint(c.want) {
			t.Errorf("%s %s: roles %v, want %v", c.method, c.path, got.Roles, c.want)
		}
	}
	if d := doc.Paths["/api/v1/users"]["post"].Description; !strings.Contains(d, "系统管理员") || strings.Contains(d, "牵头办公室") {
		t.Errorf("POST /api/v1/users description: %q", d)
	}
}
