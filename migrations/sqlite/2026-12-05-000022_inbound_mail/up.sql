-- Issue 24: inbound mail. Every message Parley's SMTP listener or IMAP poller accepts is
-- stored here first (raw, as received) and only then answered 250 / marked seen; the
-- inbound worker claims rows with a lease and routes them (reply, delivery report,
-- anything else dropped), recording what became of each for /admin/inbound.
CREATE TABLE inbound_mail (
    id TEXT PRIMARY KEY NOT NULL,
    received_at BIGINT NOT NULL,
    -- smtp | imap | spool (accepted while the database was down, imported later)
    source TEXT NOT NULL,
    envelope_from TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL,
    -- The Message-ID header without angle brackets; '' when the message had none.
    message_id TEXT NOT NULL DEFAULT '',
    from_header TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    size_bytes BIGINT NOT NULL,
    raw BLOB NOT NULL,
    -- queued | done | failed | duplicate
    status TEXT NOT NULL,
    -- '' until processed; posted | held | refused | dropped | bounce | duplicate
    disposition TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT,
    processed_at BIGINT
);
CREATE INDEX inbound_mail_due_idx ON inbound_mail(status, next_attempt_at);
CREATE INDEX inbound_mail_received_idx ON inbound_mail(received_at, id);
CREATE INDEX inbound_mail_message_id_idx ON inbound_mail(message_id);

-- One delivery report (DSN) per failed recipient: hard (5.x.x) or soft (4.x.x).
CREATE TABLE mail_bounces (
    id TEXT PRIMARY KEY NOT NULL,
    email_key TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    inbound_id TEXT REFERENCES inbound_mail(id) ON DELETE SET NULL,
    hard BOOLEAN NOT NULL,
    status_code TEXT NOT NULL DEFAULT '',
    diagnostic TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX mail_bounces_email_idx ON mail_bounces(email_key, hard, created_at);

-- Set after [mail] bounce_threshold hard bounces: Guardian::mail_refusal stops mailing the
-- member; a confirmed address change clears it.
ALTER TABLE users ADD COLUMN email_bouncing_at BIGINT;
