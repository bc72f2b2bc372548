// Package service holds zhuqi's rules: validation, scoping and the order of
// writes. The JSON API, the web UI and the CLI all call it, so a rule is
// written once. Handlers stay thin; SQL stays in the store.
package service

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// calendar.Shanghai is the business time zone: calendar.Shanghai, named here for
// the service's callers.
var Shanghai = calendar.Shanghai

// Service is the application core over one store.
type Service struct {
	Store *store.Store
	Now   func() time.Time
	// Base is the built-in calendar the imported years go on; nil for the
	// embedded State Council data (calendar.Default). Tests pin it to the
	// years they were written against.
	Base *calendar.Calendar

	cal     calendarCache
	cats    categoryCache
	clockCh chan struct{} // wakes the warning clock when a nearer check is set
	clockAt atomic.Int64  // when the clock plans to wake (Unix ns)

	tokens tokenCache
}

// New returns a service using the wall clock.
func New(s *store.Store) *Service {
	svc := &Service{Store: s, Now: time.Now}
	s.SetClock(func() time.Time { return svc.Now() })
	return svc
}

// Kind classifies an error for the API and the UI (one status code each).
type Kind int

// Error kinds.
const (
	KindInvalid   Kind = iota + 1 // 400/422: bad input
	KindForbidden                 // 403: the role may not do this
	KindNotFound                  // 404: absent or outside the user's scope
	KindConflict                  // 409: clashes with existing data
	KindUnauthenticated
	KindTooMany  // 429
	KindTooLarge // 413
)

// Error is an error meant for users: a stable English code, a Chinese
// message and, when one field is at fault, its name.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Field   string
	Fields  model.FieldErrors // every field at fault, when several are
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Invalid reports bad input in one field.
func Invalid(field, message string) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid", Message: message, Field: field}
}

// Forbidden reports that the role may not do what was asked.
func Forbidden() *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Message: "无权执行此操作"}
}

// NotFound reports a missing record (or one outside the user's scope).
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Message: what + "不存在"}
}

// fromFields turns validation errors into one Error naming the first field.
func fromFields(fe model.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: "invalid", Message: fe[0].Message, Field: fe[0].Field, Fields: fe}
}

// AsError maps any error to an *Error when it is a known kind, else nil
// (an internal error that users must not see the details of).
func AsError(err error, what string) *Error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	var fe model.FieldErrors
	if errors.As(err, &fe) {
		e, _ := fromFields(fe).(*Error)
		return e
	}
	var ce *store.ConflictError
	switch {
	case errors.As(err, &ce):
		return &Error{Kind: KindConflict, Code: "conflict", Message: conflictMessage(ce.Field), Field: ce.Field}
	case errors.Is(err, store.ErrNotFound):
		return NotFound(what)
	case errors.Is(err, store.ErrInvalid):
		return &Error{Kind: KindInvalid, Code: "invalid_reference", Message: "引用的记录不存在"}
	}
	return nil
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

// explain returns err as an *Error when it is of a known kind, else err
// unchanged (to be logged and shown as an internal error).
func explain(err error, what string) error {
	if err == nil {
		return nil
	}
	if e := AsError(err, what); e != nil {
		return e
	}
	return err
}

// actor is who a principal writes as.
func actor(p *access.Principal) store.Actor {
	if p == nil {
		return store.System
	}
	return store.Actor{UserID: p.UserID, Login: p.Login}
}

// regionPrefix is the code prefix of a region's subtree.
func regionPrefix(code string) string { return division.Prefix(code) }

// tokenTTL is how long a process trusts a looked-up API token: the lookup
// was a tenth of a case intake's cost. A disabled user's tokens stop
// working within this time.
const tokenTTL = 10 * time.Second

type tokenCache struct {
	mu sync.Mutex
	m  map[string]tokenEntry
}

type tokenEntry struct {
	p       access.Principal
	expires time.Time
}

func (c *tokenCache) get(hash string, now time.Time) (*access.Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	p := e.p
	return &p, true
}

func (c *tokenCache) put(hash string, p *access.Principal, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]tokenEntry{}
	}
	c.m[hash] = tokenEntry{p: *p, expires: now.Add(tokenTTL)}
}
