-- +goose Up
-- A commitment's promised date, kept as promised. It was recovered from the
-- working-day count, which moved a date on a non-working day to the day
-- before and changed once an unknown year's calendar was imported.
ALTER TABLE cases ADD COLUMN promised_date DATE;

-- +goose Down
ALTER TABLE cases DROP COLUMN promised_date;
