package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// A streaming replica (PostgreSQL) takes the reads of lists, reports,
// statistics and exports, the reads that a busy province makes most and
// that no write depends on. Reads a rule checks a write against (the
// Reader) and everything inside a transaction stay on the primary.
//
// Read-your-writes: a request that wrote gets the primary's WAL position
// after its commit (Mark); a later request of the same user carries it
// (ReadAfter) and reads from the replica only once the replica has
// replayed that far, otherwise from the primary. A replica that is down,
// or fails a query, is skipped: the query runs on the primary.

// replicaState is what the monitor last learnt of the replica.
type replicaState struct {
	up      bool
	replay  uint64        // WAL position replayed
	lag     time.Duration // since the last transaction it replayed was committed (0 when idle and caught up)
	checked time.Time
	err     string
}

// ReplicaStatus is the replica as the administrator and /metrics see it.
type ReplicaStatus struct {
	Configured bool          `json:"configured"`
	Up         bool          `json:"up"`
	Lag        time.Duration `json:"lag_ns"`
	ReplayLSN  string        `json:"replay_lsn,omitempty"`
	CheckedAt  time.Time     `json:"checked_at"`
	Error      string        `json:"error,omitempty"`
}

// replicaCheckEvery is how often the monitor asks the replica where it is.
const replicaCheckEvery = 500 * time.Millisecond

// AttachReplica connects the replica at dsn for list and report reads and
// starts watching it. Only PostgreSQL has replicas; a replica that cannot
// be reached now is attached anyway and used once it answers.
func (s *Store) AttachReplica(ctx context.Context, dsn string) error {
	if s.engine != Postgres {
		return fmt.Errorf("只读副本仅支持 PostgreSQL (a replica needs PostgreSQL)")
	}
	engine, source, err := ParseDSN(dsn)
	if err != nil || engine != Postgres {
		return fmt.Errorf("只读副本 DSN 应以 postgres:// 开头 (replica DSN must be postgres://…)")
	}
	db, err := sql.Open("pgx", source)
	if err != nil {
		return fmt.Errorf("open replica: %w", err)
	}
	db.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
	db.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.replica = db
	s.replState.Store(&replicaState{})
	s.checkReplica(ctx)
	s.replStop, s.replDone = make(chan struct{}), make(chan struct{})
	go s.watchReplica()
	return nil
}

func (s *Store) watchReplica() {
	defer close(s.replDone)
	t := time.NewTicker(replicaCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-s.replStop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			s.checkReplica(ctx)
			cancel()
		}
	}
}

// checkReplica asks the replica how far it has replayed and how old that is.
func (s *Store) checkReplica(ctx context.Context) {
	st := &replicaState{checked: time.Now()}
	var lsn sql.NullString
	var lag sql.NullFloat64
	err := s.replica.QueryRowContext(ctx, `SELECT pg_last_wal_replay_lsn()::text,
		CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
		     ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END`).Scan(&lsn, &lag)
	switch {
	case err != nil:
		st.err = err.Error()
	case !lsn.Valid:
		st.err = "不是只读副本（未处于恢复状态）(not a standby)"
	default:
		st.up, st.replay = true, parseLSN(lsn.String)
		if lag.Valid && lag.Float64 > 0 {
			st.lag = time.Duration(lag.Float64 * float64(time.Second))
		}
	}
	s.replState.Store(st)
}

// ReplicaStatus reports the replica's state; Configured is false without one.
func (s *Store) ReplicaStatus() ReplicaStatus {
	if s.replica == nil {
		return ReplicaStatus{}
	}
	st := s.replState.Load()
	out := ReplicaStatus{Configured: true, Up: st.up, Lag: st.lag, CheckedAt: st.checked, Error: st.err}
	if st.up {
		out.ReplayLSN = formatLSN(st.replay)
	}
	return out
}

// parseLSN reads PostgreSQL's "16/B374D848"; 0 for anything else.
func parseLSN(s string) uint64 {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0
	}
	return h<<32 | l
}

func formatLSN(v uint64) string { return fmt.Sprintf("%X/%X", v>>32, v&0xffffffff) }

// Mark receives the primary's WAL position after the writes of a request
// commit, so the request's user can read them back from the replica.
type Mark struct{ lsn atomic.Uint64 }

// LSN is the position after the request's last commit ("" before any).
func (m *Mark) LSN() string {
	if v := m.lsn.Load(); v != 0 {
		return formatLSN(v)
	}
	return ""
}

type markKey struct{}
type readAfterKey struct{}
type replicaOKKey struct{}

// WithMark returns ctx carrying a Mark its writes will fill.
func WithMark(ctx context.Context) (context.Context, *Mark) {
	m := &Mark{}
	return context.WithValue(ctx, markKey{}, m), m
}

// FromReplica lets the list and report reads of ctx go to the replica.
func FromReplica(ctx context.Context) context.Context {
	return context.WithValue(ctx, replicaOKKey{}, true)
}

// ReadAfter makes ctx's reads see every commit up to lsn (as Mark.LSN
// wrote it); an unreadable position is ignored.
func ReadAfter(ctx context.Context, lsn string) context.Context {
	if v := parseLSN(lsn); v != 0 {
		return context.WithValue(ctx, readAfterKey{}, v)
	}
	return ctx
}

// noteCommit fills ctx's Mark (and every mark of a group commit) with the
// primary's position after a commit, when a replica is in use.
func (s *Store) noteCommit(marks ...*Mark) {
	if s.replica == nil || len(marks) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var lsn string
	if err := s.write.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
		return // the next read goes to the primary anyway: the mark stays empty only if the replica was
	}
	v := parseLSN(lsn)
	for _, m := range marks {
		if m != nil && m.lsn.Load() < v {
			m.lsn.Store(v)
		}
	}
}

func markOf(ctx context.Context) *Mark {
	m, _ := ctx.Value(markKey{}).(*Mark)
	return m
}

// lists is where the list and report reads of ctx go: the replica when
// ctx allows it, the replica is up and has replayed what ctx must see;
// the primary's read pool otherwise.
func (s *Store) lists(ctx context.Context) querier {
	if s.replica == nil || ctx.Value(replicaOKKey{}) == nil {
		return s.read
	}
	st := s.replState.Load()
	if !st.up || time.Since(st.checked) > 5*replicaCheckEvery {
		return s.read
	}
	need, _ := ctx.Value(readAfterKey{}).(uint64)
	if m := markOf(ctx); m != nil {
		need = max(need, m.lsn.Load())
	}
	if need > st.replay {
		return s.read
	}
	return fallback{replica: s.replica, primary: s.read, s: s}
}

// fallback runs a query on the replica and, when the replica cannot be
// reached, on the primary: a replica that stops costs no request.
type fallback struct {
	replica, primary *sql.DB
	s                *Store
}

func (f fallback) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := f.replica.QueryContext(ctx, q, args...)
	if err != nil && unreachable(err) {
		f.s.replState.Store(&replicaState{checked: time.Now(), err: err.Error()})
		return f.primary.QueryContext(ctx, q, args...)
	}
	return rows, err
}

func (f fallback) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	row := f.replica.QueryRowContext(ctx, q, args...)
	if err := row.Err(); err != nil && unreachable(err) {
		f.s.replState.Store(&replicaState{checked: time.Now(), err: err.Error()})
		return f.primary.QueryRowContext(ctx, q, args...)
	}
	return row
}

// unreachable tells a replica that is not there (refused, reset, shutting
// down, recovery conflict) from an error of the query itself.
func unreachable(err error) bool {
	var ne net.Error
	var oe *net.OpError
	msg := err.Error()
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, sql.ErrConnDone) ||
		strings.Contains(msg, "SQLSTATE 57P0") || // admin shutdown, crash shutdown, cannot connect now
		strings.Contains(msg, "SQLSTATE 40001") && strings.Contains(msg, "recovery") ||
		strings.Contains(msg, "connection refused") || strings.Contains(msg, "failed to connect") ||
		strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "broken pipe") || strings.Contains(msg, "connection reset")
}
