package weekly

import (
	"fmt"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// BenchmarkPunctuality counts a month of reports of the city tier (10,000
// projects of 500 units) and the province tier (100,000 of 5,000), one
// report a week each, one in ten late.
func BenchmarkPunctuality(b *testing.B) {
	for _, n := range []int64{10000, 100000} {
		b.Run(fmt.Sprintf("projects=%d", n), func(b *testing.B) { benchPunctuality(b, n) })
	}
}

func benchPunctuality(b *testing.B, n int64) {
	c, err := New(calendar.Default(), DefaultRules())
	if err != nil {
		b.Fatal(err)
	}
	m := model.Month{Year: 2026, Month: time.March}
	units := n / 20
	var duties []Duty
	var reports []Report
	for p := int64(1); p <= n; p++ {
		duties = append(duties, Duty{Unit: p % units, Project: p})
		for i, w := range WeeksOf(m) {
			filed := w.Time(shanghai).Add(4 * 24 * time.Hour)
			if (int(p)+i)%10 == 0 {
				filed = filed.Add(48 * time.Hour)
			}
			reports = append(reports, Report{Unit: p % units, Project: p, Week: w, FiledAt: filed})
		}
	}
	now := time.Date(2026, 4, 2, 0, 0, 0, 0, shanghai)
	for b.Loop() {
		counts, err := c.Punctuality(m, duties, reports, now)
		if err != nil {
			b.Fatal(err)
		}
		byUnit := ByUnit(counts)
		late := 0
		for _, u := range byUnit {
			late += u.Late
		}
		if int64(len(counts)) != n || int64(len(byUnit)) != units || int64(late) != 4*n/10 {
			b.Fatalf("%d counts, %d units, %d late", len(counts), len(byUnit), late)
		}
	}
}
