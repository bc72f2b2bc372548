package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/demo"
	"github.com/zhuqi-gov/zhuqi/internal/service"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "生成演示区县（三门峡市陕州区：乡镇街道、职能部门、专项服务团队、数百家企业、各角色用户）并启动服务。重复执行不会改变已有数据。\nSeeds a demo district and serves it; seeding again changes nothing.")
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 HOST:PORT (listen address)")
	seedOnly := fs.Bool("seed-only", false, "只生成数据，不启动服务 (seed, then exit)")
	adminPW := fs.String("admin-password", "", "管理员 admin 的密码（默认 "+demo.DefaultAdminPassword+"）(admin's password)")
	at := fs.String("now", "", "演示时钟：按北京时间 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM 生成并运行，时间从该时刻起照常流逝（用于检查任意日期）(run the demo as if it were then)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var clock func() time.Time
	if *at != "" {
		start, err := parseMoment(*at)
		if err != nil {
			return &usageError{msg: "--now " + err.Error()}
		}
		offset := start.Sub(time.Now())
		clock = func() time.Time { return time.Now().Add(offset) }
	}
	if *adminPW != "" && len([]rune(*adminPW)) < service.MinPasswordLength {
		return &usageError{msg: fmt.Sprintf("--admin-password 至少 %d 位", service.MinPasswordLength)}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	start := time.Now()
	svc := service.New(s)
	if clock != nil {
		svc.Now = clock
	}
	res, err := demo.Seed(ctx, svc, s, demo.Options{AdminPassword: *adminPW})
	s.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "演示数据已就绪：三门峡市陕州区，%d 家企业，%d 件事项（用时 %.1f 秒）\n", res.Enterprises, res.Cases, time.Since(start).Seconds())
	printLogins := func(url string) {
		fmt.Fprintf(e.stdout, "\n打开 %s 登录。演示账号 (demo logins):\n", url)
		for _, l := range res.Logins {
			fmt.Fprintf(e.stdout, "  %-15s 密码 %-12s %s · %s\n", l.Login, l.Password, l.Role, l.Name)
		}
		fmt.Fprintln(e.stdout, "\n按 Ctrl+C 停止 (Ctrl+C to stop)")
	}
	if *seedOnly {
		fmt.Fprintln(e.stdout, "\n演示账号 (demo logins):")
		for _, l := range res.Logins {
			fmt.Fprintf(e.stdout, "  %-15s 密码 %-12s %s · %s\n", l.Login, l.Password, l.Role, l.Name)
		}
		return nil
	}
	return serve(ctx, e, *db, "", *addr, false, false, clock, printLogins)
}

// parseMoment reads a Beijing-time date or date and minute.
func parseMoment(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, calendar.Shanghai); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（北京时间），收到「%s」", s)
}
