package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in   string
		want Money
		out  string
	}{
		{"0", 0, "0.00"},
		{"1234", 123400, "1234.00"},
		{"1234.5", 123450, "1234.50"},
		{"1234.56", 123456, "1234.56"},
		{" 12.05 ", 1205, "12.05"},
		{"-20.05", -2005, "-20.05"},
		{"+3", 300, "3.00"},
		{"-0.05", -5, "-0.05"},
		{"1,234,567.8", 123456780, "1234567.80"},
		{"1000000000000", MaxMoney, "1000000000000.00"},
	}
	for _, c := range good {
		got, err := ParseMoney(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", c.in, got, err, c.want)
			continue
		}
		if got.String() != c.out {
			t.Errorf("%q formats as %s, want %s", c.in, got, c.out)
		}
	}
	for _, in := range []string{"", "-", ".5", "5.", "1.234", "1e3", "12,34", "1,2345", "abc", "1000000000000.01", "12345678901234", "１２", "1 000"} {
		if m, err := ParseMoney(in); err == nil {
			t.Errorf("ParseMoney(%q) = %s, want an error", in, m)
		} else if !strings.Contains(err.Error(), "金额") {
			t.Errorf("ParseMoney(%q): error %q is not the Chinese message", in, err)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	type row struct {
		Plan Money `json:"plan"`
	}
	b, err := json.Marshal(row{123450})
	if err != nil || string(b) != `{"plan":1234.50}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	for _, in := range []string{`{"plan":1234.5}`, `{"plan":"1234.50"}`, `{"plan":1234.50}`} {
		var r row
		if err := json.Unmarshal([]byte(in), &r); err != nil || r.Plan != 123450 {
			t.Errorf("unmarshal %s = %d, %v", in, r.Plan, err)
		}
	}
	// 0.1 + 0.2 through float would not be exact; the text is parsed.
	var r row
	if err := json.Unmarshal([]byte(`{"plan":0.30}`), &r); err != nil || r.Plan != 30 {
		t.Errorf("0.30 = %d, %v", r.Plan, err)
	}
	if err := json.Unmarshal([]byte(`{"plan":1.005}`), &r); err == nil {
		t.Error("three decimals must be refused")
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "1234.56", "-20.05", "1,234.5", "+7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMoney(%q) = %d, outside the bounds", s, m)
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("%q → %s → %d, %v", s, m, back, err)
		}
	})
}
