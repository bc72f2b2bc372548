package division

import (
	"errors"
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	tests := map[Level]string{Province: "省级", City: "市级", County: "县级", Township: "乡级", 0: "", 5: ""}
	for l, want := range tests {
		if got := l.Label(); got != want {
			t.Errorf("Level(%d).Label() = %q, want %q", l, got, want)
		}
	}
}

func TestNormalizePrefixLevel(t *testing.T) {
	tests := []struct {
		in, display, prefix string
		level               Level
	}{
		{"41", "410000", "41", Province},
		{"410000", "410000", "41", Province},
		{"4112", "411200", "4112", City},
		{"411200", "411200", "4112", City},
		{"411203", "411203", "411203", County},
		{"411203001", "411203001", "411203001", Township},
		{" 411203 ", "411203", "411203", County},
		{"11", "110000", "11", Province},
		{"1101", "110100", "1101", City},
		{"110101", "110101", "110101", County},
		{"441900", "441900", "4419", City},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if err != nil || got != tt.display {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.display)
		}
		if p := Prefix(tt.in); p != tt.prefix {
			t.Errorf("Prefix(%q) = %q, want %q", tt.in, p, tt.prefix)
		}
		if l := LevelOf(tt.in); l != tt.level {
			t.Errorf("LevelOf(%q) = %v, want %v", tt.in, l, tt.level)
		}
		// Round trip: the prefix is a short form of the same code.
		if back, err := Normalize(tt.prefix); err != nil || back != tt.display {
			t.Errorf("Normalize(Prefix(%q)) = %q, %v", tt.in, back, err)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrLength},
		{"4", ErrLength},
		{"411", ErrLength},
		{"41120", ErrLength},
		{"4112030", ErrLength},
		{"41120300", ErrLength},
		{"4112030010", ErrLength},
		{"41a203", ErrDigits},
		{"４１", ErrDigits},
		{"-41", ErrDigits},
		{"41 12", ErrDigits},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if !errors.Is(err, tt.want) || got != "" {
			t.Errorf("Normalize(%q) = %q, %v; want %v", tt.in, got, err, tt.want)
		}
		if p := Prefix(tt.in); p != "-" {
			t.Errorf("Prefix(%q) = %q, want \"-\"", tt.in, p)
		}
		if l := LevelOf(tt.in); l != 0 {
			t.Errorf("LevelOf(%q) = %v, want 0", tt.in, l)
		}
	}
}

func TestShanzhou(t *testing.T) {
	d, ok := Lookup("411203")
	if want := (Division{"411203", "陕州区", County, "411200"}); !ok || d != want {
		t.Fatalf("Lookup(411203) = %+v, %v", d, ok)
	}
	kids := Children("411203")
	wantNames := []string{"甘棠街道", "大营镇", "原店镇", "西张村镇", "观音堂镇", "张汴乡", "菜园乡",
		"张茅乡", "王家后乡", "硖石乡", "西李村乡", "宫前乡", "店子乡"}
	if len(kids) != len(wantNames) {
		t.Fatalf("Children(411203) has %d entries, want %d", len(kids), len(wantNames))
	}
	for i, k := range kids {
		if k.Name != wantNames[i] || k.Level != Township || k.Parent != "411203" ||
			!strings.HasPrefix(k.Code, Prefix("411203")) {
			t.Errorf("child %d = %+v", i, k)
		}
	}
	if kids[0].Code != "411203001" || kids[12].Code != "411203212" {
		t.Errorf("children run from %s to %s", kids[0].Code, kids[12].Code)
	}
	anc := Ancestors("411203")
	if len(anc) != 2 ||
		anc[0] != (Division{"410000", "河南省", Province, ""}) ||
		anc[1] != (Division{"411200", "三门峡市", City, "410000"}) {
		t.Errorf("Ancestors(411203) = %+v", anc)
	}
	if got := FullName("411203"); got != "河南省三门峡市陕州区" {
		t.Errorf("FullName(411203) = %q", got)
	}
	if got := FullName("411203001"); got != "河南省三门峡市陕州区甘棠街道" {
		t.Errorf("FullName(411203001) = %q", got)
	}
	// Short forms work everywhere.
	if d, ok := Lookup("41"); !ok || d.Name != "河南省" || d.Level != Province || d.Parent != "" {
		t.Errorf("Lookup(41) = %+v, %v", d, ok)
	}
	if d, ok := Lookup("4112"); !ok || d.Name != "三门峡市" || d.Level != City {
		t.Errorf("Lookup(4112) = %+v, %v", d, ok)
	}
	if len(Children("4112")) == 0 || Ancestors("41") != nil {
		t.Error("Children(4112) empty or Ancestors(41) not nil")
	}
}

func TestMunicipality(t *testing.T) {
	d, ok := Lookup("110101")
	if want := (Division{"110101", "东城区", County, "110100"}); !ok || d != want {
		t.Errorf("Lookup(110101) = %+v, %v", d, ok)
	}
	p, ok := Lookup("110100")
	if want := (Division{"110100", "市辖区", City, "110000"}); !ok || p != want {
		t.Errorf("Lookup(110100) = %+v, %v", p, ok)
	}
	if got := FullName("110101"); got != "北京市东城区" {
		t.Errorf("FullName(110101) = %q", got)
	}
	if got := FullName("110101001"); got != "北京市东城区东华门街道" {
		t.Errorf("FullName(110101001) = %q", got)
	}
	if got := FullName("500101"); got != "重庆市万州区" {
		t.Errorf("FullName(500101) = %q", got)
	}
	if got := FullName("419001"); got != "河南省济源市" {
		t.Errorf("FullName(419001) = %q", got)
	}
}

// TestCityWithoutCounties covers 东莞市, whose townships sit directly below
// the city because the data lists it as both city 4419 and county 441900.
func TestCityWithoutCounties(t *testing.T) {
	d, ok := Lookup("441900")
	if want := (Division{"441900", "东莞市", City, "440000"}); !ok || d != want {
		t.Errorf("Lookup(441900) = %+v, %v", d, ok)
	}
	kids := Children("441900")
	if len(kids) == 0 || kids[0].Level != Township {
		t.Fatalf("Children(441900) = %v", kids)
	}
	if got := FullName(kids[0].Code); got != "广东省东莞市"+kids[0].Name {
		t.Errorf("FullName(%s) = %q", kids[0].Code, got)
	}
}

func TestUnknown(t *testing.T) {
	for _, code := range []string{"", "99", "410099", "411203999", "abc", "000000"} {
		if d, ok := Lookup(code); ok {
			t.Errorf("Lookup(%q) = %+v", code, d)
		}
		if Children(code) != nil || Ancestors(code) != nil || FullName(code) != "" {
			t.Errorf("%q: expected no children, ancestors or name", code)
		}
	}
}

// TestWholeTable checks structural invariants of every record.
func TestWholeTable(t *testing.T) {
	tab := data()
	counts := map[Level]int{}
	for code, d := range tab.byCode {
		counts[d.Level]++
		if d.Code != code || d.Name == "" {
			t.Fatalf("bad record %+v under %s", d, code)
		}
		if got := LevelOf(code); got != d.Level {
			t.Errorf("%s: LevelOf = %v, record says %v", code, got, d.Level)
		}
		if d.Level == Province {
			if d.Parent != "" {
				t.Errorf("province %s has parent %s", code, d.Parent)
			}
			continue
		}
		p, ok := tab.byCode[d.Parent]
		if !ok || p.Level >= d.Level {
			t.Errorf("%s: bad parent %q", code, d.Parent)
		}
		if !strings.HasPrefix(code, Prefix(d.Parent)) {
			t.Errorf("%s is not inside its parent %s", code, d.Parent)
		}
	}
	// 31 provinces, 342 cities, 2978 counties less the three that duplicate
	// a city, 41352 townships.
	want := map[Level]int{Province: 31, City: 342, County: 2975, Township: 41352}
	for l, n := range want {
		if counts[l] != n {
			t.Errorf("%s: %d records, want %d", l.Label(), counts[l], n)
		}
	}
	provs := Provinces()
	if len(provs) != 31 || provs[0].Name != "北京市" || provs[30].Code != "650000" {
		t.Errorf("Provinces() = %v", provs)
	}
	for parent, kids := range tab.children {
		for i := 1; i < len(kids); i++ {
			if kids[i-1].Code >= kids[i].Code {
				t.Errorf("children of %q not sorted at %s", parent, kids[i].Code)
			}
		}
	}
	// Children returns a copy.
	kids := Children("411203")
	kids[0].Name = "x"
	if Children("411203")[0].Name == "x" {
		t.Error("Children exposes internal state")
	}
}

func BenchmarkLookup(b *testing.B) {
	data()
	codes := []string{"411203", "411203001", "41", "4112", "110101"}
	for i := 0; b.Loop(); i++ {
		if _, ok := Lookup(codes[i%len(codes)]); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		load()
	}
}

func TestLicense(t *testing.T) {
	if !strings.Contains(License, "PUBLIC LICENSE") {
		t.Errorf("License = %.40q", License)
	}
}
