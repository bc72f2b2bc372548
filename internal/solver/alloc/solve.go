package alloc

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/solver"
)

// Options tune Solve and Check.
type Options struct {
	// Explain adds, for every item, what it got and why (Result.Supplies,
	// Demands, Parcels, Projects). It costs shadow-price computations and,
	// for demands left out because of their minimum, one re-solve each.
	Explain bool
	// MaxNodes bounds the branch-and-bound search over minimums (0: the
	// solver's default). A search that stops there is reported with
	// Status "node_limit" and a Bound.
	MaxNodes int
	// MaxTakers is how many other demands an explanation names per used-up
	// supply (0: 3).
	MaxTakers int
}

// maxBlocked is how many of a demand's eligible arcs its report lists, the
// most valuable first.
const maxBlocked = 5

// Result is a proposed allocation: its objective and, with
// Options.Explain, every item's outcome and the reasons.
type Result struct {
	// Status is "optimal", or "node_limit" when the search over minimums
	// stopped before proving the allocation optimal; Bound then says how
	// good an allocation could at most be.
	Status    string
	Objective Decimal
	Bound     Decimal
	// DivisibleObjective and LandObjective split Objective when an
	// instance has both parts.
	DivisibleObjective, LandObjective Decimal
	// Optimum is the objective without the instance's overrides (fixed,
	// fixed_assignments), and OverrideCost = Optimum − Objective, when it
	// has any.
	Optimum, OverrideCost Decimal

	Flows       []Flow       // non-zero flows, in arc order (divisible part)
	Assignments []Assignment // in project order (land part)

	Supplies []SupplyReport
	Demands  []DemandReport
	Parcels  []ParcelReport
	Projects []ProjectReport

	hasDivisible, hasLand bool
}

// SupplyReport is what became of one supply item.
type SupplyReport struct {
	ID     string  `json:"id"`
	Name   string  `json:"name,omitempty"`
	Amount Decimal `json:"amount"`
	Used   Decimal `json:"used"`
	Left   Decimal `json:"left"`
	// ShadowPrice is the objective gained per unit more of this supply
	// (exact for a small increase; see docs/alloc-format.md for where that
	// ends with minimums).
	ShadowPrice Decimal `json:"shadow_price"`
	Uses        []Use   `json:"uses,omitempty"` // most valuable first
}

// Use is an amount a supply gives a demand, at a value per unit.
type Use struct {
	Supply string  `json:"supply,omitempty"`
	Demand string  `json:"demand,omitempty"`
	Amount Decimal `json:"amount"`
	Value  Decimal `json:"value"`
}

// DemandReport is what one demand got and why.
type DemandReport struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Amount   Decimal `json:"amount"`
	Min      Decimal `json:"min,omitempty"`
	Received Decimal `json:"received"`
	// Binding is the constraint that limits it: met, no_eligible_supply,
	// min_unreachable, min_not_worth, supply_exhausted, not_worth or
	// search_limit.
	Binding string `json:"binding"`
	Reason  string `json:"reason"` // the same, in Chinese, with figures
	// Marginal is the objective gained per unit more of its request.
	Marginal Decimal `json:"marginal"`
	// ForceCost is, for a demand left out because of its minimum, what
	// serving it at its minimum would cost, the other decisions held
	// (absent when that is impossible without dropping another minimum).
	ForceCost Decimal `json:"force_cost,omitempty"`
	// Blocked are its eligible arcs that could give no more, most valuable
	// first (at most 5), with the demands that took a used-up supply.
	Blocked     []Blocked `json:"blocked,omitempty"`
	MoreBlocked int       `json:"more_blocked,omitempty"` // eligible arcs not listed
}

// Blocked is an eligible arc that gives a demand no more, and why.
type Blocked struct {
	Supply  string  `json:"supply"`
	Value   Decimal `json:"value"`
	Reason  string  `json:"reason"` // supply_exhausted, arc_cap, not_worth, fixed
	TakenBy []Use   `json:"taken_by,omitempty"`
	More    int     `json:"more_takers,omitempty"` // takers not listed
}

// ParcelReport is what became of one parcel.
type ParcelReport struct {
	ID      string  `json:"id"`
	Name    string  `json:"name,omitempty"`
	Area    Decimal `json:"area"`
	Project string  `json:"project,omitempty"`
	Unused  Decimal `json:"unused,omitempty"` // area its project leaves unused
	// Loss is the objective lost if the parcel were withdrawn and the rest
	// re-assigned: its value to the allocation.
	Loss Decimal `json:"loss"`
}

// ProjectReport is what one project got and why.
type ProjectReport struct {
	ID      string  `json:"id"`
	Name    string  `json:"name,omitempty"`
	Area    Decimal `json:"area"`
	Parcel  string  `json:"parcel,omitempty"`
	Net     Decimal `json:"net,omitempty"` // value − waste cost × unused area
	Binding string  `json:"binding"`       // met, fixed, no_eligible_supply, supply_exhausted or not_worth
	Reason  string  `json:"reason"`
}

// MarshalJSON writes the allocation as `zhuqi alloc solve` prints it: the
// objective, then the flows (always, when the instance has a divisible
// part) and the assignments (when it has land), then what applies.
func (r *Result) MarshalJSON() ([]byte, error) {
	type out struct {
		Status             string          `json:"status,omitempty"`
		Objective          Decimal         `json:"objective"`
		Bound              Decimal         `json:"bound,omitempty"`
		DivisibleObjective Decimal         `json:"divisible_objective,omitempty"`
		LandObjective      Decimal         `json:"land_objective,omitempty"`
		Optimum            Decimal         `json:"optimum,omitempty"`
		OverrideCost       Decimal         `json:"override_cost,omitempty"`
		Flows              *[]Flow         `json:"flows,omitempty"`
		Assignments        *[]Assignment   `json:"assignments,omitempty"`
		Supplies           []SupplyReport  `json:"supplies,omitempty"`
		Demands            []DemandReport  `json:"demands,omitempty"`
		Parcels            []ParcelReport  `json:"parcels,omitempty"`
		Projects           []ProjectReport `json:"projects,omitempty"`
	}
	o := out{Objective: r.Objective, Bound: r.Bound, DivisibleObjective: r.DivisibleObjective, LandObjective: r.LandObjective,
		Optimum: r.Optimum, OverrideCost: r.OverrideCost, Supplies: r.Supplies, Demands: r.Demands, Parcels: r.Parcels, Projects: r.Projects}
	if r.Status != solver.Optimal.String() {
		o.Status = r.Status
	}
	if r.hasDivisible {
		f := r.Flows
		if f == nil {
			f = []Flow{}
		}
		o.Flows = &f
	}
	if r.hasLand {
		a := r.Assignments
		if a == nil {
			a = []Assignment{}
		}
		o.Assignments = &a
	}
	return json.Marshal(o)
}

// Solve checks inst and returns an optimal allocation, or Errors (bad
// input, or infeasible: the required minimums cannot all be met, with the
// demands and supplies that make it so).
func Solve(inst *Instance, opt Options) (*Result, error) {
	c, err := compile(inst, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.solve(opt, true)
	if err != nil {
		return nil, err
	}
	if len(inst.Fixed)+len(inst.FixedAssignments) > 0 {
		free := *inst
		free.Fixed, free.FixedAssignments = nil, nil
		fc, err := compile(&free, nil)
		if err != nil {
			return nil, err
		}
		fr, err := fc.solve(Options{MaxNodes: opt.MaxNodes}, false)
		if err != nil {
			return nil, err
		}
		res.Optimum = fr.Objective
		res.OverrideCost = sub(fr.Objective, res.Objective)
	}
	return res, nil
}

// solve runs the solvers on a compiled instance.
func (c *compiled) solve(opt Options, report bool) (*Result, error) {
	res := &Result{Status: solver.Optimal.String(), hasDivisible: c.hasDivisible(), hasLand: c.hasLand()}
	sopt := solver.Options{MaxNodes: opt.MaxNodes, NoExplain: !opt.Explain || !report}
	total, bound := Int(0), Int(0)
	if res.hasDivisible {
		sol, err := solver.SolveTransport(c.tp, sopt)
		if err != nil {
			return nil, c.transportError(err)
		}
		obj := NewDecimal(sol.Objective, c.amountScale+c.valueScale)
		total, bound = obj, NewDecimal(sol.Bound, c.amountScale+c.valueScale)
		res.DivisibleObjective = obj
		if sol.Status != solver.Optimal {
			res.Status = sol.Status.String()
		}
		for e, f := range sol.Flow {
			if f > 0 {
				a := c.tp.Arcs[e]
				res.Flows = append(res.Flows, Flow{Supply: c.inst.Supplies[a.Supply].ID, Demand: c.inst.Demands[a.Demand].ID, Amount: c.amount(f)})
			}
		}
		if report && opt.Explain {
			c.explainDivisible(res, sol, opt)
		}
	}
	if res.hasLand {
		sol, err := solver.SolveLand(c.land, sopt)
		if err != nil {
			return nil, c.landError(err)
		}
		obj := c.landValue(sol.Objective)
		res.LandObjective = obj
		total, bound = add(total, obj), add(bound, obj)
		for q, p := range sol.ParcelOf {
			if p >= 0 {
				res.Assignments = append(res.Assignments, Assignment{Parcel: c.inst.Parcels[p].ID, Project: c.inst.Projects[q].ID})
			}
		}
		if report && opt.Explain {
			c.explainLand(res, sol)
		}
	}
	res.Objective = total
	if res.Status != solver.Optimal.String() {
		res.Bound = bound
	}
	if !res.hasDivisible || !res.hasLand {
		res.DivisibleObjective, res.LandObjective = "", ""
	}
	return res, nil
}

// add and sub work on decimals of different scales, exactly.
func add(a, b Decimal) Decimal { return arith(a, b, 1) }
func sub(a, b Decimal) Decimal { return arith(a, b, -1) }

func arith(a, b Decimal, sign int64) Decimal {
	ua, sa, _ := a.parse()
	ub, sb, _ := b.parse()
	s := max(sa, sb)
	x := new(big.Int).Mul(big.NewInt(ua), pow10(s-sa))
	y := new(big.Int).Mul(big.NewInt(ub), pow10(s-sb))
	y.Mul(y, big.NewInt(sign))
	return fromBig(x.Add(x, y), s)
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// transportError maps a solver error to Errors naming the items.
func (c *compiled) transportError(err error) error {
	var ie *solver.InfeasibleError
	var in *solver.InputError
	switch {
	case errors.As(err, &ie):
		return Errors{c.infeasible(ie)}
	case errors.Is(err, solver.ErrTooLarge):
		return Errors{{Code: CodeTooLarge, Message: "数值过大：供给总量与单位价值的乘积超出精确计算范围，请换用更大的计量单位或减少小数位"}}
	case errors.As(err, &in):
		return Errors{{Code: in.Code, Message: fmt.Sprintf("实例有误（%s %d：%s）", in.Item, in.Index, in.Code)}}
	}
	return err
}

func (c *compiled) landError(err error) error {
	var in *solver.InputError
	switch {
	case errors.Is(err, solver.ErrTooLarge):
		return Errors{{Code: CodeTooLarge, Message: "数值过大：项目价值或闲置面积代价超出精确计算范围，请换用更大的计量单位或减少小数位"}}
	case errors.As(err, &in):
		return Errors{{Code: in.Code, Message: fmt.Sprintf("实例有误（%s %d：%s）", in.Item, in.Index, in.Code)}}
	}
	return err
}

// infeasible states plainly which minimums cannot be met and why.
func (c *compiled) infeasible(ie *solver.InfeasibleError) *Error {
	in := c.inst
	fixedD := make([]int64, len(in.Demands))
	for _, f := range c.tp.Fixed {
		fixedD[c.tp.Arcs[f.Arc].Demand] += f.Amount
	}
	var names []string
	anyFixed := false
	for _, j := range ie.Demands {
		names = append(names, in.Demands[j].ID)
		anyFixed = anyFixed || fixedD[j] > 0
	}
	var sup []string
	for _, i := range ie.Supplies {
		sup = append(sup, in.Supplies[i].ID)
	}
	e := &Error{Code: CodeInfeasible, Field: "demands"}
	var want string
	if len(ie.Demands) == 1 {
		j := ie.Demands[0]
		d := in.Demands[j]
		e.Field = fmt.Sprintf("demands[%d].min", j)
		if fixedD[j] > 0 {
			want = fmt.Sprintf("需求 %s 已由人工调整获得 %s，还须至少 %s 才达到最低量 %s", d.ID, c.amount(fixedD[j]), c.amount(ie.Need), d.Min)
		} else {
			want = fmt.Sprintf("需求 %s 必须获得至少 %s", d.ID, d.Min)
		}
	} else {
		want = fmt.Sprintf("需求 %s 必须获得的最低量合计 %s", strings.Join(names, "、"), c.amount(ie.Need))
		if anyFixed {
			want += "（已扣除人工调整的数量）"
		}
	}
	them := "它们"
	if len(ie.Demands) == 1 {
		them = "它"
	}
	if len(sup) == 0 {
		e.Message = fmt.Sprintf("无可行方案：%s，但没有任何可以分配给%s的供给", want, them)
	} else {
		e.Message = fmt.Sprintf("无可行方案：%s，但能向%s供给的 %s 至多提供 %s", want, them, strings.Join(sup, "、"), c.amount(ie.Available))
	}
	return e
}

func (c *compiled) explainDivisible(res *Result, sol *solver.TransportSolution, opt Options) {
	in := c.inst
	maxTakers := opt.MaxTakers
	if maxTakers <= 0 {
		maxTakers = 3
	}
	for i, s := range in.Supplies {
		r := SupplyReport{ID: s.ID, Name: s.Name, Amount: s.Amount, Used: c.amount(sol.Supplies[i].Used),
			Left: c.amount(c.tp.Supplies[i] - sol.Supplies[i].Used), ShadowPrice: c.value(sol.Supplies[i].Gain)}
		for _, t := range sol.Uses(c.tp, i) {
			r.Uses = append(r.Uses, Use{Demand: in.Demands[t.Demand].ID, Amount: c.amount(t.Amount), Value: c.value(t.Value)})
		}
		res.Supplies = append(res.Supplies, r)
	}
	for j, d := range in.Demands {
		out := sol.Demands[j]
		ex := sol.Explain(c.tp, j, maxBlocked, maxTakers)
		r := DemandReport{ID: d.ID, Name: d.Name, Amount: d.Amount, Received: c.amount(out.Received), Binding: ex.Binding,
			Marginal: c.value(out.Gain)}
		if c.tp.Demands[j].Min > 0 {
			r.Min = c.amount(c.tp.Demands[j].Min)
		}
		if f := out.Force; f != nil && f.Feasible {
			r.ForceCost = NewDecimal(f.Cost, c.amountScale+c.valueScale)
		}
		for _, ae := range ex.Arcs {
			if ae.Reason == solver.ArcOpen || ex.Binding == solver.BindMet {
				continue
			}
			a := c.tp.Arcs[ae.Arc]
			b := Blocked{Supply: in.Supplies[a.Supply].ID, Value: c.value(a.Value), Reason: ae.Reason, More: ae.MoreTakers}
			for _, t := range ae.Takers {
				b.TakenBy = append(b.TakenBy, Use{Demand: in.Demands[t.Demand].ID, Amount: c.amount(t.Amount), Value: c.value(t.Value)})
			}
			r.Blocked = append(r.Blocked, b)
		}
		if ex.Binding != solver.BindMet {
			r.MoreBlocked = ex.MoreArcs
		}
		r.Reason = c.demandReason(j, out, ex, r, sol)
		res.Demands = append(res.Demands, r)
	}
}

// takerNote says why a demand of lower value took a supply: in an optimal
// allocation only a minimum or an override makes that worth it.
func (c *compiled) takerNote(t solver.Taker, own int64, sol *solver.TransportSolution) string {
	if t.Value >= own {
		return ""
	}
	for _, f := range c.tp.Fixed {
		if f.Arc == t.Arc {
			return "，人工调整"
		}
	}
	if d := c.tp.Demands[t.Demand]; d.Min > 0 && sol.Demands[t.Demand].Received <= d.Min {
		return "，为达到其最低量"
	}
	return ""
}

// label is how messages name an item: its name, else its id.
func label(id, name string) string {
	if name != "" {
		return name
	}
	return id
}

func (c *compiled) demandReason(j int, out solver.DemandOutcome, ex solver.Explanation, r DemandReport, sol *solver.TransportSolution) string {
	in := c.inst
	d := c.tp.Demands[j]
	switch ex.Binding {
	case solver.BindMet:
		return fmt.Sprintf("已全部满足（%s）", r.Received)
	case solver.BindNoSupply:
		return "没有可以供给它的资源（无可分配线路）"
	case solver.BindMinUnreachable:
		return fmt.Sprintf("最低量 %s 无法达到：所有可用供给合计至多 %s", c.amount(d.Min), c.amount(ex.Reach))
	case solver.BindMinNotWorth:
		if out.Force != nil && out.Force.Feasible {
			return fmt.Sprintf("未分配：若满足其最低量 %s，总目标将减少 %s（其他需求的取舍不变）", c.amount(d.Min), r.ForceCost)
		}
		return fmt.Sprintf("未分配：满足其最低量 %s 须放弃其他需求的最低量", c.amount(d.Min))
	case solver.BindNotWorth:
		return fmt.Sprintf("获得 %s：剩余可用供给的单位价值不为正", r.Received)
	case solver.BindUnproven:
		return fmt.Sprintf("获得 %s：搜索达到上限，未能证明是否还能更多", r.Received)
	}
	var parts []string
	for _, ae := range ex.Arcs {
		a := c.tp.Arcs[ae.Arc]
		s := in.Supplies[a.Supply]
		switch ae.Reason {
		case solver.ArcExhausted:
			if len(ae.Takers) == 0 {
				if ae.Flow > 0 {
					parts = append(parts, fmt.Sprintf("%s 已用尽，全部分给了它", label(s.ID, s.Name)))
				} else {
					parts = append(parts, fmt.Sprintf("%s 已由人工调整分完", label(s.ID, s.Name)))
				}
				continue
			}
			var ts []string
			for _, t := range ae.Takers {
				dd := in.Demands[t.Demand]
				ts = append(ts, fmt.Sprintf("%s（单位价值 %s，%s%s）", label(dd.ID, dd.Name), c.value(t.Value), c.amount(t.Amount), c.takerNote(t, a.Value, sol)))
			}
			more := ""
			if ae.MoreTakers > 0 {
				more = fmt.Sprintf("等 %d 项", len(ae.Takers)+ae.MoreTakers)
			}
			parts = append(parts, fmt.Sprintf("%s（对它单位价值 %s）已用尽，分给了 %s%s", label(s.ID, s.Name), c.value(a.Value), strings.Join(ts, "、"), more))
		case solver.ArcCap:
			parts = append(parts, fmt.Sprintf("%s 的线路上限 %s 已满", label(s.ID, s.Name), c.amount(a.Cap)))
		case solver.ArcFixed:
			parts = append(parts, fmt.Sprintf("%s 由人工调整定为 %s", label(s.ID, s.Name), c.amount(ae.Flow)))
		}
	}
	return fmt.Sprintf("获得 %s（申请 %s）：%s", r.Received, r.Amount, strings.Join(parts, "；"))
}

func (c *compiled) explainLand(res *Result, sol *solver.LandSolution) {
	in := c.inst
	for p, pc := range in.Parcels {
		r := ParcelReport{ID: pc.ID, Name: pc.Name, Area: pc.Area, Loss: c.landValue(sol.Loss[p])}
		if q := sol.ProjectOf[p]; q >= 0 {
			r.Project = in.Projects[q].ID
			r.Unused = c.area(c.land.Parcels[p] - c.land.Projects[q].Area)
		}
		res.Parcels = append(res.Parcels, r)
	}
	for q, pr := range in.Projects {
		ex := sol.Explain(c.land, q)
		r := ProjectReport{ID: pr.ID, Name: pr.Name, Area: pr.Area, Binding: ex.Binding}
		if p := sol.ParcelOf[q]; p >= 0 {
			pc := in.Parcels[p]
			r.Parcel = pc.ID
			net := c.land.Projects[q].Value - c.land.WasteCost*(c.land.Parcels[p]-c.land.Projects[q].Area)
			r.Net = c.landValue(net)
			r.Reason = fmt.Sprintf("获得地块 %s（面积 %s，闲置 %s，净值 %s）", label(pc.ID, pc.Name), pc.Area, c.area(c.land.Parcels[p]-c.land.Projects[q].Area), r.Net)
			if ex.Binding == solver.BindFixed {
				r.Reason = "人工调整：" + r.Reason
			}
		} else {
			r.Reason = c.projectReason(q, ex)
		}
		res.Projects = append(res.Projects, r)
	}
}

func (c *compiled) projectReason(q int, ex solver.LandExplanation) string {
	in := c.inst
	switch ex.Binding {
	case solver.BindNoSupply:
		if ex.TooSmall > 0 {
			return fmt.Sprintf("没有面积足够且符合条件的地块（%d 块符合条件但面积不足 %s）", ex.TooSmall, in.Projects[q].Area)
		}
		return "没有符合条件的地块"
	case solver.BindNotWorth:
		return "符合条件的空闲地块闲置面积过大，代价超过项目价值"
	}
	var ts []string
	for _, o := range ex.Options {
		if o.Net <= 0 || o.TakenBy < 0 {
			continue
		}
		pc, taker := in.Parcels[o.Parcel], in.Projects[o.TakenBy]
		ts = append(ts, fmt.Sprintf("%s（对它净值 %s）已分给 %s（净值 %s）", label(pc.ID, pc.Name), c.landValue(o.Net), label(taker.ID, taker.Name), c.landValue(o.TakerNet)))
		if len(ts) == 3 {
			break
		}
	}
	return "可用地块已分给其他项目：" + strings.Join(ts, "；")
}
