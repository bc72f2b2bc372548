-- +goose Up
-- The enterprises a special service team (专项服务团队) serves.
CREATE TABLE team_enterprises (
    team_id       BIGINT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    since         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, enterprise_id)
);
CREATE INDEX team_enterprises_enterprise ON team_enterprises (enterprise_id);

-- +goose Down
DROP TABLE team_enterprises;
