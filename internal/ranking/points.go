package ranking

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Points is a score held exactly as hundredths of a point: Points(8734)
// is 87.34. Scores are compared, tied and published at this precision, so
// two projects that show the same score share a rank.
type Points int64

// Hundred is a full score, 100.00.
const Hundred Points = 10000

// String formats the score with two decimals: 87.34, -2.50.
func (p Points) String() string {
	n := int64(p)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	frac := n % 100
	s := sign + strconv.FormatInt(n/100, 10) + "."
	if frac < 10 {
		s += "0"
	}
	return s + strconv.FormatInt(frac, 10)
}

// MarshalJSON writes the score as a JSON number with two decimals.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

var errPoints = errors.New("分数应为最多两位小数的数")

// ParsePoints parses a score with at most two decimals (87.34, -2.5, 100).
func ParsePoints(s string) (Points, error) {
	in := s
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || (dot && frac == "") || len(frac) > 2 || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("「%s」%w", in, errPoints)
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	n *= 100
	for i, f := range []int64{10, 1} {
		if i < len(frac) {
			n += int64(frac[i]-'0') * f
		}
	}
	if neg {
		n = -n
	}
	return Points(n), nil
}

// UnmarshalJSON reads a JSON number (or string) with at most two decimals.
func (p *Points) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParsePoints(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Ratio is an indicator's raw value, a count or an amount over another:
// nodes reached on time over nodes due, investment completed over planned
// (both in hundredths of 万元). Den 0 means the indicator does not apply
// (no node was due), which is not the same as a zero rate.
type Ratio struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// maxRatio bounds both terms so that scaling by 10,000 cannot overflow.
const maxRatio = 100_000_000_000_000

// Applicable reports whether the ratio has a denominator.
func (r Ratio) Applicable() bool { return r.Den > 0 }

// Score normalises the ratio to 0–100: the rate times 100, a negative rate
// counting as 0 and a rate above 100 % as 100 (an investment completed
// beyond its plan earns no more than completing it), rounded half up to
// hundredths.
func (r Ratio) Score() Points {
	if r.Den <= 0 {
		return 0
	}
	n := min(max(r.Num, 0), r.Den)
	return Points((n*20000 + r.Den) / (2 * r.Den))
}

// String formats the rate as displayed beside a score: 75.0%（3/4）; 不适用
// when the ratio does not apply.
func (r Ratio) String() string {
	if r.Den <= 0 {
		return "不适用"
	}
	pm := r.Num * 1000
	var v int64
	if pm < 0 {
		v = -((-2*pm + r.Den) / (2 * r.Den))
	} else {
		v = (2*pm + r.Den) / (2 * r.Den)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + strconv.FormatInt(v/10, 10) + "." + strconv.FormatInt(v%10, 10) + "%（" +
		strconv.FormatInt(r.Num, 10) + "/" + strconv.FormatInt(r.Den, 10) + "）"
}

// Term is one weighted score in a total.
type Term struct {
	Score      Points  `json:"score"`  // normalised, 0–100
	Weight     float64 `json:"weight"` // as configured
	Applicable bool    `json:"applicable"`
	// Share is Weight over the sum of the applicable terms' weights.
	Share float64 `json:"share"`
	// Contribution is Score × Share, rounded to hundredths; the total is
	// the sum of the contributions, so a breakdown always adds up.
	Contribution Points `json:"contribution"`
}

// Combine fills in the terms' shares and contributions and returns their
// total. Terms that do not apply are left out and the weights of the
// others renormalised, so a project without nodes is judged on the rest
// rather than given a zero or a free full mark. ok is false when no term
// with a positive weight applies.
func Combine(terms []Term) (total Points, ok bool) {
	var sum float64
	for _, t := range terms {
		if t.Applicable {
			sum += t.Weight
		}
	}
	if !(sum > 0) {
		for i := range terms {
			terms[i].Share, terms[i].Contribution = 0, 0
		}
		return 0, false
	}
	for i := range terms {
		t := &terms[i]
		t.Share, t.Contribution = 0, 0
		if t.Applicable {
			// The explicit conversions forbid fused multiply-add, so every
			// platform rounds alike and a snapshot recomputes bit for bit.
			t.Share = float64(t.Weight / sum)
			t.Contribution = Points(math.Round(float64(float64(t.Score) * t.Share)))
			total += t.Contribution
		}
	}
	return total, true
}
