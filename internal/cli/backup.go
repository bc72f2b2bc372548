package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/store"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "在线备份 SQLite 数据库：serve 运行时也可执行，备份包含开始前已提交的全部数据。PostgreSQL 请用 pg_dump 或 pg_basebackup（见 README）。\nTakes a consistent online backup of a SQLite database, also while serve runs.")
	db := dbFlag(fs)
	to := fs.String("to", "", "备份文件路径（不得已存在）(backup file, must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return &usageError{msg: "缺少 --to 备份文件路径"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	if err := s.BackupTo(ctx, *to); err != nil {
		if errors.Is(err, store.ErrBackupPostgres) {
			return &usageError{msg: err.Error()}
		}
		return err
	}
	info, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已备份到 %s（%.1f MB，用时 %.1f 秒）(backup written)\n", *to, float64(info.Size())/(1<<20), time.Since(start).Seconds())
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "从 zhuqi backup 生成的备份恢复 SQLite 数据库：先校验备份（数据库版本、审计日志哈希链），再替换。请先停止 serve。\nRestores a SQLite database from a backup after checking it; stop serve first.")
	db := dbFlag(fs)
	from := fs.String("from", "", "备份文件路径 (backup file)")
	replace := fs.Bool("replace", false, "覆盖已存在的数据库 (replace an existing database)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return &usageError{msg: "缺少 --from 备份文件路径"}
	}
	if _, err := os.Stat(*from); err != nil {
		return &usageError{msg: "备份文件不存在：" + *from}
	}
	rows, err := store.RestoreSQLite(ctx, *from, *db, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已恢复：审计日志 %d 条校验通过 (restored; audit chains verified)\n", rows)
	return nil
}
