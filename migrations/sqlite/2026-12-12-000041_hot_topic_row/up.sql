-- Issue 22: PostgreSQL drops the foreign keys from notifications and reply-mail tokens to
-- topics (a key-share lock on a busy topic's row; see the PostgreSQL migration). SQLite
-- has no row locks and no MultiXacts, and dropping a constraint there rebuilds the table:
-- nothing to change; the migration keeps both backends' lists alike.
SELECT 1;
