package pinyin

import (
	"testing"
	"unicode"

	gopinyin "github.com/mozillazg/go-pinyin"
)

func TestInitials(t *testing.T) {
	tests := []struct{ in, want string }{
		{"华为技术有限公司", "hwjsyxgs"},
		{"三门峡ABC科技（陕州）有限公司", "smxabckjszyxgs"},
		{"河南省三门峡市陕州区", "hnssmxsszq"},
		{"", ""},
		{"（）【】，。、！？ ,.;-_/\\\t\u3000", ""},
		{"ＡＢＣ１２３ｘｙｚ", "abc123xyz"},
		{"ABC-123 def", "abc123def"},
		{"第1号仓库", "d1hck"},
		{"〇", "l"},
		{"阿爱恩欧鹅嗯呣", "aaeoenm"}, // readings that start with a toned vowel or ń/ḿ
		{"中国α银行β", "zgyx"},     // Greek letters dropped
		// Only the default reading of each character is used, so some
		// heteronyms come out "wrong": 行 háng, 重 chóng, 长 cháng, 厦 xià.
		{"银行", "yx"},
		{"重庆", "zq"},
		{"长沙", "zs"},
		{"厦门", "sm"},
		{"😀张三", "zs"},
		{"abc\xffdef", "abcdef"},
	}
	for _, tt := range tests {
		if got := Initials(tt.in); got != tt.want {
			t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFastPath checks that the fast path of initial agrees with go-pinyin's
// own FirstLetter style for every Han character in its dictionary.
func TestFastPath(t *testing.T) {
	for cp := range gopinyin.PinyinDict {
		r := rune(cp)
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		p := gopinyin.SinglePinyin(r, args)
		if len(p) == 0 || p[0] == "" {
			t.Fatalf("%c: no reading", r)
		}
		if got, want := initial(r), p[0][0]|0x20; got != want {
			t.Errorf("initial(%c) = %c, want %c", r, got, want)
		}
	}
}

func BenchmarkInitials(b *testing.B) {
	for b.Loop() {
		Initials("三门峡ABC科技（陕州）有限公司")
	}
}
