// Package matching decides which policies an enterprise qualifies for
// (政策精准推送, issue 13), with reasons. It is a pure core: it takes
// policies, enterprise data and an evaluation date, does no I/O and keeps
// no state between calls.
//
// The answer for an enterprise and a policy is three-valued: 符合
// (Qualifies), 不符合 (Fails) or 可能符合 (Maybe: nothing fails, but some
// data is missing or a condition awaits an expert). A condition that reads
// a figure the enterprise has not supplied is unknown, never false; the
// policy is the Kleene conjunction of its conditions, and of at least one
// of its alternative paths when it has some. A policy that fails on
// exactly one condition is a near miss, reported with its gap ("差 0.4
// 个百分点").
//
// How a service uses it:
//
//	errs := p.Validate()                    // before storing a policy
//	eng, err := matching.NewEngine(active)  // whenever the library changes
//	errs := matching.Check(values, today)   // before storing supplied figures
//	prof := matching.NewProfile(today, append(matching.FromEnterprise(&ent), values...))
//	prof.Differences()                      // where a department's import overrides the enterprise
//	res := eng.Match(prof)                  // re-match one enterprise: status, near miss, per-condition truths
//	x := eng.Explain(prof, i)               // the words for one policy
//	xs := eng.Calculate(prof.With(adjusted)) // the policy calculator, nothing stored
//	cols := matching.NewColumns(n); cols.Set(row, prof) …
//	counts := eng.MatchColumns(cols, 2, func(b *matching.Block) { … }) // everyone, column by column
//
// Rules are written in a subset of expr (github.com/expr-lang/expr),
// parsed by expr's parser and compiled into one DAG of predicates shared
// by all policies; see rule.go for the language and Attributes for the
// names rules read. Money is in 万元 and ratios in percent (0–100).
package matching
