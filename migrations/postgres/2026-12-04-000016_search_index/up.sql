-- Issue 19: the PostgreSQL full-text index. One row per post in a side table, kept by
-- triggers so every write path (the app's services, bench-data's multi-row INSERTs, a
-- future import) updates it in the post's own transaction. A side table rather than a
-- column of `posts`: a trigger-written column would move `topics.version` (the page
-- cache's key, bumped by `posts_move_topic_version` on any change to a post) and rewrite
-- the wide posts row. Permissions are not stored here: the query joins `posts` and
-- `topics` and filters on their current state, so privacy, holds and deletions count
-- at once without reindexing.

-- Accents do not matter ("cafe" finds "café", "reinitialiser" finds "réinitialiser"),
-- as on SQLite: English and French configurations that strip diacritics before stemming.
-- `unaccent` ships with PostgreSQL and is a trusted extension (the database's owner may
-- create it).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION parley_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION parley_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION parley_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION parley_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- The text-search configuration for a content language: stems for English and French,
-- no stemming for anything else.
CREATE FUNCTION post_search_config(lang TEXT) RETURNS regconfig AS $$
    SELECT CASE lang WHEN 'en' THEN 'parley_english'::regconfig
                     WHEN 'fr' THEN 'parley_french'::regconfig
                     ELSE 'simple'::regconfig END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- A post's document: its topic's title (weight A), tags (B) and its own body (D). The
-- title is in every post of the topic, as Discourse does, so "restart widgets" finds a
-- reply saying "restart" under a title saying "widgets".
CREATE FUNCTION post_search_vector(lang TEXT, title TEXT, tags TEXT, body TEXT)
RETURNS tsvector AS $$
    SELECT setweight(to_tsvector(post_search_config(lang), title), 'A')
        || setweight(to_tsvector(post_search_config(lang), tags), 'B')
        || setweight(to_tsvector(post_search_config(lang), body), 'D')
        -- French stems depend on accents ("installées" and "installation" share theirs
        -- only when accented), so French text also keeps its accented stems: a query
        -- finds either.
        || CASE WHEN lang = 'fr' THEN
               setweight(to_tsvector('french', title), 'A')
               || setweight(to_tsvector('french', tags), 'B')
               || setweight(to_tsvector('french', body), 'D')
           ELSE ''::tsvector END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE TABLE post_search (
    post_id TEXT PRIMARY KEY NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    topic_id TEXT NOT NULL,
    community_id TEXT NOT NULL,
    -- The topic's language when the vector was built: the query matches French rows with
    -- the French tsquery and the others with the English one.
    lang TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- The topic's opening post: what "similar questions" compares a new title with.
    opening BOOLEAN NOT NULL,
    vector tsvector NOT NULL
);
CREATE INDEX post_search_vector_idx ON post_search USING GIN (vector);
CREATE INDEX post_search_opening_idx ON post_search USING GIN (vector) WHERE opening;
-- Similar questions' fill-in candidates: the newest opening posts with any title word.
CREATE INDEX post_search_opening_created_idx ON post_search(created_at) WHERE opening;
CREATE INDEX post_search_topic_idx ON post_search(topic_id);
-- Queries of common words rank the newest matching posts: the planner walks this index.
CREATE INDEX post_search_created_idx ON post_search(created_at);

-- New posts, once per statement: bench-data's 1,000-row INSERTs cost one join, not
-- 1,000 trigger calls.
CREATE FUNCTION post_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector)
    SELECT p.id, p.topic_id, p.community_id, t.language, p.created_at, p.post_number = 1,
           post_search_vector(t.language, t.title, t.tags, p.body_markdown)
    FROM new_posts p JOIN topics t ON t.id = p.topic_id
    ON CONFLICT (post_id) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_search_insert AFTER INSERT ON posts
REFERENCING NEW TABLE AS new_posts
FOR EACH STATEMENT EXECUTE FUNCTION post_search_insert();

-- An edited body, or a post moved to another topic. Votes and moderation states change
-- posts far more often: the WHEN clause keeps those from calling the function at all.
CREATE FUNCTION post_search_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector)
    SELECT NEW.id, NEW.topic_id, NEW.community_id, t.language, NEW.created_at, NEW.post_number = 1,
           post_search_vector(t.language, t.title, t.tags, NEW.body_markdown)
    FROM topics t WHERE t.id = NEW.topic_id
    ON CONFLICT (post_id) DO UPDATE SET
        topic_id = EXCLUDED.topic_id, community_id = EXCLUDED.community_id,
        lang = EXCLUDED.lang, opening = EXCLUDED.opening, vector = EXCLUDED.vector;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_search_update AFTER UPDATE OF body_markdown, topic_id, community_id, post_number ON posts
FOR EACH ROW
WHEN (OLD.body_markdown IS DISTINCT FROM NEW.body_markdown
   OR OLD.topic_id IS DISTINCT FROM NEW.topic_id
   OR OLD.community_id IS DISTINCT FROM NEW.community_id
   OR OLD.post_number IS DISTINCT FROM NEW.post_number)
EXECUTE FUNCTION post_search_update();

-- A topic's title, tags or language changed: every one of its posts carries them. A move
-- to another sub-community only relabels the rows.
CREATE FUNCTION post_search_topic_update() RETURNS trigger AS $$
BEGIN
    IF OLD.title IS DISTINCT FROM NEW.title OR OLD.tags IS DISTINCT FROM NEW.tags
       OR OLD.language IS DISTINCT FROM NEW.language THEN
        UPDATE post_search s
        SET community_id = NEW.community_id, lang = NEW.language,
            vector = post_search_vector(NEW.language, NEW.title, NEW.tags, p.body_markdown)
        FROM posts p
        WHERE p.topic_id = NEW.id AND s.post_id = p.id;
    ELSE
        UPDATE post_search SET community_id = NEW.community_id WHERE topic_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_search_topic_update
AFTER UPDATE OF title, tags, language, community_id ON topics
FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title
   OR OLD.tags IS DISTINCT FROM NEW.tags
   OR OLD.language IS DISTINCT FROM NEW.language
   OR OLD.community_id IS DISTINCT FROM NEW.community_id)
EXECUTE FUNCTION post_search_topic_update();

-- Posts written before this migration.
INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector)
SELECT p.id, p.topic_id, p.community_id, t.language, p.created_at, p.post_number = 1,
       post_search_vector(t.language, t.title, t.tags, p.body_markdown)
FROM posts p JOIN topics t ON t.id = p.topic_id;
