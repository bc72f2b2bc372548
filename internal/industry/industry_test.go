package industry

import (
	"errors"
	"fmt"
	"testing"
)

func TestTable(t *testing.T) {
	divs := Majors()
	if len(divs) != 97 {
		t.Fatalf("len(Majors()) = %d, want 97", len(divs))
	}
	secs := Sections()
	if len(secs) != 20 || secs[0].Code != "A" || secs[19].Code != "T" {
		t.Fatalf("Sections() = %v", secs)
	}
	sectionName := map[string]string{}
	for i, s := range secs {
		if want := string(rune('A' + i)); s.Code != want || s.Name == "" {
			t.Errorf("section %d = %+v, want code %s", i, s, want)
		}
		sectionName[s.Code] = s.Name
	}
	seen := map[string]string{}
	for i, d := range divs {
		if want := fmt.Sprintf("%02d", i+1); d.Code != want {
			t.Errorf("division %d has code %q, want %q", i, d.Code, want)
		}
		if prev, dup := seen[d.Code]; dup {
			t.Errorf("division %s in sections %s and %s", d.Code, prev, d.Section)
		}
		seen[d.Code] = d.Section
		if d.Name == "" || sectionName[d.Section] != d.SectionName {
			t.Errorf("division %+v: bad name or section", d)
		}
		if i > 0 && d.Section < divs[i-1].Section {
			t.Errorf("division %s: sections out of order", d.Code)
		}
		if got, ok := MajorOf(d.IndustryCode()); !ok || got != d {
			t.Errorf("MajorOf(%s) = %+v, %v", d.IndustryCode(), got, ok)
		}
		if err := Validate(d.IndustryCode()); err != nil {
			t.Errorf("Validate(%s) = %v", d.IndustryCode(), err)
		}
	}
	// Returned slices are copies.
	divs[0].Name = "x"
	secs[0].Name = "x"
	if Majors()[0].Name == "x" || Sections()[0].Name == "x" {
		t.Error("Divisions/Sections expose internal state")
	}
}

func TestMajorOf(t *testing.T) {
	d, ok := MajorOf("C39")
	want := Major{Section: "C", SectionName: "制造业", Code: "39", Name: "计算机、通信和其他电子设备制造业"}
	if !ok || d != want {
		t.Errorf("MajorOf(C39) = %+v, %v", d, ok)
	}
	for _, code := range []string{"C05", "A05x", "c39", "39", "", "Z39", "C98", "C00", "C3", "CC39"} {
		if d, ok := MajorOf(code); ok {
			t.Errorf("MajorOf(%q) = %+v, want not found", code, d)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		code string
		kind error
		msg  string
	}{
		{"C39", nil, ""},
		{"A05", nil, ""},
		{"T97", nil, ""},
		{"C05", ErrUnknown, "行业代码「C05」不存在：大类 05 属于门类 A"},
		{"Z39", ErrUnknown, "行业代码「Z39」不存在：大类 39 属于门类 C"},
		{"C98", ErrUnknown, "行业代码「C98」不存在：没有大类 98"},
		{"A00", ErrUnknown, "行业代码「A00」不存在：没有大类 00"},
		{"", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
		{"39", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
		{"c39", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
		{"C391", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
		{"C3A", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
		{"Ｃ39", ErrMalformed, "行业代码格式应为门类字母加两位大类代码，如 C39"},
	}
	for _, tt := range tests {
		err := Validate(tt.code)
		if tt.kind == nil {
			if err != nil {
				t.Errorf("Validate(%q) = %v", tt.code, err)
			}
			continue
		}
		if !errors.Is(err, tt.kind) || err.Error() != tt.msg {
			t.Errorf("Validate(%q) = %v, want %v / %q", tt.code, err, tt.kind, tt.msg)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"C39", "C39", true},
		{"c39", "C39", true},
		{" 39 ", "C39", true},
		{"05", "A05", true},
		{"97", "T97", true},
		{"98", "98", false},
		{"c05", "C05", false},
		{"x", "X", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
