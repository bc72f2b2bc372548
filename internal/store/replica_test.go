package store_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/model"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
	"github.com/zhuqi-gov/zhuqi/internal/uscc"
)

// EnvReplica names the variable holding a streaming replica of the
// ZHUQI_TEST_POSTGRES server (.ci/replica.sh makes one on port 5433).
const EnvReplica = "ZHUQI_TEST_REPLICA"

// proxy forwards TCP connections to addr until stopped, so a test can take
// the replica away the way a crash or a network fault would.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, addr string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Writes on the primary appear on the replica; a user reads their own
// write at once (from the primary until the replica has replayed it, then
// from the replica); a replica that stops costs no request.
func TestReplica(t *testing.T) {
	base := os.Getenv(EnvReplica)
	if base == "" || os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip(EnvReplica + " is not set (.ci/replica.sh makes a replica)")
	}
	dsn := storetest.DSN(t, store.Postgres)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	primary, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	replica, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, replica.Host)
	primary.Host = px.ln.Addr().String() // the replica, with the test's schema
	if err := s.AttachReplica(ctx, primary.String()); err != nil {
		t.Fatal(err)
	}
	if st := s.ReplicaStatus(); !st.Configured || !st.Up {
		t.Fatalf("replica status %+v", st)
	}
	seedRegions(t, s)
	code, err := uscc.Build('9', '1', "411203", "MA0RPL01")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string) (context.Context, *store.Mark) {
		wctx, mark := store.WithMark(ctx)
		err := s.WriteTx(wctx, store.System, func(tx *store.Tx) error {
			_, err := tx.UpsertEnterprises(wctx, []*model.Enterprise{{USCC: code, Name: name, RegionCode: "411203", Tags: []string{}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if mark.LSN() == "" {
			t.Fatal("no commit position after a write with a replica")
		}
		return wctx, mark
	}
	scope := access.Scope{Prefix: "411203"}
	list := func(rctx context.Context) int {
		t.Helper()
		page, err := s.Enterprises(rctx, scope, store.EnterpriseFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	_, mark := write("三门峡副本测试一有限公司")
	// Read your own write at once: whichever server answers, it has it.
	rctx := store.ReadAfter(store.FromReplica(ctx), mark.LSN())
	if n := list(rctx); n != 1 {
		t.Fatalf("own write not read back: %d enterprises", n)
	}
	// The write reaches the replica, and reads then go there.
	deadline := time.Now().Add(20 * time.Second)
	for {
		port, err := s.ServerPort(rctx)
		if err != nil {
			t.Fatal(err)
		}
		if port == portOf(t, replica.Host) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reads never moved to the replica (status %+v)", s.ReplicaStatus())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := list(rctx); n != 1 {
		t.Fatalf("replica has %d enterprises, want 1", n)
	}
	// Without FromReplica (a write request, a rule's read) the primary answers.
	if port, err := s.ServerPort(store.ReadAfter(ctx, mark.LSN())); err != nil || port == portOf(t, replica.Host) {
		t.Fatalf("a read not marked for the replica went to port %d (%v)", port, err)
	}
	// The replica goes away: the next read is answered by the primary.
	px.stop()
	if n := list(rctx); n != 1 {
		t.Fatalf("after the replica stopped: %d enterprises", n)
	}
	if port, err := s.ServerPort(rctx); err != nil || port == portOf(t, replica.Host) {
		t.Fatalf("after the replica stopped the read went to %d (%v)", port, err)
	}
	if st := s.ReplicaStatus(); st.Up {
		t.Fatalf("replica still reported up after it stopped: %+v", st)
	}
}

func portOf(t *testing.T, hostport string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(hostport)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}
