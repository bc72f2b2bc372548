-- +goose Up
-- A commissioner's planned visits (走访计划): which enterprise, in which
-- period (a week or a month). An item is done when the commissioner
-- visited the enterprise within the period; that is read from the visits,
-- never stored twice.
CREATE TABLE visit_plans (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    region_code   TEXT NOT NULL,
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    UNIQUE (user_id, enterprise_id, starts_on)
);
CREATE INDEX visit_plans_region ON visit_plans (region_code, ends_on);

-- +goose Down
DROP TABLE visit_plans;
