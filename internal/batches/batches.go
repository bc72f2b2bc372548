// Package batches holds the rules of Henan's 三个一批 (签约一批、开工一批、
// 投产一批), run in quarterly rounds (第N期), and of the 未开工 ledger. It does
// no I/O: the service hands it the rounds, the memberships recorded so
// far and the projects' phases and dates.
//
// A project signed in one round is expected to start in a later one, and
// the 投产 batch of a round is drawn from earlier 开工 batches; Propose
// lists the candidates for a round's 开工一批 or 投产一批 for an official to
// confirm, and Check finds recorded memberships that break those rules.
package batches

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Kind is one of the three batches.
type Kind string

// The batches, in their order in a project's life.
const (
	Sign    Kind = "sign"    // 签约一批
	Start   Kind = "start"   // 开工一批
	Operate Kind = "operate" // 投产一批
)

// Kinds lists the batches in order.
var Kinds = []Kind{Sign, Start, Operate}

// Label is the batch's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Sign:
		return "签约一批"
	case Start:
		return "开工一批"
	case Operate:
		return "投产一批"
	}
	return ""
}

// Round is one round (第N期), normally a quarter.
type Round struct {
	Number int        `json:"number"`
	Start  model.Date `json:"start"`
	End    model.Date `json:"end"`
}

// Label is 第3期.
func (r Round) Label() string { return "第" + strconv.Itoa(r.Number) + "期" }

// ValidateRounds checks that rounds are numbered from 1 without gaps and
// follow one another in time without overlapping.
func ValidateRounds(rounds []Round) error {
	var fe model.FieldErrors
	rs := slices.Clone(rounds)
	slices.SortFunc(rs, func(a, b Round) int { return cmp.Compare(a.Number, b.Number) })
	for i, r := range rs {
		f := "rounds[" + strconv.Itoa(i) + "]"
		switch {
		case r.Number != i+1:
			fe.Add(f+".number", fmt.Sprintf("期次应从第1期起连续编号，缺少第%d期或重复", i+1))
		case !r.Start.Valid() || !r.End.Valid():
			fe.Add(f+".start", r.Label()+"的起止日期无效")
		case r.End.Compare(r.Start) < 0:
			fe.Add(f+".end", r.Label()+"的结束日期早于开始日期")
		case i > 0 && r.Start.Compare(rs[i-1].End) <= 0:
			fe.Add(f+".start", r.Label()+"应在"+rs[i-1].Label()+"结束之后开始")
		}
		if len(fe) > 0 {
			break
		}
	}
	return fe.Err()
}

// Project is what the batch rules read of a project. Dates after the
// clock (today) count as not yet happened.
type Project struct {
	ID                int64              `json:"id"`
	Name              string             `json:"name"`
	Phase             model.ProjectPhase `json:"phase"`
	PlannedStart      model.Date         `json:"planned_start"`
	ActualStart       model.Date         `json:"actual_start"`
	PlannedCompletion model.Date         `json:"planned_completion"`
	ActualCompletion  model.Date         `json:"actual_completion"`
}

// Membership records a project in a round's batch.
type Membership struct {
	Project int64 `json:"project"`
	Round   int   `json:"round"`
	Kind    Kind  `json:"kind"`
}

// Candidate is a project proposed for a batch, with the reason.
type Candidate struct {
	Project int64  `json:"project"`
	Name    string `json:"name"`
	Reason  string `json:"reason"`
	// Within is true when the project started (or was completed) within
	// the round or was planned to by its end; false for one signed earlier
	// whose planned start lies beyond the round or is unknown.
	Within bool `json:"within"`
}

// happened reports whether d is known and on or before today.
func happened(d, today model.Date) bool { return !d.IsZero() && d.Compare(today) <= 0 }

func dayLabel(d model.Date) string {
	return strconv.Itoa(d.Year) + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

// Propose lists the candidates for round n's 开工一批 or 投产一批 on today:
//
//   - 开工一批: projects in the 签约一批 of an earlier round, not in any
//     round's 开工一批 yet, and not started before round n began (started
//     within it, or not at all). Those that started within the round come
//     first, then those planned to start by its end (overdue ones
//     included), then the rest (Within false).
//   - 投产一批: projects in the 开工一批 of an earlier round, not in any
//     round's 投产一批 yet, that were completed within round n or are
//     planned to be completed by its end (overdue ones included); a
//     project completed before the round began belonged to an earlier
//     round and is not proposed.
//
// A project whose phase says it started (or was completed) without a date
// counts as having done so before the round. 签约一批 is recorded from the
// signings themselves and has no proposal.
func Propose(rounds []Round, n int, k Kind, projects []Project, members []Membership, today model.Date) ([]Candidate, error) {
	if err := ValidateRounds(rounds); err != nil {
		return nil, err
	}
	var round *Round
	for i := range rounds {
		if rounds[i].Number == n {
			round = &rounds[i]
		}
	}
	if round == nil {
		return nil, model.FieldErrors{{Field: "round", Message: "第" + strconv.Itoa(n) + "期不存在"}}
	}
	if k != Start && k != Operate {
		return nil, model.FieldErrors{{Field: "kind", Message: "只有开工一批和投产一批由系统推荐候选项目"}}
	}
	from := Sign
	if k == Operate {
		from = Start
	}
	// earliest[kind][project] is the first round the project is in that batch.
	earliest := map[Kind]map[int64]int{Sign: {}, Start: {}, Operate: {}}
	for _, m := range members {
		e := earliest[m.Kind]
		if e == nil {
			continue
		}
		if r, ok := e[m.Project]; !ok || m.Round < r {
			e[m.Project] = m.Round
		}
	}
	var out []ranked
	for i := range projects {
		p := &projects[i]
		src, ok := earliest[from][p.ID]
		if !ok || src >= n {
			continue
		}
		if _, listed := earliest[k][p.ID]; listed {
			continue
		}
		head := "第" + strconv.Itoa(src) + "期" + map[Kind]string{Sign: "签约", Start: "开工"}[from] + "，"
		var r ranked
		if k == Start {
			r, ok = startCandidate(p, round, today, head)
		} else {
			r, ok = operateCandidate(p, round, today, head)
		}
		if ok {
			r.c.Project, r.c.Name = p.ID, p.Name
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b ranked) int {
		if a.group != b.group {
			return cmp.Compare(a.group, b.group)
		}
		if c := a.when.Compare(b.when); c != 0 {
			return c
		}
		return cmp.Compare(a.c.Project, b.c.Project)
	})
	cs := make([]Candidate, len(out))
	for i, r := range out {
		cs[i] = r.c
	}
	return cs, nil
}

// ranked is a candidate with what orders it.
type ranked struct {
	c     Candidate
	group int        // 0 done within the round, 1 planned by its end, 2 later
	when  model.Date // the date ordering a group
}

func startCandidate(p *Project, round *Round, today model.Date, head string) (r ranked, ok bool) {
	switch {
	case happened(p.ActualStart, today):
		if p.ActualStart.Compare(round.Start) < 0 {
			return r, false
		}
		r.c.Reason, r.c.Within, r.group, r.when = head+"已于"+dayLabel(p.ActualStart)+"开工", true, 0, p.ActualStart
	case !p.Phase.Before(model.PhaseConstruction) && p.Phase.Valid():
		return r, false // started on a date nobody recorded
	case p.PlannedStart.IsZero():
		r.c.Reason, r.group = head+"尚未开工，计划开工时间未定", 2
	case p.PlannedStart.Compare(round.End) <= 0:
		r.c.Reason, r.c.Within, r.group, r.when = head+"计划"+model.MonthOf(p.PlannedStart).Label()+"开工", true, 1, p.PlannedStart
		if p.PlannedStart.Compare(round.Start) < 0 {
			r.c.Reason += "，已逾期"
		}
	default:
		r.c.Reason, r.group, r.when = head+"计划"+model.MonthOf(p.PlannedStart).Label()+"开工", 2, p.PlannedStart
	}
	return r, true
}

func operateCandidate(p *Project, round *Round, today model.Date, head string) (r ranked, ok bool) {
	switch {
	case happened(p.ActualCompletion, today):
		if p.ActualCompletion.Compare(round.Start) < 0 {
			return r, false
		}
		r.c.Reason, r.c.Within, r.group, r.when = head+"已于"+dayLabel(p.ActualCompletion)+"建成投产", true, 0, p.ActualCompletion
	case p.Phase == model.PhaseOperating:
		return r, false // completed on a date nobody recorded
	case !p.PlannedCompletion.IsZero() && p.PlannedCompletion.Compare(round.End) <= 0:
		r.c.Reason, r.c.Within, r.group, r.when = head+"计划"+model.MonthOf(p.PlannedCompletion).Label()+"建成投产", true, 1, p.PlannedCompletion
		if p.PlannedCompletion.Compare(round.Start) < 0 {
			r.c.Reason += "，已逾期"
		}
	default:
		return r, false
	}
	return r, true
}

// Problem is a recorded membership that breaks a batch rule.
type Problem struct {
	Project int64  `json:"project"`
	Round   int    `json:"round"`
	Kind    Kind   `json:"kind"`
	Message string `json:"message"`
}

// Check finds the memberships that break the rules: a round that does not
// exist, a project in the same batch twice, a start in or before the round
// it was signed in, and a 投产 without a 开工 in an earlier round. Problems
// are ordered by project, round and batch.
func Check(rounds []Round, members []Membership) []Problem {
	known := map[int]bool{}
	for _, r := range rounds {
		known[r.Number] = true
	}
	ms := slices.Clone(members)
	slices.SortFunc(ms, func(a, b Membership) int {
		if a.Project != b.Project {
			return cmp.Compare(a.Project, b.Project)
		}
		if a.Round != b.Round {
			return cmp.Compare(a.Round, b.Round)
		}
		return cmp.Compare(slices.Index(Kinds, a.Kind), slices.Index(Kinds, b.Kind))
	})
	var out []Problem
	for lo := 0; lo < len(ms); {
		hi := lo
		for hi < len(ms) && ms[hi].Project == ms[lo].Project {
			hi++
		}
		out = checkProject(out, ms[lo:hi], known)
		lo = hi
	}
	return out
}

// checkProject checks one project's memberships, sorted by round.
func checkProject(out []Problem, ms []Membership, known map[int]bool) []Problem {
	first := map[Kind]int{} // the earliest valid round of each batch
	for _, m := range ms {
		if _, ok := first[m.Kind]; !ok && m.Kind.Label() != "" && known[m.Round] {
			first[m.Kind] = m.Round
		}
	}
	seen := map[Membership]bool{}
	for _, m := range ms {
		bad := func(msg string) []Problem { return append(out, Problem{m.Project, m.Round, m.Kind, msg}) }
		r := "第" + strconv.Itoa(m.Round) + "期"
		switch {
		case seen[m]:
			out = bad("重复列入" + r + m.Kind.Label())
			continue
		case m.Kind.Label() == "":
			out = bad("批次无效")
		case !known[m.Round]:
			out = bad(r + "不存在")
		case first[m.Kind] != m.Round:
			out = bad("已列入第" + strconv.Itoa(first[m.Kind]) + "期" + m.Kind.Label() + "，不能再列入" + r)
		case m.Kind == Start:
			if s, ok := first[Sign]; ok && s >= m.Round {
				out = bad("第" + strconv.Itoa(s) + "期签约的项目应在之后的期次开工")
			}
		case m.Kind == Operate:
			if s, ok := first[Start]; !ok || s >= m.Round {
				out = bad("投产一批应从之前期次的开工一批中产生")
			}
		}
		seen[m] = true
	}
	return out
}
