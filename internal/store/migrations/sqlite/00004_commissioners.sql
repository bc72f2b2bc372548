-- +goose Up
-- 包联: which commissioner (服务专员) serves which enterprise, with history.
-- ended_at IS NULL marks the active assignment; the partial unique index
-- keeps it at most one per enterprise.
CREATE TABLE commissioner_assignments (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    region_code   TEXT NOT NULL,
    started_at    DATETIME NOT NULL,
    ended_at      DATETIME,
    start_reason  TEXT NOT NULL DEFAULT '',
    end_reason    TEXT NOT NULL DEFAULT '',
    assigned_by   TEXT NOT NULL DEFAULT '',
    ended_by      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX commissioner_active ON commissioner_assignments (enterprise_id) WHERE ended_at IS NULL;
CREATE INDEX commissioner_by_user ON commissioner_assignments (user_id, ended_at);
CREATE INDEX commissioner_by_enterprise ON commissioner_assignments (enterprise_id, started_at);

-- +goose Down
DROP TABLE commissioner_assignments;
