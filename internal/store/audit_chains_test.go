package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

func audit(t *testing.T, s *store.Store, regions ...string) {
	t.Helper()
	err := s.WriteTx(ctx, store.Actor{UserID: 7, Login: "li"}, func(tx *store.Tx) error {
		for i, r := range regions {
			if err := tx.Audit(ctx, store.AuditEntry{Action: "update", Entity: "enterprise", EntityID: itoa(int64(i)), RegionCode: r, After: map[string]string{"r": r}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type chainCount struct {
	chain string
	rows  int64
}

func chains(t *testing.T, s *store.Store) []chainCount {
	t.Helper()
	states, err := s.VerifyAuditChains(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []chainCount
	for _, c := range states {
		if c.Break != nil {
			t.Fatalf("chain %q broken: %+v", c.Chain, c.Break)
		}
		out = append(out, chainCount{c.Chain, c.Rows})
	}
	return out
}

// Each district's records form a chain of their own, numbered from 1; a
// township's records are its district's; a city's own records chain under
// the city; records of no region under ”. One transaction may extend
// several chains.
func TestAuditChainsPerDistrict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		audit(t, s, "411203", "411203001", "411202")
		audit(t, s, "411200", "", "411203100")
		audit(t, s, "411202")
		want := []chainCount{{"", 1}, {"411200", 1}, {"411202", 2}, {"411203", 3}}
		if got := chains(t, s); !slices.Equal(got, want) {
			t.Fatalf("chains %v, want %v", got, want)
		}
		recs, err := s.ListAudit(ctx, store.AuditFilter{Prefix: "411203", Limit: 10})
		if err != nil || len(recs) != 3 {
			t.Fatalf("district's rows: %d %v", len(recs), err)
		}
		for _, r := range recs {
			if r.Chain != "411203" || r.Seq < 1 || r.Seq > 3 {
				t.Errorf("row %+v", r)
			}
		}
		// Tampering with one district's chain names that chain; the others
		// still verify.
		if _, err := s.DB().Exec(dropAuditTriggers(s)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec("UPDATE audit_log SET actor = 'mallory' WHERE chain = '411202' AND seq = 2"); err != nil {
			t.Fatal(err)
		}
		_, brk, err := s.VerifyAudit(ctx)
		if err != nil || brk == nil || brk.Chain != "411202" || brk.Seq != 2 {
			t.Fatalf("break %+v %v, want chain 411202 row 2", brk, err)
		}
		states, err := s.VerifyAuditChains(ctx, "411203")
		if err != nil || len(states) != 1 || states[0].Break != nil || states[0].Rows != 3 {
			t.Fatalf("411203 alone: %+v %v", states, err)
		}
	})
}

func dropAuditTriggers(s *store.Store) string {
	if s.Engine() == store.Postgres {
		return "DROP TRIGGER audit_log_no_change ON audit_log"
	}
	return "DROP TRIGGER audit_log_no_update"
}

// Concurrent writers of several districts, some extending two chains in
// opposite orders in one transaction, some through the group writer:
// nothing deadlocks, every chain is whole and counts every row.
func TestAuditChainsUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		orders := [][]string{{"411203", "411202"}, {"411202", "411203"}, {"411221"}, {"411203"}}
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 25 {
					regions := orders[(g+i)%len(orders)]
					write := s.WriteTx
					if g%2 == 1 {
						write = s.GroupWrite
					}
					err := write(ctx, store.System, func(tx *store.Tx) error {
						for _, r := range regions {
							if err := tx.Audit(ctx, store.AuditEntry{Action: "create", Entity: "case", EntityID: fmt.Sprint(g, "-", i), RegionCode: r}); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			t.Fatal("writers did not finish: a lock cycle?")
		}
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		// 8 writers × 25 writes cycle through the four orders: 50 writes
		// each, the two-district ones adding a row to both.
		want := []chainCount{{"411202", 100}, {"411203", 150}, {"411221", 50}}
		if got := chains(t, s); !slices.Equal(got, want) {
			t.Fatalf("chains %v, want %v", got, want)
		}
	})
}

// Rows written before the chains were split stay where they were, as the
// chain ” with their numbers and hashes; writing goes on in both.
func TestAuditChainMigration(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			s, err := store.Open(ctx, storetest.DSN(t, e))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.MigrateTo(ctx, 11); err != nil {
				t.Fatal(err)
			}
			prev := ""
			at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
			for seq := int64(1); seq <= 3; seq++ {
				r := &store.AuditRecord{Seq: seq, At: at, Actor: "system", Action: "create", Entity: "enterprise", EntityID: itoa(seq), RegionCode: "411203", After: `{"n":1}`, PrevHash: prev}
				r.Hash = store.ChainHash(r)
				if _, err := s.DB().Exec(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, region_code, after_json, prev_hash, hash)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, r.Seq, r.At, r.Actor, r.Action, r.Entity, r.EntityID, r.RegionCode, r.After, r.PrevHash, r.Hash); err != nil {
					t.Fatal(err)
				}
				prev = r.Hash
			}
			if _, err := s.DB().Exec("UPDATE audit_head SET seq = 3, hash = $1 WHERE id = 1", prev); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			audit(t, s, "", "411203")
			want := []chainCount{{"", 4}, {"411203", 1}}
			if got := chains(t, s); !slices.Equal(got, want) {
				t.Fatalf("after the migration: %v, want %v", got, want)
			}
		})
	}
}
