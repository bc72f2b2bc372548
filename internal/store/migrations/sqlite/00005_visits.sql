-- +goose Up
-- 专项活动 such as 万人助万企: a period, participating cadres, and the visits
-- and cases tagged with it.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    starts_on   DATE NOT NULL,
    ends_on     DATE,
    description TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    UNIQUE (region_code, name)
);

-- 走访: a commissioner's (or an official's) visit to an enterprise.
CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    region_code   TEXT NOT NULL REFERENCES regions(code),
    scope_code    TEXT NOT NULL,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    visited_on    DATE NOT NULL,
    mode          TEXT NOT NULL,
    campaign_id   INTEGER REFERENCES campaigns(id),
    notes         TEXT NOT NULL DEFAULT '',
    created_by    INTEGER,
    created_at    DATETIME NOT NULL
);
CREATE INDEX visits_scope ON visits (scope_code, visited_on);
CREATE INDEX visits_enterprise ON visits (enterprise_id, visited_on);

CREATE TABLE visit_people (
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL, -- commissioner, official
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_people_user ON visit_people (user_id, visit_id);

-- A problem raised on a visit is a case linked back to it.
ALTER TABLE cases ADD COLUMN visit_id INTEGER REFERENCES visits(id);
ALTER TABLE cases ADD COLUMN campaign_id INTEGER REFERENCES campaigns(id);
CREATE INDEX cases_visit ON cases (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX cases_campaign ON cases (campaign_id) WHERE campaign_id IS NOT NULL;

-- +goose Down
DROP INDEX cases_campaign;
DROP INDEX cases_visit;
ALTER TABLE cases DROP COLUMN campaign_id;
ALTER TABLE cases DROP COLUMN visit_id;
DROP TABLE visit_people;
DROP TABLE visits;
DROP TABLE campaigns;
