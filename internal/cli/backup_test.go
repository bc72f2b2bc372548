package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// A backup taken while another writer commits holds a whole, verifiable
// state; restoring it gives a database whose audit chains verify and that
// a second restore will not overwrite unasked; a tampered backup is
// refused.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "zhuqi.db")
	if code, _, errOut := run(t, "", "region", "add", "--db", dsn, "--code", "411203"); code != 0 {
		t.Fatalf("region add: %d %s", code, errOut)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a writer that goes on during the backup
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
				return tx.Audit(ctx, store.AuditEntry{Action: "update", Entity: "setting", EntityID: fmt.Sprint(i), RegionCode: "411203"})
			})
			if err != nil {
				t.Error(err)
				return
			}
		}
	}()
	backup := filepath.Join(dir, "备份", "zhuqi-backup.db")
	code, out, errOut := run(t, "", "backup", "--db", dsn, "--to", backup)
	close(stop)
	wg.Wait()
	if code != 0 || !strings.Contains(out, "已备份到") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "backup", "--db", dsn, "--to", backup); code != 1 || !strings.Contains(errOut, "已存在") {
		t.Fatalf("backup over an existing file: %d %s", code, errOut)
	}
	restored := "sqlite:" + filepath.Join(dir, "restored", "zhuqi.db")
	if code, out, errOut := run(t, "", "restore", "--db", restored, "--from", backup); code != 0 || !strings.Contains(out, "校验通过") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", restored); code != 0 || !strings.Contains(out, "审计日志完整") {
		t.Fatalf("audit verify of the restored database: %d %s", code, out)
	}
	if code, _, errOut := run(t, "", "restore", "--db", restored, "--from", backup); code != 1 || !strings.Contains(errOut, "--replace") {
		t.Fatalf("restore over an existing database: %d %s", code, errOut)
	}
	// A backup whose audit log was changed is refused.
	b, err := store.Open(ctx, "sqlite:"+backup)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = 'mallory' WHERE chain = '411203' AND seq = 1"} {
		if _, err := b.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	if code, _, errOut := run(t, "", "restore", "--db", restored, "--from", backup, "--replace"); code != 1 || !strings.Contains(errOut, "断链") {
		t.Fatalf("restore of a tampered backup: %d %s", code, errOut)
	}
	if code, _, _ := run(t, "", "audit", "verify", "--db", restored); code != 0 {
		t.Fatal("a refused restore changed the database")
	}
	if os.Getenv(storetest.EnvPostgres) != "" {
		pg := storetest.DSN(t, store.Postgres)
		if code, _, errOut := run(t, "", "backup", "--db", pg, "--to", filepath.Join(dir, "pg.db")); code != 2 || !strings.Contains(errOut, "pg_dump") {
			t.Fatalf("backup of PostgreSQL: %d %s", code, errOut)
		}
	}
}
