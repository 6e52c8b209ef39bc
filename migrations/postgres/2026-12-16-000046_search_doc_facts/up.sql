-- Issue 19: SQLite's index rows now carry whether each post may be found and its
-- ranking boosts, as PostgreSQL's have since 000045 (see the SQLite migration). Nothing
-- to change here; the migration keeps both backends' histories alike.
SELECT 1;
