package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrBackupPostgres is returned by BackupTo on PostgreSQL, which has its
// own tools for it (pg_basebackup, pg_dump: see the README).
var ErrBackupPostgres = errors.New("PostgreSQL 请用 pg_dump 或 pg_basebackup 备份（见 README）(use pg_dump or pg_basebackup)")

// BackupTo writes a consistent copy of the SQLite database to path while
// the database stays in use: VACUUM INTO reads one snapshot, so writers go
// on and the copy holds every transaction committed before it began and
// none after. path must not exist yet.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	if s.engine != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("备份文件 %s 已存在 (backup file exists)", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("创建备份目录: %w", err)
		}
	}
	if _, err := s.read.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("备份失败: %w", interpretError(err))
	}
	return nil
}

// RestoreSQLite puts the backup at from in place as the SQLite database at
// dsn, which must not be in use (stop serve first) and must not exist
// unless replace is set. The backup is checked first: it must open as a
// zhuqi database whose audit chains verify.
func RestoreSQLite(ctx context.Context, from, dsn string, replace bool) (rows int64, err error) {
	engine, path, err := ParseDSN(dsn)
	if err != nil {
		return 0, err
	}
	if engine != SQLite {
		return 0, fmt.Errorf("只能恢复到 SQLite 数据库；PostgreSQL 请用 pg_restore (restore targets SQLite only)")
	}
	if _, err := os.Stat(path); err == nil && !replace {
		return 0, fmt.Errorf("数据库 %s 已存在；确认覆盖请加 --replace (database exists)", path)
	}
	check, err := Open(ctx, "sqlite:"+from)
	if err != nil {
		return 0, fmt.Errorf("备份文件无法打开: %w", err)
	}
	cur, latest, err := check.SchemaVersion(ctx)
	if err == nil && (cur == 0 || cur > latest) {
		err = fmt.Errorf("备份的数据库版本 %d 与本程序（%d）不符 (schema version)", cur, latest)
	}
	var brk *AuditBreak
	if err == nil {
		rows, brk, err = check.VerifyAudit(ctx)
	}
	check.Close()
	if err != nil {
		return 0, err
	}
	if brk != nil {
		return rows, fmt.Errorf("备份的审计日志在区县 %q 第 %d 条处断链：%s", brk.Chain, brk.Seq, brk.Reason)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return 0, err
	}
	// Copy beside the target, then rename over it: a failure halfway
	// leaves the old database as it was. The old database's WAL and
	// shared-memory files belong to it and go with it.
	tmp := path + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return 0, err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return rows, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
