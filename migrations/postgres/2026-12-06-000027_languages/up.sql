-- Issue 21: which language a person sees. Expand-only (a rolling upgrade keeps the
-- previous release working): a member's own choice (NULL: not chosen) and the
-- deployment's default, used when nothing more specific decides.
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE site_settings ADD COLUMN default_language TEXT NOT NULL DEFAULT 'en';
