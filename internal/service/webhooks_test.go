package service_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/service"
	"github.com/zhuqi-gov/zhuqi/internal/store"
	"github.com/zhuqi-gov/zhuqi/internal/store/storetest"
)

func TestWebhooksAreSignedAndRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		var mu sync.Mutex
		var got []map[string]any
		fail := 1 // the first call fails, the retry succeeds
		var secret string
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if fail > 0 {
				fail--
				http.Error(rw, "busy", http.StatusServiceUnavailable)
				return
			}
			sig := r.Header.Get("X-Zhuqi-Signature")
			var ts int64
			var hexsum string
			fmt.Sscanf(strings.Replace(sig, ",sha256=", " ", 1), "t=%d %s", &ts, &hexsum)
			m := hmac.New(sha256.New, []byte(secret))
			fmt.Fprintf(m, "%d.", ts)
			m.Write(body)
			if hexsum != hex.EncodeToString(m.Sum(nil)) {
				t.Errorf("bad signature %q", sig)
			}
			var p map[string]any
			json.Unmarshal(body, &p)
			got = append(got, p)
		}))
		defer srv.Close()
		if _, err := w.svc.CreateWebhook(ctx, w.fgw, service.WebhookInput{URL: srv.URL}); errCode(err) != "forbidden" {
			t.Fatalf("department creating a webhook: %v", err)
		}
		if _, err := w.svc.CreateWebhook(ctx, w.coord, service.WebhookInput{URL: "ftp://x"}); errCode(err) != "invalid" {
			t.Fatalf("bad URL: %v", err)
		}
		h, err := w.svc.CreateWebhook(ctx, w.coord, service.WebhookInput{Name: "督办群", URL: srv.URL, Events: "created,supervision"})
		if err != nil {
			t.Fatal(err)
		}
		secret = h.Secret
		c := w.create(t, service.CaseInput{})
		must(t)(w.svc.Assign(ctx, w.coord, c.ID, service.AssignInput{LeadDepartmentID: w.fgwID})) // not subscribed
		if n, err := w.svc.DeliverWebhooks(ctx); err != nil || n != 0 {
			t.Fatalf("first attempt: %d %v", n, err)
		}
		if n, _ := w.svc.DeliverWebhooks(ctx); n != 0 {
			t.Fatalf("retried before its back-off: %d", n)
		}
		w.now = w.now.Add(31 * time.Second)
		if n, err := w.svc.DeliverWebhooks(ctx); err != nil || n != 1 {
			t.Fatalf("retry: %d %v", n, err)
		}
		w.now = at("2026-03-12 00:00")
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.svc.DeliverWebhooks(ctx); n != 1 {
			t.Fatalf("supervision delivery: %d", n)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 2 || got[0]["event"] != "created" || got[1]["event"] != "supervision" || got[1]["warning"] != "red" || got[0]["number"] != c.Number {
			t.Fatalf("deliveries: %+v", got)
		}
	})
}
