-- +goose Up
-- One hash chain per district instead of one for the whole database (see
-- the PostgreSQL migration of the same number). SQLite cannot change a
-- primary key in place: the table is rebuilt, its rows copied unchanged
-- into the chain '' they always formed.
CREATE TABLE audit_log_chains (
    chain       TEXT NOT NULL DEFAULT '',
    seq         INTEGER NOT NULL,
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
    hash        TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
INSERT INTO audit_log_chains (chain, seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash)
    SELECT '', seq, at, actor_id, actor, action, entity, entity_id, region_code, before_json, after_json, prev_hash, hash FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_chains RENAME TO audit_log;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_at ON audit_log (at, seq);
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

CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_heads (chain, seq, hash) SELECT '', seq, hash FROM audit_head;
DROP TABLE audit_head;

-- +goose Down
-- The districts' chains cannot be folded back into one without rewriting
-- every hash: going down is refused (the failing CHECK rolls it back).
CREATE TABLE audit_chains_cannot_be_merged (refused INTEGER CHECK (refused = 0));
INSERT INTO audit_chains_cannot_be_merged VALUES (1);
