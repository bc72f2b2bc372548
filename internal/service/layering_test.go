package service_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// layers ranks zhuqi's packages: a package may import only packages of a
// lower layer (docs/architecture.md draws them). A package not listed is
// checked as a pure core, or as a rule package under service/: neither may
// import the facade, the web or the commands.
var layers = map[string]int{
	"access": 0, "calendar": 0, "uscc": 0, "division": 0, "industry": 0, "pinyin": 0,
	"model": 1,
	"fault": 2, "sla": 2, "importer": 2,
	"store":           3,
	"store/storetest": 4, "ledger": 4,
	"service/core":  5,
	"service/cases": 6, "service/enterprises": 6, "service/org": 6,
	"service/network": 7,
	"service":         8,
	"web/form":        9,
	"web":             10, "demo": 10,
	"cli": 11,
}

const module = "github.com/zhuqi-gov/zhuqi/"

// TestNothingPointsBackUp reads every package's imports (test files
// aside) and fails on one that imports its own layer or a higher one.
func TestNothingPointsBackUp(t *testing.T) {
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || d.Name() == "testdata" {
			return err
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		name, _ := filepath.Rel(root, path)
		name = filepath.ToSlash(name)
		for _, imp := range pkg.Imports {
			dep, ok := strings.CutPrefix(imp, module+"internal/")
			if !ok {
				continue
			}
			if msg := layering(name, dep); msg != "" {
				t.Errorf("internal/%s imports internal/%s: %s", name, dep, msg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func layering(pkg, dep string) string {
	lp, known := layers[pkg]
	ld, depKnown := layers[dep]
	upper := func(p string) bool {
		return p == "service" || p == "web" || strings.HasPrefix(p, "web/") || p == "cli" || p == "demo"
	}
	switch {
	case known && depKnown && ld >= lp:
		return "it is not below it"
	case !known && strings.HasPrefix(pkg, "service/") && upper(dep):
		return "a rule package may not import the facade, the web or the commands"
	case !known && !strings.HasPrefix(pkg, "service/") && (upper(dep) || strings.HasPrefix(dep, "service/")):
		return "a package below the service may not import it"
	}
	return ""
}
