package cases

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhuqi-gov/zhuqi/internal/access"
	"github.com/zhuqi-gov/zhuqi/internal/calendar"
	"github.com/zhuqi-gov/zhuqi/internal/fault"
	"github.com/zhuqi-gov/zhuqi/internal/service/core"
	"github.com/zhuqi-gov/zhuqi/internal/store"
)

// WebhookInput configures an outgoing webhook.
type WebhookInput struct {
	Name   string `json:"name"`
	URL    string `json:"url"`
	Events string `json:"events"` // "*" (default) or e.g. "supervision,escalation"
	Format string `json:"format"` // json (default), wecom, dingtalk
	Secret string `json:"secret"` // json: HMAC key (generated when empty); dingtalk: the robot's 加签 secret
}

// CreatedWebhook is a webhook with its secret, shown once.
type CreatedWebhook struct {
	*store.Webhook
	Secret string `json:"secret"`
}

// CreateWebhook adds a webhook for the principal's district.
func (s *Service) CreateWebhook(ctx context.Context, p *access.Principal, in WebhookInput) (*CreatedWebhook, error) {
	if !p.Can(access.ManageCases) {
		return nil, fault.Forbidden()
	}
	u, err := url.Parse(strings.TrimSpace(in.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fault.Invalid("url", "请填写 http:// 或 https:// 开头的回调地址")
	}
	switch in.Format {
	case "":
		in.Format = "json"
	case "json", "wecom", "dingtalk":
	default:
		return nil, fault.Invalid("format", "格式应为 json、wecom（企业微信群机器人）或 dingtalk（钉钉群机器人）")
	}
	if in.Events == "" {
		in.Events = "*"
	}
	if in.Secret == "" && in.Format == "json" {
		in.Secret = core.RandomToken(24)
	}
	h := &store.Webhook{RegionCode: p.RegionCode, Name: strings.TrimSpace(in.Name), URL: u.String(), Secret: in.Secret, Events: in.Events, Format: in.Format}
	if err := s.db.WriteTx(ctx, core.Actor(p), func(tx *store.Tx) error { return tx.CreateWebhook(ctx, h) }); err != nil {
		return nil, fault.Explain(err, "回调")
	}
	return &CreatedWebhook{Webhook: h, Secret: h.Secret}, nil
}

// Sign is the signature of a json webhook body: hex HMAC-SHA256 of
// "<unix seconds>.<body>" with the webhook's secret, sent as
// X-Zhuqi-Signature: t=<unix seconds>,sha256=<hex>.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "%d.", ts)
	m.Write(body)
	return "t=" + strconv.FormatInt(ts, 10) + ",sha256=" + hex.EncodeToString(m.Sum(nil))
}

// webhookBackoff is the wait before each retry; after the last one the
// delivery is given up (and stays visible with its last error).
var webhookBackoff = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour}

var eventTitles = map[string]string{
	"created": "新事项", "assign": "交办", "accept": "签收", "return": "退回", "resolve": "办结", "rate": "回访评价", "close": "销号",
	"supervision": "督办（红色预警）", "warning": "预警", "escalation": "通报", "extension_requested": "申请延期",
	"extension_approved": "同意延期", "extension_refused": "不同意延期", "suspend": "挂起", "resume": "恢复办理", "progress": "办理进展",
}

// request builds the HTTP request of one delivery in the webhook's format.
func (s *Service) webhookRequest(ctx context.Context, d *store.Delivery) (*http.Request, error) {
	body := []byte(d.Payload)
	target := d.Webhook.URL
	var p store.WebhookPayload
	if d.Webhook.Format != "json" {
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		title := eventTitles[p.Event]
		if title == "" {
			title = p.Event
		}
		text := fmt.Sprintf("【%s】%s %s\n企业：%s\n到期：%s", title, p.Number, p.Title, p.Enterprise, p.DueAt.In(calendar.Shanghai).Format("2006-01-02"))
		if p.Note != "" {
			text += "\n" + p.Note
		}
		body, _ = json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": text}})
		if d.Webhook.Format == "dingtalk" && d.Webhook.Secret != "" {
			// DingTalk's 加签: timestamp in ms and base64 HMAC of "ts\nsecret".
			ts := strconv.FormatInt(s.Now().UnixMilli(), 10)
			m := hmac.New(sha256.New, []byte(d.Webhook.Secret))
			m.Write([]byte(ts + "\n" + d.Webhook.Secret))
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			target += sep + "timestamp=" + ts + "&sign=" + url.QueryEscape(base64.StdEncoding.EncodeToString(m.Sum(nil)))
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "zhuqi-webhook/1")
	req.Header.Set("X-Zhuqi-Event", d.Event)
	req.Header.Set("X-Zhuqi-Delivery", strconv.FormatInt(d.ID, 10))
	if d.Webhook.Format == "json" {
		req.Header.Set("X-Zhuqi-Signature", Sign(d.Webhook.Secret, s.Now().Unix(), body))
	}
	return req, nil
}

// WebhookClient makes the deliveries; tests replace it.
var WebhookClient = &http.Client{Timeout: 10 * time.Second}

// DeliverWebhooks makes every delivery that is due and reports how many
// succeeded.
func (s *Service) DeliverWebhooks(ctx context.Context) (int, error) {
	due, err := s.db.DueDeliveries(ctx, s.Now(), 100)
	if err != nil {
		return 0, err
	}
	ok := 0
	for _, d := range due {
		attempts := d.Attempts + 1
		errText := ""
		req, err := s.webhookRequest(ctx, d)
		if err == nil {
			var resp *http.Response
			resp, err = WebhookClient.Do(req)
			if err == nil {
				io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
				resp.Body.Close()
				if resp.StatusCode >= 300 {
					err = fmt.Errorf("HTTP %d", resp.StatusCode)
				}
			}
		}
		var next *time.Time
		if err != nil {
			errText = err.Error()
			if attempts <= len(webhookBackoff) {
				t := s.Now().Add(webhookBackoff[attempts-1])
				next = &t
			}
		} else {
			ok++
		}
		if err := s.db.FinishDelivery(ctx, d.ID, attempts, err == nil, next, errText, s.Now()); err != nil {
			return ok, err
		}
	}
	return ok, nil
}

// RunWebhooks delivers webhooks until ctx ends, polling every few seconds.
func (s *Service) RunWebhooks(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	for {
		if _, err := s.DeliverWebhooks(ctx); err != nil && ctx.Err() == nil {
			log.Error("webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
