package alloc

import (
	"fmt"
	"math/big"
)

// Allocation is a complete allocation to check: an official's edited
// version of a proposal, in the form Solve prints.
type Allocation struct {
	Flows       []Flow       `json:"flows,omitempty"`
	Assignments []Assignment `json:"assignments,omitempty"`
}

// CheckResult says whether an allocation keeps every constraint and what
// it costs against the optimum.
type CheckResult struct {
	Feasible   bool    `json:"feasible"`
	Violations Errors  `json:"violations,omitempty"` // every broken constraint, naming the items
	Objective  Decimal `json:"objective"`            // what the allocation is worth
	Optimum    Decimal `json:"optimum"`              // the best allocation's worth (overrides in the instance ignored)
	Cost       Decimal `json:"cost"`                 // Optimum − Objective
	// Status is "node_limit" when the optimum could not be proven within
	// the search limit (Optimum is then the best found).
	Status string `json:"status,omitempty"`
}

// Check re-checks a complete allocation against inst: supplies, requests,
// minimums, arc caps, eligibility, land area, use and lists. Entries that
// name unknown items, repeat a pair or carry malformed amounts are Errors;
// broken constraints are Violations in the result. The optimum is that of
// inst without its overrides.
func Check(inst *Instance, a *Allocation, opt Options) (*CheckResult, error) {
	extra := make([]Decimal, len(a.Flows))
	for k, f := range a.Flows {
		extra[k] = f.Amount
	}
	free := *inst
	free.Fixed, free.FixedAssignments = nil, nil
	c, err := compile(&free, extra)
	if err != nil {
		return nil, err
	}
	ck := &checker{}   // malformed entries
	viol := &checker{} // broken constraints
	flow := make([]int64, len(c.tp.Arcs))
	seen := map[[2]int]int{}
	for k, f := range a.Flows {
		field := fmt.Sprintf("flows[%d]", k)
		name := "分配 " + f.Supply + "→" + f.Demand
		i, okS := c.supplyIdx[f.Supply]
		j, okD := c.demandIdx[f.Demand]
		if !okS {
			ck.add("unknown_id", field+".supply", "%s 的供给 %s 不存在", name, quoteID(f.Supply))
		}
		if !okD {
			ck.add("unknown_id", field+".demand", "%s 的需求 %s 不存在", name, quoteID(f.Demand))
		}
		fig := ck.num(f.Amount, field+".amount", name+" 的数量", true)
		if !okS || !okD || !fig.ok {
			continue
		}
		if prev, dup := seen[[2]int{i, j}]; dup {
			ck.add("duplicate_flow", field, "%s 重复（第 %d 项与第 %d 项）", name, prev+1, k+1)
			continue
		}
		seen[[2]int{i, j}] = k
		amt := ck.at(fig, c.amountScale, field+".amount", name+" 的数量", f.Amount)
		if amt < 0 {
			ck.add("amount_negative", field+".amount", "%s 的数量不能为负（现为 %s）", name, f.Amount)
			continue
		}
		e, ok := c.arcIdx.get(i, j)
		if !ok {
			if amt > 0 {
				viol.add("not_eligible", field, "%s 不在可分配的线路（arcs）中", name)
			}
			continue
		}
		flow[e] = amt
	}
	parcelOf := make([]int, len(inst.Projects))
	for q := range parcelOf {
		parcelOf[q] = -1
	}
	takenBy := map[int]int{}
	for k, as := range a.Assignments {
		field := fmt.Sprintf("assignments[%d]", k)
		p, okP := c.parcelIdx[as.Parcel]
		q, okQ := c.projectIdx[as.Project]
		if !okP {
			ck.add("unknown_id", field+".parcel", "分配中的地块 %s 不存在", quoteID(as.Parcel))
		}
		if !okQ {
			ck.add("unknown_id", field+".project", "分配中的项目 %s 不存在", quoteID(as.Project))
		}
		if !okP || !okQ {
			continue
		}
		if parcelOf[q] >= 0 {
			ck.add("project_reused", field+".project", "项目 %s 在分配中出现了多次", as.Project)
			continue
		}
		parcelOf[q] = p
		if prev, dup := takenBy[p]; dup {
			parcelOf[q] = -1
			ck.add("parcel_reused", field+".parcel", "地块 %s 分给了多个项目（%s 与 %s）", as.Parcel, inst.Projects[prev].ID, as.Project)
			continue
		}
		takenBy[p] = q
	}
	if err := ck.err(); err != nil {
		return nil, err
	}

	res := &CheckResult{}
	obj := new(big.Int)
	if c.hasDivisible() {
		c.checkFlows(viol, flow, obj)
	}
	objDiv := fromBig(obj, c.amountScale+c.valueScale)
	landObj := int64(0)
	if c.hasLand() {
		for q, p := range parcelOf {
			if p < 0 {
				continue
			}
			if code, msg := c.landFault(c.land, p, q); msg != "" {
				viol.add(code, "assignments", "%s", msg)
				continue
			}
			landObj += c.land.Projects[q].Value - c.land.WasteCost*(c.land.Parcels[p]-c.land.Projects[q].Area)
		}
	}
	res.Objective = add(objDiv, c.landValue(landObj))
	res.Violations = viol.es
	res.Feasible = len(viol.es) == 0
	best, err := c.solve(Options{MaxNodes: opt.MaxNodes}, false)
	if err != nil {
		return nil, err
	}
	res.Optimum = best.Objective
	res.Cost = sub(best.Objective, res.Objective)
	if best.Status != "optimal" {
		res.Status = best.Status
	}
	return res, nil
}

// checkFlows adds a violation for every broken divisible constraint and
// the flows' worth to obj.
func (c *compiled) checkFlows(viol *checker, flow []int64, obj *big.Int) {
	in, tp := c.inst, c.tp
	usedS := make([]int64, len(tp.Supplies))
	got := make([]int64, len(tp.Demands))
	for e, f := range flow {
		if f == 0 {
			continue
		}
		a := tp.Arcs[e]
		if a.Cap > 0 && f > a.Cap {
			viol.add("flow_above_cap", "flows", "分配 %s→%s 的数量 %s 超过该线路上限 %s", in.Supplies[a.Supply].ID, in.Demands[a.Demand].ID, c.amount(f), c.amount(a.Cap))
		}
		usedS[a.Supply] += f
		got[a.Demand] += f
		obj.Add(obj, new(big.Int).Mul(big.NewInt(f), big.NewInt(a.Value)))
	}
	for i, s := range in.Supplies {
		if usedS[i] > tp.Supplies[i] {
			viol.add("supply_exceeded", fmt.Sprintf("supplies[%d].amount", i), "供给 %s 共分配 %s，超过其数量 %s", s.ID, c.amount(usedS[i]), s.Amount)
		}
	}
	for j, d := range in.Demands {
		x, dm := got[j], tp.Demands[j]
		switch {
		case x > dm.Amount:
			viol.add("demand_exceeded", fmt.Sprintf("demands[%d].amount", j), "需求 %s 共获得 %s，超过其申请量 %s", d.ID, c.amount(x), d.Amount)
		case dm.Required && x < dm.Min:
			viol.add("required_unmet", fmt.Sprintf("demands[%d].min", j), "需求 %s 必须获得至少 %s，分配中只有 %s", d.ID, d.Min, c.amount(x))
		case x > 0 && x < dm.Min:
			viol.add("below_min", fmt.Sprintf("demands[%d].min", j), "需求 %s 获得 %s，低于其最低量 %s（应为 0 或至少 %s）", d.ID, c.amount(x), d.Min, d.Min)
		}
	}
}
