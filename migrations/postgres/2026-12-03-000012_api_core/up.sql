-- A token may be limited to several sub-communities (none: all its owner may see).
CREATE TABLE api_token_communities (
    token_id TEXT NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, community_id)
);
INSERT INTO api_token_communities (token_id, community_id)
    SELECT id, community_id FROM api_tokens WHERE community_id IS NOT NULL;
ALTER TABLE api_tokens DROP COLUMN community_id;

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
