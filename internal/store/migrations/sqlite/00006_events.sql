-- +goose Up
-- 活动: policy briefings, centralized events, face-to-face sessions, trainings.
CREATE TABLE events (
    id                      INTEGER PRIMARY KEY,
    region_code             TEXT NOT NULL REFERENCES regions(code),
    title                   TEXT NOT NULL,
    kind                    TEXT NOT NULL,
    held_on                 DATE NOT NULL,
    place                   TEXT NOT NULL DEFAULT '',
    organizer_department_id INTEGER REFERENCES departments(id),
    notes                   TEXT NOT NULL DEFAULT '',
    created_by              INTEGER,
    created_at              DATETIME NOT NULL
);
CREATE INDEX events_region ON events (region_code, held_on);

CREATE TABLE event_departments (
    event_id      INTEGER NOT NULL REFERENCES events(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    role          TEXT NOT NULL, -- organizer, invited
    PRIMARY KEY (event_id, department_id)
);

CREATE TABLE event_enterprises (
    event_id      INTEGER NOT NULL REFERENCES events(id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    PRIMARY KEY (event_id, enterprise_id)
);

-- 指导降低经营支出: which enterprise, which cost area, the estimated saving.
CREATE TABLE cost_guidance (
    id                    INTEGER PRIMARY KEY,
    region_code           TEXT NOT NULL,
    scope_code            TEXT NOT NULL,
    enterprise_id         INTEGER NOT NULL REFERENCES enterprises(id),
    event_id              INTEGER REFERENCES events(id),
    visit_id              INTEGER REFERENCES visits(id),
    area                  TEXT NOT NULL,
    estimated_saving_yuan INTEGER NOT NULL DEFAULT 0,
    note                  TEXT NOT NULL DEFAULT '',
    guided_on             DATE NOT NULL,
    created_at            DATETIME NOT NULL
);
CREATE INDEX cost_guidance_scope ON cost_guidance (scope_code, guided_on);

ALTER TABLE cases ADD COLUMN event_id INTEGER REFERENCES events(id);
CREATE INDEX cases_event ON cases (event_id) WHERE event_id IS NOT NULL;

-- +goose Down
DROP INDEX cases_event;
ALTER TABLE cases DROP COLUMN event_id;
DROP TABLE cost_guidance;
DROP TABLE event_enterprises;
DROP TABLE event_departments;
DROP TABLE events;
