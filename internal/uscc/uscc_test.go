package uscc

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// refValue, refOrgCheck and refCheck are a second, deliberately plain
// implementation of the two check algorithms, used to cross-check the
// package code.
func refValue(c byte) int { return strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", c) }

func refOrgCheck(body string) byte {
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		v := strings.IndexByte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", body[i])
		sum += v * w[i]
	}
	c := 11 - sum%11
	if c == 10 {
		return 'X'
	}
	if c == 11 {
		c = 0
	}
	return "0123456789"[c]
}

func refCheck(first17 string) byte {
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += refValue(first17[i]) * w[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return "0123456789ABCDEFGHJKLMNPQRTUWXY"[c]
}

// Codes computed with refOrgCheck/refCheck (and independently with a short
// script). They cover an org check of 'X' and of '0' (sum ≡ 0 mod 11) and a
// final check of '0' (sum ≡ 0 mod 31).
var validCodes = []string{
	"91411203MA00000158",
	"91411203000000000L",
	"91411203MA3X7Y1BXY",
	"91411203123456788U",
	"91110000MA44N2KL8N",
	"124100004170731090",
	"52411200L000000389",
	"93411203MA3X7Y1BXQ",
}

func reasonOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func TestValidCodes(t *testing.T) {
	for _, code := range validCodes {
		if err := Validate(code); err != nil {
			t.Errorf("Validate(%q) = %v", code, err)
		}
		if got := refOrgCheck(code[8:16]); got != code[16] {
			t.Errorf("%q: reference org check %c", code, got)
		}
		if got := refCheck(code[:17]); got != code[17] {
			t.Errorf("%q: reference check %c", code, got)
		}
	}
}

func TestOrgCheckCharByHand(t *testing.T) {
	// 1·3+2·7+3·9+4·10+5·5+6·8+7·4+8·2 = 201; 201 mod 11 = 3; 11−3 = 8.
	tests := []struct {
		body string
		want byte
	}{
		{"12345678", '8'},
		{"00000000", '0'}, // 11 − 0 = 11 → '0'
		{"MA3X7Y1B", 'X'}, // 11 − r = 10 → 'X'
		{"ZZZZZZZZ", refOrgCheck("ZZZZZZZZ")},
		{"IOSVIOSV", refOrgCheck("IOSVIOSV")}, // GB 11714 letters outside the USCC charset
	}
	for _, tt := range tests {
		got, err := OrgCheckChar(tt.body)
		if err != nil || got != tt.want {
			t.Errorf("OrgCheckChar(%q) = %c, %v; want %c", tt.body, got, err, tt.want)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		code, reason, message string
	}{
		{"", ReasonLength, "长度应为18位"},
		{"91411203MA0000015", ReasonLength, "长度应为18位"},
		{"91411203MA000001588", ReasonLength, "长度应为18位"},
		{"914112０3MA00000158", ReasonCharset, "含非法字符「０」(第7位)"}, // 18 runes, not 18 bytes
		{"91I11203MA00000158", ReasonCharset, "含非法字符「I」(第3位)：不得使用 I、O、S、V、Z"},
		{"91411203MA0000O158", ReasonCharset, "含非法字符「O」(第15位)：不得使用 I、O、S、V、Z"},
		{"91411203ma00000158", ReasonCharset, "含非法字符「m」(第9位)"},
		{"91411203-A00000158", ReasonCharset, "含非法字符「-」(第9位)"},
		{"91411203MA00000168", ReasonOrgCheck, "组织机构代码校验位错误"},
		{"91411203MA00000150", ReasonCheck, "校验位错误（应为「8」）"},
		{"91411203MA3X7Y1BX0", ReasonCheck, "校验位错误（应为「Y」）"},
	}
	for _, tt := range tests {
		err := Validate(tt.code)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Validate(%q) = %v, want *Error", tt.code, err)
			continue
		}
		if e.Reason != tt.reason || e.Message() != tt.message {
			t.Errorf("Validate(%q) = %s %q, want %s %q", tt.code, e.Reason, e.Message(), tt.reason, tt.message)
		}
		if !strings.Contains(e.Error(), tt.reason) {
			t.Errorf("Error() = %q lacks reason", e.Error())
		}
	}
}

// TestSingleSubstitution checks that every single-character change of a
// valid code is rejected.
func TestSingleSubstitution(t *testing.T) {
	for _, code := range validCodes {
		for i := 0; i < len(code); i++ {
			for c := 0; c < 128; c++ {
				if byte(c) == code[i] {
					continue
				}
				mutated := code[:i] + string(rune(c)) + code[i+1:]
				if Validate(mutated) == nil {
					t.Fatalf("Validate(%q) accepted mutation at %d of %q", mutated, i+1, code)
				}
			}
		}
	}
}

func TestBuild(t *testing.T) {
	bodies := []string{"MA000001", "00000000", "MA3X7Y1B", "12345678", "L0000003", "YYYYYYYY"}
	for _, prefix := range []string{"91411203", "12410000", "52411200", "Y1110000"} {
		for _, body := range bodies {
			code, err := Build(prefix[0], prefix[1], prefix[2:], body)
			if err != nil {
				t.Fatalf("Build(%s, %s): %v", prefix, body, err)
			}
			first17 := prefix + body + string(refOrgCheck(body))
			if want := first17 + string(refCheck(first17)); code != want {
				t.Errorf("Build(%s, %s) = %s, want %s", prefix, body, code, want)
			}
			if err := Validate(code); err != nil {
				t.Errorf("Validate(Build(...)) = %v", err)
			}
		}
	}
	if got, _ := Build('9', '1', "411203", "MA000001"); got != "91411203MA00000158" {
		t.Errorf("Build = %s", got)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		regDept, orgType byte
		region, body     string
	}{
		{'9', '1', "41120", "MA000001"},
		{'9', '1', "41120A", "MA000001"},
		{'9', '1', "411203", "MA00001"},
		{'9', '1', "411203", "MA00000!"},
		{'9', '1', "411203", "MI000001"}, // valid GB 11714 body, but I is not allowed in a USCC
		{'I', '1', "411203", "MA000001"},
		{'9', 0x80, "411203", "MA000001"},
	}
	for _, tt := range tests {
		if code, err := Build(tt.regDept, tt.orgType, tt.region, tt.body); err == nil {
			t.Errorf("Build(%c, %c, %q, %q) = %q, want error", tt.regDept, tt.orgType, tt.region, tt.body, code)
		}
	}
}

func TestCheckCharErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"91411203MA0000015", ""},
		{"91411203MA000001", ReasonLength},
		{"91411203MA00000158", ReasonLength},
		{"91411203MA000001Z", ReasonCharset},
	}
	for _, tt := range tests {
		_, err := CheckChar(tt.in)
		if got := reasonOf(err); got != tt.reason {
			t.Errorf("CheckChar(%q) reason %q, want %q", tt.in, got, tt.reason)
		}
	}
	for _, in := range []string{"", "1234567", "123456789", "1234567a", "1234567中"} {
		if _, err := OrgCheckChar(in); err == nil {
			t.Errorf("OrgCheckChar(%q) succeeded", in)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"91411203MA00000158", "91411203MA00000158"},
		{"  91411203ma00000158\t\n", "91411203MA00000158"},
		{"\u300091411203MA00000158\u3000", "91411203MA00000158"},
		{"９１４１１２０３ＭＡ００００１５８", "91411203MA0000158"},
		{"ｍａ", "MA"},
		{"中文（ｘ）", "中文（X）"}, // full-width brackets are kept
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	fw := strings.Map(func(r rune) rune { return r + 0xFEE0 }, "91411203ma00000158")
	if err := Validate(Normalize(" " + fw + "\u3000")); err != nil {
		t.Errorf("normalized full-width code: %v", err)
	}
}

func FuzzValidate(f *testing.F) {
	for _, code := range validCodes {
		f.Add(code)
	}
	f.Fuzz(func(t *testing.T, code string) {
		err := Validate(code)
		if err != nil {
			if reasonOf(err) == "" {
				t.Fatalf("Validate(%q) = %v, not *Error", code, err)
			}
			_ = err.Error()
			return
		}
		if len(code) != 18 || utf8.RuneCountInString(code) != 18 {
			t.Fatalf("accepted %q with wrong length", code)
		}
		for i := 0; i < len(code); i++ {
			if refValue(code[i]) < 0 {
				t.Fatalf("accepted %q with bad character at %d", code, i+1)
			}
		}
		if refOrgCheck(code[8:16]) != code[16] || refCheck(code[:17]) != code[17] {
			t.Fatalf("accepted %q with wrong check characters", code)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	for b.Loop() {
		if err := Validate("91411203MA3X7Y1BXY"); err != nil {
			b.Fatal(err)
		}
	}
}
