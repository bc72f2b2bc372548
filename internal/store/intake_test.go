package store_test

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// TestGroupIntake sends concurrent intakes, some pairs with one external
// id, some failing generic group writes beside them: every distinct
// external id is stored once (the second of a pair gets a conflict on
// external_id), numbers are 1…n without a gap, each case has its first
// event and its audit row, and the counters count them.
func TestGroupIntake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		e := enterprise("91411203MA0000001X", "企业", "411203")
		if err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error { return tx.CreateEnterprise(ctx, e) }); err != nil {
			t.Fatal(err)
		}
		received := time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC)
		const n = 96
		var wg sync.WaitGroup
		var mu sync.Mutex
		var numbers []string
		conflicts := 0
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%16 == 5 { // a generic group write that fails beside the intakes
					s.GroupWrite(ctx, store.System, func(tx *store.Tx) error { return errors.New("refused") })
				}
				ext := fmt.Sprintf("HN-%03d", i)
				if i%10 == 9 {
					ext = fmt.Sprintf("HN-%03d", i-1) // the same complaint sent twice
				}
				c := &model.Case{RegionCode: "411203", ScopeCode: "411203", EnterpriseID: e.ID, Kind: model.KindComplaint, CategoryID: 1,
					Source: model.SourcePlatform, ExternalID: ext, Title: "投诉" + ext, Status: model.StatusReceived, Warning: model.WarningNone,
					ReceivedAt: received, TimeLimit: 13, DueAt: received, LastProgressAt: received}
				err := s.GroupIntake(ctx, store.Actor{UserID: 0, Login: "platform"}, c, received)
				mu.Lock()
				defer mu.Unlock()
				var ce *store.ConflictError
				switch {
				case err == nil:
					numbers = append(numbers, c.Number)
				case errors.As(err, &ce):
					conflicts++
				default:
					t.Errorf("intake %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if want := n - n/10; len(numbers) != want || conflicts != n/10 {
			t.Fatalf("%d stored, %d conflicts; want %d and %d", len(numbers), conflicts, want, n/10)
		}
		sort.Strings(numbers)
		for i, num := range numbers {
			if want := fmt.Sprintf("411203-2026-%06d", i+1); num != want {
				t.Fatalf("number %d is %s, want %s", i, num, want)
			}
		}
		var events, cases int
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM case_events WHERE type = 'created'").Scan(&events); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow("SELECT COUNT(DISTINCT external_id) FROM cases").Scan(&cases); err != nil {
			t.Fatal(err)
		}
		if events != len(numbers) || cases != len(numbers) {
			t.Fatalf("%d first events, %d distinct external ids for %d cases", events, cases, len(numbers))
		}
		rows, brk, err := s.VerifyAudit(ctx)
		if err != nil || brk != nil {
			t.Fatalf("audit: %+v %v", brk, err)
		}
		audited := 0
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND actor = 'platform'").Scan(&audited); err != nil || audited != len(numbers) {
			t.Fatalf("%d case audit rows of %d (%d in all), %v", audited, len(numbers), rows, err)
		}
		counts, err := s.CaseCounts(ctx, "411203")
		if err != nil || counts[0].None != len(numbers) {
			t.Fatalf("counts %+v %v", counts[0], err)
		}
	})
}
