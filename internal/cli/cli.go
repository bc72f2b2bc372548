// Package cli implements the zhuqi command line: one function per
// subcommand, each with its own flag set and a bilingual help text.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// env is what a command runs with; tests pass their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name    string
	summary string // 中文 / English
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "启动服务 / run the web server and API", runServe},
		{"migrate", "升级数据库结构 / apply database migrations", runMigrate},
		{"demo", "生成演示区县数据并启动服务 / seed a demo district and serve it", runDemo},
		{"region add", "按行政区划代码设置地区 / set up a region by its GB/T 2260 code", runRegionAdd},
		{"user add", "新增用户 / add a user", runUserAdd},
		{"user passwd", "重设用户密码 / set a user's password", runUserPasswd},
		{"token create", "生成 API 令牌 / create an API token", runTokenCreate},
		{"import enterprises", "从 CSV/XLSX 导入企业 / import enterprises from CSV or XLSX", runImportEnterprises},
		{"export enterprises", "导出企业到 XLSX / export enterprises to XLSX", runExportEnterprises},
		{"import visits", "导入走访台账（CSV/XLSX）/ import visits from a ledger", runImportVisits},
		{"import assignments", "导入包联台账（CSV/XLSX）/ import commissioner assignments", runImportAssignments},
		{"import cases", "导入投诉平台等导出的事项（CSV/XLSX/JSON）/ import cases from a complaint platform's export", runImportCases},
		{"calendar add-workdays", "计算第 N 个工作日 / the N-th working day after a date", runCalendarAdd},
		{"calendar is-workday", "判断是否工作日 / whether a date is a working day", runCalendarIs},
		{"calendar import", "导入某年节假日安排（JSON）/ import a year's holidays and make-up days", runCalendarImport},
		{"audit verify", "校验审计日志哈希链 / verify the audit log's hash chain", runAuditVerify},
		{"backup", "在线备份 SQLite 数据库 / take a consistent online backup (SQLite)", runBackup},
		{"restore", "从备份恢复 SQLite 数据库 / restore a SQLite database from a backup", runRestore},
		{"alloc solve", "求解资源包分配（JSON）/ solve a resource allocation instance", runAllocSolve},
		{"alloc check", "复核调整后的分配方案 / re-check an edited allocation", runAllocCheck},
	}
}

var errHelp = flag.ErrHelp

// usageError is a mistake in how a command was called (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Main runs the command line and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return Main(append(args[1:], "-h"), stdin, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	if args[0] == "version" {
		fmt.Fprintln(stdout, "zhuqi", Version)
		return 0
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			err := c.run(ctx, e, args[len(words):])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			}
			var ue *usageError
			if errors.As(err, &ue) {
				fmt.Fprintln(stderr, "zhuqi "+c.name+": "+ue.msg)
				return 2
			}
			fmt.Fprintln(stderr, "zhuqi "+c.name+": "+describe(err))
			return 1
		}
	}
	fmt.Fprintf(stderr, "zhuqi: 未知命令 %q (unknown command)；运行 zhuqi help 查看可用命令\n", strings.Join(args, " "))
	return 2
}

// Version is set at build time with -ldflags "-X …cli.Version=…".
var Version = "dev"

func usage(w io.Writer) {
	fmt.Fprintln(w, `zhuqi —— 营商环境助企服务平台 (enterprise-service platform for local governments)

用法 / usage:  zhuqi <命令> [参数]

命令 / commands:`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `  version              显示版本 / print the version
  help <命令>          显示命令帮助 / help for one command

数据库 / database:  --db DSN 或环境变量 ZHUQI_DB
  sqlite:PATH        嵌入式 SQLite（默认 `+store.DefaultDSN+`）
  postgres://…       PostgreSQL`)
}

// describe turns an error into one line for the terminal: the Chinese
// message of a user-facing error, or the error text.
func describe(err error) string {
	if se := service.AsError(err, "记录"); se != nil {
		if se.Field != "" {
			return fmt.Sprintf("%s（字段 %s）", se.Message, se.Field)
		}
		return se.Message
	}
	return err.Error()
}

// newFlags makes a flag set whose -h prints the command's bilingual help.
func newFlags(e *env, name, help string) *flag.FlagSet {
	fs := flag.NewFlagSet("zhuqi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "用法 / usage: zhuqi %s [参数]\n\n%s\n\n参数 / flags:\n", name, help)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// dbFlag adds --db with the ZHUQI_DB default.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("ZHUQI_DB")
	if def == "" {
		def = store.DefaultDSN
	}
	return fs.String("db", def, "数据库 DSN：sqlite:PATH 或 postgres://… (database DSN; env ZHUQI_DB)")
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("多余的参数 %q (unexpected arguments)", fs.Args())}
	}
	return nil
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	if _, _, err := store.ParseDSN(dsn); err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func logger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
