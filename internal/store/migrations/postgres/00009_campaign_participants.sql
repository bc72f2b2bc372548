-- +goose Up
-- The cadres taking part in a 专项活动 (万人助万企 sends officials into
-- enterprises; the campaign's figures name who took part).
CREATE TABLE campaign_participants (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (campaign_id, user_id)
);

-- A campaign's figures count its visits.
CREATE INDEX visits_campaign ON visits (campaign_id) WHERE campaign_id IS NOT NULL;

-- +goose Down
DROP INDEX visits_campaign;
DROP TABLE campaign_participants;
