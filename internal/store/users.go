package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// userColumnsOf lists the user columns, qualified with a table alias ("u.")
// for joins.
func userColumnsOf(a string) string {
	return strings.ReplaceAll("@id, @login, @name, @role, @region_code, COALESCE(@department_id, 0), COALESCE(@enterprise_id, 0), @phone, @password_hash, @disabled, @created_at, @updated_at", "@", a)
}

var userColumns = userColumnsOf("")

func scanUser(sc scanner) (*model.User, error) {
	var u model.User
	var role string
	if err := sc.Scan(&u.ID, &u.Login, &u.Name, &role, &u.RegionCode, &u.DepartmentID, &u.EnterpriseID,
		&u.Phone, &u.PasswordHash, &u.Disabled, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, interpretError(err)
	}
	u.Role = access.Role(role)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// CreateUser adds a user; PasswordHash must already be set.
func (tx *Tx) CreateUser(ctx context.Context, u *model.User) error {
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	err := tx.queryRow(ctx, `INSERT INTO users (login, name, role, region_code, department_id, enterprise_id, phone, password_hash, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		u.Login, u.Name, string(u.Role), u.RegionCode, nullInt(u.DepartmentID), nullInt(u.EnterpriseID),
		u.Phone, u.PasswordHash, u.Disabled, tx.now).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("create user: %w", interpretError(err))
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "user", EntityID: strconv.FormatInt(u.ID, 10), RegionCode: u.RegionCode, After: u})
}

// SetPassword replaces a user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := tx.exec(ctx, "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", hash, tx.now, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	// Changing the password ends every session of the user.
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "set_password", Entity: "user", EntityID: strconv.FormatInt(userID, 10)})
}

// UserByLogin returns a user by login name.
func (r *Reader) UserByLogin(ctx context.Context, login string) (*model.User, error) {
	return scanUser(r.hot(ctx, "SELECT "+userColumns+" FROM users WHERE login = $1", login))
}

// User returns a user by id within a region prefix.
func (r *Reader) User(ctx context.Context, prefix string, id int64) (*model.User, error) {
	var w where
	w.add("id = ?", id)
	w.prefix("region_code", prefix)
	return scanUser(r.q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users"+w.sql(), w.args...))
}

// Users lists the users in a region subtree, optionally of one role.
func (r *Reader) Users(ctx context.Context, prefix string, role access.Role) ([]*model.User, error) {
	var w where
	w.prefix("region_code", prefix)
	if role != "" {
		w.add("role = ?", string(role))
	}
	rows, err := r.q.QueryContext(ctx, "SELECT "+userColumns+" FROM users"+w.sql()+" ORDER BY role, login", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, interpretError(rows.Err())
}

// CreateSession stores a browser session by the hash of its cookie token.
func (tx *Tx) CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error {
	if _, err := tx.exec(ctx, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
		tokenHash, userID, csrf, tx.now, expires.UTC()); err != nil {
		return err
	}
	// Expired sessions of everyone are cleared on the way, so the table
	// stays small without a separate sweeper.
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE expires_at < $1", tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "login", Entity: "user", EntityID: strconv.FormatInt(userID, 10)})
}

// DeleteSession ends a browser session.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	var userID int64
	err := tx.queryRow(ctx, "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id", tokenHash).Scan(&userID)
	if err = interpretError(err); err != nil {
		return err
	}
	return tx.Audit(ctx, AuditEntry{Action: "logout", Entity: "user", EntityID: strconv.FormatInt(userID, 10)})
}

// SessionUser returns the user and CSRF token of a live session.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*model.User, string, error) {
	row := s.readRow(ctx, "SELECT s.csrf_token, "+userColumnsOf("u.")+
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2", tokenHash, now.UTC())
	var csrf string
	u, err := scanUser(scannerFunc(func(dest ...any) error { return row.Scan(append([]any{&csrf}, dest...)...) }))
	return u, csrf, err
}

// CreateToken stores an API token by its hash.
func (tx *Tx) CreateToken(ctx context.Context, userID int64, name, tokenHash string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		userID, name, tokenHash, tx.now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create token: %w", interpretError(err))
	}
	return id, tx.Audit(ctx, AuditEntry{Action: "create", Entity: "api_token", EntityID: strconv.FormatInt(id, 10),
		After: map[string]any{"user_id": userID, "name": name}})
}

// TokenUser returns the user an API token belongs to.
func (s *Store) TokenUser(ctx context.Context, tokenHash string) (*model.User, error) {
	return scanUser(s.readRow(ctx, "SELECT "+userColumnsOf("u.")+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1", tokenHash))
}

// RecordLoginFailure remembers a failed login for rate limiting. It is kept
// in the database so every zhuqi process behind a load balancer sees it.
func (s *Store) RecordLoginFailure(ctx context.Context, login string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, "INSERT INTO login_failures (login, at) VALUES ($1, $2)", login, at.UTC())
	if err != nil {
		return interpretError(err)
	}
	_, err = s.write.ExecContext(ctx, "DELETE FROM login_failures WHERE at < $1", at.UTC().Add(-24*time.Hour))
	return interpretError(err)
}

// LoginFailures counts failed logins since a time.
func (s *Store) LoginFailures(ctx context.Context, login string, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM login_failures WHERE login = $1 AND at > $2", login, since.UTC()).Scan(&n)
	return n, interpretError(err)
}

// ClearLoginFailures forgets the failures of a login after it succeeds.
func (s *Store) ClearLoginFailures(ctx context.Context, login string) error {
	_, err := s.write.ExecContext(ctx, "DELETE FROM login_failures WHERE login = $1", login)
	return interpretError(err)
}

type scannerFunc func(dest ...any) error

func (f scannerFunc) Scan(dest ...any) error { return f(dest...) }
