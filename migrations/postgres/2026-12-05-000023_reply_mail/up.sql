-- Issue 24: reply by email.
-- A reply address names one of these rows (its random id) and carries an HMAC over the
-- row's contents under the member's own key, so an address cannot be guessed or edited
-- to reach another member or topic, and expires.
CREATE TABLE reply_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic_id TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX reply_tokens_expiry_idx ON reply_tokens(expires_at);
-- What became of each received message (keyed by its Message-ID, or the stored message's
-- id without one): processing the same message again returns this instead of posting.
CREATE TABLE reply_mail_results (
    message_key TEXT PRIMARY KEY NOT NULL,
    inbound_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    post_id TEXT,
    held BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
-- Refusals answered, so a sender gets at most one answer per reason and day.
CREATE TABLE reply_mail_answers (
    id TEXT PRIMARY KEY NOT NULL,
    sender TEXT NOT NULL,
    reason TEXT NOT NULL,
    answered_at BIGINT NOT NULL
);
CREATE INDEX reply_mail_answers_sender_idx ON reply_mail_answers(sender, reason, answered_at);
-- Notification mail about a topic names its reply address.
ALTER TABLE outbox ADD COLUMN reply_to TEXT;
