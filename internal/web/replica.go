package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// Read-your-writes with a replica. A request that writes carries a mark;
// when its writes commit, the primary's WAL position is sent back (the
// cookie zhuqi_seen for browsers, the header Zhuqi-Read-After for API
// clients, and kept in this process for the user). A later read of the
// same user carries that position, and the store reads lists from the
// replica only once the replica has replayed it. Without a replica
// nothing of this is sent.

// seenCookie carries the position of a browser user's last write.
const seenCookie = "zhuqi_seen"

// readAfterHeader carries it for API clients, both ways.
const readAfterHeader = "Zhuqi-Read-After"

// seenTTL is how long this process remembers a user's last write.
const seenTTL = time.Minute

type seenWrites struct {
	mu sync.Mutex
	m  map[int64]seen
}

type seen struct {
	lsn string
	at  time.Time
}

func (w *seenWrites) get(user int64) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e, ok := w.m[user]; ok && time.Since(e.at) < seenTTL {
		return e.lsn
	}
	return ""
}

func (w *seenWrites) put(user int64, lsn string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil || len(w.m) > 10000 {
		w.m = map[int64]seen{}
	}
	w.m[user] = seen{lsn, time.Now()}
}

// replicaReads routes a signed-in user's reads: GET and HEAD may read lists
// from the replica (after the user's last write); other methods write, and
// report where their commit left the primary.
func (s *Server) replicaReads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if !s.svc.HasReplica() || p == nil {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			ctx = store.FromReplica(ctx)
			for _, lsn := range []string{r.Header.Get(readAfterHeader), s.seen.get(p.UserID)} {
				ctx = store.ReadAfter(ctx, lsn)
			}
			if c, err := r.Cookie(seenCookie); err == nil {
				ctx = store.ReadAfter(ctx, c.Value)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		ctx, mark := store.WithMark(ctx)
		next.ServeHTTP(&markWriter{ResponseWriter: w, mark: mark, s: s, user: p.UserID, browser: p.CSRFToken != ""}, r.WithContext(ctx))
	})
}

// markWriter adds the commit position to the response's headers when
// the handler starts its answer (its writes have committed by then).
type markWriter struct {
	http.ResponseWriter
	mark    *store.Mark
	s       *Server
	user    int64
	browser bool
	done    bool
}

func (m *markWriter) WriteHeader(code int) {
	if !m.done {
		m.done = true
		if lsn := m.mark.LSN(); lsn != "" {
			m.s.seen.put(m.user, lsn)
			m.Header().Set(readAfterHeader, lsn)
			if m.browser {
				http.SetCookie(m, &http.Cookie{Name: seenCookie, Value: lsn, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
					Secure: m.s.SecureCookies, MaxAge: int(seenTTL / time.Second)})
			}
		}
	}
	m.ResponseWriter.WriteHeader(code)
}

func (m *markWriter) Write(b []byte) (int, error) {
	if !m.done {
		m.WriteHeader(http.StatusOK)
	}
	return m.ResponseWriter.Write(b)
}

func (m *markWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }
