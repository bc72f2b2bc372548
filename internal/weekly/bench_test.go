package weekly

import (
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// BenchmarkPunctuality counts a month of the city tier's reports: 10,000
// projects of 500 units, one report a week each, one in ten late.
func BenchmarkPunctuality(b *testing.B) {
	c, err := New(calendar.Default(), DefaultRules())
	if err != nil {
		b.Fatal(err)
	}
	m := model.Month{Year: 2026, Month: time.March}
	var duties []Duty
	var reports []Report
	for p := int64(1); p <= 10000; p++ {
		duties = append(duties, Duty{Unit: p % 500, Project: p})
		for i, w := range WeeksOf(m) {
			filed := w.Time(shanghai).Add(4 * 24 * time.Hour)
			if (int(p)+i)%10 == 0 {
				filed = filed.Add(48 * time.Hour)
			}
			reports = append(reports, Report{Unit: p % 500, Project: p, Week: w, FiledAt: filed})
		}
	}
	now := time.Date(2026, 4, 2, 0, 0, 0, 0, shanghai)
	for b.Loop() {
		counts, err := c.Punctuality(m, duties, reports, now)
		if err != nil {
			b.Fatal(err)
		}
		units := ByUnit(counts)
		late := 0
		for _, u := range units {
			late += u.Late
		}
		if len(counts) != 10000 || len(units) != 500 || late != 4000 {
			b.Fatalf("%d counts, %d units, %d late", len(counts), len(units), late)
		}
	}
}
