package store

import (
	"strconv"
	"strings"
)

// where builds a WHERE clause with numbered placeholders ($1, $2 …), which
// both drivers accept. Conditions are written with "?" and renumbered.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// prefix restricts column to codes starting with p (a region subtree), as a
// range so a b-tree index serves it on both engines.
func (w *where) prefix(column, p string) {
	if p == "" {
		// Everything: and "\xff" is not text PostgreSQL accepts.
		return
	}
	w.add(column+" >= ? AND "+column+" < ?", p, prefixEnd(p))
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// prefixEnd is the smallest string greater than every string starting with
// p: region codes are digits, so the last byte is simply incremented.
func prefixEnd(p string) string {
	if p == "" {
		return "\xff"
	}
	b := []byte(p)
	b[len(b)-1]++
	return string(b)
}

// valuesList writes "($1,$2),($3,$4)…" for n rows of cols columns.
func valuesList(n, cols int) string {
	var b strings.Builder
	b.Grow(n * cols * 5)
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// bulk prepares a statement with many parameters for the engine. SQLite
// treats "$N" as a named parameter and looks names up in a list, which makes
// preparing and binding a 10,000-parameter statement quadratic; anonymous
// "?" parameters skip that. The statement must use $1, $2 … each once and in
// order, as valuesList and placeholders write them.
func (s *Store) bulk(q string) string {
	if s.engine != SQLite {
		return q
	}
	var b strings.Builder
	b.Grow(len(q))
	for i := 0; i < len(q); i++ {
		if q[i] == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
			b.WriteByte('?')
			for i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
