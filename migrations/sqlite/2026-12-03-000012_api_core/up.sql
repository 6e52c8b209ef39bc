-- A token may be limited to several sub-communities (none: all its owner may see).
-- SQLite cannot drop a column that has a foreign key, so api_tokens is rebuilt without
-- community_id (nothing references api_tokens yet, so dropping it cascades nowhere).
CREATE TABLE api_tokens_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    last_four TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT,
    last_used_ip TEXT,
    revoked_at BIGINT
);
INSERT INTO api_tokens_new (id, user_id, kind, name, token_hash, last_four, scopes,
        created_at, expires_at, last_used_at, last_used_ip, revoked_at)
    SELECT id, user_id, kind, name, token_hash, last_four, scopes,
        created_at, expires_at, last_used_at, last_used_ip, revoked_at FROM api_tokens;
CREATE TABLE api_token_limits_moving AS
    SELECT id AS token_id, community_id FROM api_tokens WHERE community_id IS NOT NULL;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user_idx ON api_tokens(user_id);
CREATE TABLE api_token_communities (
    token_id TEXT NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, community_id)
);
INSERT INTO api_token_communities (token_id, community_id)
    SELECT token_id, community_id FROM api_token_limits_moving;
DROP TABLE api_token_limits_moving;

-- Fixed one-minute windows of API quota per key (a token or a client address), shared by
-- every app node: a node leases a block of the window's quota with one atomic upsert and
-- spends it locally (`api::ratelimit`). `used` counts what has been leased, `last_grant`
-- what the last upsert handed out.
CREATE TABLE api_rate_windows (
    rate_key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    used BIGINT NOT NULL,
    last_grant BIGINT NOT NULL,
    PRIMARY KEY (rate_key, window_start)
);
CREATE INDEX api_rate_windows_start_idx ON api_rate_windows(window_start);

-- Idempotency-Key on POST /api/v1: a pending row (status NULL) is inserted first under
-- the primary key so a concurrent duplicate is refused; the final 2xx response is stored
-- and replayed for 24 hours.
CREATE TABLE api_idempotency (
    caller TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    location TEXT,
    body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX api_idempotency_created_idx ON api_idempotency(created_at);

-- Origins allowed to call /api/v1 from a browser, one per line (none by default).
ALTER TABLE site_settings ADD COLUMN api_cors_origins TEXT NOT NULL DEFAULT '';
