package model

import (
	"encoding/json"
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	m := Month{2026, time.November}
	if got := m.Add(3); got != (Month{2027, time.February}) {
		t.Errorf("Add(3) = %v", got)
	}
	if got := m.Add(-11); got != (Month{2025, time.December}) {
		t.Errorf("Add(-11) = %v", got)
	}
	if got := (Month{2027, time.February}).Sub(m); got != 3 {
		t.Errorf("Sub = %d", got)
	}
	if got := (Month{2028, time.February}).Last(); got != (Date{2028, time.February, 29}) {
		t.Errorf("leap February ends %v", got)
	}
	if got := (Month{2026, time.February}).Last(); got != (Date{2026, time.February, 28}) {
		t.Errorf("February ends %v", got)
	}
	if m.Label() != "2026年11月" || m.String() != "2026-11" || m.Quarter() != (Quarter{2026, 4}) {
		t.Errorf("labels %s %s %v", m.Label(), m, m.Quarter())
	}
	if q := (Quarter{2026, 2}); q.Label() != "2026年第二季度" || q.Months()[2] != (Month{2026, time.June}) {
		t.Errorf("quarter %s %v", q.Label(), q.Months())
	}
	for _, s := range []string{"2026-03", "2026/3", "2026年3月"} {
		if got, err := ParseMonth(s); err != nil || got != (Month{2026, time.March}) {
			t.Errorf("ParseMonth(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseMonth("2026-13"); err == nil {
		t.Error("month 13 accepted")
	}
	if q, err := ParseQuarter("2026-Q3"); err != nil || q != (Quarter{2026, 3}) {
		t.Errorf("ParseQuarter = %v, %v", q, err)
	}
	for _, s := range []string{"2026-Q5", "2026", "26-Q1", "2026-Q12"} {
		if _, err := ParseQuarter(s); err == nil {
			t.Errorf("ParseQuarter(%q) accepted", s)
		}
	}
	b, _ := json.Marshal(struct{ M, Z Month }{m, Month{}})
	if string(b) != `{"M":"2026-11","Z":null}` {
		t.Errorf("json %s", b)
	}
	var back struct{ M, Z Month }
	if err := json.Unmarshal(b, &back); err != nil || back.M != m || !back.Z.IsZero() {
		t.Errorf("json back %v %v", back, err)
	}
}

func TestDateCompareValid(t *testing.T) {
	a, b := Date{2026, 3, 31}, Date{2026, 4, 1}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare")
	}
	if (Date{2026, 2, 29}).Valid() || !(Date{2028, 2, 29}).Valid() || (Date{}).Valid() {
		t.Error("Valid")
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-03", "2026/3", "2026年3月", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil || m.IsZero() {
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMonth(%q) = %v, not a valid month", s, m)
		}
		if back, err := ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("%q → %s → %v, %v", s, m, back, err)
		}
		if m.Add(13).Sub(m) != 13 || m.Last().Day < 28 {
			t.Fatalf("arithmetic on %v", m)
		}
	})
}
