-- Issue 20: product teams and the escalations of topics to them.
-- A team covers some sub-communities (where topics may be escalated to it), has members
-- (who work its queue at /teams/{slug}), and optionally a notification address and a
-- webhook URL. An escalation belongs to one topic; its team is optional (an external
-- reference alone is allowed). `community_id` is the topic's sub-community when it was
-- escalated, kept on the row so the queue filters and the permission checks need no join;
-- a topic moved later is followed by `escalations::service` (the topic's row is read).
-- `is_open` (status open or in progress) orders a queue: open first, oldest first.
CREATE TABLE product_teams (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    notify_email TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES product_teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members(user_id);
CREATE TABLE team_communities (
    team_id TEXT NOT NULL REFERENCES product_teams(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, community_id)
);
CREATE INDEX team_communities_community_idx ON team_communities(community_id);
CREATE TABLE escalations (
    id TEXT PRIMARY KEY NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    team_id TEXT REFERENCES product_teams(id) ON DELETE SET NULL,
    external_id TEXT NOT NULL DEFAULT '',
    external_url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    is_open BOOLEAN NOT NULL,
    owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    internal_note TEXT NOT NULL DEFAULT '',
    resolution_note TEXT NOT NULL DEFAULT '',
    opened_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX escalations_topic_idx ON escalations(topic_id, created_at);
CREATE INDEX escalations_team_queue_idx ON escalations(team_id, is_open, created_at, id);
CREATE TABLE escalation_history (
    id TEXT PRIMARY KEY NOT NULL,
    escalation_id TEXT NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
    actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX escalation_history_escalation_idx ON escalation_history(escalation_id, created_at);
