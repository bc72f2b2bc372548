package store

import (
	"context"
	"errors"
	"maps"
	"sync"
)

// Group commit. Many small writes that arrive together (case intake from
// many clients) share one transaction: the writer takes whatever has queued
// while the previous transaction ran, runs each write under its own
// savepoint (a failing write rolls back alone), commits once, and only then
// answers each caller, so an acknowledged write is durable.

// maxBatch bounds how many writes share one transaction.
const maxBatch = 128

type batchReq struct {
	actor Actor
	fn    func(*Tx) error
	done  chan error
	mark  *Mark // the caller's, filled after the commit (read-your-writes)
}

type batcher struct {
	once sync.Once
	ch   chan *batchReq
	stop chan struct{}
	wg   sync.WaitGroup
}

// ErrClosed is returned for writes submitted after the store was closed.
var ErrClosed = errors.New("store closed")

// GroupWrite runs fn like WriteTx, possibly in one transaction with other
// concurrent GroupWrite calls. fn must not depend on running alone.
func (s *Store) GroupWrite(ctx context.Context, actor Actor, fn func(*Tx) error) error {
	b := &s.batch
	b.once.Do(func() {
		b.ch, b.stop = make(chan *batchReq, 4*maxBatch), make(chan struct{})
		b.wg.Add(1)
		go s.batchLoop()
	})
	if b.ch == nil {
		return ErrClosed
	}
	if actor.Login == "" {
		actor.Login = System.Login
	}
	req := &batchReq{actor: actor, fn: fn, done: make(chan error, 1), mark: markOf(ctx)}
	select {
	case b.ch <- req:
	case <-b.stop:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the write may commit; wait for its outcome whatever ctx does.
	return <-req.done
}

func (s *Store) batchLoop() {
	b := &s.batch
	defer b.wg.Done()
	for {
		var first *batchReq
		select {
		case first = <-b.ch:
		case <-b.stop:
			return
		}
		reqs := []*batchReq{first}
	drain:
		for len(reqs) < maxBatch {
			select {
			case r := <-b.ch:
				reqs = append(reqs, r)
			default:
				break drain
			}
		}
		s.runBatch(reqs)
	}
}

func (s *Store) runBatch(reqs []*batchReq) {
	results := make([]error, len(reqs))
	ctx := context.Background()
	err := s.WriteTx(ctx, System, func(tx *Tx) error {
		for i, r := range reqs {
			tx.actor = r.actor
			if _, err := tx.tx.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
				return interpretError(err)
			}
			audit := tx.saveAudit()
			counts, numbers, numbered := maps.Clone(tx.counts), maps.Clone(tx.numbers), maps.Clone(tx.numbered)
			if results[i] = r.fn(tx); results[i] != nil {
				if _, err := tx.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT group_write"); err != nil {
					return interpretError(err)
				}
				// What the write kept in memory for the commit goes back too.
				tx.restoreAudit(audit)
				tx.counts, tx.numbers, tx.numbered = counts, numbers, numbered
			}
			if _, err := tx.tx.ExecContext(ctx, "RELEASE SAVEPOINT group_write"); err != nil {
				return interpretError(err)
			}
		}
		return nil
	})
	if err == nil {
		var marks []*Mark
		for i, r := range reqs {
			if r.mark != nil && results[i] == nil {
				marks = append(marks, r.mark)
			}
		}
		if len(marks) > 0 {
			s.noteCommit(marks...)
		}
	}
	for i, r := range reqs {
		if err != nil && results[i] == nil {
			results[i] = err
		}
		r.done <- results[i]
	}
}

func (s *Store) stopBatch() {
	b := &s.batch
	if b.stop == nil {
		return
	}
	close(b.stop)
	b.wg.Wait()
	// Anything still queued is refused rather than left waiting.
	for {
		select {
		case r := <-b.ch:
			r.done <- ErrClosed
		default:
			return
		}
	}
}
