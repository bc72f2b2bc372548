// Package org holds the rules of the organisation: regions, departments,
// teams, users and tags, and who is signed in (passwords, sessions, API
// tokens).
package org

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword hashes a password with argon2id into a PHC string.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches a hash from HashPassword.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when the login does not exist, so a failed login
// takes as long whether or not the account exists.
var dummyHash, _ = HashPassword("zhuqi-dummy-password")

// TokenHash is how session and API tokens are stored: never in clear.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login limits.
const (
	SessionLifetime  = 12 * time.Hour
	MaxLoginFailures = 10
	LoginLockout     = 15 * time.Minute
)

// Session is a new browser session.
type Session struct {
	Token   string // the cookie value
	CSRF    string
	Expires time.Time
	User    *model.User
}

var errBadLogin = &fault.Error{Class: fault.ClassUnauthenticated, Code: "bad_credentials", Message: "登录名或密码错误"}

// Login checks a password and opens a session. Failures are counted per
// login in the database, so the limit holds across processes.
func (s *Service) Login(ctx context.Context, login, password string) (*Session, error) {
	now := s.Now()
	login = strings.TrimSpace(login)
	if login == "" || len(login) > 64 || len(password) > 1024 {
		return nil, errBadLogin
	}
	n, err := s.db.LoginFailures(ctx, login, now.Add(-LoginLockout))
	if err != nil {
		return nil, err
	}
	if n >= MaxLoginFailures {
		return nil, &fault.Error{Class: fault.ClassTooMany, Code: "too_many_attempts", Message: fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(LoginLockout.Minutes()))}
	}
	u, err := s.db.UserByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		CheckPassword(dummyHash, password)
	} else if err != nil {
		return nil, err
	}
	if u == nil || u.Disabled || !CheckPassword(u.PasswordHash, password) {
		if err := s.db.RecordLoginFailure(ctx, login, now); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	}
	if n > 0 {
		if err := s.db.ClearLoginFailures(ctx, login); err != nil {
			return nil, err
		}
	}
	sess := &Session{Token: core.RandomToken(32), CSRF: core.RandomToken(24), Expires: now.Add(SessionLifetime), User: u}
	err = s.db.WriteTx(ctx, store.Actor{UserID: u.ID, Login: u.Login}, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, TokenHash(sess.Token), u.ID, sess.CSRF, sess.Expires)
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, p *access.Principal, token string) error {
	err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.DeleteSession(ctx, TokenHash(token)) })
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// SessionPrincipal returns who a session cookie belongs to.
func (s *Service) SessionPrincipal(ctx context.Context, token string) (*access.Principal, error) {
	u, csrf, err := s.db.SessionUser(ctx, TokenHash(token), s.Now())
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, store.ErrNotFound
	}
	p := PrincipalOf(u)
	p.CSRFToken = csrf
	return p, nil
}

// TokenPrefix starts every API token, so leaked tokens are easy to spot.
const TokenPrefix = "zq_"

// CreateToken makes a new API token for a user and returns it in clear,
// once; only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, p *access.Principal, login, name string) (string, error) {
	u, err := s.db.UserByLogin(ctx, login)
	if err != nil {
		return "", fault.Explain(err, "用户")
	}
	if p != nil && (p.UserID != u.ID && (!p.Can(access.ManageUsers) || !p.InRegion(u.RegionCode))) {
		return "", fault.Forbidden()
	}
	token := TokenPrefix + core.RandomToken(32)
	err = s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error {
		_, err := tx.CreateToken(ctx, u.ID, name, TokenHash(token))
		return err
	})
	return token, err
}

// TokenPrincipal returns who an API bearer token belongs to.
func (s *Service) TokenPrincipal(ctx context.Context, token string) (*access.Principal, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, store.ErrNotFound
	}
	hash := TokenHash(token)
	now := time.Now()
	if p, ok := s.tokens.get(hash, now); ok {
		return p, nil
	}
	u, err := s.db.TokenUser(ctx, hash)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, store.ErrNotFound
	}
	p := PrincipalOf(u)
	s.tokens.put(hash, p, now)
	return p, nil
}

// SetPassword replaces a user's password (CLI and administrators).
func (s *Service) SetPassword(ctx context.Context, p *access.Principal, login, password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return fault.Invalid("password", fmt.Sprintf("密码至少 %d 位", MinPasswordLength))
	}
	u, err := s.db.UserByLogin(ctx, login)
	if err != nil {
		return fault.Explain(err, "用户")
	}
	if p != nil && p.UserID != u.ID && (!p.Can(access.ManageUsers) || !p.InRegion(u.RegionCode)) {
		return fault.Forbidden()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, hash) })
}

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
