-- Issue 19: SQLite's titles-only FTS5 table for similar questions. PostgreSQL has had
-- `topics.title_vector` since 000037 (nothing to change here; the migration keeps both
-- backends' lists alike).
SELECT 1;
