package store_test

import (
	"errors"
	"testing"

	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// A read through the transaction sees what the transaction wrote and the
// pool does not, until the commit; a rolled-back write is seen by neither.
func TestReadsInsideTheTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedRegions(t, s)
		var id int64
		err := s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			d := &model.Department{RegionCode: "411203", Code: "fgw", Name: "区发展和改革委员会"}
			if err := tx.CreateDepartment(ctx, d); err != nil {
				return err
			}
			id = d.ID
			got, err := tx.Department(ctx, "411203", d.ID)
			if err != nil || got.Name != d.Name {
				t.Errorf("inside the transaction: %+v, %v", got, err)
			}
			if list, err := tx.Departments(ctx, "411203"); err != nil || len(list) != 1 {
				t.Errorf("list inside the transaction: %d, %v", len(list), err)
			}
			if _, err := s.Department(ctx, "411203", d.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the pool sees an uncommitted department: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Department(ctx, "411203", id); err != nil {
			t.Fatalf("after the commit: %v", err)
		}
		errRollback := errors.New("roll back")
		err = s.WriteTx(ctx, store.System, func(tx *store.Tx) error {
			u := &model.User{Login: "gone", Name: "回滚", Role: "leader", RegionCode: "411203", PasswordHash: "x"}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if got, err := tx.UserByLogin(ctx, "gone"); err != nil || got.ID != u.ID {
				t.Errorf("user inside the transaction: %+v, %v", got, err)
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
		if _, err := s.UserByLogin(ctx, "gone"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a rolled-back user is visible: %v", err)
		}
	})
}
