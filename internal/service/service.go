// Package service holds zhuqi's rules: validation, scoping and the order of
// writes. The JSON API, the web UI and the CLI all call it, so a rule is
// written once. Handlers stay thin; SQL stays in the store.
package service

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
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

// Error is fault.Error, the errors the service gives its users; the
// names below stay for the service's callers.
type Error = fault.Error

// Invalid reports bad input in one field (fault.Invalid).
func Invalid(field, message string) *fault.Error { return fault.Invalid(field, message) }

// Forbidden reports that the role may not do what was asked (fault.Forbidden).
func Forbidden() *fault.Error { return fault.Forbidden() }

// NotFound reports a missing record, or one outside the user's scope (fault.NotFound).
func NotFound(what string) *fault.Error { return fault.NotFound(what) }

// AsError maps err to an *fault.Error when it is of a known kind, else nil (fault.As).
func AsError(err error, what string) *fault.Error { return fault.As(err, what) }

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
