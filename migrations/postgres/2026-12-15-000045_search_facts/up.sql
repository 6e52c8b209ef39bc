-- Issue 19: each search row carries whether its post may be found (published, not
-- deleted, in a topic that is neither deleted nor held for review) and the facts its
-- rank is boosted by (an official answer, the accepted answer, a solved topic), so the
-- search ranks its candidates from `post_search` alone instead of joining 200 posts and
-- 200 topics for every search (the 200 look-ups were 1.7 of the statement's 2.5 ms).
-- Triggers write them in the same transaction as the change they follow, from the live
-- rows, so a hold, a deletion, an approval or an accepted answer counts at the next
-- query as before. Who may read a sub-community is still decided at query time (the
-- reader's sub-communities against the row's `community_id`, itself kept by trigger):
-- making one private needs no reindex.

-- The one definition of "may be found", used by every trigger below and by the reindex.
CREATE FUNCTION post_search_findable(post_deleted BIGINT, state TEXT, topic_deleted BIGINT,
                                     held BOOLEAN) RETURNS boolean AS $$
    SELECT post_deleted IS NULL AND state = 'published' AND topic_deleted IS NULL AND NOT held
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

ALTER TABLE post_search
    ADD COLUMN findable BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN official BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN accepted BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN solved BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN post_number INTEGER NOT NULL DEFAULT 0;

-- Rewrites the facts of every row of one topic from the live rows.
CREATE FUNCTION post_search_topic_facts(topic TEXT) RETURNS void AS $$
    UPDATE post_search s
    SET findable = post_search_findable(p.deleted_at, p.moderation_state, t.deleted_at, t.held),
        official = p.as_brand,
        accepted = COALESCE(t.accepted_post_id = p.id, false),
        solved = t.accepted_post_id IS NOT NULL,
        post_number = p.post_number
    FROM posts p JOIN topics t ON t.id = p.topic_id
    WHERE s.topic_id = topic AND p.id = s.post_id
$$ LANGUAGE sql;

-- New posts: the facts with the vector, in the same statement.
CREATE OR REPLACE FUNCTION post_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector,
                             findable, official, accepted, solved, post_number)
    SELECT p.id, p.topic_id, p.community_id, t.language, p.created_at, p.post_number = 1,
           post_search_vector(t.language, t.title, t.tags, p.body_markdown),
           post_search_findable(p.deleted_at, p.moderation_state, t.deleted_at, t.held),
           p.as_brand, COALESCE(t.accepted_post_id = p.id, false),
           t.accepted_post_id IS NOT NULL, p.post_number
    FROM new_posts p JOIN topics t ON t.id = p.topic_id
    ON CONFLICT (post_id) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- An edited body, or a post moved to another topic (a merge): the facts follow too.
CREATE OR REPLACE FUNCTION post_search_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector,
                             findable, official, accepted, solved, post_number)
    SELECT NEW.id, NEW.topic_id, NEW.community_id, t.language, NEW.created_at, NEW.post_number = 1,
           post_search_vector(t.language, t.title, t.tags, NEW.body_markdown),
           post_search_findable(NEW.deleted_at, NEW.moderation_state, t.deleted_at, t.held),
           NEW.as_brand, COALESCE(t.accepted_post_id = NEW.id, false),
           t.accepted_post_id IS NOT NULL, NEW.post_number
    FROM topics t WHERE t.id = NEW.topic_id
    ON CONFLICT (post_id) DO UPDATE SET
        topic_id = EXCLUDED.topic_id, community_id = EXCLUDED.community_id,
        lang = EXCLUDED.lang, opening = EXCLUDED.opening, vector = EXCLUDED.vector,
        findable = EXCLUDED.findable, official = EXCLUDED.official,
        accepted = EXCLUDED.accepted, solved = EXCLUDED.solved,
        post_number = EXCLUDED.post_number;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A post held, approved, hidden, deleted or restored, or (rarely) turned official: its
-- own row only. Votes and edits do not call it.
CREATE FUNCTION post_search_post_facts() RETURNS trigger AS $$
BEGIN
    UPDATE post_search s
    SET findable = post_search_findable(NEW.deleted_at, NEW.moderation_state, t.deleted_at, t.held),
        official = NEW.as_brand
    FROM topics t
    WHERE s.post_id = NEW.id AND t.id = NEW.topic_id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_search_post_facts
AFTER UPDATE OF deleted_at, moderation_state, as_brand ON posts
FOR EACH ROW
WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
   OR OLD.moderation_state IS DISTINCT FROM NEW.moderation_state
   OR OLD.as_brand IS DISTINCT FROM NEW.as_brand)
EXECUTE FUNCTION post_search_post_facts();

-- A topic deleted, restored, held, published, or its answer accepted or taken back: the
-- rows of all its posts. A reply (which bumps the topic) does not call it.
CREATE FUNCTION post_search_topic_facts_changed() RETURNS trigger AS $$
BEGIN
    PERFORM post_search_topic_facts(NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER post_search_topic_facts
AFTER UPDATE OF deleted_at, held, accepted_post_id ON topics
FOR EACH ROW
WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
   OR OLD.held IS DISTINCT FROM NEW.held
   OR OLD.accepted_post_id IS DISTINCT FROM NEW.accepted_post_id)
EXECUTE FUNCTION post_search_topic_facts_changed();

-- What a post's search row holds, computed from the live rows: what `parley reindex` and
-- the SQLite-to-PostgreSQL copy write (the triggers above write the same for one post).
CREATE VIEW post_search_source AS
SELECT p.id AS post_id, p.topic_id, p.community_id, t.language AS lang, p.created_at,
       p.post_number = 1 AS opening,
       post_search_vector(t.language, t.title, t.tags, p.body_markdown) AS vector,
       post_search_findable(p.deleted_at, p.moderation_state, t.deleted_at, t.held) AS findable,
       p.as_brand AS official, COALESCE(t.accepted_post_id = p.id, false) AS accepted,
       t.accepted_post_id IS NOT NULL AS solved, p.post_number
FROM posts p JOIN topics t ON t.id = p.topic_id;

-- Rows written before this migration.
UPDATE post_search s
SET findable = post_search_findable(p.deleted_at, p.moderation_state, t.deleted_at, t.held),
    official = p.as_brand,
    accepted = COALESCE(t.accepted_post_id = p.id, false),
    solved = t.accepted_post_id IS NOT NULL,
    post_number = p.post_number
FROM posts p JOIN topics t ON t.id = p.topic_id
WHERE p.id = s.post_id;
