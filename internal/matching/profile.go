package matching

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

var (
	utc   = time.UTC
	epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Need is a figure that is missing: an attribute, and for a yearly one the
// fiscal year.
type Need struct {
	Attr string `json:"attr"`
	Year int    `json:"year,omitempty"`
}

// Label names the figure for people, e.g. "2024年度销售（营业）收入".
func (n Need) Label() string { return yearLabel(&attributes[attrIndex[n.Attr]], n.Year) }

// cell is the value a rule reads for one attribute.
type cell struct {
	known  bool
	num    float64 // numeric kinds, booleans as 0/1, dates as epoch days
	str    string
	tags   []string // sorted
	src    *Value   // the effective supplied value, for base attributes
	needs  []Need   // when unknown: what to supply
	reason string   // when unknown although nothing is missing (a zero divisor)
}

// Profile is everything the rules know about one enterprise on one date:
// the effective value of each attribute, the derived figures, and for each
// unknown one the data that would make it known. Build it with NewProfile;
// it is read-only afterwards and safe for concurrent use.
type Profile struct {
	asOf  model.Date
	eff   []Value // effective supplied values
	diffs []Difference
	cells []cell
}

// NewProfile resolves the supplied values of one enterprise (several
// sources may supply the same figure; see Source) and derives the computed
// attributes as of asOf. The values should have passed Check; values of
// attributes not in the catalogue are ignored.
func NewProfile(asOf model.Date, values []Value) *Profile {
	eff, diffs := Resolve(values)
	p := &Profile{asOf: asOf, eff: eff, diffs: diffs}
	p.build()
	return p
}

// With returns the profile with some figures replaced, whoever supplied
// the originals: the policy calculator (政策计算器) shows what an
// enterprise would qualify for with figures it enters, without storing
// them and without a department's import overriding them.
func (p *Profile) With(adjust []Value) *Profile {
	over := map[valueKey]bool{}
	for _, v := range adjust {
		over[valueKey{v.Attr, v.Year}] = true
	}
	var vals []Value
	for _, v := range p.eff {
		if !over[valueKey{v.Attr, v.Year}] {
			vals = append(vals, v)
		}
	}
	vals = append(vals, adjust...)
	eff, _ := Resolve(vals)
	q := &Profile{asOf: p.asOf, eff: eff, diffs: p.diffs}
	q.build()
	return q
}

// AsOf is the evaluation date.
func (p *Profile) AsOf() model.Date { return p.asOf }

// ReferenceYear is the fiscal year whose figures the rules read: the year
// before the evaluation date's.
func (p *Profile) ReferenceYear() int { return p.asOf.Year - 1 }

// Values are the effective supplied values.
func (p *Profile) Values() []Value { return append([]Value(nil), p.eff...) }

// Differences lists the figures on which sources disagree.
func (p *Profile) Differences() []Difference { return append([]Difference(nil), p.diffs...) }

// Known reports whether the attribute has a value (supplied or derived).
func (p *Profile) Known(attr string) bool {
	i, ok := attrIndex[attr]
	return ok && p.cells[i].known
}

// Number is the value of a numeric, date (epoch days) or boolean (0/1)
// attribute, NaN when unknown.
func (p *Profile) Number(attr string) float64 {
	i, ok := attrIndex[attr]
	if !ok || !p.cells[i].known {
		return math.NaN()
	}
	return p.cells[i].num
}

// Text is the value of an attribute formatted for people, "" when unknown.
func (p *Profile) Text(attr string) string {
	i, ok := attrIndex[attr]
	if !ok {
		return ""
	}
	return p.text(i)
}

func (p *Profile) text(i int) string {
	c := &p.cells[i]
	if !c.known {
		return ""
	}
	a := &attributes[i]
	switch a.Kind {
	case String:
		return c.str
	case Tags:
		if len(c.tags) == 0 {
			return "无"
		}
		return strings.Join(c.tags, "、")
	}
	return formatValue(a, c.num)
}

// Needs is the data that would make an unknown attribute known.
func (p *Profile) Needs(attr string) []Need {
	i, ok := attrIndex[attr]
	if !ok {
		return nil
	}
	return append([]Need(nil), p.cells[i].needs...)
}

func (p *Profile) build() {
	p.cells = make([]cell, len(attributes))
	yearly := map[valueKey]*Value{}
	for i := range p.eff {
		v := &p.eff[i]
		ai, ok := attrIndex[v.Attr]
		if !ok {
			continue
		}
		a := &attributes[ai]
		if a.Yearly {
			yearly[valueKey{v.Attr, v.Year}] = v
			continue
		}
		c := &p.cells[ai]
		c.src = v
		c.known = true
		switch a.Kind {
		case Bool:
			c.num = 0
			if v.Bool {
				c.num = 1
			}
		case String:
			c.str = v.Text
		case Tags:
			c.tags = slices.Clone(v.Tags)
			slices.Sort(c.tags)
			c.tags = slices.Compact(c.tags)
		case Date:
			if v.Date.IsZero() {
				c.known, c.reason = false, "无"
			} else {
				c.num = epochDays(v.Date)
			}
		default:
			c.num = v.Num
		}
	}
	// Derived attributes come after their inputs in the catalogue, so one
	// pass in catalogue order computes them all.
	d := deriver{p: p, yearly: yearly, y: p.ReferenceYear()}
	for ai := range attributes {
		a := &attributes[ai]
		c := &p.cells[ai]
		switch {
		case a.Yearly:
			if v := yearly[valueKey{a.Name, d.y}]; v != nil {
				*c = cell{known: true, num: v.Num, src: v}
			} else {
				c.needs = []Need{{a.Name, d.y}}
			}
		case !a.Derived:
			if !c.known && c.reason == "" {
				c.needs = []Need{{Attr: a.Name}}
			}
		case !c.known: // derived, and not supplied directly
			*c = derivations[a.Name](&d)
		}
	}
}

type deriver struct {
	p      *Profile
	yearly map[valueKey]*Value
	y      int // reference year
}

func (d *deriver) cell(name string) *cell { return &d.p.cells[mustIndex(name)] }

// year reads a yearly figure, recording it as needed when missing.
func (d *deriver) year(name string, y int, needs *[]Need) (float64, bool) {
	if v := d.yearly[valueKey{name, y}]; v != nil {
		return v.Num, true
	}
	*needs = append(*needs, Need{name, y})
	return 0, false
}

// operatingYears are the fiscal years of "近三个会计年度": the reference
// year and the two before it, less the years before the enterprise was
// founded (实际经营期不满三年的按实际经营时间计算).
func (d *deriver) operatingYears(n int) ([]int, []Need) {
	var ys []int
	for y := d.y - n + 1; y <= d.y; y++ {
		ys = append(ys, y)
	}
	f := d.cell("founded_on")
	if !f.known {
		// without the founding date every year counts; if one is missing
		// the founding date may also settle it
		for _, y := range ys {
			if d.yearly[valueKey{"sales", y}] == nil {
				return ys, []Need{{Attr: "founded_on"}}
			}
		}
		return ys, nil
	}
	fy := dateOfDays(f.num).Year
	return slices.DeleteFunc(ys, func(y int) bool { return y < fy }), nil
}

func unknown(needs []Need) cell { return cell{needs: needs} }

func known(v float64) cell { return cell{known: true, num: v} }

// share is Σ num ÷ Σ den × 100 over the years.
func (d *deriver) share(num, den string, ys []int, extra []Need) cell {
	if len(ys) == 0 {
		return cell{reason: "成立不满一个会计年度"}
	}
	needs := extra
	var sn, sd float64
	ok := true
	for _, y := range ys {
		a, ok1 := d.year(num, y, &needs)
		b, ok2 := d.year(den, y, &needs)
		ok = ok && ok1 && ok2
		sn += a
		sd += b
	}
	if !ok || len(extra) > 0 {
		return unknown(needs)
	}
	if sd == 0 {
		return cell{reason: attributes[mustIndex(den)].Label + "为零，无法计算比例"}
	}
	return known(sn * 100 / sd) // exact for whole figures: 120 of 4000 is 3, not 3.0000000000000004
}

var derivations = map[string]func(d *deriver) cell{
	"industry_section": func(d *deriver) cell {
		c := d.cell("industry_code")
		if !c.known || c.str == "" {
			return unknown([]Need{{Attr: "industry_code"}})
		}
		return cell{known: true, str: c.str[:1]}
	},
	"years_registered": func(d *deriver) cell {
		c := d.cell("founded_on")
		if !c.known {
			return unknown([]Need{{Attr: "founded_on"}})
		}
		f, at := dateOfDays(c.num), d.p.asOf
		n := at.Year - f.Year
		if at.Month < f.Month || (at.Month == f.Month && at.Day < f.Day) {
			n--
		}
		return known(float64(max(n, 0)))
	},
	"rd_ratio": func(d *deriver) cell { return d.share("rd_expense", "sales", []int{d.y}, nil) },
	"rd_ratio_3y": func(d *deriver) cell {
		ys, extra := d.operatingYears(3)
		return d.share("rd_expense", "sales", ys, extra)
	},
	"rd_domestic_share_3y": func(d *deriver) cell {
		ys, extra := d.operatingYears(3)
		return d.share("rd_expense_domestic", "rd_expense", ys, extra)
	},
	"rd_cost_ratio": func(d *deriver) cell { return d.share("rd_expense", "total_cost", []int{d.y}, nil) },
	"rd_expense_avg_2y": func(d *deriver) cell {
		var needs []Need
		a, ok1 := d.year("rd_expense", d.y, &needs)
		b, ok2 := d.year("rd_expense", d.y-1, &needs)
		if !ok1 || !ok2 {
			return unknown(needs)
		}
		return known((a + b) / 2)
	},
	"tech_staff_share": func(d *deriver) cell { return d.share("tech_staff", "employees", []int{d.y}, nil) },
	"hightech_income_share": func(d *deriver) cell {
		return d.share("hightech_revenue", "total_income", []int{d.y}, nil)
	},
	"hnte_valid": func(d *deriver) cell {
		c := d.cell("hnte_cert_until")
		switch {
		case c.reason == "无":
			return known(0)
		case !c.known:
			return unknown([]Need{{Attr: "hnte_cert_until"}})
		}
		return known(b2f(c.num >= epochDays(d.p.asOf)))
	},
	"tsme_score_staff": func(d *deriver) cell {
		c := d.cell("tech_staff_share")
		if !c.known {
			return unknown(c.needs)
		}
		return known(band(c.num, staffBands))
	},
	"tsme_score_rd": func(d *deriver) cell {
		a, b := d.cell("rd_ratio"), d.cell("rd_cost_ratio")
		switch {
		case a.known && b.known:
			return known(max(band(a.num, rdSalesBands), band(b.num, rdCostBands)))
		case a.known && band(a.num, rdSalesBands) == 50:
			return known(50)
		case b.known && band(b.num, rdCostBands) == 50:
			return known(50)
		}
		// either ratio may be chosen: the enterprise needs to supply only
		// one of the two, but which one is its choice
		return unknown(append(slices.Clone(a.needs), b.needs...))
	},
	"tsme_score_ip": func(d *deriver) cell {
		a, b := d.cell("ip_class1"), d.cell("ip_class2")
		switch {
		case a.known && a.num >= 1:
			return known(30)
		case a.known && b.known:
			return known(band(b.num, ipClass2Bands))
		case !a.known:
			return unknown([]Need{{Attr: "ip_class1"}})
		}
		return unknown([]Need{{Attr: "ip_class2"}})
	},
	"tsme_score": func(d *deriver) cell {
		var needs []Need
		total := 0.0
		for _, n := range []string{"tsme_score_staff", "tsme_score_rd", "tsme_score_ip"} {
			c := d.cell(n)
			if !c.known {
				needs = append(needs, c.needs...)
				continue
			}
			total += c.num
		}
		if len(needs) > 0 {
			return unknown(needs)
		}
		return known(total)
	},
}

// bands are (threshold, score) pairs, highest threshold first: the score
// of the first threshold the value reaches (the 115号 tables count the
// lower bound in: "25%（含）-30%").
type bands [][2]float64

var (
	staffBands    = bands{{30, 20}, {25, 16}, {20, 12}, {15, 8}, {10, 4}}
	rdSalesBands  = bands{{6, 50}, {5, 40}, {4, 30}, {3, 20}, {2, 10}}
	rdCostBands   = bands{{30, 50}, {25, 40}, {20, 30}, {15, 20}, {10, 10}}
	ipClass2Bands = bands{{4, 24}, {3, 18}, {2, 12}, {1, 6}}
)

func band(v float64, bs bands) float64 {
	for _, b := range bs {
		if v >= b[0] {
			return b[1]
		}
	}
	return 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// FromEnterprise turns the registry's record of an enterprise into values
// (source 企业库登记, dated by the record's last update). Revenue and
// employees are taken as the figures of the year before that update,
// which is how the registry's ledger reports them; zero means "not filled
// in" there and gives no value.
func FromEnterprise(e *model.Enterprise) []Value {
	on := model.DateOf(e.UpdatedAt.In(shanghai))
	if e.UpdatedAt.IsZero() {
		on = model.Date{}
	}
	reg := func(v Value) Value { v.Source, v.On = SourceRegistry, on; return v }
	var vs []Value
	if e.IndustryCode != "" {
		vs = append(vs, reg(Value{Attr: "industry_code", Text: e.IndustryCode}))
	}
	if e.Scale != "" {
		vs = append(vs, reg(Value{Attr: "scale", Text: string(e.Scale)}))
	}
	if e.Ownership != "" {
		vs = append(vs, reg(Value{Attr: "ownership", Text: string(e.Ownership)}))
	}
	if e.RegionCode != "" {
		vs = append(vs, reg(Value{Attr: "region_code", Text: e.RegionCode}))
	}
	if !e.FoundedOn.IsZero() {
		vs = append(vs, reg(Value{Attr: "founded_on", Date: e.FoundedOn}))
	}
	vs = append(vs, reg(Value{Attr: "tags", Tags: slices.Clone(e.Tags)}))
	switch {
	case strings.HasPrefix(e.USCC, "91"):
		vs = append(vs, reg(Value{Attr: "resident_enterprise", Bool: true}))
	case strings.HasPrefix(e.USCC, "92"):
		vs = append(vs, reg(Value{Attr: "resident_enterprise"}), reg(Value{Attr: "legal_person"}))
	}
	if !on.IsZero() {
		y := on.Year - 1
		if e.RevenueYuan > 0 {
			vs = append(vs, reg(Value{Attr: "sales", Year: y, Num: float64(e.RevenueYuan) / 10000}))
		}
		if e.Employees > 0 {
			vs = append(vs, reg(Value{Attr: "employees", Year: y, Num: float64(e.Employees)}))
		}
	}
	return vs
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err) // the binary embeds time/tzdata
	}
	return loc
}()
