-- Issue 19: PostgreSQL's GIN indexes take their entries into the index at once, or keep
-- a short pending list (see the PostgreSQL migration). FTS5 has no such list: nothing to
-- change here; the migration keeps both backends' lists alike.
SELECT 1;
