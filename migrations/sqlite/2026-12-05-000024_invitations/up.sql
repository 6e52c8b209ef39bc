-- Issue 24: invitations with a source label, and the digest's one-click actions.
-- An invitation is a link (many uses, optional limit) or a personal mail (one use).
-- Only a SHA-256 of its token is stored. `use_count` moves in the same UPDATE that checks
-- the limit, so concurrent sign-ups never exceed it.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    email TEXT,
    note TEXT NOT NULL DEFAULT '',
    max_uses INTEGER,
    use_count INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT,
    revoked_at BIGINT,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX invitations_community_idx ON invitations(community_id, created_at);
-- Who came in through which invitation: the member's source (signed_up) or an existing
-- member who joined through a link.
CREATE TABLE invitation_uses (
    invitation_id TEXT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    signed_up BOOLEAN NOT NULL,
    used_at BIGINT NOT NULL,
    PRIMARY KEY (invitation_id, user_id)
);
CREATE INDEX invitation_uses_community_source_idx ON invitation_uses(community_id, source);
CREATE INDEX invitation_uses_user_idx ON invitation_uses(user_id);
-- One-click action tokens already used (they are signed, not stored, until used): the
-- primary key makes a second use fail on any node.
CREATE TABLE one_click_used (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    used_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX one_click_used_expiry_idx ON one_click_used(expires_at);
