package service_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

// The calendar says which years it lacks: this year always, next year from
// November, when the State Council has announced it.
func TestMissingCalendarYears(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	svc := service.New(s)
	cal, err := svc.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last := slices.Max(cal.Years())
	for _, tc := range []struct {
		now  string
		want []int
	}{
		{fmt.Sprintf("%d-10-31 23:59", last), nil},
		{fmt.Sprintf("%d-11-01 00:00", last), []int{last + 1}},
		{fmt.Sprintf("%d-12-31 23:59", last), []int{last + 1}},
		{fmt.Sprintf("%d-06-01 09:00", last+1), []int{last + 1}},
		{fmt.Sprintf("%d-11-02 09:00", last+1), []int{last + 1, last + 2}},
		{fmt.Sprintf("%d-03-01 09:00", last-1), nil},
	} {
		now := at(tc.now)
		svc.Now = func() time.Time { return now }
		got, err := svc.MissingCalendarYears(ctx)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("at %s: missing %v, %v; want %v", tc.now, got, err, tc.want)
		}
	}
}
