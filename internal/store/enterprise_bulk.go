package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// UpsertStats counts what a bulk upsert did.
type UpsertStats struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// bulkChunk rows go in one statement: 19 columns × 500 rows stays well below
// SQLite's 32,766 and PostgreSQL's 65,535 parameter limits.
const bulkChunk = 500

// UpsertEnterprises creates or updates enterprises by USCC, audits each
// created or changed one, and leaves identical ones untouched. It fills in
// ID, CreatedAt and UpdatedAt of every element.
func (tx *Tx) UpsertEnterprises(ctx context.Context, list []*model.Enterprise) (UpsertStats, error) {
	next := func() ([]*model.Enterprise, error) {
		part := list[:min(bulkChunk, len(list))]
		list = list[len(part):]
		return part, nil
	}
	if tx.store.engine == SQLite && len(list) > bulkChunk && distinctUSCCs(list) {
		return tx.upsertPipelined(ctx, next)
	}
	var st UpsertStats
	for {
		part, _ := next()
		if len(part) == 0 {
			return st, nil
		}
		if err := tx.upsertChunk(ctx, part, &st); err != nil {
			return st, err
		}
	}
}

// UpsertEnterpriseStream is UpsertEnterprises over chunks that next hands
// out until it returns an empty chunk (or an error, which aborts). No USCC
// may appear twice in the whole stream: an importer that rejects duplicates
// within a file guarantees it. Chunks of at most 500 rows work best.
func (tx *Tx) UpsertEnterpriseStream(ctx context.Context, next func() ([]*model.Enterprise, error)) (UpsertStats, error) {
	if tx.store.engine == SQLite {
		return tx.upsertPipelined(ctx, next)
	}
	var st UpsertStats
	for {
		part, err := next()
		if err != nil {
			return st, err
		}
		if len(part) == 0 {
			return st, nil
		}
		for start := 0; start < len(part); start += bulkChunk {
			if err := tx.upsertChunk(ctx, part[start:min(start+bulkChunk, len(part))], &st); err != nil {
				return st, err
			}
		}
	}
}

func (tx *Tx) upsertChunk(ctx context.Context, part []*model.Enterprise, st *UpsertStats) error {
	existing, err := tx.enterprisesByUSCC(ctx, part)
	if err != nil {
		return err
	}
	var write []*model.Enterprise
	for _, e := range part {
		old, ok := existing[e.USCC]
		if ok {
			e.ID, e.CreatedAt = old.ID, old.CreatedAt
			if sameEnterprise(old, e) {
				e.UpdatedAt = old.UpdatedAt
				st.Unchanged++
				continue
			}
		}
		write = append(write, e)
	}
	if len(write) == 0 {
		return nil
	}
	cols := strings.Split(enterpriseWriteColumns, ", ")
	args := make([]any, 0, len(write)*(len(cols)+2))
	for _, e := range write {
		a, err := enterpriseArgs(e)
		if err != nil {
			return err
		}
		args = append(args, a...)
		args = append(args, tx.now, tx.now)
	}
	set := make([]string, 0, len(cols))
	for _, c := range cols[1:] { // every column but uscc
		set = append(set, c+" = excluded."+c)
	}
	q := "INSERT INTO enterprises (" + enterpriseWriteColumns + ", created_at, updated_at) VALUES " +
		valuesList(len(write), len(cols)+2) +
		" ON CONFLICT (uscc) DO UPDATE SET " + strings.Join(set, ", ") + ", updated_at = excluded.updated_at RETURNING id, uscc"
	stmt, err := tx.prepared(ctx, q)
	if err != nil {
		return fmt.Errorf("upsert enterprises: %w", err)
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("upsert enterprises: %w", interpretError(err))
	}
	ids := make(map[string]int64, len(write))
	for rows.Next() {
		var id int64
		var uscc string
		if err := rows.Scan(&id, &uscc); err != nil {
			rows.Close()
			return interpretError(err)
		}
		ids[uscc] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return interpretError(err)
	}
	audits := make([]AuditEntry, 0, len(write))
	for _, e := range write {
		e.ID, e.UpdatedAt = ids[e.USCC], tx.now
		ae := AuditEntry{Entity: "enterprise", EntityID: strconv.FormatInt(e.ID, 10), RegionCode: e.ScopeCode(), After: e}
		if old, ok := existing[e.USCC]; ok {
			ae.Action, ae.Before = "update", old
			st.Updated++
		} else {
			e.CreatedAt = tx.now
			ae.Action = "create"
			st.Created++
		}
		audits = append(audits, ae)
	}
	return tx.AuditMany(ctx, audits)
}

func (tx *Tx) enterprisesByUSCC(ctx context.Context, part []*model.Enterprise) (map[string]*model.Enterprise, error) {
	q, args := byUSCCQuery(part)
	if tx.store.engine == Postgres {
		q += " FOR UPDATE"
	}
	st, err := tx.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	return scanByUSCC(rows)
}

func byUSCCQuery(part []*model.Enterprise) (string, []any) {
	args := make([]any, len(part))
	for i, e := range part {
		args[i] = e.USCC
	}
	return "SELECT " + enterpriseColumns + " FROM enterprises WHERE uscc IN (" + placeholders(1, len(part)+1) + ")", args
}

func scanByUSCC(rows *sql.Rows) (map[string]*model.Enterprise, error) {
	defer rows.Close()
	out := make(map[string]*model.Enterprise)
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, err
		}
		out[e.USCC] = e
	}
	return out, interpretError(rows.Err())
}

// sameEnterprise reports whether two versions carry the same content, so
// a re-import of an unchanged ledger writes nothing and audits nothing.
func sameEnterprise(a, b *model.Enterprise) bool {
	ca, cb := *a, *b
	for _, c := range []*model.Enterprise{&ca, &cb} {
		c.ID, c.CreatedAt, c.UpdatedAt = 0, cb.CreatedAt, cb.UpdatedAt
		if c.Tags == nil {
			c.Tags = []string{}
		}
		if c.Contacts == nil {
			c.Contacts = []model.Contact{}
		}
	}
	ja, err1 := json.Marshal(ca)
	jb, err2 := json.Marshal(cb)
	return err1 == nil && err2 == nil && string(ja) == string(jb) && ca.NameInitials == cb.NameInitials
}

// USCCsOutside returns which of the given codes belong to enterprises
// registered outside the region prefix.
func (s *Store) USCCsOutside(ctx context.Context, usccs []string, prefix string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(usccs); start += 5000 {
		part := usccs[start:min(start+5000, len(usccs))]
		args := make([]any, 0, len(part)+2)
		for _, u := range part {
			args = append(args, u)
		}
		n := len(args)
		args = append(args, prefix, prefixEnd(prefix))
		q := "SELECT uscc FROM enterprises WHERE uscc IN (" + placeholders(1, n+1) + ") AND NOT (scope_code >= $" +
			strconv.Itoa(n+1) + " AND scope_code < $" + strconv.Itoa(n+2) + ")"
		rows, err := s.read.QueryContext(ctx, s.bulk(q), args...)
		if err != nil {
			return nil, interpretError(err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return nil, interpretError(err)
			}
			out[u] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, interpretError(err)
		}
	}
	return out, nil
}

func distinctUSCCs(list []*model.Enterprise) bool {
	seen := make(map[string]struct{}, len(list))
	for _, e := range list {
		if _, dup := seen[e.USCC]; dup {
			return false
		}
		seen[e.USCC] = struct{}{}
	}
	return true
}

// upsertPlan is one chunk, ready to execute.
type upsertPlan struct {
	rows   int
	args   []any
	audits []pendingAudit
	err    error
}

// upsertPipelined is UpsertEnterprises on SQLite for large lists. One
// goroutine reads the existing rows, compares, assigns ids and encodes the
// audit rows; this one only executes statements, so both cores work.
//
// It relies on SQLite's single writer: the transaction began IMMEDIATE, so
// nobody else can commit until it ends. Reads on the read pool therefore
// see exactly the state this transaction started from, and new ids can be
// assigned from MAX(id) here rather than returned by each INSERT. The list
// must not name a USCC twice (chunks would otherwise depend on each other).
func (tx *Tx) upsertPipelined(ctx context.Context, next func() ([]*model.Enterprise, error)) (UpsertStats, error) {
	var st UpsertStats
	var nextID int64
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM enterprises").Scan(&nextID); err != nil {
		return st, interpretError(err)
	}
	cols := len(strings.Split(enterpriseWriteColumns, ", ")) + 3 // id, …, created_at, updated_at
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	plans := make(chan upsertPlan, 2)
	go func() {
		defer close(plans)
		for {
			list, err := next()
			if len(list) == 0 && err == nil {
				return
			}
			for start := 0; start < len(list) || err != nil; start += bulkChunk {
				p := upsertPlan{err: err}
				if err == nil {
					p = tx.planChunk(pctx, list[start:min(start+bulkChunk, len(list))], &nextID, cols, &st)
				}
				select {
				case plans <- p:
				case <-pctx.Done():
					return
				}
				if p.err != nil {
					return
				}
			}
		}
	}()
	var err error
	for p := range plans {
		if err != nil {
			continue // drain so the planner can finish
		}
		if err = p.err; err != nil {
			cancel()
			continue
		}
		if err = tx.execPlan(ctx, p, cols); err != nil {
			cancel()
		}
	}
	if err != nil {
		return UpsertStats{}, err
	}
	return st, nil
}

func (tx *Tx) planChunk(ctx context.Context, part []*model.Enterprise, nextID *int64, cols int, st *UpsertStats) upsertPlan {
	q, qargs := byUSCCQuery(part)
	rows, err := tx.store.read.QueryContext(ctx, tx.store.bulk(q), qargs...)
	if err != nil {
		return upsertPlan{err: interpretError(err)}
	}
	existing, err := scanByUSCC(rows)
	if err != nil {
		return upsertPlan{err: err}
	}
	p := upsertPlan{args: make([]any, 0, len(part)*cols)}
	audits := make([]AuditEntry, 0, len(part))
	for _, e := range part {
		ae := AuditEntry{Entity: "enterprise", RegionCode: e.ScopeCode(), After: e}
		if old, ok := existing[e.USCC]; ok {
			e.ID, e.CreatedAt = old.ID, old.CreatedAt
			if sameEnterprise(old, e) {
				e.UpdatedAt = old.UpdatedAt
				st.Unchanged++
				continue
			}
			ae.Action, ae.Before = "update", old
			st.Updated++
		} else {
			*nextID++
			e.ID, e.CreatedAt = *nextID, tx.now
			ae.Action = "create"
			st.Created++
		}
		e.UpdatedAt = tx.now
		ae.EntityID = strconv.FormatInt(e.ID, 10)
		a, err := enterpriseArgs(e)
		if err != nil {
			return upsertPlan{err: err}
		}
		p.args = append(p.args, e.ID)
		p.args = append(p.args, a...)
		p.args = append(p.args, e.CreatedAt, e.UpdatedAt)
		p.rows++
		audits = append(audits, ae)
	}
	// The audit rows' contents are encoded here, beside the planning; the
	// executing side only chains them.
	if p.audits, err = encodeAudit(tx.actor, audits); err != nil {
		return upsertPlan{err: err}
	}
	return p
}

func (tx *Tx) execPlan(ctx context.Context, p upsertPlan, cols int) error {
	if p.rows > 0 {
		wcols := strings.Split(enterpriseWriteColumns, ", ")
		set := make([]string, 0, len(wcols))
		for _, c := range wcols[1:] {
			set = append(set, c+" = excluded."+c)
		}
		q := "INSERT INTO enterprises (id, " + enterpriseWriteColumns + ", created_at, updated_at) VALUES " +
			valuesList(p.rows, cols) + " ON CONFLICT (uscc) DO UPDATE SET " + strings.Join(set, ", ") + ", updated_at = excluded.updated_at"
		stmt, err := tx.prepared(ctx, q)
		if err != nil {
			return fmt.Errorf("upsert enterprises: %w", err)
		}
		if _, err := stmt.ExecContext(ctx, p.args...); err != nil {
			return fmt.Errorf("upsert enterprises: %w", interpretError(err))
		}
	}
	return tx.appendAudit(ctx, p.audits)
}
