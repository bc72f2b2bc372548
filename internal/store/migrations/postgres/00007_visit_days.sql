-- +goose Up
-- Whether a service commissioner made the visit (the briefing counts
-- their visits apart), and visits counted per scope and day, kept by every
-- visit write: statistics over a year read a few thousand counters, not a
-- million visits.
ALTER TABLE visits ADD COLUMN by_commissioner BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE visit_days (
    scope_code      TEXT COLLATE "C" NOT NULL,
    day             DATE NOT NULL,
    by_commissioner BOOLEAN NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (scope_code, day, by_commissioner)
);
INSERT INTO visit_days (scope_code, day, by_commissioner, n)
    SELECT scope_code, visited_on, by_commissioner, COUNT(*) FROM visits GROUP BY scope_code, visited_on, by_commissioner;

-- +goose Down
DROP TABLE visit_days;
ALTER TABLE visits DROP COLUMN by_commissioner;
