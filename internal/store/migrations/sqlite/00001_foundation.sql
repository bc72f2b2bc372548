-- +goose Up
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    parent_code TEXT REFERENCES regions(code),
    prefix      TEXT NOT NULL UNIQUE,
    created_at  DATETIME NOT NULL
);

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'department',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    UNIQUE (region_code, code)
);

CREATE TABLE tag_defs (
    name       TEXT PRIMARY KEY,
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);

CREATE TABLE enterprises (
    id            INTEGER PRIMARY KEY,
    uscc          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',
    legal_rep     TEXT NOT NULL DEFAULT '',
    industry_code TEXT NOT NULL DEFAULT '',
    scale         TEXT NOT NULL DEFAULT '',
    ownership     TEXT NOT NULL DEFAULT '',
    region_code   TEXT NOT NULL REFERENCES regions(code),
    township_code TEXT REFERENCES regions(code),
    scope_code    TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    latitude      REAL,
    longitude     REAL,
    founded_on    DATE,
    employees     INTEGER NOT NULL DEFAULT 0,
    revenue_yuan  INTEGER NOT NULL DEFAULT 0,
    tags          TEXT NOT NULL DEFAULT '[]',
    contacts      TEXT NOT NULL DEFAULT '[]',
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX enterprises_scope ON enterprises (scope_code, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions(code),
    department_id INTEGER REFERENCES departments(id),
    enterprise_id INTEGER REFERENCES enterprises(id),
    phone         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX users_region ON users (region_code);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    focus       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    UNIQUE (region_code, name)
);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    duty    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME
);

CREATE TABLE login_failures (
    login TEXT NOT NULL,
    at    DATETIME NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          DATETIME NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);

-- The head of the hash chain: one row, locked by every audit write so the
-- chain stays linear when several writers commit at once.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE team_members;
DROP TABLE teams;
DROP TABLE users;
DROP TABLE enterprises;
DROP TABLE tag_defs;
DROP TABLE departments;
DROP TABLE regions;
