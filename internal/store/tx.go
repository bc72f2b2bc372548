package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Actor is who makes a write; it is recorded in the audit log.
type Actor struct {
	UserID int64  // 0 for the system itself (CLI, demo seeding)
	Login  string // shown in the audit log; "system" when UserID is 0
}

// System is the actor of writes made by zhuqi itself or by its CLI.
var System = Actor{Login: "system"}

// Tx is one write transaction. Every write and its audit row go through the
// same Tx so they commit or roll back together.
type Tx struct {
	Reader // reads inside the transaction

	tx    *sql.Tx
	store *Store
	actor Actor
	now   time.Time

	audits []pendingAudit        // audit rows to chain and store (at commit, or as they accumulate)
	heads  map[string]*auditHead // the heads of the chains tx extends, locked until commit

	counts   map[countKey]int    // case counter changes, written before commit
	numbers  map[numberKey]int64 // last case number handed out, per region and year
	numbered map[numberKey]int64 // the value the database row holds

	stmts map[string]*sql.Stmt // statements prepared for this transaction only
	later []string             // of those, the ones to prepare on the pool afterwards
}

// Now is the transaction's timestamp (UTC), used for every row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

// Actor is who the transaction writes for.
func (tx *Tx) Actor() Actor { return tx.actor }

// SetClock makes writes stamp their rows with now's time instead of the
// wall clock's, so one clock rules a service and the rows it writes (the
// demo replays a year of history; tests run at fixed moments).
func (s *Store) SetClock(now func() time.Time) { s.clock.Store(&now) }

// Now is the time the store's writes are stamped with.
func (s *Store) Now() time.Time {
	if f := s.clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// WriteTx runs fn in a write transaction on behalf of actor, committing when
// fn returns nil and rolling back otherwise.
func (s *Store) WriteTx(ctx context.Context, actor Actor, fn func(*Tx) error) error {
	if actor.Login == "" {
		actor.Login = System.Login
	}
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", interpretError(err))
	}
	tx := &Tx{tx: sqlTx, store: s, actor: actor, now: s.Now().UTC().Truncate(time.Microsecond)}
	tx.Reader = Reader{q: sqlTx, hot: tx.queryRow}
	defer func() {
		if len(tx.later) > 0 {
			s.prepareLater(ctx, tx.later)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushNumbers(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushCounts(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushAudit(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := tx.flushAuditHeads(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", interpretError(err))
	}
	if m := markOf(ctx); m != nil {
		s.noteCommit(m)
	}
	return nil
}

// prepared returns the bulk statement q, prepared on first use in this
// transaction: an import runs the same 10,000-parameter statement hundreds
// of times, and parsing it each time cost a sixth of the import.
func (tx *Tx) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	q = tx.store.bulk(q)
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, interpretError(err)
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

// stmt returns q prepared on the write pool, for use inside a transaction:
// the write path runs the same few statements for every case and every
// audit row, and on SQLite parsing them cost more than running them. On
// SQLite the pool is one connection, so each statement is prepared once.
//
// A statement seen for the first time is prepared on the transaction only
// (the pool's one connection is busy with it) and prepared on the pool
// after the transaction ends (see prepareLater).
func (tx *Tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if v, ok := tx.store.wstmts.Load(q); ok {
		return tx.tx.StmtContext(ctx, v.(*sql.Stmt)), nil
	}
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, interpretError(err)
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	tx.later = append(tx.later, q)
	return st, nil
}

// prepareLater prepares on the write pool the statements a finished
// transaction met for the first time.
func (s *Store) prepareLater(ctx context.Context, qs []string) {
	for _, q := range qs {
		if _, ok := s.wstmts.Load(q); ok {
			continue
		}
		st, err := s.write.PrepareContext(ctx, q)
		if err != nil {
			continue // prepared again on next use
		}
		if _, loaded := s.wstmts.LoadOrStore(q, st); loaded {
			st.Close()
		}
	}
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	r, err := st.ExecContext(ctx, args...)
	return r, interpretError(err)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return tx.tx.QueryRowContext(ctx, query, args...) // reports the error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}
