-- +goose Up
ALTER TABLE webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'json';
ALTER TABLE webhooks ADD COLUMN name TEXT NOT NULL DEFAULT '';
CREATE INDEX webhooks_region ON webhooks (region_code);

-- Outgoing webhook calls, written in the same transaction as the event
-- they report (an outbox), delivered and retried by the webhook worker.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks(id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME,
    delivered_at    DATETIME,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- +goose Down
DROP TABLE webhook_deliveries;
DROP INDEX webhooks_region;
ALTER TABLE webhooks DROP COLUMN name;
ALTER TABLE webhooks DROP COLUMN format;
