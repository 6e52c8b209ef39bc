-- Issue 20: the outcome event log. One row per thing that happened which the outcome
-- dashboard counts (a question asked, its first reply, an accepted answer, an escalation
-- opened, a sign-up through an invitation, a deflection, ...), written in the same
-- transaction as the action itself. Append-only: rows are inserted, never updated; the
-- daily facts are recomputed from them. `subject_id` names what the event is about when
-- it is not a topic or post (an escalation, a team, an invitation); `detail` is a short
-- machine-readable value (a status, a source label, a duration in seconds).
CREATE TABLE outcome_events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
    topic_id TEXT,
    post_id TEXT,
    actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    actor_is_employee BOOLEAN NOT NULL DEFAULT FALSE,
    subject_id TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outcome_events_community_time_idx ON outcome_events(community_id, occurred_at);
CREATE INDEX outcome_events_time_idx ON outcome_events(occurred_at);
CREATE INDEX outcome_events_topic_idx ON outcome_events(topic_id, kind);
