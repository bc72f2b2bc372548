package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/division"
	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "启动 Web 界面与 JSON API，启动时自动升级数据库。\nRuns the web UI and the JSON API; migrates the database first.")
	db := dbFlag(fs)
	replica := fs.String("db-replica", os.Getenv("ZHUQI_DB_REPLICA"), "PostgreSQL 只读副本 DSN：列表、统计、报表与导出从副本读取，本人刚写入的内容仍从主库读取 (streaming replica for reads; env ZHUQI_DB_REPLICA)")
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 HOST:PORT (listen address)")
	secure := fs.Bool("secure-cookies", false, "仅通过 HTTPS 发送会话 Cookie (set when served behind HTTPS)")
	verbose := fs.Bool("v", false, "记录每个请求 (log every request)")
	pprofAddr := fs.String("pprof", "", "在该地址提供 Go 性能分析接口（仅供排查，如 127.0.0.1:6060）(serve net/http/pprof there)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *pprofAddr != "" {
		go http.ListenAndServe(*pprofAddr, pprofMux())
	}
	return serve(ctx, e, *db, *replica, *addr, *secure, *verbose, nil, nil)
}

// serve opens the store and serves until ctx ends; onListen, when set, is
// told the address once the server accepts connections.
// serve runs the HTTP server until ctx ends. now, when not nil, is the
// service's clock (the demo's --now); onListen is told the URL.
func serve(ctx context.Context, e *env, dsn, replica, addr string, secure, verbose bool, now func() time.Time, onListen func(string)) error {
	start := time.Now()
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	log := logger(e.stderr, level)
	s, err := openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if replica != "" {
		if err := s.AttachReplica(ctx, replica); err != nil {
			return &usageError{msg: err.Error()}
		}
		if st := s.ReplicaStatus(); !st.Up {
			log.Warn("read replica not answering yet; reads go to the primary until it does", "err", st.Error)
		}
	}
	svc := service.New(s)
	if now != nil {
		svc.Now = now
	}
	srv := web.New(svc, log)
	clockCtx, stopClock := context.WithCancel(ctx)
	defer stopClock()
	go svc.RunClock(clockCtx, log)
	go svc.RunWebhooks(clockCtx, log)
	srv.SecureCookies = secure
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	log.Info("zhuqi ready", "url", url, "engine", s.Engine(), "startup_ms", time.Since(start).Milliseconds())
	if onListen != nil {
		onListen(url)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	log.Info("shutting down")
	return hs.Shutdown(shutdownCtx)
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "把数据库结构升级到本程序的版本（serve 启动时也会自动执行）。\nApplies the embedded migrations (serve does this too).")
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, _, err := store.ParseDSN(*db); err != nil {
		return &usageError{msg: err.Error()}
	}
	s, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	cur, _, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已应用 %d 个迁移，当前版本 %d (applied %d migrations, now at version %d)\n", n, cur, n, cur)
	return nil
}

func runRegionAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "region add", "按 GB/T 2260 代码设置地区（连同上级地区；区县连同其乡镇街道）。\nSets up a region by its code, with its ancestors and, for a county, its townships.\n例 / example: zhuqi region add --code 411203")
	db := dbFlag(fs)
	code := fs.String("code", "", "行政区划代码，如 411203 (region code)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" {
		return &usageError{msg: "缺少 --code (missing --code)"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := service.New(s).SetupRegion(ctx, nil, *code)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "新增地区 %d 个 (added %d regions)\n", n, n)
	return nil
}

// readPassword reads one line from stdin (for --password-stdin).
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", &usageError{msg: "未能从标准输入读取密码 (no password on stdin)"}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runUserAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user add", "新增用户。密码从标准输入读取。\nAdds a user; the password is read from standard input.\n例 / example: echo 'secret-pass' | zhuqi user add --login wang --role coordinator --region 411203 --password-stdin")
	db := dbFlag(fs)
	var in service.UserInput
	fs.StringVar(&in.Login, "login", "", "登录名 (login)")
	fs.StringVar(&in.Name, "name", "", "姓名 (display name)")
	role := fs.String("role", "", "角色 admin|coordinator|leader|department|commissioner|enterprise (role)")
	fs.StringVar(&in.RegionCode, "region", "", "所属地区代码，如 411203 (region code)")
	fs.StringVar(&in.DepartmentCode, "department", "", "部门编码，部门经办人必填 (department code)")
	fs.StringVar(&in.EnterpriseUSCC, "enterprise", "", "企业统一社会信用代码，企业用户必填 (enterprise USCC)")
	fs.StringVar(&in.Phone, "phone", "", "手机号 (phone)")
	stdin := fs.Bool("password-stdin", false, "从标准输入读取密码 (read the password from stdin)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*stdin {
		return &usageError{msg: "请使用 --password-stdin 从标准输入提供密码 (use --password-stdin)"}
	}
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	in.Role, in.Password = access.Role(*role), pw
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := service.New(s).CreateUser(ctx, nil, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已新增用户 %s（%s），id %d\n", u.Login, u.Role.Label(), u.ID)
	return nil
}

func runUserPasswd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user passwd", "重设用户密码（密码从标准输入读取），并结束其所有会话。\nSets a user's password from stdin and ends the user's sessions.")
	db := dbFlag(fs)
	login := fs.String("login", "", "登录名 (login)")
	if err := parse(fs, args); err != nil {
		return err
	}
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := service.New(s).SetPassword(ctx, nil, *login, pw); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "密码已更新 (password updated)")
	return nil
}

func runTokenCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "token create", "为用户生成 API 令牌。标准输出只打印令牌本身（只显示这一次），便于脚本读取。\nCreates an API token; stdout carries the token alone, shown this once.")
	db := dbFlag(fs)
	login := fs.String("login", "", "登录名 (login)")
	name := fs.String("name", "", "令牌用途说明 (what the token is for)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *login == "" {
		return &usageError{msg: "缺少 --login (missing --login)"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	token, err := service.New(s).CreateToken(ctx, nil, *login, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

func runImportEnterprises(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import enterprises", "从 CSV（UTF-8 或 GBK）或 XLSX 导入企业，按统一社会信用代码新增或更新；有错误的行逐行报告且不写入。\nImports enterprises from CSV or XLSX, upserting by USCC; rejected rows are listed.\n例 / example: zhuqi import enterprises --file 企业名录.xlsx")
	db := dbFlag(fs)
	file := fs.String("file", "", "文件路径 (file path)")
	region := fs.String("region", "", "导入到该区县（代码），文件未填所属区县时使用，且只能更新该区县的企业 (district the rows belong to)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{msg: err.Error()}
	}
	if *file == "" && fs.NArg() == 1 {
		*file = fs.Arg(0)
	}
	if *file == "" {
		return &usageError{msg: "缺少 --file (missing --file)"}
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("无法打开文件: %w", err)
	}
	defer f.Close()
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	var p *access.Principal
	if *region != "" {
		r, err := s.Region(ctx, *region)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("地区 %s 未设置，请先运行 zhuqi region add --code %s", *region, *region)}
		}
		// The CLI acts as the system, limited to the named region.
		p = &access.Principal{Login: store.System.Login, Role: access.Admin, RegionCode: r.Code, RegionPrefix: r.Prefix}
	}
	start := time.Now()
	rep, err := service.New(s).ImportEnterprises(ctx, p, f, *file)
	if err != nil {
		return err
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(e.stdout, "第 %d 行 %s：%s\n", r.Line, r.Column, r.Message)
	}
	fmt.Fprintf(e.stdout, "共 %d 行：新增 %d，更新 %d，无变化 %d，未导入 %d（用时 %.2f 秒）\n",
		rep.Total, rep.Created, rep.Updated, rep.Unchanged, rep.Rows, time.Since(start).Seconds())
	if rep.Rows > 0 {
		return errors.New("部分行未导入 (some rows were rejected)")
	}
	return nil
}

func runExportEnterprises(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export enterprises", "把企业导出为 XLSX（中文表头，可再次导入）。\nExports enterprises to XLSX with Chinese headers (re-importable).")
	db := dbFlag(fs)
	out := fs.String("out", "", "输出文件；省略则写到标准输出 (output file; stdout when empty)")
	region := fs.String("region", "", "只导出该地区（代码），省略则全部 (only this region)")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	scope := access.Scope{}
	if *region != "" {
		r, err := s.Region(ctx, *region)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("地区 %s 未设置", *region)}
		}
		scope.Prefix = r.Prefix
	}
	page, err := s.Enterprises(ctx, scope, store.EnterpriseFilter{Limit: 10_000_000, NoCount: true})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := service.WriteEnterprisesXLSX(&buf, page.Items); err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "已导出 %d 家企业到 %s\n", len(page.Items), *out)
	return nil
}

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit verify", "逐条校验审计日志的哈希链（每个区县一条链），报告每条链的第一处断链。\nWalks each district's audit hash chain and reports the first broken link of each.")
	db := dbFlag(fs)
	chain := fs.String("chain", "", "只校验该区县的链（区县代码；空：全部）(verify one district's chain only)")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	chains, err := s.VerifyAuditChains(ctx, *chain)
	if err != nil {
		return err
	}
	var n int64
	broken := 0
	for _, c := range chains {
		name := c.Chain
		if name == "" {
			name = "（无地区）"
		} else if full := division.FullName(c.Chain); full != "" {
			name = c.Chain + " " + full
		}
		n += c.Rows
		if c.Break != nil {
			broken++
			fmt.Fprintf(e.stdout, "%s：在第 %d 条处断链：%s (chain %q broken at seq %d)\n", name, c.Break.Seq, c.Break.Reason, c.Chain, c.Break.Seq)
			continue
		}
		fmt.Fprintf(e.stdout, "%s：完整，%d 条\n", name, c.Rows)
	}
	if broken > 0 {
		return fmt.Errorf("审计日志校验失败：%d 条链断链 (audit chain broken)", broken)
	}
	fmt.Fprintf(e.stdout, "审计日志完整：%d 条链，已校验 %d 条 (audit chains intact: %d rows)\n", len(chains), n, n)
	return nil
}
