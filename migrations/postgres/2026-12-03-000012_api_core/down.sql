ALTER TABLE site_settings DROP COLUMN api_cors_origins;
DROP TABLE api_idempotency;
DROP TABLE api_rate_windows;
ALTER TABLE api_tokens ADD COLUMN community_id TEXT REFERENCES communities(id) ON DELETE CASCADE;
UPDATE api_tokens SET community_id =
    (SELECT MIN(community_id) FROM api_token_communities WHERE token_id = api_tokens.id);
DROP TABLE api_token_communities;
