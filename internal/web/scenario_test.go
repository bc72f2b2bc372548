package web_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/access"
)

// A scenario is one HTTP behaviour test: a request made as a role, and
// what must come back and be written. Every domain's behaviour tests are
// tables of scenarios run by (*fixture).run, so they read the same way.
type scenario struct {
	Name   string
	Role   access.Role // "" for anonymous
	Method string
	Path   string
	// Body is the request's content type and body; nil for none. JSON is
	// the common case (see jsonOf).
	Body func(f *fixture) (contentType string, body io.Reader)

	WantStatus int
	WantCode   string   // error.code of an API error; "" for none
	WantField  string   // error.field of an API error
	WantBody   []string // substrings the answer must contain
	// WantAudit is how many audit rows the request writes: 0 for a request
	// that must write nothing (a refusal, bad input), anyAudit when the
	// scenario does not say.
	WantAudit int
}

// anyAudit leaves a scenario's audit rows unchecked.
const anyAudit = -1

// jsonOf is a JSON request body.
func jsonOf(s string) func(*fixture) (string, io.Reader) {
	return func(*fixture) (string, io.Reader) {
		if s == "" {
			return "application/json", nil
		}
		return "application/json", strings.NewReader(s)
	}
}

// auditRows counts the audit log.
func (f *fixture) auditRows(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.st.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// run runs scenarios in order on f and returns their answers.
func (f *fixture) run(t *testing.T, scenarios ...scenario) []*httptest.ResponseRecorder {
	t.Helper()
	out := make([]*httptest.ResponseRecorder, len(scenarios))
	for i, sc := range scenarios {
		var ct string
		var body io.Reader
		if sc.Body != nil {
			ct, body = sc.Body(f)
		}
		before := f.auditRows(t)
		rec := f.do(sc.Role, sc.Method, sc.Path, ct, body)
		out[i] = rec
		name := sc.Name
		if name == "" {
			name = sc.Method + " " + sc.Path
		}
		if rec.Code != sc.WantStatus {
			t.Errorf("%s: status %d, want %d; body: %.500s", name, rec.Code, sc.WantStatus, rec.Body.String())
		}
		if sc.WantCode != "" || sc.WantField != "" {
			var e errBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
				t.Errorf("%s: error body is not JSON: %v: %.300s", name, err, rec.Body.String())
			} else if e.Error.Code != sc.WantCode || e.Error.Field != sc.WantField {
				t.Errorf("%s: error %+v, want code %s field %q", name, e.Error, sc.WantCode, sc.WantField)
			}
		}
		for _, want := range sc.WantBody {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s: answer lacks %q: %.500s", name, want, rec.Body.String())
			}
		}
		if sc.WantAudit != anyAudit {
			if n := f.auditRows(t) - before; n != sc.WantAudit {
				t.Errorf("%s: wrote %d audit rows, want %d", name, n, sc.WantAudit)
			}
		}
	}
	return out
}

// formOf is a posted form.
func formOf(v url.Values) func(*fixture) (string, io.Reader) {
	return func(*fixture) (string, io.Reader) {
		return "application/x-www-form-urlencoded", strings.NewReader(v.Encode())
	}
}
