package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/model"
)

// Webhook is an outgoing HTTP callback for case events (a WeCom or
// DingTalk group robot, or an integration endpoint).
type Webhook struct {
	ID         int64     `json:"id"`
	RegionCode string    `json:"region_code"`
	Name       string    `json:"name"`
	URL        string    `json:"url"`
	Secret     string    `json:"-"`
	Events     string    `json:"events"` // "*" or a comma-separated list of event types
	Format     string    `json:"format"` // json, wecom, dingtalk
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
}

// CreateWebhook stores a webhook.
func (tx *Tx) CreateWebhook(ctx context.Context, h *Webhook) error {
	h.CreatedAt, h.Active = tx.now, true
	tx.store.hooks.mu.Lock()
	delete(tx.store.hooks.m, h.RegionCode)
	tx.store.hooks.mu.Unlock()
	err := tx.queryRow(ctx, `INSERT INTO webhooks (region_code, name, url, secret, events, format, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, h.RegionCode, h.Name, h.URL, h.Secret, h.Events, h.Format, true, tx.now).Scan(&h.ID)
	if err != nil {
		return interpretError(err)
	}
	return tx.Audit(ctx, AuditEntry{Action: "create", Entity: "webhook", EntityID: strconv.FormatInt(h.ID, 10), RegionCode: h.RegionCode, After: h})
}

// Webhooks lists the webhooks of the regions in prefix.
func (s *Store) Webhooks(ctx context.Context, prefix string) ([]*Webhook, error) {
	var w where
	w.prefix("region_code", prefix)
	rows, err := s.read.QueryContext(ctx, "SELECT id, region_code, name, url, secret, events, format, active, created_at FROM webhooks"+w.sql()+" ORDER BY id", w.args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*Webhook{}
	for rows.Next() {
		var h Webhook
		if err := rows.Scan(&h.ID, &h.RegionCode, &h.Name, &h.URL, &h.Secret, &h.Events, &h.Format, &h.Active, &h.CreatedAt); err != nil {
			return nil, interpretError(err)
		}
		h.CreatedAt = h.CreatedAt.UTC()
		out = append(out, &h)
	}
	return out, interpretError(rows.Err())
}

// WebhookPayload is the JSON body of a delivery in the json format.
type WebhookPayload struct {
	Event      string    `json:"event"`
	At         time.Time `json:"at"`
	Note       string    `json:"note,omitempty"`
	CaseID     int64     `json:"case_id"`
	Number     string    `json:"number"`
	Title      string    `json:"title"`
	Status     string    `json:"status"`
	Warning    string    `json:"warning"`
	DueAt      time.Time `json:"due_at"`
	Enterprise string    `json:"enterprise"`
	RegionCode string    `json:"region_code"`
}

// enqueueWebhooks writes a delivery for every active webhook of the case's
// district that listens to the event, in the transaction of the event.
func (tx *Tx) enqueueWebhooks(ctx context.Context, c *model.Case, events ...model.CaseEvent) error {
	hooks, err := tx.activeHooks(ctx, c.RegionCode)
	if err != nil || len(hooks) == 0 {
		return err
	}
	for _, ev := range events {
		if ev.Type == "" {
			continue
		}
		at := ev.At
		if at.IsZero() {
			at = tx.now
		}
		body, err := json.Marshal(WebhookPayload{Event: ev.Type, At: at.UTC(), Note: ev.Note, CaseID: c.ID, Number: c.Number, Title: c.Title,
			Status: string(c.Status), Warning: string(c.Warning), DueAt: c.DueAt.UTC(), Enterprise: c.EnterpriseName, RegionCode: c.RegionCode})
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if h.events != "*" && !containsWord(h.events, ev.Type) {
				continue
			}
			// Due at the event's own time: the business clock, which tests
			// and the demo move.
			if _, err := tx.exec(ctx, "INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5)",
				h.id, ev.Type, string(body), at.UTC(), tx.now); err != nil {
				return fmt.Errorf("webhook outbox: %w", err)
			}
		}
	}
	return nil
}

func containsWord(list, w string) bool {
	for _, x := range strings.Split(list, ",") {
		if strings.TrimSpace(x) == w {
			return true
		}
	}
	return false
}

// Delivery is a webhook call to make.
type Delivery struct {
	ID       int64
	Webhook  Webhook
	Event    string
	Payload  string
	Attempts int
}

// DueDeliveries returns the deliveries whose (next) attempt has come.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*Delivery, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT d.id, d.event, d.payload, d.attempts, h.id, h.url, h.secret, h.format
		FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook_id
		WHERE d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT `+strconv.Itoa(limit), now.UTC())
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []*Delivery
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ID, &d.Event, &d.Payload, &d.Attempts, &d.Webhook.ID, &d.Webhook.URL, &d.Webhook.Secret, &d.Webhook.Format); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, &d)
	}
	return out, interpretError(rows.Err())
}

// FinishDelivery records an attempt: delivered, retried at next, or (next
// nil and failed) given up.
func (s *Store) FinishDelivery(ctx context.Context, id int64, attempts int, delivered bool, next *time.Time, lastErr string, now time.Time) error {
	var deliveredAt any
	if delivered {
		deliveredAt = now.UTC()
	}
	_, err := s.write.ExecContext(ctx, "UPDATE webhook_deliveries SET attempts = $1, delivered_at = $2, next_attempt_at = $3, last_error = $4 WHERE id = $5",
		attempts, deliveredAt, nullTime(next), lastErr, id)
	return interpretError(err)
}

type hook struct {
	id     int64
	events string
}

// hookTTL bounds how long the list of a district's webhooks is trusted
// (this process drops it at once when it adds one).
const hookTTL = 10 * time.Second

type hookCache struct {
	mu sync.Mutex
	m  map[string]hookEntry
}

type hookEntry struct {
	hooks []hook
	at    time.Time
}

// activeHooks returns a district's active webhooks; every case write asks,
// and almost always the answer is none.
func (tx *Tx) activeHooks(ctx context.Context, region string) ([]hook, error) {
	c := &tx.store.hooks
	c.mu.Lock()
	e, ok := c.m[region]
	c.mu.Unlock()
	if ok && time.Since(e.at) < hookTTL {
		return e.hooks, nil
	}
	st, err := tx.stmt(ctx, "SELECT id, events FROM webhooks WHERE region_code = $1 AND active = $2")
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, region, true)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var hooks []hook
	for rows.Next() {
		var h hook
		if err := rows.Scan(&h.id, &h.events); err != nil {
			return nil, interpretError(err)
		}
		hooks = append(hooks, h)
	}
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]hookEntry{}
	}
	c.m[region] = hookEntry{hooks: hooks, at: time.Now()}
	c.mu.Unlock()
	return hooks, nil
}
