-- Issue 22: the sign-in, sign-up and reset limits kept in the database, so every app
-- node spends one budget. One row per limited key with its GCRA state: `tat` is the
-- theoretical arrival time in microseconds since the epoch (the key's budget is full
-- again once it is in the past, and housekeeping deletes the row then), `allowed` what
-- the last attempt was told. Expand-only: the previous release never reads it.
CREATE TABLE rate_limit_state (
    rate_key TEXT PRIMARY KEY NOT NULL,
    tat BIGINT NOT NULL,
    allowed INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rate_limit_state_tat ON rate_limit_state (tat);
