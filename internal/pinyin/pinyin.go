// Package pinyin derives pinyin initials from Chinese text, for search keys
// such as "hwjsyxgs" for 华为技术有限公司.
package pinyin

import (
	"strings"
	"unicode"

	gopinyin "github.com/mozillazg/go-pinyin"
)

// args selects the first letter of the default (most common) reading. It is
// built explicitly so that changes to go-pinyin's package-level defaults do
// not affect us.
var args = gopinyin.Args{
	Style:    gopinyin.FirstLetter,
	Fallback: func(rune, gopinyin.Args) []string { return nil },
}

// Initials returns the lower-case pinyin initial of every Han character in
// s, keeping ASCII letters (lower-cased) and digits and dropping everything
// else. Full-width letters and digits are treated as their ASCII forms.
// For example "三门峡ABC科技（陕州）有限公司" gives "smxabckjszyxgs".
func Initials(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' {
			r -= 0xFEE0
		}
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r - 'A' + 'a'))
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r))
		case unicode.Is(unicode.Han, r):
			if c := initial(r); c != 0 {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// initial returns the first letter of the default reading of r, or 0.
func initial(r rune) byte {
	readings, ok := gopinyin.PinyinDict[int(r)]
	if !ok {
		return 0
	}
	// Fast path: most readings start with a plain consonant.
	if c := readings[0]; c >= 'a' && c <= 'z' {
		return c
	}
	// A toned vowel such as "ā"; let go-pinyin strip the tone mark.
	if p := gopinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
		if c := p[0][0] | 0x20; c >= 'a' && c <= 'z' {
			return c
		}
	}
	return 0
}
