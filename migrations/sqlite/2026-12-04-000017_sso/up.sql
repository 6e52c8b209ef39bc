-- Issue 23: sign-in with the company's OpenID Connect provider. Providers (the client
-- secret encrypted with `[sso] encryption_key`), the group → role mapping, linked
-- identities (issuer, subject), sign-ins in progress (any node finishes them), accounts
-- waiting to prove themselves before a link, and the roles SSO granted (so SSO removes
-- only what it manages).

CREATE TABLE sso_providers (
    id TEXT PRIMARY KEY NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_enc TEXT NOT NULL,
    scopes TEXT NOT NULL,
    button_label TEXT NOT NULL,
    allow_signup BOOLEAN NOT NULL,
    groups_claim TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    authorization_endpoint TEXT NOT NULL,
    token_endpoint TEXT NOT NULL,
    jwks_uri TEXT NOT NULL,
    jwks_json TEXT NOT NULL,
    backchannel_logout BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sso_mappings (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    role TEXT NOT NULL,
    community_id TEXT REFERENCES communities(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX sso_mappings_provider_idx ON sso_mappings(provider_id);

CREATE TABLE sso_site (
    id INTEGER PRIMARY KEY NOT NULL,
    require_for_employee_domains BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sso_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    provider_id TEXT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    refresh_token_enc TEXT,
    session_sid TEXT,
    checked_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user_idx ON sso_identities(user_id);
CREATE INDEX sso_identities_checked_idx ON sso_identities(checked_at);

CREATE TABLE sso_flows (
    state_hash TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_url TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sso_flows_expires_idx ON sso_flows(expires_at);

CREATE TABLE sso_pending_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    mail_token_hash TEXT,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL REFERENCES sso_providers(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    refresh_token_enc TEXT,
    session_sid TEXT,
    next_url TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sso_pending_links_expires_idx ON sso_pending_links(expires_at);

-- community_id is '' for the site-wide employee flag; previous_role is what the member
-- had before SSO granted this ('' for nothing), restored when SSO takes it back.
CREATE TABLE sso_role_grants (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    community_id TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    previous_role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, role, community_id)
);
