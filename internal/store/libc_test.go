package store_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLibcMatchesSQLite checks that go.mod pins modernc.org/libc at exactly
// the version modernc.org/sqlite was built and tested against: a newer libc
// pulled in by another dependency can corrupt memory at run time.
func TestLibcMatchesSQLite(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	version := func(src []byte, mod string) string {
		m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(mod) + `\s+(v\S+)`).FindSubmatch(src)
		if m == nil {
			return ""
		}
		return string(m[1])
	}
	sqliteV, libcV := version(gomod, "modernc.org/sqlite"), version(gomod, "modernc.org/libc")
	if sqliteV == "" || libcV == "" {
		t.Fatalf("go.mod lacks modernc.org/sqlite (%q) or modernc.org/libc (%q)", sqliteV, libcV)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	modFile := filepath.Join(strings.TrimSpace(string(out)), "cache", "download", "modernc.org", "sqlite", "@v", sqliteV+".mod")
	sqliteMod, err := os.ReadFile(modFile)
	if err != nil {
		t.Skipf("sqlite's go.mod is not in the module cache: %v", err)
	}
	want := version(sqliteMod, "modernc.org/libc")
	if want != libcV {
		t.Fatalf("modernc.org/libc is %s in go.mod but modernc.org/sqlite %s wants %s: run go get modernc.org/libc@%s", libcV, sqliteV, want, want)
	}
}
