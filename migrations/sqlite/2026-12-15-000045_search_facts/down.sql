-- Issue 19: PostgreSQL's search rows now carry whether each post may be found and its
-- ranking boosts (see the PostgreSQL migration). SQLite's engine reads them from `posts`
-- and `topics` with its candidates: nothing to change here; the migration keeps both
-- backends' histories alike.
SELECT 1;
