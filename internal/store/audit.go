package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
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
	Seq        int64     `json:"seq"`
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

// lockAuditHead reads the chain's head once per transaction, locking it on
// PostgreSQL. SQLite needs no row lock: its write transactions are already
// exclusive (BEGIN IMMEDIATE on the single write connection).
func (tx *Tx) lockAuditHead(ctx context.Context) error {
	if tx.headLoaded {
		return nil
	}
	q := "SELECT seq, hash FROM audit_head WHERE id = 1"
	if tx.store.engine == Postgres {
		q += " FOR UPDATE"
	}
	if err := tx.queryRow(ctx, q).Scan(&tx.headSeq, &tx.headHash); err != nil {
		return fmt.Errorf("audit head: %w", interpretError(err))
	}
	tx.headLoaded = true
	return nil
}

// Audit appends one entry to the hash-chained audit log within tx.
func (tx *Tx) Audit(ctx context.Context, e AuditEntry) error {
	return tx.AuditMany(ctx, []AuditEntry{e})
}

// AuditMany appends entries in order, in as few statements as it can.
func (tx *Tx) AuditMany(ctx context.Context, entries []AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if err := tx.lockAuditHead(ctx); err != nil {
		return err
	}
	chain := tx.chain()
	for start := 0; start < len(entries); start += auditChunk {
		part := entries[start:min(start+auditChunk, len(entries))]
		args, err := chain.rows(part)
		if err != nil {
			return err
		}
		if err := tx.insertAudit(ctx, len(part), args); err != nil {
			return err
		}
	}
	tx.setHead(chain)
	return nil
}

// auditChunk audit rows go in one statement (12 columns × 500 rows).
const auditChunk = 500

const auditCols = 12

// auditChain extends the hash chain in memory; the transaction stores the
// rows it produces and then its new head.
type auditChain struct {
	seq   int64
	hash  string
	at    time.Time
	actor Actor
}

func (tx *Tx) chain() *auditChain {
	return &auditChain{seq: tx.headSeq, hash: tx.headHash, at: tx.now, actor: tx.actor}
}

func (tx *Tx) setHead(c *auditChain) {
	if c.seq != tx.headSeq {
		tx.headSeq, tx.headHash, tx.headDirty = c.seq, c.hash, true
	}
}

// rows chains entries and returns the INSERT arguments of their rows.
func (c *auditChain) rows(entries []AuditEntry) ([]any, error) {
	args := make([]any, 0, len(entries)*auditCols)
	for _, e := range entries {
		before, err := auditJSON(e.Before)
		if err != nil {
			return nil, err
		}
		after, err := auditJSON(e.After)
		if err != nil {
			return nil, err
		}
		r := AuditRecord{
			Seq: c.seq + 1, At: c.at, ActorID: c.actor.UserID, Actor: c.actor.Login,
			Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, RegionCode: e.RegionCode,
			Before: before, After: after, PrevHash: c.hash,
		}
		r.Hash = chainHash(&r)
		c.seq, c.hash = r.Seq, r.Hash
		args = append(args, r.Seq, r.At, nullInt(r.ActorID), r.Actor, r.Action, r.Entity, r.EntityID,
			r.RegionCode, nullString(r.Before), nullString(r.After), r.PrevHash, r.Hash)
	}
	return args, nil
}

// insertAudit stores n chained rows.
func (tx *Tx) insertAudit(ctx context.Context, n int, args []any) error {
	if n == 0 {
		return nil
	}
	q := "INSERT INTO audit_log (seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash) VALUES " +
		valuesList(n, auditCols)
	// One row is the common case (every ordinary write): its statement is
	// kept prepared across transactions; batches are prepared per transaction.
	prepare := tx.prepared
	if n == 1 {
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

// flushAuditHead stores the new head of the chain; WriteTx calls it before
// committing.
func (tx *Tx) flushAuditHead(ctx context.Context) error {
	if !tx.headDirty {
		return nil
	}
	_, err := tx.exec(ctx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", tx.headSeq, tx.headHash)
	return err
}

// AuditBreak is the first place where the audit chain does not hold.
type AuditBreak struct {
	Seq    int64
	Reason string
}

// VerifyAudit walks the whole audit log and returns the number of rows
// checked and the first broken link, or nil when the chain is intact.
func (s *Store) VerifyAudit(ctx context.Context) (int64, *AuditBreak, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, nil, interpretError(err)
	}
	defer rows.Close()
	var n, expectSeq int64 = 0, 1
	prev := ""
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return n, nil, err
		}
		n++
		switch {
		case r.Seq != expectSeq:
			return n, &AuditBreak{Seq: r.Seq, Reason: fmt.Sprintf("序号不连续：应为 %d，实为 %d (missing row)", expectSeq, r.Seq)}, nil
		case r.PrevHash != prev:
			return n, &AuditBreak{Seq: r.Seq, Reason: "prev_hash 与上一条记录的哈希不一致 (previous row changed or removed)"}, nil
		case chainHash(r) != r.Hash:
			return n, &AuditBreak{Seq: r.Seq, Reason: "记录内容与其哈希不符 (row content was altered)"}, nil
		}
		prev, expectSeq = r.Hash, expectSeq+1
	}
	if err := rows.Err(); err != nil {
		return n, nil, interpretError(err)
	}
	var headSeq int64
	var headHash string
	if err := s.read.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return n, nil, interpretError(err)
	}
	if headSeq != expectSeq-1 || headHash != prev {
		return n, &AuditBreak{Seq: expectSeq, Reason: fmt.Sprintf("链尾不符：记录到第 %d 条，链头为第 %d 条 (rows at the end were removed)", expectSeq-1, headSeq)}, nil
	}
	return n, nil, nil
}

const auditColumns = "seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash"

type scanner interface{ Scan(dest ...any) error }

func scanAudit(sc scanner) (*AuditRecord, error) {
	var r AuditRecord
	var actorID *int64
	var before, after *string
	if err := sc.Scan(&r.Seq, &r.At, &actorID, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.RegionCode, &before, &after, &r.PrevHash, &r.Hash); err != nil {
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
	q := "SELECT " + auditColumns + " FROM audit_log" + w.sql() + " ORDER BY seq DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.read.QueryContext(ctx, q, w.args...)
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
