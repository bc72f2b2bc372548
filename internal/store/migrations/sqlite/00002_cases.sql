-- +goose Up
-- Working-day calendar years imported by an administrator; they override
-- the State Council dates embedded in the binary.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    holidays    TEXT NOT NULL,
    workdays    TEXT NOT NULL,
    imported_at DATETIME NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE case_categories (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL UNIQUE,
    time_limit     INTEGER,             -- working days; NULL: the kind's default
    yellow_percent INTEGER NOT NULL DEFAULT 67,
    idle_workdays  INTEGER NOT NULL DEFAULT 3,
    sort           INTEGER NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL
);

-- The categories of the issue; the time limit is the kind's default unless
-- a category sets its own (land use and approvals are complex: 22 days).
INSERT INTO case_categories (code, name, time_limit, sort, created_at) VALUES
    ('funds', '资金', NULL, 1, CURRENT_TIMESTAMP),
    ('financing', '融资', NULL, 2, CURRENT_TIMESTAMP),
    ('labor', '用工', NULL, 3, CURRENT_TIMESTAMP),
    ('power', '用电', NULL, 4, CURRENT_TIMESTAMP),
    ('land', '用地', 22, 5, CURRENT_TIMESTAMP),
    ('approval', '审批', 22, 6, CURRENT_TIMESTAMP),
    ('legal', '法律', NULL, 7, CURRENT_TIMESTAMP),
    ('policy', '政策咨询', NULL, 8, CURRENT_TIMESTAMP),
    ('other', '其他', NULL, 9, CURRENT_TIMESTAMP);

-- Gap-free case numbers: one row per region and year, incremented inside
-- the transaction that creates the case.
CREATE TABLE case_numbers (
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    region_code        TEXT NOT NULL REFERENCES regions(code),
    scope_code         TEXT NOT NULL,
    enterprise_id      INTEGER NOT NULL REFERENCES enterprises(id),
    kind               TEXT NOT NULL,
    category_id        INTEGER NOT NULL REFERENCES case_categories(id),
    source             TEXT NOT NULL,
    external_id        TEXT,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    warning            TEXT NOT NULL DEFAULT 'none',
    open               INTEGER NOT NULL DEFAULT 1,
    received_at        DATETIME NOT NULL,
    time_limit         INTEGER NOT NULL,
    fixed_due          INTEGER NOT NULL DEFAULT 0,
    extension_workdays INTEGER NOT NULL DEFAULT 0,
    suspended_workdays INTEGER NOT NULL DEFAULT 0,
    suspended_at       DATETIME,
    due_at             DATETIME NOT NULL,
    provisional        INTEGER NOT NULL DEFAULT 0,
    last_progress_at   DATETIME NOT NULL,
    next_check_at      DATETIME,
    escalated_at       DATETIME,
    leader_id          INTEGER REFERENCES users(id),
    resolved_at        DATETIME,
    overdue            INTEGER NOT NULL DEFAULT 0,
    rating             INTEGER,
    rated_at           DATETIME,
    closed_at          DATETIME,
    reopen_count       INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX cases_external ON cases (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_scope ON cases (scope_code, open, warning, due_at);
CREATE INDEX cases_enterprise ON cases (enterprise_id, id);
CREATE INDEX cases_received ON cases (region_code, received_at);
-- The warning clock: the next moment each case's warning changes.
CREATE INDEX cases_next_check ON cases (next_check_at) WHERE next_check_at IS NOT NULL;

-- Who a case is assigned to. Department rows copy the case's open flag,
-- warning and due time so that "the red cases of one department" is one
-- index range, whatever the number of open cases.
CREATE TABLE case_assignees (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    role          TEXT NOT NULL,          -- lead, cooperate, leader, unit
    department_id INTEGER REFERENCES departments(id),
    user_id       INTEGER REFERENCES users(id),
    open          INTEGER NOT NULL DEFAULT 1,
    warning       TEXT NOT NULL DEFAULT 'none',
    due_at        DATETIME NOT NULL,
    assigned_at   DATETIME NOT NULL
);
-- Unique per case and department (NULLs, the leader rows, are distinct), and
-- the index every "assignees of these cases" lookup uses.
CREATE UNIQUE INDEX case_assignees_dept ON case_assignees (case_id, department_id);
CREATE UNIQUE INDEX case_assignees_user ON case_assignees (case_id, user_id);
CREATE INDEX case_assignees_todo ON case_assignees (department_id, open, warning, due_at, case_id);
CREATE INDEX case_assignees_user_todo ON case_assignees (user_id, open, warning, due_at, case_id);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          DATETIME NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    type        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE case_extensions (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    workdays     INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    requested_by INTEGER,
    requested_at DATETIME NOT NULL,
    decided_by   INTEGER,
    decided_at   DATETIME,
    decision     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_extensions_case ON case_extensions (case_id, id);

CREATE TABLE case_attachments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  INTEGER,
    created_at   DATETIME NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- Open cases per district, department and warning level, kept in step by
-- every write that changes them, so the board never recounts.
CREATE TABLE case_counts (
    region_code   TEXT NOT NULL,
    department_id INTEGER NOT NULL,       -- 0: all departments (the case itself)
    warning       TEXT NOT NULL,
    shard         INTEGER NOT NULL,       -- spreads concurrent updates over rows
    n             INTEGER NOT NULL,
    PRIMARY KEY (region_code, department_id, warning, shard)
);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    case_id    INTEGER REFERENCES cases(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    read_at    DATETIME
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL DEFAULT '*',
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE webhooks;
DROP TABLE notifications;
DROP TABLE case_counts;
DROP TABLE case_attachments;
DROP TABLE case_extensions;
DROP TABLE case_events;
DROP TABLE case_assignees;
DROP TABLE cases;
DROP TABLE case_numbers;
DROP TABLE case_categories;
DROP TABLE calendar_years;
