package store

import (
	"context"
	"errors"
	"maps"
	"sync"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Group commit. Many small writes that arrive together (case intake from
// many clients) share one transaction: the writer takes whatever has queued
// while the previous transaction ran, runs each write under its own
// savepoint (a failing write rolls back alone), commits once, and only then
// answers each caller, so an acknowledged write is durable.

// maxBatch bounds how many writes share one transaction.
const maxBatch = 128

type batchReq struct {
	actor  Actor
	fn     func(*Tx) error
	intake *model.Case // or a case to create (GroupIntake), with its business time
	at     time.Time
	done   chan error
	mark   *Mark // the caller's, filled after the commit (read-your-writes)
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
	return s.group(ctx, &batchReq{actor: actor, fn: fn})
}

// group queues req for the group writer and waits for its outcome.
func (s *Store) group(ctx context.Context, req *batchReq) error {
	b := &s.batch
	b.once.Do(func() {
		b.ch, b.stop = make(chan *batchReq, 4*maxBatch), make(chan struct{})
		b.wg.Add(1)
		go s.batchLoop()
	})
	if b.ch == nil {
		return ErrClosed
	}
	if req.actor.Login == "" {
		req.actor.Login = System.Login
	}
	req.done, req.mark = make(chan error, 1), markOf(ctx)
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
		// alone runs req's write under a savepoint: a failing write rolls
		// back alone, and what it kept in memory for the commit goes back too.
		alone := func(write func() error) (error, error) {
			if _, err := tx.tx.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
				return nil, interpretError(err)
			}
			st := tx.saveState()
			werr := write()
			if werr != nil {
				if _, err := tx.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT group_write"); err != nil {
					return nil, interpretError(err)
				}
				tx.restoreState(st)
			}
			if _, err := tx.tx.ExecContext(ctx, "RELEASE SAVEPOINT group_write"); err != nil {
				return nil, interpretError(err)
			}
			return werr, nil
		}
		var intakes []*batchReq
		var at []int
		for i, r := range reqs {
			if r.intake != nil {
				intakes, at = append(intakes, r), append(at, i)
				continue
			}
			tx.actor = r.actor
			var err error
			if results[i], err = alone(func() error { return r.fn(tx) }); err != nil {
				return err
			}
		}
		if len(intakes) == 0 {
			return nil
		}
		// The intakes together, in one statement per table; if that fails,
		// each on its own so the failure stays with the case that caused it.
		bulk, err := alone(func() error { return tx.createCases(ctx, intakes) })
		if err != nil {
			return err
		}
		if bulk == nil {
			return nil
		}
		for k, r := range intakes {
			tx.actor = r.actor
			r.intake.ID, r.intake.Number = 0, ""
			if results[at[k]], err = alone(func() error { return tx.CreateCaseAt(ctx, r.intake, "", r.at) }); err != nil {
				return err
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

// txState is what a savepoint must restore of what tx keeps in memory for
// its commit: case counters, case numbers and audit rows.
type txState struct {
	counts            map[countKey]int
	numbers, numbered map[numberKey]int64
	audit             auditState
}

func (tx *Tx) saveState() txState {
	return txState{counts: maps.Clone(tx.counts), numbers: maps.Clone(tx.numbers), numbered: maps.Clone(tx.numbered), audit: tx.saveAudit()}
}

func (tx *Tx) restoreState(st txState) {
	tx.counts, tx.numbers, tx.numbered = st.counts, st.numbers, st.numbered
	tx.restoreAudit(st.audit)
}
