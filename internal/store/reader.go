package store

import (
	"context"
	"database/sql"
)

// Reader runs the reads a rule needs before or inside a write. *Store and
// *Tx both embed one: the store's reads its read pool, the transaction's
// the transaction itself. So each read is written once, and a rule inside
// WriteTx reads through the transaction what it is about to change, with
// no gap between its check and its write. Reports and lists that no rule
// checks a write against stay on *Store.
type Reader struct {
	q   querier
	hot func(ctx context.Context, q string, args ...any) *sql.Row // a fixed hot query, prepared once
}

// querier is what reads need: the read pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
