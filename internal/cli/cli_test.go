package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// run calls the CLI as a user would and returns status, stdout, stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func eachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			fn(t, storetest.DSN(t, e))
		})
	}
}

func TestHelpIsBilingual(t *testing.T) {
	code, out, _ := run(t, "", "help")
	if code != 0 || !strings.Contains(out, "营商环境助企服务平台") || !strings.Contains(out, "import enterprises") || !strings.Contains(out, "enterprise-service") {
		t.Fatalf("help: %d\n%s", code, out)
	}
	for _, cmd := range commands() {
		args := append(strings.Fields(cmd.name), "-h")
		code, out, _ := run(t, "", args...)
		if code != 0 || !strings.Contains(out, "用法 / usage: zhuqi "+cmd.name) {
			t.Errorf("%s -h: %d %q", cmd.name, code, out)
		}
	}
	if code, _, errOut := run(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "未知命令") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
}

func TestUnsupportedDSN(t *testing.T) {
	for _, dsn := range []string{"mysql://root@localhost/test", "sqlite:", "nonsense"} {
		code, _, errOut := run(t, "", "migrate", "--db", dsn)
		if code != 2 || !strings.Contains(errOut, "DSN") && !strings.Contains(errOut, "不支持") {
			t.Errorf("%s: %d %q", dsn, code, errOut)
		}
	}
}

func TestUserTokenImportExportAudit(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		if code, out, errOut := run(t, "", "region", "add", "--db", dsn, "--code", "411203"); code != 0 || !strings.Contains(out, "16") {
			t.Fatalf("region add: %d %s %s", code, out, errOut)
		}
		if code, _, errOut := run(t, "short\n", "user", "add", "--db", dsn, "--login", "wang", "--role", "coordinator", "--region", "411203", "--password-stdin"); code != 1 || !strings.Contains(errOut, "密码至少") {
			t.Fatalf("short password: %d %s", code, errOut)
		}
		if code, _, errOut := run(t, "a-long-password\n", "user", "add", "--db", dsn, "--login", "wang", "--name", "王", "--role", "coordinator", "--region", "411203", "--password-stdin"); code != 0 {
			t.Fatalf("user add: %d %s", code, errOut)
		}
		code, out, errOut := run(t, "", "token", "create", "--db", dsn, "--login", "wang", "--name", "脚本")
		if code != 0 || !strings.HasPrefix(out, "zq_") || strings.Count(out, "\n") != 1 || len(strings.TrimSpace(out)) < 40 {
			t.Fatalf("token create must print the token alone: %d %q %s", code, out, errOut)
		}
		if code, _, errOut := run(t, "", "token", "create", "--db", dsn, "--login", "nobody"); code != 1 || !strings.Contains(errOut, "用户不存在") {
			t.Fatalf("token for unknown user: %d %s", code, errOut)
		}

		dir := t.TempDir()
		good, _ := uscc.Build('9', '1', "411203", "MA000001")
		csv := filepath.Join(dir, "企业.csv")
		os.WriteFile(csv, []byte("\ufeff统一社会信用代码,企业名称,行业代码\n"+good+",三门峡命令行有限公司,C39\n"+good[:17]+"Z,坏代码公司,C39\n"), 0o644)
		code, out, _ = run(t, "", "import", "enterprises", "--db", dsn, "--region", "411203", "--file", csv)
		if code != 1 || !strings.Contains(out, "第 3 行 统一社会信用代码") || !strings.Contains(out, "新增 1") {
			t.Fatalf("import with a bad row: %d\n%s", code, out)
		}
		xlsx := filepath.Join(dir, "out.xlsx")
		if code, _, errOut := run(t, "", "export", "enterprises", "--db", dsn, "--out", xlsx); code != 0 || !strings.Contains(errOut, "1 家企业") {
			t.Fatalf("export: %d %s", code, errOut)
		}
		code, out, _ = run(t, "", "import", "enterprises", "--db", dsn, "--region", "411203", xlsx)
		if code != 0 || !strings.Contains(out, "无变化 1") {
			t.Fatalf("re-import of the export: %d\n%s", code, out)
		}

		code, out, _ = run(t, "", "audit", "verify", "--db", dsn)
		if code != 0 || !strings.Contains(out, "审计日志完整") {
			t.Fatalf("audit verify: %d %s", code, out)
		}
		tamper(t, dsn)
		code, out, _ = run(t, "", "audit", "verify", "--db", dsn)
		if code != 1 || !strings.Contains(out, "第 3 条处断链") {
			t.Fatalf("audit verify after tampering: %d %s", code, out)
		}
	})
}

// tamper rewrites audit row 3 behind the application's back (the
// append-only trigger is dropped first, as an attacker with database access
// could).
func tamper(t *testing.T, dsn string) {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	var stmts []string
	if s.Engine() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	} else {
		stmts = []string{"DROP TRIGGER audit_log_no_update"}
	}
	stmts = append(stmts, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		if code, _, errOut := run(t, "", "region", "add", "--db", dsn, "--code", "411203"); code != 0 {
			t.Fatal(errOut)
		}
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, q := range []string{"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"} {
			if _, err := s.DB().Exec(q); err == nil {
				t.Errorf("%s succeeded on the append-only audit log", q)
			}
		}
		var n int
		s.DB().QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n)
		if n != 16 {
			t.Errorf("audit rows %d, want 16", n)
		}
	})
}

func TestCalendarCommands(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"calendar", "add-workdays", "2026-09-30", "5"}, 0, "2026-10-13\n"},
		{[]string{"calendar", "add-workdays", "2026-09-30", "0"}, 0, "2026-09-30\n"},
		{[]string{"calendar", "is-workday", "2026-10-10"}, 0, "true\n"},
		{[]string{"calendar", "is-workday", "2026-10-03"}, 0, "false\n"},
		{[]string{"calendar", "is-workday", "2030-01-02"}, 1, ""},
		{[]string{"calendar", "add-workdays", "2026-02-30", "5"}, 2, ""},
		{[]string{"calendar", "add-workdays", "2026-09-30", "-1"}, 2, ""},
		{[]string{"calendar", "add-workdays", "2026-09-30"}, 2, ""},
	}
	for _, c := range cases {
		code, out, errOut := run(t, "", c.args...)
		if code != c.code || out != c.out {
			t.Errorf("%v: %d %q (%s), want %d %q", c.args, code, out, errOut, c.code, c.out)
		}
	}
}

func TestImportCasesCommand(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		run(t, "", "region", "add", "--db", dsn, "--code", "411203")
		dir := t.TempDir()
		good, _ := uscc.Build('9', '1', "411203", "MA000001")
		csv := filepath.Join(dir, "企业.csv")
		os.WriteFile(csv, []byte("统一社会信用代码,企业名称,行业代码\n"+good+",三门峡命令行有限公司,C39\n"), 0o644)
		if code, out, _ := run(t, "", "import", "enterprises", "--db", dsn, "--region", "411203", "--file", csv); code != 0 {
			t.Fatal(out)
		}
		cases := filepath.Join(dir, "投诉.csv")
		os.WriteFile(cases, []byte("投诉编号,统一社会信用代码,类型,类别,标题,受理时间\n"+
			"HN-001,"+good+",投诉,审批,施工许可办理超时,2026-03-02 09:15\n"+
			"HN-002,"+good+",投诉,不存在的类别,标题,2026-03-02 10:00\n"+
			"HN-003,"+good+",投诉,资金,标题,下周一\n"+
			",        "+good+",投诉,资金,没有编号,2026-03-02 10:00\n"), 0o644)
		code, out, _ := run(t, "", "import", "cases", "--db", dsn, "--region", "411203", cases)
		if code != 1 || !strings.Contains(out, "新登记 1") || !strings.Contains(out, "第 3 行 类别") || !strings.Contains(out, "第 4 行 受理时间") || !strings.Contains(out, "第 5 行 外部编号") {
			t.Fatalf("import cases: %d\n%s", code, out)
		}
		code, out, _ = run(t, "", "import", "cases", "--db", dsn, "--region", "411203", cases)
		if !strings.Contains(out, "新登记 0，已存在 1") {
			t.Fatalf("second import must not duplicate: %d\n%s", code, out)
		}
		js := filepath.Join(dir, "cases.json")
		os.WriteFile(js, []byte(`{"items":[{"external_id":"HN-001","enterprise_uscc":"`+good+`","category":"审批","title":"重复"},
			{"external_id":"HN-100","enterprise_uscc":"`+good+`","kind":"consultation","category":"政策咨询","title":"高企认定条件"}]}`), 0o644)
		code, out, _ = run(t, "", "import", "cases", "--db", dsn, "--region", "411203", js)
		if code != 0 || !strings.Contains(out, "新登记 1，已存在 1") {
			t.Fatalf("json import: %d\n%s", code, out)
		}
	})
}

func TestImportVisitsAndAssignments(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		run(t, "", "region", "add", "--db", dsn, "--code", "411203")
		for _, u := range []string{"zy01", "zy02"} {
			if code, _, errOut := run(t, "password-1\n", "user", "add", "--db", dsn, "--login", u, "--name", u, "--role", "commissioner", "--region", "411203", "--password-stdin"); code != 0 {
				t.Fatal(errOut)
			}
		}
		dir := t.TempDir()
		a, _ := uscc.Build('9', '1', "411203", "MA000001")
		b, _ := uscc.Build('9', '1', "411203", "MA000002")
		ents := filepath.Join(dir, "企业.csv")
		os.WriteFile(ents, []byte("统一社会信用代码,企业名称\n"+a+",甲公司\n"+b+",乙公司\n"), 0o644)
		if code, out, _ := run(t, "", "import", "enterprises", "--db", dsn, "--region", "411203", "--file", ents); code != 0 {
			t.Fatal(out)
		}
		asg := filepath.Join(dir, "包联.csv")
		os.WriteFile(asg, []byte("统一社会信用代码,服务专员登录名,调整原因\n"+a+",zy01,\n"+b+",zy02,\n"+b+",zy01,\n"+a+",nobody,\n"), 0o644)
		code, out, _ := run(t, "", "import", "assignments", "--db", dsn, "--region", "411203", asg)
		if code != 1 || !strings.Contains(out, "导入 2") || !strings.Contains(out, "第 4 行 调整原因") || !strings.Contains(out, "第 5 行 服务专员登录名") {
			t.Fatalf("import assignments: %d\n%s", code, out)
		}
		vis := filepath.Join(dir, "走访.csv")
		os.WriteFile(vis, []byte("统一社会信用代码,走访日期,走访方式,走访人员,走访记录,反映问题\n"+
			a+",2026-03-02,上门,zy01,了解生产,资金：贷款难；用电：电压不稳\n"+
			b+",2999-01-01,上门,zy02,,\n"+
			b+",2026-03-01,飞鸽,zy02,,\n"), 0o644)
		code, out, _ = run(t, "", "import", "visits", "--db", dsn, "--region", "411203", vis)
		if code != 1 || !strings.Contains(out, "导入 1") || !strings.Contains(out, "第 3 行 走访日期") || !strings.Contains(out, "第 4 行 走访方式") {
			t.Fatalf("import visits: %d\n%s", code, out)
		}
	})
}
