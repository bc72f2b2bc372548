package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/web/form"
)

const (
	slogDebug = slog.LevelDebug
	slogError = slog.LevelError
)

var (
	errUnauthenticated = &fault.Error{Class: fault.ClassUnauthenticated, Code: "unauthenticated", Message: "请先登录或提供 API 令牌"}
	errInternal        = &fault.Error{Code: "internal", Message: "服务器内部错误，请稍后重试"}
)

// A handler answers a request, or returns the error its route's adapter
// answers: api for the JSON routes, page for the pages (see New).
type handler func(w http.ResponseWriter, r *http.Request) error

// plain adapts a handler that cannot fail.
func plain(h http.HandlerFunc) handler {
	return func(w http.ResponseWriter, r *http.Request) error { h(w, r); return nil }
}

// api answers a JSON route's error: {"error":{…}} with the status of the
// error's class.
func (s *Server) api(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeAPIError(w, s.userFault(r, err))
		}
	}
}

// page answers a page's error with the error page, in Chinese. A download
// asked for as JSON (Accept: application/json) gets the JSON error.
func (s *Server) page(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.answerPage(w, r, err)
		}
	}
}

func (s *Server) answerPage(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) || strings.HasSuffix(r.URL.Path, ".xlsx") && r.Header.Get("Accept") == "application/json" {
		writeAPIError(w, s.userFault(r, err))
		return
	}
	var pe *pageError
	if errors.As(err, &pe) {
		s.renderError(w, r, pe.status, pe.msg)
		return
	}
	e := s.userFault(r, err)
	s.renderError(w, r, statusOf(e), e.Message)
}

// userFault is the user's side of err: itself when it is a fault error, 413
// when a body was over its limit; any other error is logged and hidden.
func (s *Server) userFault(r *http.Request, err error) *fault.Error {
	if e := fault.As(err, "记录"); e != nil {
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	var pe *pageError
	if errors.As(err, &pe) {
		return &fault.Error{Class: fault.ClassInvalid, Code: "invalid", Message: pe.msg}
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return errInternal
}

// pageError is a page's own answer, a status and a message: a list's bad
// filter or a form that cannot be read is a 400 on a page (the API says
// 422).
type pageError struct {
	status int
	msg    string
}

func (e *pageError) Error() string { return e.msg }

// badRequest is a page's 400 with msg.
func badRequest(msg string) error { return &pageError{http.StatusBadRequest, msg} }

// badFilter is a page's 400 for a list filter the service's rules refuse.
func badFilter(err error) error {
	if e := fault.As(err, ""); e != nil && e.Class == fault.ClassInvalid {
		return badRequest(e.Message)
	}
	return err
}

// readForm reads a posted form (at most MaxJSONBody bytes) into
// r.PostForm. One over the limit is a 413; one that does not parse, a 400.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("表单无法解析")
	}
	return nil
}

// notice turns the outcome of a form post into the notice its page shows
// next: done when it worked, failed followed by the reason when it is the
// user's to put right. A missing record, a refusal and an internal error
// are returned for the page adapter to answer.
func notice(err error, done, failed string) (string, error) {
	if err == nil {
		return done, nil
	}
	e := fault.As(err, "记录")
	if e == nil || e.Class == fault.ClassNotFound || e.Class == fault.ClassForbidden {
		return "", err
	}
	return failed + e.Message, nil
}

// everyFault is err with every field's message in its message, for a
// notice that names them all.
func everyFault(err error) error {
	e := fault.As(err, "")
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	all := *e
	all.Message = ""
	for i, f := range e.Fields {
		if i > 0 {
			all.Message += "；"
		}
		all.Message += f.Message
	}
	return &all
}

// formFaults turns the service's refusal of a form into the marks the form
// shows next to its fields. An error that names no field and is a missing
// record or a refusal, or an internal error, is returned for the page
// adapter to answer.
func formFaults(err error) (map[string]string, error) {
	e := fault.As(err, "记录")
	if e == nil || e.Field == "" && len(e.Fields) == 0 && (e.Class == fault.ClassNotFound || e.Class == fault.ClassForbidden) {
		return nil, err
	}
	return formErrors(e), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return nil
}

// reply writes v as JSON with status, or returns err: the last line of a
// JSON handler that calls one service method.
func reply(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(w, status, v)
}

// apiError is the one shape of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Field   string          `json:"field,omitempty"`
	Details []apiFieldError `json:"details,omitempty"`
}

type apiFieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func statusOf(e *fault.Error) int {
	switch e.Class {
	case fault.ClassInvalid:
		return http.StatusUnprocessableEntity
	case fault.ClassForbidden:
		return http.StatusForbidden
	case fault.ClassNotFound:
		return http.StatusNotFound
	case fault.ClassConflict:
		return http.StatusConflict
	case fault.ClassUnauthenticated:
		return http.StatusUnauthorized
	case fault.ClassTooMany:
		return http.StatusTooManyRequests
	case fault.ClassTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

func writeAPIError(w http.ResponseWriter, e *fault.Error) {
	body := apiErrorBody{Code: e.Code, Message: e.Message, Field: e.Field}
	if len(e.Fields) > 1 {
		for _, f := range e.Fields {
			body.Details = append(body.Details, apiFieldError{Field: f.Field, Message: f.Message})
		}
	}
	if e.Class == fault.ClassUnauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zhuqi"`)
	}
	writeJSON(w, statusOf(e), apiError{Error: body})
}

func tooLarge(limit int64) *fault.Error {
	return &fault.Error{Class: fault.ClassTooLarge, Code: "too_large", Message: fmt.Sprintf("请求内容过大（上限 %d MB）", max(1, limit>>20))}
}

// decodeJSON reads a JSON body strictly: one object, no unknown fields,
// at most MaxJSONBody bytes. Its errors are *fault.Error naming the field
// at fault, or the *http.MaxBytesError of a body over the limit (413).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &fault.Error{Class: fault.ClassInvalid, Code: "unsupported_media_type", Message: "请求体须为 JSON（Content-Type: application/json）"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() || dec.Decode(&struct{}{}) != io.EOF {
			return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体只能包含一个 JSON 对象"}
		}
		return nil
	}
	var mbe *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &mbe):
		return mbe
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体应为一个 JSON 对象"}
	case errors.As(err, &typeErr):
		return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_type", Field: typeErr.Field,
			Message: fmt.Sprintf("字段「%s」类型错误：应为%s", typeErr.Field, jsonTypeName(typeErr.Type.Kind().String()))}
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体不是合法的 JSON"}
	case errors.Is(err, io.EOF):
		return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体为空"}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if u, err := strconv.Unquote(f); err == nil {
			f = u
		}
		return &fault.Error{Class: fault.ClassInvalid, Code: "unknown_field", Field: f, Message: fmt.Sprintf("未知字段「%s」", f)}
	}
	return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体无法解析：" + err.Error()}
}

// decodeOptionalJSON is decodeJSON for the steps whose body may be empty.
func decodeOptionalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decodeJSON(w, r, v)
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "字符串"
	case "int", "int64", "int32", "uint", "uint64", "float64", "float32":
		return "数字"
	case "bool":
		return "布尔值"
	case "slice":
		return "数组"
	case "struct", "map":
		return "对象"
	}
	return kind
}

// pathID reads the positive integer path value id; anything else is not
// found, as no record of what could have that id.
func pathID(r *http.Request, what string) (int64, error) {
	return pathInt(r, "id", what)
}

// pathInt reads the positive integer path value name.
func pathInt(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.NotFound(what)
	}
	return id, nil
}

// enterpriseLookup finds, for a form of the user's, the enterprise a
// credit code names within their reach.
func (s *Server) enterpriseLookup(r *http.Request) form.Lookup {
	return func(code string) (int64, bool, error) {
		b, err := s.svc.EnterpriseByCode(r.Context(), principal(r), code)
		switch {
		case err == nil:
			return b.ID, true, nil
		case fault.ClassOf(err) == fault.ClassNotFound:
			return 0, false, nil
		}
		return 0, false, err
	}
}

// queryDates reads the YYYY-MM-DD query parameters named in dst into it;
// absent ones leave their default.
func queryDates(r *http.Request, dst map[string]*model.Date) error {
	q := r.URL.Query()
	for name, d := range dst {
		if v := q.Get(name); v != "" {
			x, err := model.ParseDate(v)
			if err != nil || x.IsZero() {
				return fault.Invalid(name, name+" 应为 YYYY-MM-DD")
			}
			*d = x
		}
	}
	return nil
}

// listParams reads paging: page (from 1) and per_page (1–200, default 20).
func listParams(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	page, per := 1, 20
	if v := q.Get("page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 1_000_000 {
			return 0, 0, fault.Invalid("page", "page 应为正整数")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 200 {
			return 0, 0, fault.Invalid("per_page", "per_page 应为 1–200 的整数")
		}
		per = n
	}
	return per, (page - 1) * per, nil
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// items is the JSON of a list: {"items": [...]}, [] when empty.
func items[T any](list []T) map[string]any { return map[string]any{"items": nonNil(list)} }

// okJSON is the answer of a write that returns nothing else.
var okJSON = map[string]any{"ok": true}
