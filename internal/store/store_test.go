package store_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

var ctx = context.Background()

// seedRegions puts 河南省 > 三门峡市 > 陕州区 > 甘棠街道 and 湖滨区.
func seedRegions(t *testing.T, s *store.Store) {
	t.Helper()
	regions := []model.Region{
		{Code: "410000", Name: "河南省", Level: 1, Prefix: "41"},
		{Code: "411200", Name: "三门峡市", Level: 2, ParentCode: "410000", Prefix: "4112"},
		{Code: "411203", Name: "陕州区", Level: 3, ParentCode: "411200", Prefix: "411203"},
		{Code: "411203001", Name: "甘棠街道", Level: 4, ParentCode: "411203", Prefix: "411203001"},
		{Code: "411202", Name: "湖滨区", Level: 3, ParentCode: "411200", Prefix: "411202"},
	}
	err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
		for i := range regions {
			if _, err := tx.PutRegion(ctx, &regions[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func enterprise(uscc, name, region string) *model.Enterprise {
	return &model.Enterprise{USCC: uscc, Name: name, RegionCode: region, Scale: model.ScaleSmall,
		Ownership: model.OwnershipPrivate, Tags: []string{"专精特新"}, FoundedOn: model.Date{Year: 2015, Month: 3, Day: 9}}
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		n, err := s.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, err %v", n, err)
		}
		cur, latest, err := s.SchemaVersion(ctx)
		if err != nil || cur != latest || cur == 0 {
			t.Fatalf("version %d/%d err %v", cur, latest, err)
		}
	})
}

func TestEnterpriseScopeAndConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		a := enterprise("91411203MA0000001X", "三门峡甲科技有限公司", "411203")
		a.TownshipCode = "411203001"
		b := enterprise("91411202MA0000002X", "湖滨乙商贸有限公司", "411202")
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			if err := tx.CreateEnterprise(ctx, a); err != nil {
				return err
			}
			return tx.CreateEnterprise(ctx, b)
		})
		if err != nil {
			t.Fatal(err)
		}
		// A second enterprise with the same USCC is a conflict naming the field.
		dup := enterprise(a.USCC, "别的公司", "411203")
		err = s.WriteTx(ctx, store.System, func(tx *store.Tx) error { return tx.CreateEnterprise(ctx, dup) })
		var ce *store.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, store.ErrConflict) || ce.Field != "uscc" {
			t.Fatalf("duplicate USCC: got %v (field %q)", err, fieldOf(ce))
		}
		// An unknown region is an invalid reference, not a 500.
		bad := enterprise("91411203MA0000003X", "无名公司", "999999")
		err = s.WriteTx(ctx, store.System, func(tx *store.Tx) error { return tx.CreateEnterprise(ctx, bad) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("unknown region: got %v", err)
		}

		cases := []struct {
			name  string
			scope access.Scope
			want  []string
		}{
			{"province sees both", access.Scope{Prefix: "41"}, []string{a.Name, b.Name}},
			{"city sees both", access.Scope{Prefix: "4112"}, []string{a.Name, b.Name}},
			{"district sees its own", access.Scope{Prefix: "411203"}, []string{a.Name}},
			{"township sees its own", access.Scope{Prefix: "411203001"}, []string{a.Name}},
			{"other district", access.Scope{Prefix: "411202"}, []string{b.Name}},
			{"enterprise user", access.Scope{Prefix: "411203", EnterpriseID: a.ID}, []string{a.Name}},
			{"enterprise user of another region", access.Scope{Prefix: "411203", EnterpriseID: b.ID}, nil},
		}
		for _, c := range cases {
			page, err := s.Enterprises(ctx, c.scope, store.EnterpriseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range page.Items {
				got = append(got, e.Name)
			}
			if len(got) != len(c.want) || page.Total != len(c.want) {
				t.Errorf("%s: got %v (total %d), want %v", c.name, got, page.Total, c.want)
				continue
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s: got %v, want %v", c.name, got, c.want)
				}
			}
		}
		if _, err := s.Enterprise(ctx, access.Scope{Prefix: "411202"}, a.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("out-of-scope read: got %v, want not found", err)
		}
		got, err := s.Enterprise(ctx, access.Scope{Prefix: "41"}, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FoundedOn != a.FoundedOn || got.TownshipCode != "411203001" || len(got.Tags) != 1 || got.Tags[0] != "专精特新" {
			t.Fatalf("round trip: %+v", got)
		}
	})
}

func fieldOf(ce *store.ConflictError) string {
	if ce == nil {
		return ""
	}
	return ce.Field
}

func TestEnterpriseSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		list := []*model.Enterprise{
			enterprise("91411203MA0000001X", "华为技术有限公司", "411203"),
			enterprise("91411203MA0000002X", "陕州100%_电子有限公司", "411203"),
			enterprise("91411203MB0000003X", "ABC科技有限公司", "411203"),
		}
		list[0].NameInitials, list[1].NameInitials, list[2].NameInitials = "hwjsyxgs", "sz100dzyxgs", "abckjyxgs"
		list[2].IndustryCode = "C39"
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			_, err := tx.UpsertEnterprises(ctx, list)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		scope := access.Scope{Prefix: "411203"}
		cases := []struct {
			f    store.EnterpriseFilter
			want int
		}{
			{store.EnterpriseFilter{Q: "hwjs"}, 1},
			{store.EnterpriseFilter{Q: "HWJS"}, 1},
			{store.EnterpriseFilter{Q: "华为"}, 1},
			{store.EnterpriseFilter{Q: "有限公司"}, 3},
			{store.EnterpriseFilter{Q: "100%"}, 1},
			{store.EnterpriseFilter{Q: "%"}, 1}, // a literal percent sign, not a wildcard
			{store.EnterpriseFilter{Q: "_"}, 1},
			{store.EnterpriseFilter{Q: "abc"}, 1},
			{store.EnterpriseFilter{Q: "91411203MA"}, 2},
			{store.EnterpriseFilter{Q: "91411203mb"}, 1},
			{store.EnterpriseFilter{Industry: "C"}, 1},
			{store.EnterpriseFilter{Industry: "C39"}, 1},
			{store.EnterpriseFilter{Tag: "专精特新"}, 3},
			{store.EnterpriseFilter{Tag: "专精"}, 0},
			{store.EnterpriseFilter{Limit: 2}, 3},
		}
		for _, c := range cases {
			page, err := s.Enterprises(ctx, scope, c.f)
			if err != nil {
				t.Fatalf("%+v: %v", c.f, err)
			}
			if page.Total != c.want {
				t.Errorf("%+v: total %d, want %d", c.f, page.Total, c.want)
			}
		}
		page, _ := s.Enterprises(ctx, scope, store.EnterpriseFilter{Limit: 2, Offset: 2})
		if len(page.Items) != 1 || page.Items[0].USCC != "91411203MB0000003X" {
			t.Errorf("paging: %+v", page.Items)
		}
	})
}

func TestUpsertEnterprisesAuditsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		mk := func() []*model.Enterprise {
			var list []*model.Enterprise
			for i := range 1200 { // more than one statement chunk
				e := enterprise("91411203MA"+pad(i), "企业"+pad(i), "411203")
				list = append(list, e)
			}
			return list
		}
		upsert := func(list []*model.Enterprise) store.UpsertStats {
			var st store.UpsertStats
			err := s.WriteTx(ctx, store.Actor{Login: "importer"}, func(tx *store.Tx) error {
				var err error
				st, err = tx.UpsertEnterprises(ctx, list)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		if st := upsert(mk()); st != (store.UpsertStats{Created: 1200}) {
			t.Fatalf("first import: %+v", st)
		}
		again := mk()
		again[7].Employees = 88
		again[1100].Address = "新地址"
		if st := upsert(again); st != (store.UpsertStats{Updated: 2, Unchanged: 1198}) {
			t.Fatalf("second import: %+v", st)
		}
		if again[7].ID == 0 || again[7].CreatedAt.IsZero() {
			t.Fatalf("ids not filled: %+v", again[7])
		}
		n, brk, err := s.VerifyAudit(ctx)
		if err != nil || brk != nil {
			t.Fatalf("verify: %v %+v", err, brk)
		}
		if n != 5+1202 {
			t.Fatalf("audit rows %d, want %d", n, 5+1202)
		}
		recs, err := s.ListAudit(ctx, store.AuditFilter{Entity: "enterprise", EntityID: itoa(again[7].ID)})
		if err != nil || len(recs) != 2 || recs[0].Action != "update" || recs[0].Before == "" || recs[0].Actor != "importer" {
			t.Fatalf("audit of one enterprise: %v %+v", err, recs)
		}
	})
}

func pad(i int) string {
	s := itoa(int64(i))
	for len(s) < 8 {
		s = "0" + s
	}
	return s
}

func itoa(i int64) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestGroupWriteIsolatesFailures runs many concurrent group writes, some
// of which fail: the others commit, the failed ones leave nothing (not even
// an audit row), and the audit chain stays intact.
func TestGroupWriteIsolatesFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		var wg sync.WaitGroup
		errs := make([]error, 60)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.GroupWrite(ctx, store.Actor{Login: "w" + itoa(int64(i))}, func(tx *store.Tx) error {
					e := enterprise("91411203MC"+pad(i), "企业"+pad(i), "411203")
					if err := tx.CreateEnterprise(ctx, e); err != nil {
						return err
					}
					if i%3 == 0 {
						return errors.New("refused after writing")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if (i%3 == 0) != (err != nil) {
				t.Fatalf("write %d: %v", i, err)
			}
		}
		n, err := s.CountEnterprises(ctx, access.Scope{})
		if err != nil || n != 40 {
			t.Fatalf("enterprises %d, want 40 (%v)", n, err)
		}
		rows, brk, err := s.VerifyAudit(ctx)
		if err != nil || brk != nil || rows != 5+40 {
			t.Fatalf("audit: %d rows, %+v, %v", rows, brk, err)
		}
	})
}

// TestCaseNumbersGapFreeUnderGroupWrites opens cases in concurrent group
// writes, a third of which fail after taking a number: the numbers that
// stay are 1…n without a gap.
func TestCaseNumbersGapFreeUnderGroupWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		e := enterprise("91411203MA0000001X", "企业", "411203")
		if err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error { return tx.CreateEnterprise(ctx, e) }); err != nil {
			t.Fatal(err)
		}
		received := time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var kept []string
		for i := range 45 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var number string
				err := s.GroupWrite(ctx, store.System, func(tx *store.Tx) error {
					c := &model.Case{RegionCode: "411203", ScopeCode: "411203", EnterpriseID: e.ID, Kind: model.KindProblem, CategoryID: 1,
						Source: model.SourceHotline, Title: "x", Status: model.StatusReceived, Warning: model.WarningNone,
						ReceivedAt: received, TimeLimit: 7, DueAt: received, LastProgressAt: received}
					if err := tx.CreateCase(ctx, c, ""); err != nil {
						return err
					}
					number = c.Number
					if i%3 == 0 {
						return errors.New("refused after numbering")
					}
					return nil
				})
				if err == nil {
					mu.Lock()
					kept = append(kept, number)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		sort.Strings(kept)
		if len(kept) != 30 {
			t.Fatalf("%d cases kept", len(kept))
		}
		for i, n := range kept {
			if want := fmt.Sprintf("411203-2026-%06d", i+1); n != want {
				t.Fatalf("number %d is %s, want %s (all: %v)", i, n, want, kept)
			}
		}
		counts, err := s.CaseCounts(ctx, "411203")
		if err != nil || counts[0].None != 30 {
			t.Fatalf("counts %+v %v", counts[0], err)
		}
	})
}

// TestOneActiveAssignmentIsEnforced writes a second active assignment for
// one enterprise straight through the store: the database refuses it.
func TestOneActiveAssignmentIsEnforced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		e := enterprise("91411203MA0000001X", "企业", "411203")
		var users []*model.User
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			if err := tx.CreateEnterprise(ctx, e); err != nil {
				return err
			}
			for _, login := range []string{"a", "b"} {
				u := &model.User{Login: login, Role: access.Commissioner, RegionCode: "411203", PasswordHash: "x"}
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
				users = append(users, u)
			}
			return tx.StartAssignment(ctx, &store.Assignment{EnterpriseID: e.ID, UserID: users[0].ID, RegionCode: "411203"})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			return tx.StartAssignment(ctx, &store.Assignment{EnterpriseID: e.ID, UserID: users[1].ID, RegionCode: "411203"})
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second active assignment: %v", err)
		}
	})
}
