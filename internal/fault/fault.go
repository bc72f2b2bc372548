// Package fault holds the errors zhuqi shows its users: a class that picks
// the answer (an HTTP status, the error page), a stable English code, a
// Chinese message and the fields at fault. The rules return them; the web
// answers them in one place.
//
// fault imports neither the store nor the service: the store's errors say
// what they are by a method (NotFound, InvalidReference, ConflictField),
// and As recognises those methods.
package fault

import (
	"errors"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Class is what kind of failure an error is; each class has one answer
// (see web: 422, 403, 404, 409, 401, 429, 413).
type Class int

// The classes.
const (
	ClassInvalid         Class = iota + 1 // bad input
	ClassForbidden                        // the role may not do this
	ClassNotFound                         // absent, or outside the user's scope
	ClassConflict                         // clashes with existing data or the record's state
	ClassUnauthenticated                  // no or a bad login, session or token
	ClassTooMany                          // too many attempts
	ClassTooLarge                         // the request or file is too big
)

// Error is an error meant for users: its class, a stable English code, a
// Chinese message and, when one field is at fault, its name.
type Error struct {
	Class   Class
	Code    string
	Message string
	Field   string
	Fields  model.FieldErrors // every field at fault, when several are
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Invalid reports bad input in one field.
func Invalid(field, message string) *Error {
	return &Error{Class: ClassInvalid, Code: "invalid", Message: message, Field: field}
}

// Forbidden reports that the role may not do what was asked.
func Forbidden() *Error {
	return &Error{Class: ClassForbidden, Code: "forbidden", Message: "无权执行此操作"}
}

// NotFound reports a missing record (or one outside the user's scope).
func NotFound(what string) *Error {
	return &Error{Class: ClassNotFound, Code: "not_found", Message: what + "不存在"}
}

// Conflict reports a clash with existing data or with a record's state.
func Conflict(code, field, message string) *Error {
	return &Error{Class: ClassConflict, Code: code, Field: field, Message: message}
}

// FromFields turns validation errors into one Error naming the first field
// and carrying all of them; nil when there are none.
func FromFields(fe model.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return fromFields(fe)
}

func fromFields(fe model.FieldErrors) *Error {
	return &Error{Class: ClassInvalid, Code: "invalid", Message: fe[0].Message, Field: fe[0].Field, Fields: fe}
}

// The store's errors are recognised by these methods.
type (
	missing      interface{ NotFound() bool }         // a record that does not exist
	badReference interface{ InvalidReference() bool } // a reference to a record that does not exist
	conflicting  interface{ ConflictField() string }  // a unique value already taken
)

// As maps err to an *Error when it is of a known kind, else nil (an
// internal error that users must not see the details of). what names the
// record a not-found error is about ("企业" → 企业不存在).
func As(err error, what string) *Error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	var fe model.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		return fromFields(fe)
	}
	var c conflicting
	var m missing
	var b badReference
	switch {
	case errors.As(err, &c):
		return &Error{Class: ClassConflict, Code: "conflict", Message: conflictMessage(c.ConflictField()), Field: c.ConflictField()}
	case errors.As(err, &m) && m.NotFound():
		return NotFound(what)
	case errors.As(err, &b) && b.InvalidReference():
		return &Error{Class: ClassInvalid, Code: "invalid_reference", Message: "引用的记录不存在"}
	}
	return nil
}

// Explain returns err as an *Error when it is of a known kind, else err
// unchanged (to be logged and shown as an internal error).
func Explain(err error, what string) error {
	if e := As(err, what); e != nil {
		return e
	}
	return err
}

// ClassOf is err's class, or 0 for an internal error.
func ClassOf(err error) Class {
	if e := As(err, ""); e != nil {
		return e.Class
	}
	return 0
}

// CodeOf is err's code, or "" for an internal error.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func conflictMessage(field string) string {
	switch field {
	case "uscc":
		return "该统一社会信用代码已登记"
	case "login":
		return "该登录名已被使用"
	case "code":
		return "该编码已存在"
	case "name":
		return "该名称已存在"
	}
	return "与已有记录冲突"
}
