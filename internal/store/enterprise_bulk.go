package store

import (
	"context"
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
	var st UpsertStats
	for start := 0; start < len(list); start += bulkChunk {
		part := list[start:min(start+bulkChunk, len(list))]
		if err := tx.upsertChunk(ctx, part, &st); err != nil {
			return st, err
		}
	}
	return st, nil
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
	rows, err := tx.tx.QueryContext(ctx, q, args...)
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
	args := make([]any, len(part))
	for i, e := range part {
		args[i] = e.USCC
	}
	q := "SELECT " + enterpriseColumns + " FROM enterprises WHERE uscc IN (" + placeholders(1, len(part)+1) + ")"
	if tx.store.engine == Postgres {
		q += " FOR UPDATE"
	}
	rows, err := tx.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, interpretError(err)
	}
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
		rows, err := s.read.QueryContext(ctx, q, args...)
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
