-- Notifications, watching levels, email preferences and the columns the outbox needs
-- to thread, unsubscribe and re-check a notification mail at sending time.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
    topic_id TEXT REFERENCES topics(id) ON DELETE CASCADE,
    post_id TEXT REFERENCES posts(id) ON DELETE CASCADE,
    -- Short text fixed at the time of the event (a topic title, an idea status).
    summary TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    -- none | pending | sent | skipped_read | dropped | capped | unsubscribed
    email_status TEXT NOT NULL,
    email_due_at BIGINT,
    -- Which composed mail carried this notification.
    email_batch TEXT
);
CREATE INDEX notifications_user_idx ON notifications(user_id, created_at, id);
CREATE INDEX notifications_unread_idx ON notifications(user_id, topic_id) WHERE read_at IS NULL;
CREATE INDEX notifications_email_due_idx ON notifications(email_status, email_due_at);
CREATE INDEX notifications_batch_idx ON notifications(email_batch);

-- A member's chosen level for a topic, category or sub-community. No row means normal.
CREATE TABLE watches (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    level TEXT NOT NULL,
    -- Topics: the reply count the member had seen, for "n new" on tracked topics.
    last_read INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX watches_target_idx ON watches(target_kind, target_id, level);

CREATE TABLE notification_prefs (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mail_replies BOOLEAN NOT NULL DEFAULT TRUE,
    mail_mentions BOOLEAN NOT NULL DEFAULT TRUE,
    mail_watching BOOLEAN NOT NULL DEFAULT TRUE,
    mail_updates BOOLEAN NOT NULL DEFAULT TRUE,
    digest TEXT NOT NULL DEFAULT 'off',
    last_digest_at BIGINT,
    -- Signs this member's one-click unsubscribe links (HMAC-SHA256).
    unsubscribe_key TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX notification_prefs_digest_idx ON notification_prefs(digest, last_digest_at);

ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN default_watch_level TEXT NOT NULL DEFAULT 'normal';

ALTER TABLE outbox ADD COLUMN user_id TEXT;
ALTER TABLE outbox ADD COLUMN topic_id TEXT;
ALTER TABLE outbox ADD COLUMN thread_key TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
CREATE INDEX outbox_user_idx ON outbox(user_id, created_at);
