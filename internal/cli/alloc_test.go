package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/alloc/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "alloc", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./internal/cli -run Alloc -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func allocFile(name string) string { return filepath.Join("testdata", "alloc", name) }

func TestAllocSolve(t *testing.T) {
	code, out, errOut := run(t, "", "alloc", "solve", allocFile("plain.json"))
	if code != 0 || errOut != "" {
		t.Fatalf("plain: %d %s", code, errOut)
	}
	golden(t, "plain.golden", out)

	plain, _ := os.ReadFile(allocFile("plain.json"))
	if code, stdin, _ := run(t, string(plain), "alloc", "solve", "-"); code != 0 || stdin != out {
		t.Fatalf("from standard input: %d\n%s", code, stdin)
	}

	code, out, errOut = run(t, "", "alloc", "solve", "--explain", allocFile("package.json"))
	if code != 0 || errOut != "" {
		t.Fatalf("package: %d %s", code, errOut)
	}
	golden(t, "package-explain.golden", out)
}

func TestAllocSolveBadInput(t *testing.T) {
	code, out, errOut := run(t, "", "alloc", "solve", allocFile("bad.json"))
	if code != 1 || out != "" {
		t.Fatalf("bad instance: %d, stdout %q", code, out)
	}
	golden(t, "bad.golden", errOut)

	code, out, errOut = run(t, "", "alloc", "solve", allocFile("infeasible.json"))
	if code != 1 || out != "" || !strings.Contains(errOut, "无可行方案：需求 D1 必须获得至少 60，但能向它供给的 S1 至多提供 40（字段 demands[0].min）") {
		t.Fatalf("infeasible: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "alloc", "solve", allocFile("missing.json")); code != 1 || !strings.Contains(errOut, "无法打开文件") {
		t.Fatalf("missing file: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "not json", "alloc", "solve", "-"); code != 1 || !strings.Contains(errOut, "不是有效的 JSON") {
		t.Fatalf("not JSON: %d %s", code, errOut)
	}
	if code, _, _ := run(t, "", "alloc", "solve"); code != 2 {
		t.Fatalf("no file: %d", code)
	}
}

func TestAllocCheck(t *testing.T) {
	code, out, errOut := run(t, "", "alloc", "check", allocFile("package.json"), allocFile("edited.json"))
	if code != 1 || !strings.Contains(errOut, "方案违反 1 项约束") {
		t.Fatalf("edited allocation: %d %s", code, errOut)
	}
	golden(t, "check.golden", out)
}
