-- Issue 20: the daily facts derived from `outcome_events` by the outcomes job. Every
-- table here is recomputed (delete-and-insert per day) and never written by a request.
-- `day` counts UTC days since 1970-01-01.

-- One row per question (its asked day): exact medians and percentiles over any range.
CREATE TABLE outcome_questions (
    topic_id TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    asked_at BIGINT NOT NULL,
    author_id TEXT,
    first_response_at BIGINT,
    first_response_employee BOOLEAN NOT NULL DEFAULT FALSE,
    first_employee_at BIGINT,
    solved_at BIGINT,
    brand_answered BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX outcome_questions_day_idx ON outcome_questions(community_id, day);
CREATE INDEX outcome_questions_waiting_idx ON outcome_questions(community_id, first_response_at, asked_at);

-- Counts per sub-community, day and metric (`community_id` '' = site-wide: sign-ups).
CREATE TABLE outcome_daily (
    community_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (community_id, day, metric)
);
CREATE INDEX outcome_daily_day_idx ON outcome_daily(day);

-- Help given per member and day: accepted answers and replies to others' topics.
CREATE TABLE outcome_helpers (
    community_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    user_id TEXT NOT NULL,
    accepted BIGINT NOT NULL,
    replies BIGINT NOT NULL,
    PRIMARY KEY (community_id, day, user_id)
);
CREATE INDEX outcome_helpers_day_idx ON outcome_helpers(day);

-- One row per escalation (its opened day), paired from the opened/resolved events.
CREATE TABLE outcome_escalations (
    subject_id TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    team TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX outcome_escalations_day_idx ON outcome_escalations(community_id, day);

-- A sub-community's target first-response time (absent: 24 hours).
CREATE TABLE outcome_targets (
    community_id TEXT PRIMARY KEY NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    target_hours INTEGER NOT NULL
);

-- Managers who do not want the monthly outcome mail of a sub-community.
CREATE TABLE outcome_mail_optouts (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, community_id)
);

-- The months whose outcome mail was queued (the primary key makes it once per month,
-- whichever node gets there first).
CREATE TABLE outcome_mail_months (
    month TEXT PRIMARY KEY NOT NULL,
    sent_at BIGINT NOT NULL
);
