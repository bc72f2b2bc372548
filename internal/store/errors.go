package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors every store method may return, so callers map kinds, not drivers.
// ErrNotFound and ErrInvalid say what they are by a method (NotFound,
// InvalidReference), as ConflictError does (ConflictField), so the fault
// package recognises them without importing the store.
var (
	ErrNotFound error = notFoundError{}
	ErrConflict       = errors.New("conflict")
	ErrInvalid  error = invalidReferenceError{}
)

type notFoundError struct{}

func (notFoundError) Error() string { return "not found" }

// NotFound tells fault.As that the record does not exist.
func (notFoundError) NotFound() bool { return true }

type invalidReferenceError struct{}

func (invalidReferenceError) Error() string { return "invalid reference" }

// InvalidReference tells fault.As that a referenced record does not exist.
func (invalidReferenceError) InvalidReference() bool { return true }

// ConflictError is a unique-constraint violation; Field names the column
// when it is known.
type ConflictError struct {
	Field string
	cause error
}

func (e *ConflictError) Error() string { return "conflict on " + e.Field + ": " + e.cause.Error() }

// ConflictField names the column whose value is taken (for fault.As).
func (e *ConflictError) ConflictField() string { return e.Field }

// Unwrap lets errors.Is(err, ErrConflict) match.
func (e *ConflictError) Unwrap() []error { return []error{ErrConflict, e.cause} }

// interpretError maps a driver error to the store's error kinds. Every error
// from database/sql passes through here, on both engines.
func interpretError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return &ConflictError{Field: pgConstraintField(pgErr.ConstraintName), cause: err}
		case "23503": // foreign_key_violation
			return fmt.Errorf("%w: %s", ErrInvalid, pgErr.ConstraintName)
		}
		return err
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &ConflictError{Field: sqliteConstraintField(sqErr.Error()), cause: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %s", ErrInvalid, "foreign key")
		}
	}
	return err
}

// pgConstraintField turns a constraint name like "enterprises_uscc_key"
// into the column name "uscc".
func pgConstraintField(name string) string {
	name = strings.TrimSuffix(name, "_key")
	name = strings.TrimSuffix(name, "_pkey")
	if _, after, ok := strings.Cut(name, "_"); ok {
		return after
	}
	return name
}

// sqliteConstraintField reads the column out of a message like
// "constraint failed: UNIQUE constraint failed: enterprises.uscc (2067)".
func sqliteConstraintField(msg string) string {
	i := strings.LastIndex(msg, "failed: ")
	if i < 0 {
		return ""
	}
	cols := msg[i+len("failed: "):]
	cols, _, _ = strings.Cut(cols, " (")
	first, _, _ := strings.Cut(cols, ",")
	if _, col, ok := strings.Cut(first, "."); ok {
		return col
	}
	return first
}
