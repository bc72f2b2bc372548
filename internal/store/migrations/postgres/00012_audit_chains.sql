-- +goose Up
-- One hash chain per district instead of one for the whole database, so
-- writers of different districts no longer queue behind one head row. A
-- row's chain is the district of its region (the first six digits of its
-- code; a city's or province's own records chain under its code; records of
-- no region under ''). The rows written before this migration stay, with
-- their numbers and hashes, as the chain '' they always were.
ALTER TABLE audit_log ADD COLUMN chain TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (chain, seq);
CREATE INDEX audit_log_at ON audit_log (at, seq);

CREATE TABLE audit_heads (
    chain TEXT COLLATE "C" PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_heads (chain, seq, hash) SELECT '', seq, hash FROM audit_head;
DROP TABLE audit_head;

-- +goose Down
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_heads WHERE chain = '';
DROP TABLE audit_heads;
DROP INDEX audit_log_at;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD PRIMARY KEY (seq);
ALTER TABLE audit_log DROP COLUMN chain;
