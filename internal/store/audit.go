package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AuditEntry describes one write for the audit log.
type AuditEntry struct {
	Action     string // create, update, delete, import, login …
	Entity     string // enterprise, user, department …
	EntityID   string
	RegionCode string // the region the record belongs to, for scoped reading
	Before     any    // the record before the write, nil for a create
	After      any    // the record after the write, nil for a delete
}

// AuditRecord is a stored audit row.
type AuditRecord struct {
	Chain      string    `json:"chain"` // the district whose chain the row is in (see AuditChain)
	Seq        int64     `json:"seq"`   // its place in that chain, from 1`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Entity     string    `json:"entity"`
	EntityID   string    `json:"entity_id"`
	RegionCode string    `json:"region_code"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// chainHash is the hash of a record given its predecessor's hash. Every
// field is length-prefixed so no two different records encode the same.
func chainHash(r *AuditRecord) string {
	h := sha256.New()
	var buf [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(s)))
		h.Write(buf[:])
		h.Write([]byte(s))
	}
	put(r.PrevHash)
	put(strconv.FormatInt(r.Seq, 10))
	put(r.At.UTC().Format(time.RFC3339Nano))
	put(strconv.FormatInt(r.ActorID, 10))
	put(r.Actor)
	put(r.Action)
	put(r.Entity)
	put(r.EntityID)
	put(r.RegionCode)
	put(r.Before)
	put(r.After)
	// The chain's key is hashed too, except for the chain '' that rows
	// written before there were several chains form: their hashes stay
	// what they were.
	if r.Chain != "" {
		put(r.Chain)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

// AuditChain is the hash chain an audit row of a record in region joins:
// the district of the region (the first six digits of a township's code),
// a city's or province's own code for its own records, ” for records of
// no region. Writers of different districts never share a chain head, so
// they do not queue behind one another.
func AuditChain(region string) string {
	if len(region) > 6 {
		return region[:6]
	}
	return region
}

// pendingAudit is an audit row waiting for the transaction's commit: its
// contents are fixed (encoded) when it is written, its place in the chain
// when the chain's head is locked.
type pendingAudit struct {
	chain         string
	actor         Actor
	e             AuditEntry
	before, after string
}

// auditHead is a chain's head as this transaction holds it (locked on
// PostgreSQL from the first flush that touched the chain until commit).
type auditHead struct {
	seq   int64
	hash  string
	dirty bool
}

// auditFlushAt is how many audit rows a transaction keeps in memory before
// it writes them out ahead of the commit (bulk imports).
const auditFlushAt = 5000

// encodeAudit fixes the contents of audit rows written by actor.
func encodeAudit(actor Actor, entries []AuditEntry) ([]pendingAudit, error) {
	out := make([]pendingAudit, 0, len(entries))
	for _, e := range entries {
		before, err := auditJSON(e.Before)
		if err != nil {
			return nil, err
		}
		after, err := auditJSON(e.After)
		if err != nil {
			return nil, err
		}
		e.Before, e.After = nil, nil
		out = append(out, pendingAudit{chain: AuditChain(e.RegionCode), actor: actor, e: e, before: before, after: after})
	}
	return out, nil
}

// Audit appends one entry to the hash-chained audit log within tx.
func (tx *Tx) Audit(ctx context.Context, e AuditEntry) error {
	return tx.AuditMany(ctx, []AuditEntry{e})
}

// AuditMany appends entries in order. They are chained and stored when the
// transaction commits (or, for thousands of rows, as they accumulate), so
// an ordinary write costs no statement of its own and a group of writes
// one statement for all its audit rows.
func (tx *Tx) AuditMany(ctx context.Context, entries []AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	rows, err := encodeAudit(tx.actor, entries)
	if err != nil {
		return err
	}
	return tx.appendAudit(ctx, rows)
}

func (tx *Tx) appendAudit(ctx context.Context, rows []pendingAudit) error {
	tx.audits = append(tx.audits, rows...)
	if len(tx.audits) >= auditFlushAt {
		return tx.flushAudit(ctx)
	}
	return nil
}

// lockAuditHeads loads, and on PostgreSQL locks, the heads of the chains
// this transaction is about to extend and does not hold yet. They are
// locked in the order of their keys, so two transactions extending the same
// chains never wait for each other in a circle. (A bulk write that flushes
// early and later meets a chain ordered before one it already holds could;
// PostgreSQL then aborts one of the two, and nothing is half-written.)
func (tx *Tx) lockAuditHeads(ctx context.Context, chains []string) error {
	var need []string
	for _, c := range chains {
		if _, ok := tx.heads[c]; !ok && !slices.Contains(need, c) {
			need = append(need, c)
		}
	}
	if len(need) == 0 {
		return nil
	}
	slices.Sort(need)
	if tx.heads == nil {
		tx.heads = map[string]*auditHead{}
	}
	args := make([]any, len(need))
	for i, c := range need {
		args[i] = c
	}
	load := func() error {
		q := "SELECT chain, seq, hash FROM audit_heads WHERE chain IN (" + placeholders(1, len(need)+1) + ") ORDER BY chain"
		if tx.store.engine == Postgres {
			q += " FOR UPDATE"
		}
		rows, err := tx.tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("audit heads: %w", interpretError(err))
		}
		defer rows.Close()
		for rows.Next() {
			h := &auditHead{}
			var c string
			if err := rows.Scan(&c, &h.seq, &h.hash); err != nil {
				return interpretError(err)
			}
			tx.heads[c] = h
		}
		return interpretError(rows.Err())
	}
	if err := load(); err != nil {
		return err
	}
	var fresh []any
	for _, c := range need {
		if _, ok := tx.heads[c]; !ok {
			fresh = append(fresh, c)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	// A district's first audit row starts its chain. Two writers starting
	// it at once: the second waits for the first and then finds the row.
	var vals strings.Builder
	for i := range fresh {
		if i > 0 {
			vals.WriteString(", ")
		}
		fmt.Fprintf(&vals, "($%d, 0, '')", i+1)
	}
	if _, err := tx.tx.ExecContext(ctx, "INSERT INTO audit_heads (chain, seq, hash) VALUES "+vals.String()+" ON CONFLICT (chain) DO NOTHING", fresh...); err != nil {
		return fmt.Errorf("audit heads: %w", interpretError(err))
	}
	return load()
}

// flushAudit chains the rows waiting in tx and stores them.
func (tx *Tx) flushAudit(ctx context.Context) error {
	if len(tx.audits) == 0 {
		return nil
	}
	chains := make([]string, 0, 1)
	for _, a := range tx.audits {
		if !slices.Contains(chains, a.chain) {
			chains = append(chains, a.chain)
		}
	}
	if err := tx.lockAuditHeads(ctx, chains); err != nil {
		return err
	}
	pending := tx.audits
	for start := 0; start < len(pending); start += auditChunk {
		part := pending[start:min(start+auditChunk, len(pending))]
		args := make([]any, 0, len(part)*auditCols)
		for _, a := range part {
			h := tx.heads[a.chain]
			r := AuditRecord{
				Chain: a.chain, Seq: h.seq + 1, At: tx.now, ActorID: a.actor.UserID, Actor: a.actor.Login,
				Action: a.e.Action, Entity: a.e.Entity, EntityID: a.e.EntityID, RegionCode: a.e.RegionCode,
				Before: a.before, After: a.after, PrevHash: h.hash,
			}
			r.Hash = chainHash(&r)
			h.seq, h.hash, h.dirty = r.Seq, r.Hash, true
			args = append(args, r.Chain, r.Seq, r.At, nullInt(r.ActorID), r.Actor, r.Action, r.Entity, r.EntityID,
				r.RegionCode, nullString(r.Before), nullString(r.After), r.PrevHash, r.Hash)
		}
		if err := tx.insertAudit(ctx, len(part), args); err != nil {
			return err
		}
	}
	tx.audits = tx.audits[:0]
	return nil
}

// auditChunk audit rows go in one statement (13 columns × 500 rows).
const auditChunk = 500

const auditCols = 13

// insertAudit stores n chained rows.
func (tx *Tx) insertAudit(ctx context.Context, n int, args []any) error {
	if n == 0 {
		return nil
	}
	q := "INSERT INTO audit_log (chain, seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash) VALUES " +
		valuesList(n, auditCols)
	// A few rows are the common case (every ordinary write, a small group
	// commit): those statements are kept prepared across transactions;
	// larger batches are prepared per transaction.
	prepare := tx.prepared
	if n <= 8 {
		prepare = tx.stmt
	}
	st, err := prepare(ctx, q)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("audit insert: %w", interpretError(err))
	}
	return nil
}

// flushAuditHeads stores the new heads of the chains tx extended; WriteTx
// calls it, after the last flushAudit, before committing.
func (tx *Tx) flushAuditHeads(ctx context.Context) error {
	for _, c := range slices.Sorted(maps.Keys(tx.heads)) {
		h := tx.heads[c]
		if !h.dirty {
			continue
		}
		if _, err := tx.exec(ctx, "UPDATE audit_heads SET seq = $1, hash = $2 WHERE chain = $3", h.seq, h.hash, c); err != nil {
			return err
		}
		h.dirty = false
	}
	return nil
}

// auditState is what a savepoint must restore of tx's audit rows.
type auditState struct {
	pending int
	heads   map[string]auditHead
}

func (tx *Tx) saveAudit() auditState {
	st := auditState{pending: len(tx.audits)}
	if len(tx.heads) > 0 {
		st.heads = make(map[string]auditHead, len(tx.heads))
		for c, h := range tx.heads {
			st.heads[c] = *h
		}
	}
	return st
}

func (tx *Tx) restoreAudit(st auditState) {
	tx.audits = tx.audits[:st.pending]
	for c, h := range tx.heads {
		if old, ok := st.heads[c]; ok {
			*h = old
		} else {
			// locked after the savepoint: its row lock went with it too
			delete(tx.heads, c)
		}
	}
}

// AuditBreak is the first place where an audit chain does not hold.
type AuditBreak struct {
	Chain  string // the district whose chain broke
	Seq    int64
	Reason string
}

// AuditChainState is one chain as VerifyAudit found it.
type AuditChainState struct {
	Chain string
	Rows  int64
	Break *AuditBreak // nil when the chain is intact
}

// VerifyAudit walks every audit chain and returns the number of rows
// checked and the first broken link (in the order of the chains' keys), or
// nil when every chain is intact.
func (s *Store) VerifyAudit(ctx context.Context) (int64, *AuditBreak, error) {
	chains, err := s.VerifyAuditChains(ctx, "")
	if err != nil {
		return 0, nil, err
	}
	var n int64
	for _, c := range chains {
		n += c.Rows
		if c.Break != nil {
			return n, c.Break, nil
		}
	}
	return n, nil, nil
}

// VerifyAuditChains checks each chain (or only the chain named, when not
// "") against its head: numbers without a gap from 1, each row linked to
// the hash of the one before, each row's hash over its contents, and the
// head naming the last row.
func (s *Store) VerifyAuditChains(ctx context.Context, only string) ([]AuditChainState, error) {
	heads := map[string]auditHead{}
	q := "SELECT chain, seq, hash FROM audit_heads"
	var args []any
	if only != "" {
		q += " WHERE chain = $1"
		args = append(args, only)
	}
	hr, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	for hr.Next() {
		var c string
		var h auditHead
		if err := hr.Scan(&c, &h.seq, &h.hash); err != nil {
			hr.Close()
			return nil, interpretError(err)
		}
		heads[c] = h
	}
	hr.Close()
	if err := hr.Err(); err != nil {
		return nil, interpretError(err)
	}
	q = "SELECT " + auditColumns + " FROM audit_log"
	if only != "" {
		q += " WHERE chain = $1"
	}
	rows, err := s.read.QueryContext(ctx, q+" ORDER BY chain, seq", args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []AuditChainState
	var cur *AuditChainState
	var expect int64
	var prev string
	end := func() {
		if cur == nil {
			return
		}
		h, ok := heads[cur.Chain]
		delete(heads, cur.Chain)
		if cur.Break == nil && (!ok || h.seq != expect-1 || h.hash != prev) {
			cur.Break = &AuditBreak{Chain: cur.Chain, Seq: expect, Reason: fmt.Sprintf("链尾不符：记录到第 %d 条，链头为第 %d 条 (rows at the end were removed)", expect-1, h.seq)}
		}
		out = append(out, *cur)
	}
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		if cur == nil || r.Chain != cur.Chain {
			end()
			cur, expect, prev = &AuditChainState{Chain: r.Chain}, 1, ""
		}
		if cur.Break != nil {
			continue
		}
		cur.Rows++
		switch {
		case r.Seq != expect:
			cur.Break = &AuditBreak{Chain: r.Chain, Seq: r.Seq, Reason: fmt.Sprintf("序号不连续：应为 %d，实为 %d (missing row)", expect, r.Seq)}
		case r.PrevHash != prev:
			cur.Break = &AuditBreak{Chain: r.Chain, Seq: r.Seq, Reason: "prev_hash 与上一条记录的哈希不一致 (previous row changed or removed)"}
		case chainHash(r) != r.Hash:
			cur.Break = &AuditBreak{Chain: r.Chain, Seq: r.Seq, Reason: "记录内容与其哈希不符 (row content was altered)"}
		}
		prev, expect = r.Hash, expect+1
	}
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	end()
	// Heads whose rows are all gone.
	for _, c := range slices.Sorted(maps.Keys(heads)) {
		if h := heads[c]; h.seq > 0 {
			out = append(out, AuditChainState{Chain: c, Break: &AuditBreak{Chain: c, Seq: 1,
				Reason: fmt.Sprintf("链尾不符：记录到第 0 条，链头为第 %d 条 (rows at the end were removed)", h.seq)}})
		}
	}
	slices.SortFunc(out, func(a, b AuditChainState) int { return strings.Compare(a.Chain, b.Chain) })
	return out, nil
}

const auditColumns = "chain, seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash"

type scanner interface{ Scan(dest ...any) error }

func scanAudit(sc scanner) (*AuditRecord, error) {
	var r AuditRecord
	var actorID *int64
	var before, after *string
	if err := sc.Scan(&r.Chain, &r.Seq, &r.At, &actorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.RegionCode, &before, &after, &r.PrevHash, &r.Hash); err != nil {
		return nil, interpretError(err)
	}
	r.At = r.At.UTC()
	if actorID != nil {
		r.ActorID = *actorID
	}
	if before != nil {
		r.Before = *before
	}
	if after != nil {
		r.After = *after
	}
	return &r, nil
}

// AuditFilter selects audit rows.
type AuditFilter struct {
	Entity   string
	EntityID string
	Prefix   string // region subtree; "" for all
	Limit    int
}

// ListAudit returns the newest matching audit rows first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]*AuditRecord, error) {
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.Prefix != "" {
		w.prefix("region_code", f.Prefix)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := "SELECT " + auditColumns + " FROM audit_log" + w.sql() + " ORDER BY at DESC, seq DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.lists(ctx).QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, interpretError(rows.Err())
}
