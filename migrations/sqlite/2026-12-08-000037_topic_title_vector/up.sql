-- Issue 19: PostgreSQL's title vector for similar questions; SQLite keeps its FTS5
-- table (nothing to change here; the migration keeps both backends' lists alike).
SELECT 1;
