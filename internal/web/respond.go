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

	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

const (
	slogDebug = slog.LevelDebug
	slogError = slog.LevelError
)

var (
	errUnauthenticated = &fault.Error{Class: fault.ClassUnauthenticated, Code: "unauthenticated", Message: "请先登录或提供 API 令牌"}
	errInternal        = &service.Error{Code: "internal", Message: "服务器内部错误，请稍后重试"}
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
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

func statusOf(e *service.Error) int {
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

func writeAPIError(w http.ResponseWriter, e *service.Error) {
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

// fail answers an API request with the error's status, logging internal
// errors and hiding their details from the client.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error, what string) {
	if e := service.AsError(err, what); e != nil {
		writeAPIError(w, e)
		return
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeAPIError(w, tooLarge(mbe.Limit))
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeAPIError(w, errInternal)
}

func tooLarge(limit int64) *service.Error {
	return &fault.Error{Class: fault.ClassTooLarge, Code: "too_large", Message: fmt.Sprintf("请求内容过大（上限 %d MB）", max(1, limit>>20))}
}

// decodeJSON reads a JSON body strictly: one object, no unknown fields,
// at most MaxJSONBody bytes. Its errors name the field at fault.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) *service.Error {
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
		return tooLarge(mbe.Limit)
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
		f, _ = strconv.Unquote(f)
		return &fault.Error{Class: fault.ClassInvalid, Code: "unknown_field", Field: f, Message: fmt.Sprintf("未知字段「%s」", f)}
	}
	return &fault.Error{Class: fault.ClassInvalid, Code: "invalid_json", Message: "请求体无法解析：" + err.Error()}
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

// pathID reads a positive integer path value; anything else is a 404, as
// no record could have that id.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// regionPrefixOf is the subtree prefix of a region code.
func regionPrefixOf(code string) string { return division.Prefix(code) }

// listParams reads paging: page (from 1) and per_page (1–200, default 20).
func listParams(r *http.Request) (limit, offset int, err *service.Error) {
	q := r.URL.Query()
	page, per := 1, 20
	if v := q.Get("page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 1_000_000 {
			return 0, 0, service.Invalid("page", "page 应为正整数")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 200 {
			return 0, 0, service.Invalid("per_page", "per_page 应为 1–200 的整数")
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

// deny answers 403 in the surface's own format.
func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	s.failAny(w, r, service.Forbidden(), "")
}

// failAny answers an error as JSON on API paths and as a page elsewhere.
func (s *Server) failAny(w http.ResponseWriter, r *http.Request, err error, what string) {
	if isAPI(r) || strings.HasSuffix(r.URL.Path, ".xlsx") && r.Header.Get("Accept") == "application/json" {
		s.fail(w, r, err, what)
		return
	}
	if e := service.AsError(err, what); e != nil {
		s.renderError(w, r, statusOf(e), e.Message)
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	s.renderError(w, r, http.StatusInternalServerError, "服务器内部错误，请稍后重试")
}
