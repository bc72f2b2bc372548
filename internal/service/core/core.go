// Package core holds what zhuqi's rule packages share: the clock they run
// at, the built-in calendar they count on, and a few helpers every domain
// writes the same way.
package core

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// Clock is the time the rules run at and the calendar they count on. One
// Clock is shared, by pointer, by the service facade and every rule
// package, so a fixed clock set on the facade (svc.Now = …, as the demo and
// the tests do) reaches them all.
type Clock struct {
	Now func() time.Time
	// Base is the built-in calendar the imported years go on; nil for the
	// embedded State Council data (calendar.Default). Tests pin it to the
	// years they were written against.
	Base *calendar.Calendar
}

// Actor is who a principal writes as (the system when p is nil: the CLI
// and the demo).
func Actor(p *access.Principal) store.Actor {
	if p == nil {
		return store.System
	}
	return store.Actor{UserID: p.UserID, Login: p.Login}
}

// ValidCode reports whether c is a code or login: 1–32 letters, digits,
// hyphens or underscores.
func ValidCode(c string) bool {
	if c == "" || len(c) > 32 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// RequireText trims v and refuses it when empty or longer than max runes;
// label names the field in the message.
func RequireText(field, label, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fault.Invalid(field, "请填写"+label)
	}
	if utf8.RuneCountInString(v) > max {
		return "", fault.Invalid(field, fmt.Sprintf("%s不超过%d字", label, max))
	}
	return v, nil
}

// RandomToken is n random bytes, URL-safe base64.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// MaxImportBytes limits an uploaded or imported file.
const MaxImportBytes = 64 << 20

// RejectedCell is one reason a row of an import was not taken.
type RejectedCell struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Field   string `json:"field"`
	Message string `json:"message"`
}
