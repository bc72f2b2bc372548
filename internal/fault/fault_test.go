package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// The store's errors are recognised by what they say they are, wrapped or
// not; anything else is internal (nil) and its text never reaches users.
func TestAsMapsStoreErrors(t *testing.T) {
	fe := model.FieldErrors{}
	fe.Add("name", "名称不能为空")
	fe.Add("uscc", "统一社会信用代码校验位错误")
	cases := []struct {
		name  string
		err   error
		class fault.Class
		code  string
		field string
		msg   string
	}{
		{"not found", store.ErrNotFound, fault.ClassNotFound, "not_found", "", "企业不存在"},
		{"wrapped not found", fmt.Errorf("case 7: %w", store.ErrNotFound), fault.ClassNotFound, "not_found", "", "企业不存在"},
		{"foreign key", fmt.Errorf("%w: fk_case_enterprise", store.ErrInvalid), fault.ClassInvalid, "invalid_reference", "", "引用的记录不存在"},
		{"unique", &store.ConflictError{Field: "uscc"}, fault.ClassConflict, "conflict", "uscc", "该统一社会信用代码已登记"},
		{"unique, unknown column", fmt.Errorf("insert: %w", &store.ConflictError{Field: "x"}), fault.ClassConflict, "conflict", "x", "与已有记录冲突"},
		{"field errors", fe, fault.ClassInvalid, "invalid", "name", "名称不能为空"},
		{"a fault error", fmt.Errorf("step: %w", fault.Conflict("suspended", "status", "事项已挂起")), fault.ClassConflict, "suspended", "status", "事项已挂起"},
	}
	for _, c := range cases {
		e := fault.As(c.err, "企业")
		if e == nil || e.Class != c.class || e.Code != c.code || e.Field != c.field || e.Message != c.msg {
			t.Errorf("%s: As = %+v, want %v %s %q %s", c.name, e, c.class, c.code, c.field, c.msg)
		}
	}
	if e := fault.As(fe, ""); len(e.Fields) != 2 {
		t.Errorf("field errors lost: %+v", e)
	}
	for _, err := range []error{store.ErrConflict, errors.New("connection refused"), model.FieldErrors{}, nil} {
		if e := fault.As(err, "企业"); e != nil {
			t.Errorf("As(%v) = %+v, want nil (internal)", err, e)
		}
	}
	internal := errors.New("disk full")
	if got := fault.Explain(internal, "企业"); got != internal {
		t.Errorf("Explain changed an internal error: %v", got)
	}
	if got := fault.Explain(nil, "企业"); got != nil {
		t.Errorf("Explain(nil) = %v", got)
	}
	if fault.ClassOf(store.ErrNotFound) != fault.ClassNotFound || fault.ClassOf(internal) != 0 {
		t.Error("ClassOf")
	}
	if fault.CodeOf(fmt.Errorf("x: %w", fault.Forbidden())) != "forbidden" || fault.CodeOf(internal) != "" {
		t.Error("CodeOf")
	}
}
