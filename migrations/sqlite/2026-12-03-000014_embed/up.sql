-- Issue 18: the corporate website. A sub-community says who may embed it; a page's
-- comment thread is a topic of kind `comment` keyed by the page; host sites sign
-- Parley Connect assertions with a per-site secret.

-- Embedding settings of a sub-community: allowed origins and URL prefixes (one per
-- line, none by default), and whether anonymous visitors see the ask box.
ALTER TABLE communities ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN embed_url_prefixes TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN embed_anonymous_ask BOOLEAN NOT NULL DEFAULT FALSE;

-- A page thread: the stable key of the corporate page and its canonical URL.
ALTER TABLE topics ADD COLUMN page_key TEXT;
ALTER TABLE topics ADD COLUMN page_url TEXT;
CREATE UNIQUE INDEX topics_page_key_idx ON topics(community_id, page_key) WHERE page_key IS NOT NULL;

-- Host sites allowed to sign visitors in with Parley Connect (`/admin/embedding`).
CREATE TABLE embed_sites (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    origins TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- Assertion nonces already used (single use), kept until the assertion would expire.
CREATE TABLE embed_nonces (
    site_id TEXT NOT NULL REFERENCES embed_sites(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, nonce)
);

-- A host site's visitor (its external id) linked to a Parley account.
CREATE TABLE embed_identities (
    site_id TEXT NOT NULL REFERENCES embed_sites(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, subject)
);
CREATE INDEX embed_identities_user_idx ON embed_identities(user_id);

-- One-time codes handed from the sign-in popup to the frame (hash only, single use).
CREATE TABLE embed_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- What visitors did in the widgets (asked, clicked a similar question, commented), for
-- the outcome metrics. Append-only.
CREATE TABLE embed_events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
    topic_id TEXT REFERENCES topics(id) ON DELETE SET NULL,
    page_key TEXT,
    origin TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX embed_events_community_idx ON embed_events(community_id, created_at);
