-- Issue 19 (foundation shared by search, wiki and, later, languages): a sub-community's
-- default content language and wiki threshold; a topic's content language (stemming,
-- the `lang` attribute) and wiki flag; the search log (no reader identity).

ALTER TABLE communities ADD COLUMN default_language TEXT NOT NULL DEFAULT 'en';
-- Members with at least this reputation in the sub-community may edit its wikis.
ALTER TABLE communities ADD COLUMN wiki_min_reputation INTEGER NOT NULL DEFAULT 100;

ALTER TABLE topics ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE topics ADD COLUMN wiki BOOLEAN NOT NULL DEFAULT FALSE;

-- Every search: the normalised query, where, how many results, what was clicked, and
-- only whether the reader was a member (never who).
CREATE TABLE search_log (
    id TEXT PRIMARY KEY NOT NULL,
    query TEXT NOT NULL,
    community_id TEXT,
    result_count INTEGER NOT NULL,
    clicked_topic_id TEXT,
    member BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX search_log_created_idx ON search_log(created_at);
CREATE INDEX search_log_community_idx ON search_log(community_id, created_at);
CREATE INDEX search_log_query_idx ON search_log(query, created_at);
