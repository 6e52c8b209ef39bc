-- Issue 19: similar questions look at titles only. A topic's title as a tsvector in its
-- own language (kept by PostgreSQL itself: a generated column, so no trigger and no
-- stale value), with a GIN index over the live, listed topics. Before, similar
-- questions searched the opening posts' whole vectors, and a title's common words
-- matched every question through the bodies.
ALTER TABLE topics ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector(post_search_config(language), title)) STORED;
CREATE INDEX topics_title_vector_idx ON topics USING gin (title_vector)
    WHERE deleted_at IS NULL AND NOT held;
