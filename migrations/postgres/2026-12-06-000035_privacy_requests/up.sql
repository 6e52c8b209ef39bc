-- Issue 22 (privacy requests): a member's data export (prepared in the background,
-- downloaded once through a hashed, expiring link) and account deletion (erased when
-- its grace period ends, cancelled by signing in before). Expand-only: a new table.
CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    -- export | deletion
    kind TEXT NOT NULL,
    -- Who asked: the member, or an admin acting on the member's request.
    requested_by TEXT NOT NULL,
    -- pending | ready | used | cancelled | done
    status TEXT NOT NULL,
    -- Deletion: replace the member's posts with a removal notice.
    remove_posts BOOLEAN NOT NULL DEFAULT FALSE,
    -- Export: SHA-256 of the download link's secret, and the archive (JSON) until used.
    token_hash TEXT,
    archive TEXT,
    created_at BIGINT NOT NULL,
    -- Export: the link's expiry. Deletion: when the erasure runs.
    due_at BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX privacy_requests_user_idx ON privacy_requests(user_id, kind, status);
CREATE INDEX privacy_requests_due_idx ON privacy_requests(status, due_at);
CREATE UNIQUE INDEX privacy_requests_token_idx ON privacy_requests(token_hash);
