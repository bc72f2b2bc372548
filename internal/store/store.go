// Package store keeps zhuqi's records in SQLite or PostgreSQL through
// database/sql. The same methods and the same tests run on both engines;
// where the dialects differ, the difference is kept in this package.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names a database engine.
type Engine string

// Supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DefaultDSN is where zhuqi keeps its data when no DSN is given.
const DefaultDSN = "sqlite:./zhuqi-data/zhuqi.db"

// Store is an open database. Reads go to a pool sized for concurrency; on
// SQLite writes go through a single connection so writers queue in Go
// instead of failing with SQLITE_BUSY. On PostgreSQL both are the same pool.
type Store struct {
	Reader // reads on the read pool

	engine Engine
	read   *sql.DB
	write  *sql.DB
	dsn    string
	stop   chan struct{}
	clock  atomic.Pointer[func() time.Time] // the time writes are stamped with; nil for the wall clock

	replica            *sql.DB // a streaming replica for list and report reads (PostgreSQL), or nil
	replState          atomic.Pointer[replicaState]
	replStop, replDone chan struct{}
	done               chan struct{}

	batch  batcher
	hooks  hookCache
	stmts  sync.Map // query text → *sql.Stmt on the read pool
	wstmts sync.Map // query text → *sql.Stmt on the write pool, used inside transactions
}

// ParseDSN splits a DSN into its engine and the driver's data source.
func ParseDSN(dsn string) (Engine, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return "", "", fmt.Errorf("SQLite DSN 缺少文件路径（例如 sqlite:./zhuqi-data/zhuqi.db）")
		}
		return SQLite, path, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	}
	scheme, _, _ := strings.Cut(dsn, ":")
	return "", "", fmt.Errorf("不支持的数据库 %q：DSN 应以 sqlite: 或 postgres:// 开头 (unsupported database engine)", scheme)
}

// Open connects to the database named by dsn. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	engine, source, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{engine: engine, dsn: dsn}
	switch engine {
	case SQLite:
		if err := s.openSQLite(source); err != nil {
			return nil, err
		}
	case Postgres:
		db, err := sql.Open("pgx", source)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
		db.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.read, s.write = db, db
	}
	s.Reader = Reader{q: s.read, hot: s.readRow}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Ping(pingCtx); err != nil {
		s.Close()
		return nil, fmt.Errorf("无法连接数据库: %w", err)
	}
	return s, nil
}

// sqlitePragmas are applied to every connection, busy_timeout first so that
// the following statements already wait instead of failing.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(ON)",
	"temp_store(MEMORY)",
	// Checkpoints run in the background (see checkpointLoop) rather than
	// inside whichever commit crosses the threshold, which would stall it.
	"wal_autocheckpoint(0)",
}

func (s *Store) openSQLite(path string) error {
	if path != ":memory:" {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return fmt.Errorf("创建数据目录: %w", err)
			}
		}
	}
	var q strings.Builder
	q.WriteString("file:" + path + "?_time_format=sqlite")
	for _, p := range sqlitePragmas {
		q.WriteString("&_pragma=" + p)
	}
	// Page caches are per connection: readers keep a small one and share
	// the operating system's through mmap; the single writer gets a large
	// one so a big import does not spill pages mid-transaction.
	read, err := sql.Open("sqlite", q.String()+"&_pragma=cache_size(-8192)&_pragma=mmap_size(268435456)")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	// Write transactions take the lock at BEGIN (IMMEDIATE), so a read
	// inside a write transaction can never be upgraded into a deadlock.
	write, err := sql.Open("sqlite", q.String()+"&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		read.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	s.read, s.write = read, write
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	go s.checkpointLoop(time.Second)
	return nil
}

// checkpointLoop copies the WAL back into the database file every interval
// (PASSIVE: it never blocks readers or the writer), and truncates the WAL
// when the database is idle, so it does not grow without bound.
func (s *Store) checkpointLoop(interval time.Duration) {
	defer close(s.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			var busy, logFrames, done int
			err := s.read.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &done)
			if err == nil && logFrames > 0 && logFrames == done && logFrames > 4096 {
				s.read.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			}
		}
	}
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return err
	}
	if s.read != s.write {
		return s.read.PingContext(ctx)
	}
	return nil
}

// Close closes the pools.
func (s *Store) Close() error {
	s.batch.once.Do(func() {}) // no group writer may start after this
	s.stopBatch()
	if s.stop != nil {
		close(s.stop)
		<-s.done
		s.stop = nil
	}
	if s.replStop != nil {
		close(s.replStop)
		<-s.replDone
		s.replStop = nil
	}
	var errs []error
	if s.replica != nil {
		errs = append(errs, s.replica.Close())
	}
	s.stmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	s.wstmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	if s.read != nil && s.read != s.write {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// DB is the read pool, for callers outside the store that need raw access
// (benchmarks and tests).
func (s *Store) DB() *sql.DB { return s.read }

// readRow runs a fixed, hot read query with a statement prepared once per
// pool connection: on SQLite, parsing the SQL cost more than running it.
// Only use it for query texts from a small fixed set.
func (s *Store) readRow(ctx context.Context, q string, args ...any) *sql.Row {
	if v, ok := s.stmts.Load(q); ok {
		return v.(*sql.Stmt).QueryRowContext(ctx, args...)
	}
	st, err := s.read.PrepareContext(ctx, q)
	if err != nil {
		return s.read.QueryRowContext(ctx, q, args...) // reports the error on Scan
	}
	if v, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		st = v.(*sql.Stmt)
	}
	return st.QueryRowContext(ctx, args...)
}
