package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// auditRows writes n audit rows, each an update with both a before and an
// after image, and returns the store with the append-only triggers dropped,
// as an attacker with database access could.
func auditRows(t *testing.T, s *store.Store, n int) {
	t.Helper()
	for i := range n {
		err := s.WriteTx(ctx, store.Actor{UserID: 42, Login: "wang"}, func(tx *store.Tx) error {
			return tx.Audit(ctx, store.AuditEntry{Action: "update", Entity: "enterprise", EntityID: itoa(int64(100 + i)), RegionCode: "411203",
				Before: map[string]any{"employees": i}, After: map[string]any{"employees": i + 1}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if got, brk, err := s.VerifyAudit(ctx); err != nil || brk != nil || got != int64(n) {
		t.Fatalf("fresh chain: %d rows, %+v, %v", got, brk, err)
	}
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if s.Engine() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, q := range stmts {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func tamper(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := s.DB().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// auditRecord reads one stored row as VerifyAudit sees it.
func auditRecord(t *testing.T, s *store.Store, seq int64) *store.AuditRecord {
	t.Helper()
	recs, err := s.ListAudit(ctx, store.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Seq == seq {
			return r
		}
	}
	t.Fatalf("no audit row %d", seq)
	return nil
}

// wantBreak checks that VerifyAudit reports the chain broken at seq for
// the given reason.
func wantBreak(t *testing.T, s *store.Store, seq int64, reason string) {
	t.Helper()
	_, brk, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if brk == nil || brk.Seq != seq || !strings.Contains(brk.Reason, reason) {
		t.Fatalf("break %+v, want at %d: %s", brk, seq, reason)
	}
}

// TestAuditDetectsEditOfEveryColumn changes one column of row 3 in place,
// behind the application's back: every column is covered by the hash.
func TestAuditDetectsEditOfEveryColumn(t *testing.T) {
	edits := []struct{ column, set string }{
		{"actor", "actor = 'mallory'"},
		{"actor_id", "actor_id = 7"},
		{"action", "action = 'delete'"},
		{"entity", "entity = 'user'"},
		{"entity_id", "entity_id = '999'"},
		{"region_code", "region_code = '411202'"},
		{"before_json", `before_json = '{"employees":1}'`},
		{"after_json", `after_json = '{"employees":3000}'`},
		{"before_json removed", "before_json = NULL"},
		{"after_json removed", "after_json = NULL"},
		{"hash", "hash = '0000'"},
	}
	for _, e := range edits {
		t.Run(e.column, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				auditRows(t, s, 5)
				tamper(t, s, "UPDATE audit_log SET "+e.set+" WHERE seq = 3")
				wantBreak(t, s, 3, "记录内容与其哈希不符")
			})
		})
	}
	t.Run("at", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			r := auditRecord(t, s, 3)
			tamper(t, s, "UPDATE audit_log SET at = $1 WHERE seq = 3", r.At.Add(-time.Hour))
			wantBreak(t, s, 3, "记录内容与其哈希不符")
		})
	})
	t.Run("prev_hash", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "UPDATE audit_log SET prev_hash = '0000' WHERE seq = 3")
			wantBreak(t, s, 3, "prev_hash")
		})
	})
}

// TestAuditDetectsRehashedEdit: an attacker who changes a row's after image
// and recomputes its hash leaves a row that checks out on its own; the next
// row's link to it does not.
func TestAuditDetectsRehashedEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditRows(t, s, 5)
		r := auditRecord(t, s, 3)
		r.After = `{"employees":3000}`
		tamper(t, s, "UPDATE audit_log SET after_json = $1, hash = $2 WHERE seq = 3", r.After, store.ChainHash(r))
		wantBreak(t, s, 4, "prev_hash")
		// Re-linking the rest of the chain too still leaves the head, which
		// names the old last hash.
		prev := store.ChainHash(r)
		for seq := int64(4); seq <= 5; seq++ {
			n := auditRecord(t, s, seq)
			n.PrevHash = prev
			prev = store.ChainHash(n)
			tamper(t, s, "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3", n.PrevHash, prev, seq)
		}
		wantBreak(t, s, 6, "链尾不符")
	})
}

// TestAuditDetectsDeletedRows: a row removed from the middle leaves a gap;
// removed and the later rows renumbered, it leaves a broken link; rows
// removed from the end leave the head pointing past the last row.
func TestAuditDetectsDeletedRows(t *testing.T) {
	t.Run("middle", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "DELETE FROM audit_log WHERE seq = 3")
			wantBreak(t, s, 4, "序号不连续")
		})
	})
	t.Run("middle, renumbered", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "DELETE FROM audit_log WHERE seq = 3")
			for seq := 4; seq <= 5; seq++ {
				tamper(t, s, "UPDATE audit_log SET seq = $1 WHERE seq = $2", seq-1, seq)
			}
			tamper(t, s, "UPDATE audit_heads SET seq = 4 WHERE chain = '411203'")
			// The renumbered row's own hash covers its old number, and its
			// link names the removed row.
			_, brk, err := s.VerifyAudit(ctx)
			if err != nil || brk == nil || brk.Seq != 3 {
				t.Fatalf("break %+v %v, want at 3", brk, err)
			}
		})
	})
	t.Run("middle, renumbered and rehashed", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "DELETE FROM audit_log WHERE seq = 3")
			for seq := int64(4); seq <= 5; seq++ {
				r := auditRecord(t, s, seq)
				r.Seq = seq - 1
				tamper(t, s, "UPDATE audit_log SET seq = $1, hash = $2 WHERE seq = $3", r.Seq, store.ChainHash(r), seq)
			}
			// Each row checks out on its own; the link of the new row 3 still
			// names the removed row's hash.
			wantBreak(t, s, 3, "prev_hash")
		})
	})
	t.Run("tail", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "DELETE FROM audit_log WHERE seq >= 4")
			n, brk, err := s.VerifyAudit(ctx)
			if err != nil || n != 3 || brk == nil || brk.Seq != 4 || !strings.Contains(brk.Reason, "链尾不符") {
				t.Fatalf("truncated tail: %d rows, break %+v, %v", n, brk, err)
			}
		})
	})
	t.Run("everything", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			auditRows(t, s, 5)
			tamper(t, s, "DELETE FROM audit_log")
			wantBreak(t, s, 1, "链尾不符")
		})
	})
}

// TestAuditChainContinues: the chain stays whole across transactions and
// batches, and every stored row carries the hash of all its columns.
func TestAuditChainContinues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		auditRows(t, s, 2)
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			entries := make([]store.AuditEntry, 1203)
			for i := range entries {
				entries[i] = store.AuditEntry{Action: "import", Entity: "case", EntityID: itoa(int64(i)), RegionCode: "411203", After: map[string]int{"n": i}}
			}
			return tx.AuditMany(ctx, entries)
		})
		if err != nil {
			t.Fatal(err)
		}
		n, brk, err := s.VerifyAudit(ctx)
		if err != nil || brk != nil || n != 1205 {
			t.Fatalf("after a batch: %d rows, %+v, %v", n, brk, err)
		}
		first, err := s.ListAudit(ctx, store.AuditFilter{Entity: "case", EntityID: "0"})
		if err != nil || len(first) != 1 {
			t.Fatalf("first row of the batch: %v %+v", err, first)
		}
		last, err := s.ListAudit(ctx, store.AuditFilter{Entity: "enterprise", EntityID: "101"})
		if err != nil || len(last) != 1 {
			t.Fatalf("row before the batch: %v %+v", err, last)
		}
		r := first[0]
		if r.Seq != 3 || r.PrevHash != last[0].Hash || r.Hash != store.ChainHash(r) || r.Actor != "system" || r.After != `{"n":0}` || r.Before != "" {
			t.Fatalf("first row of the batch: %+v", r)
		}
	})
}
