-- Moderation and governance: a post's publication state, flags, one review queue per
-- sub-community, the policy engine's rules and detectors, sanctions (silence) and an
-- audit log with before/after values that the database itself refuses to change.

-- published: everyone who may see the sub-community sees it; held: awaiting approval
-- (policy or pre-moderation); hidden: taken down by flags or a moderator. Held and hidden
-- posts are seen only by their author and the sub-community's moderators.
ALTER TABLE posts ADD COLUMN moderation_state TEXT NOT NULL DEFAULT 'published';
-- A topic whose opening post is not published is left out of every list.
ALTER TABLE topics ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
-- Read-only until then (a silenced member may read but not write).
ALTER TABLE users ADD COLUMN silenced_until BIGINT;

ALTER TABLE audit_log ADD COLUMN community_id TEXT;
ALTER TABLE audit_log ADD COLUMN before_value TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN after_value TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_action_idx ON audit_log(action, created_at);
CREATE INDEX audit_log_actor_idx ON audit_log(actor_id, created_at);

CREATE TABLE flags (
    id TEXT PRIMARY KEY NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- Whether the flagger was trusted when flagging: only trusted flags hide a post.
    trusted BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    -- Set when the review item the flag fed is resolved; a later flag opens a new item.
    resolved_at BIGINT,
    UNIQUE (post_id, user_id)
);

CREATE TABLE review_items (
    id TEXT PRIMARY KEY NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    -- What the policy engine matched: one "label<TAB>action<TAB>text" per line.
    matches TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
-- One open review item per post however many flags.
CREATE UNIQUE INDEX review_items_one_open_idx ON review_items(post_id) WHERE status = 'open';
CREATE INDEX review_items_queue_idx ON review_items(community_id, status, created_at);

CREATE TABLE policy_rules (
    id TEXT PRIMARY KEY NOT NULL,
    -- NULL: the whole deployment.
    community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    pattern TEXT NOT NULL,
    action TEXT NOT NULL,
    skip_employee_only BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX policy_rules_community_idx ON policy_rules(community_id);

CREATE TABLE policy_detectors (
    detector TEXT PRIMARY KEY NOT NULL,
    enabled BOOLEAN NOT NULL,
    action TEXT NOT NULL,
    skip_employee_only BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO policy_detectors (detector, enabled, action, skip_employee_only) VALUES
    ('email', TRUE, 'flag', FALSE),
    ('phone', TRUE, 'flag', FALSE),
    ('card', TRUE, 'hold', FALSE),
    ('iban', TRUE, 'hold', FALSE),
    ('secret', TRUE, 'block', FALSE),
    ('code_name', TRUE, 'hold', TRUE),
    ('marker', TRUE, 'hold', TRUE);

CREATE TABLE moderation_settings (
    id INTEGER PRIMARY KEY NOT NULL,
    flag_threshold INTEGER NOT NULL,
    new_account_hours INTEGER NOT NULL,
    new_account_posts_per_hour INTEGER NOT NULL,
    new_account_max_links INTEGER NOT NULL,
    code_names TEXT NOT NULL DEFAULT '',
    markers TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
INSERT INTO moderation_settings VALUES
    (1, 3, 24, 30, 5, '', 'confidential
internal only
do not distribute', 0);

CREATE TABLE community_moderation (
    community_id TEXT PRIMARY KEY NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    hold_first_posts INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- The audit log is append-only, enforced by the database too.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
