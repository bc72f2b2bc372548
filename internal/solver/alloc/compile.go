package alloc

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/solver"
)

// compiled is an instance checked and scaled to integers for the solver.
type compiled struct {
	inst *Instance

	// divisible: amounts ×10^amountScale, values ×10^valueScale
	tp                      *solver.Transport
	amountScale, valueScale int
	supplyIdx, demandIdx    map[string]int
	arcIdx                  *pairIndex // (supply, demand) → solver arc
	arcInput                []int      // solver arc → instance arc

	// land: areas ×10^areaScale, land values ×10^landScale
	land                  *solver.Land
	areaScale, landScale  int
	parcelIdx, projectIdx map[string]int
}

func (c *compiled) hasDivisible() bool {
	return len(c.inst.Supplies)+len(c.inst.Demands)+len(c.inst.Arcs) > 0
}
func (c *compiled) hasLand() bool { return len(c.inst.Parcels)+len(c.inst.Projects) > 0 }

// checker collects faults.
type checker struct{ es Errors }

func (ck *checker) add(code, field, format string, args ...any) {
	if len(ck.es) < maxErrors {
		ck.es = append(ck.es, &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
	}
}

func (ck *checker) err() error {
	if len(ck.es) == 0 {
		return nil
	}
	return ck.es
}

// figure is a parsed number and where it came from.
type figure struct {
	units int64
	scale int
	ok    bool
}

// num parses d; what names it in messages ("供给 S1 的数量").
func (ck *checker) num(d Decimal, field, what string, required bool) figure {
	if d == "" {
		if required {
			ck.add("missing_field", field, "%s缺失", what)
		}
		return figure{}
	}
	u, s, err := d.parse()
	switch {
	case errors.Is(err, errNotNumber):
		ck.add("not_number", field, "%s「%s」不是数字", what, d)
	case errors.Is(err, errDecimals):
		ck.add("too_many_decimals", field, "%s %s 的小数位超过 %d 位", what, d, MaxDecimals)
	case errors.Is(err, errTooManyDig):
		ck.add(CodeTooLarge, field, "%s %s 的有效数字超过 %d 位", what, d, maxDigits)
	default:
		return figure{units: u, scale: s, ok: true}
	}
	return figure{}
}

// at returns f at scale s, adding a fault when that is beyond exact range.
func (ck *checker) at(f figure, s int, field, what string, d Decimal) int64 {
	if !f.ok {
		return 0
	}
	v, ok := rescale(f.units, f.scale, s)
	if !ok {
		ck.add(CodeTooLarge, field, "%s %s 过大：按共同的小数位换算后超出精确计算范围", what, d)
	}
	return v
}

func maxScale(fs ...[]figure) int {
	s := 0
	for _, l := range fs {
		for _, f := range l {
			if f.ok {
				s = max(s, f.scale)
			}
		}
	}
	return s
}

// ids indexes the ids of one list, reporting missing and duplicate ones.
func (ck *checker) ids(n int, id func(int) string, list, what string) map[string]int {
	idx := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := id(i)
		field := fmt.Sprintf("%s[%d].id", list, i)
		switch prev, dup := idx[s]; {
		case strings.TrimSpace(s) == "":
			ck.add("missing_id", field, "第 %d 个%s缺少编号 id", i+1, what)
		case dup:
			ck.add("duplicate_id", field, "%s编号 %s 重复（第 %d 项与第 %d 项）", what, s, prev+1, i+1)
		default:
			idx[s] = i
		}
	}
	return idx
}

// compile checks inst and scales it; extraAmounts and extraAreas are
// figures of an allocation to check that must share the scale.
func compile(inst *Instance, extraAmounts []Decimal) (*compiled, error) {
	ck := &checker{}
	c := &compiled{inst: inst}
	if !c.hasDivisible() && !c.hasLand() {
		ck.add("empty", "", "实例为空：既没有供给与需求（supplies、demands），也没有地块与项目（parcels、projects）")
		return nil, ck.err()
	}
	c.compileDivisible(ck, extraAmounts)
	c.compileLand(ck)
	if err := ck.err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *compiled) compileDivisible(ck *checker, extra []Decimal) {
	in := c.inst
	c.supplyIdx = ck.ids(len(in.Supplies), func(i int) string { return in.Supplies[i].ID }, "supplies", "供给")
	c.demandIdx = ck.ids(len(in.Demands), func(i int) string { return in.Demands[i].ID }, "demands", "需求")

	sAmt := make([]figure, len(in.Supplies))
	for i, s := range in.Supplies {
		sAmt[i] = ck.num(s.Amount, fmt.Sprintf("supplies[%d].amount", i), "供给 "+s.ID+" 的数量", true)
	}
	dAmt := make([]figure, len(in.Demands))
	dMin := make([]figure, len(in.Demands))
	dVal := make([]figure, len(in.Demands))
	for j, d := range in.Demands {
		dAmt[j] = ck.num(d.Amount, fmt.Sprintf("demands[%d].amount", j), "需求 "+d.ID+" 的申请量", true)
		dMin[j] = ck.num(d.Min, fmt.Sprintf("demands[%d].min", j), "需求 "+d.ID+" 的最低量", false)
		dVal[j] = ck.num(d.Value, fmt.Sprintf("demands[%d].value", j), "需求 "+d.ID+" 的单位价值", false)
	}
	aVal := make([]figure, len(in.Arcs))
	aCap := make([]figure, len(in.Arcs))
	for e, a := range in.Arcs {
		// Arcs are many: their messages are built only for a fault.
		var ok bool
		if aVal[e], ok = quick(a.Value); !ok {
			aVal[e] = ck.num(a.Value, fmt.Sprintf("arcs[%d].value", e), "线路 "+a.Supply+"→"+a.Demand+" 的单位价值", false)
		}
		if aCap[e], ok = quick(a.Cap); !ok {
			aCap[e] = ck.num(a.Cap, fmt.Sprintf("arcs[%d].cap", e), "线路 "+a.Supply+"→"+a.Demand+" 的上限", false)
		}
	}
	fAmt := make([]figure, len(in.Fixed))
	for k, f := range in.Fixed {
		fAmt[k] = ck.num(f.Amount, fmt.Sprintf("fixed[%d].amount", k), "调整 "+f.Supply+"→"+f.Demand+" 的数量", true)
	}
	xAmt := make([]figure, len(extra))
	for k, d := range extra {
		xAmt[k], _ = parseQuiet(d)
	}
	c.amountScale = maxScale(sAmt, dAmt, dMin, aCap, fAmt, xAmt)
	c.valueScale = maxScale(dVal, aVal)

	tp := &solver.Transport{Supplies: make([]int64, len(in.Supplies)), Demands: make([]solver.Demand, len(in.Demands))}
	for i, s := range in.Supplies {
		f := fmt.Sprintf("supplies[%d].amount", i)
		v := ck.at(sAmt[i], c.amountScale, f, "供给 "+s.ID+" 的数量", s.Amount)
		if sAmt[i].ok && v <= 0 {
			ck.add("amount_not_positive", f, "供给 %s 的数量应大于 0（现为 %s）", s.ID, s.Amount)
		}
		tp.Supplies[i] = v
	}
	for j, d := range in.Demands {
		f := fmt.Sprintf("demands[%d]", j)
		amt := ck.at(dAmt[j], c.amountScale, f+".amount", "需求 "+d.ID+" 的申请量", d.Amount)
		mn := ck.at(dMin[j], c.amountScale, f+".min", "需求 "+d.ID+" 的最低量", d.Min)
		switch {
		case dAmt[j].ok && amt <= 0:
			ck.add("amount_not_positive", f+".amount", "需求 %s 的申请量应大于 0（现为 %s）", d.ID, d.Amount)
		case mn < 0:
			ck.add("min_negative", f+".min", "需求 %s 的最低量不能为负（现为 %s）", d.ID, d.Min)
		case dAmt[j].ok && mn > amt:
			ck.add("min_above_amount", f+".min", "需求 %s 的最低量 %s 大于申请量 %s", d.ID, d.Min, d.Amount)
		case d.Required && mn == 0:
			ck.add("required_without_min", f+".min", "需求 %s 标为必须满足（required），但没有大于 0 的最低量 min", d.ID)
		}
		tp.Demands[j] = solver.Demand{Amount: amt, Min: mn, Required: d.Required}
	}

	c.arcIdx = newPairIndex(len(in.Supplies), len(in.Demands))
	for e, a := range in.Arcs {
		f := func() string { return fmt.Sprintf("arcs[%d]", e) }
		name := func() string { return "线路 " + a.Supply + "→" + a.Demand }
		i, okS := c.supplyIdx[a.Supply]
		j, okD := c.demandIdx[a.Demand]
		if !okS {
			ck.add("unknown_id", f()+".supply", "%s 的供给 %s 不存在", name(), quoteID(a.Supply))
		}
		if !okD {
			ck.add("unknown_id", f()+".demand", "%s 的需求 %s 不存在", name(), quoteID(a.Demand))
		}
		if !okS || !okD {
			continue
		}
		if prev, dup := c.arcIdx.get(i, j); dup {
			ck.add("duplicate_arc", f(), "%s 重复（第 %d 项与第 %d 项）", name(), c.arcInput[prev]+1, e+1)
			continue
		}
		if ks, kd := in.Supplies[i].Kind, in.Demands[j].Kind; ks != "" && kd != "" && ks != kd {
			ck.add("kind_mismatch", f(), "%s 连接了不同类别的资源：%s 与 %s", name(), ks, kd)
		}
		val, vd, vf := aVal[e], a.Value, func() string { return f() + ".value" }
		if a.Value == "" {
			val, vd, vf = dVal[j], in.Demands[j].Value, func() string { return fmt.Sprintf("demands[%d].value", j) }
			if in.Demands[j].Value == "" {
				ck.add("missing_value", f()+".value", "%s 没有单位价值 value，需求 %s 也没有", name(), a.Demand)
			}
		}
		arc := solver.Arc{Supply: i, Demand: j}
		var ok bool
		if arc.Value, ok = rescaleFig(val, c.valueScale); !ok {
			ck.at(val, c.valueScale, vf(), name()+" 的单位价值", vd)
		}
		if aCap[e].ok {
			if arc.Cap, ok = rescaleFig(aCap[e], c.amountScale); !ok {
				ck.at(aCap[e], c.amountScale, f()+".cap", name()+" 的上限", a.Cap)
			}
			if arc.Cap <= 0 {
				ck.add("cap_not_positive", f()+".cap", "%s 的上限应大于 0（现为 %s）", name(), a.Cap)
			}
		}
		c.arcIdx.set(i, j, len(tp.Arcs))
		c.arcInput = append(c.arcInput, e)
		tp.Arcs = append(tp.Arcs, arc)
	}

	usedS := make([]int64, len(in.Supplies))
	usedD := make([]int64, len(in.Demands))
	seen := make(map[int]int)
	for k, fx := range in.Fixed {
		f := fmt.Sprintf("fixed[%d]", k)
		name := "调整 " + fx.Supply + "→" + fx.Demand
		i, okS := c.supplyIdx[fx.Supply]
		j, okD := c.demandIdx[fx.Demand]
		if !okS {
			ck.add("unknown_id", f+".supply", "%s 的供给 %s 不存在", name, quoteID(fx.Supply))
		}
		if !okD {
			ck.add("unknown_id", f+".demand", "%s 的需求 %s 不存在", name, quoteID(fx.Demand))
		}
		if !okS || !okD {
			continue
		}
		e, ok := c.arcIdx.get(i, j)
		if !ok {
			ck.add("not_eligible", f, "%s 不在可分配的线路（arcs）中", name)
			continue
		}
		amt := ck.at(fAmt[k], c.amountScale, f+".amount", name+" 的数量", fx.Amount)
		if !fAmt[k].ok {
			continue
		}
		if prev, dup := seen[e]; dup {
			ck.add("fixed_duplicate", f, "%s 重复（第 %d 项与第 %d 项）", name, prev+1, k+1)
			continue
		}
		seen[e] = k
		if amt <= 0 {
			ck.add("amount_not_positive", f+".amount", "%s 的数量应大于 0（现为 %s）", name, fx.Amount)
			continue
		}
		if cp := tp.Arcs[e].Cap; cp > 0 && amt > cp {
			ck.add("fixed_above_cap", f+".amount", "%s 的数量 %s 超过该线路上限 %s", name, fx.Amount, in.Arcs[c.arcInput[e]].Cap)
		}
		usedS[i] += amt
		if usedS[i] > tp.Supplies[i] && usedS[i]-amt <= tp.Supplies[i] {
			ck.add("fixed_exceeds_supply", f+".amount", "调整后供给 %s 共分配 %s，超过其数量 %s", fx.Supply, c.amount(usedS[i]), in.Supplies[i].Amount)
		}
		usedD[j] += amt
		if usedD[j] > tp.Demands[j].Amount && usedD[j]-amt <= tp.Demands[j].Amount {
			ck.add("fixed_exceeds_demand", f+".amount", "调整后需求 %s 共获得 %s，超过其申请量 %s", fx.Demand, c.amount(usedD[j]), in.Demands[j].Amount)
		}
		tp.Fixed = append(tp.Fixed, solver.Fixed{Arc: e, Amount: amt})
	}
	c.tp = tp
}

func (c *compiled) compileLand(ck *checker) {
	in := c.inst
	c.parcelIdx = ck.ids(len(in.Parcels), func(i int) string { return in.Parcels[i].ID }, "parcels", "地块")
	c.projectIdx = ck.ids(len(in.Projects), func(i int) string { return in.Projects[i].ID }, "projects", "项目")
	pArea := make([]figure, len(in.Parcels))
	for p, pc := range in.Parcels {
		pArea[p] = ck.num(pc.Area, fmt.Sprintf("parcels[%d].area", p), "地块 "+pc.ID+" 的面积", true)
	}
	qArea := make([]figure, len(in.Projects))
	qVal := make([]figure, len(in.Projects))
	for q, pr := range in.Projects {
		qArea[q] = ck.num(pr.Area, fmt.Sprintf("projects[%d].area", q), "项目 "+pr.ID+" 的用地需求面积", true)
		qVal[q] = ck.num(pr.Value, fmt.Sprintf("projects[%d].value", q), "项目 "+pr.ID+" 的价值", true)
	}
	waste := ck.num(in.WasteCost, "waste_cost", "闲置面积代价 waste_cost", false)
	c.areaScale = maxScale(pArea, qArea)
	c.landScale = max(maxScale(qVal), waste.scale+c.areaScale)

	l := &solver.Land{Parcels: make([]int64, len(in.Parcels)), Projects: make([]solver.Project, len(in.Projects))}
	for p, pc := range in.Parcels {
		f := fmt.Sprintf("parcels[%d].area", p)
		l.Parcels[p] = ck.at(pArea[p], c.areaScale, f, "地块 "+pc.ID+" 的面积", pc.Area)
		if pArea[p].ok && l.Parcels[p] <= 0 {
			ck.add("amount_not_positive", f, "地块 %s 的面积应大于 0（现为 %s）", pc.ID, pc.Area)
		}
	}
	l.WasteCost = ck.at(waste, c.landScale-c.areaScale, "waste_cost", "闲置面积代价 waste_cost", in.WasteCost)
	if l.WasteCost < 0 {
		ck.add("waste_cost_negative", "waste_cost", "闲置面积代价 waste_cost 不能为负（现为 %s）", in.WasteCost)
	}
	for q, pr := range in.Projects {
		f := fmt.Sprintf("projects[%d]", q)
		sp := solver.Project{
			Area:  ck.at(qArea[q], c.areaScale, f+".area", "项目 "+pr.ID+" 的用地需求面积", pr.Area),
			Value: ck.at(qVal[q], c.landScale, f+".value", "项目 "+pr.ID+" 的价值", pr.Value),
		}
		if qArea[q].ok && sp.Area <= 0 {
			ck.add("amount_not_positive", f+".area", "项目 %s 的用地需求面积应大于 0（现为 %s）", pr.ID, pr.Area)
		}
		if qVal[q].ok && sp.Value <= 0 {
			ck.add("value_not_positive", f+".value", "项目 %s 的价值应大于 0（现为 %s）", pr.ID, pr.Value)
		}
		for k, id := range pr.Parcels {
			if _, ok := c.parcelIdx[id]; !ok {
				ck.add("unknown_id", fmt.Sprintf("%s.parcels[%d]", f, k), "项目 %s 的可用地块 %s 不存在", pr.ID, quoteID(id))
			}
		}
		if pr.Parcels != nil || pr.Use != "" {
			sp.Parcels = []int{}
			for p := range in.Parcels {
				if c.compatible(q, p) {
					sp.Parcels = append(sp.Parcels, p)
				}
			}
		}
		l.Projects[q] = sp
	}
	usedP := make(map[int]int)
	usedQ := make(map[int]int)
	for k, fa := range in.FixedAssignments {
		f := fmt.Sprintf("fixed_assignments[%d]", k)
		p, okP := c.parcelIdx[fa.Parcel]
		q, okQ := c.projectIdx[fa.Project]
		if !okP {
			ck.add("unknown_id", f+".parcel", "调整中的地块 %s 不存在", quoteID(fa.Parcel))
		}
		if !okQ {
			ck.add("unknown_id", f+".project", "调整中的项目 %s 不存在", quoteID(fa.Project))
		}
		if !okP || !okQ {
			continue
		}
		if prev, dup := usedP[p]; dup {
			ck.add("parcel_reused", f+".parcel", "调整中地块 %s 分给了多个项目（第 %d 项与第 %d 项）", fa.Parcel, prev+1, k+1)
			continue
		}
		if prev, dup := usedQ[q]; dup {
			ck.add("project_reused", f+".project", "调整中项目 %s 得到了多个地块（第 %d 项与第 %d 项）", fa.Project, prev+1, k+1)
			continue
		}
		usedP[p], usedQ[q] = k, k
		if code, msg := c.landFault(l, p, q); msg != "" {
			ck.add(code, f, "调整：%s", msg)
			continue
		}
		l.Fixed = append(l.Fixed, solver.Pair{Parcel: p, Project: q})
	}
	c.land = l
}

// compatible reports whether project q may use parcel p by its list and
// land use (area aside).
func (c *compiled) compatible(q, p int) bool {
	pr, pc := c.inst.Projects[q], c.inst.Parcels[p]
	if pr.Use != "" && pr.Use != pc.Use {
		return false
	}
	if pr.Parcels == nil {
		return true
	}
	for _, id := range pr.Parcels {
		if id == pc.ID {
			return true
		}
	}
	return false
}

// landFault says why project q cannot have parcel p (a code and a
// message), or "".
func (c *compiled) landFault(l *solver.Land, p, q int) (string, string) {
	pr, pc := c.inst.Projects[q], c.inst.Parcels[p]
	switch {
	case pr.Use != "" && pr.Use != pc.Use:
		return "incompatible", fmt.Sprintf("项目 %s 需要%s用地，地块 %s 为%s", pr.ID, pr.Use, pc.ID, orNone(pc.Use))
	case !c.compatible(q, p):
		return "incompatible", fmt.Sprintf("地块 %s 不在项目 %s 的可用地块清单中", pc.ID, pr.ID)
	case l.Parcels[p] < l.Projects[q].Area:
		return "area_too_small", fmt.Sprintf("地块 %s 面积 %s 小于项目 %s 所需 %s", pc.ID, pc.Area, pr.ID, pr.Area)
	}
	return "", ""
}

// quick parses d without building messages: ok when it is absent or a
// good number.
func quick(d Decimal) (figure, bool) {
	if d == "" {
		return figure{}, true
	}
	u, s, err := d.parse()
	return figure{units: u, scale: s, ok: err == nil}, err == nil
}

// rescaleFig is at without a message; an absent figure is 0.
func rescaleFig(f figure, s int) (int64, bool) {
	if !f.ok {
		return 0, true
	}
	return rescale(f.units, f.scale, s)
}

// pairIndex maps (supply, demand) to a solver arc: a dense table when the
// pairs are not too many, else a map.
type pairIndex struct {
	d      int
	dense  []int32 // arc + 1; 0 means none
	sparse map[int64]int32
}

func newPairIndex(S, D int) *pairIndex {
	x := &pairIndex{d: D}
	if S*D <= 1<<24 {
		x.dense = make([]int32, S*D)
	} else {
		x.sparse = make(map[int64]int32)
	}
	return x
}

func (x *pairIndex) get(i, j int) (int, bool) {
	var v int32
	if x.dense != nil {
		v = x.dense[i*x.d+j]
	} else {
		v = x.sparse[int64(i)*int64(x.d)+int64(j)]
	}
	return int(v) - 1, v > 0
}

func (x *pairIndex) set(i, j, arc int) {
	if x.dense != nil {
		x.dense[i*x.d+j] = int32(arc + 1)
	} else {
		x.sparse[int64(i)*int64(x.d)+int64(j)] = int32(arc + 1)
	}
}

func parseQuiet(d Decimal) (figure, error) {
	u, s, err := d.parse()
	return figure{units: u, scale: s, ok: err == nil}, err
}

func orNone(s string) string {
	if s == "" {
		return "未注明用途"
	}
	return s
}

func quoteID(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// amount formats a scaled amount.
func (c *compiled) amount(v int64) Decimal { return NewDecimal(v, c.amountScale) }
func (c *compiled) value(v int64) Decimal  { return NewDecimal(v, c.valueScale) }
func (c *compiled) area(v int64) Decimal   { return NewDecimal(v, c.areaScale) }
func (c *compiled) landValue(v int64) Decimal {
	return NewDecimal(v, c.landScale)
}
