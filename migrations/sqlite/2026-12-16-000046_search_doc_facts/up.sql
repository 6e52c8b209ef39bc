-- Issue 19: each `search_docs` row carries its post's facts: where it is (topic,
-- sub-community), when it was written, whether it may be found (published, not deleted,
-- in a topic neither deleted nor held for review) and what its rank is boosted by (the
-- accepted answer, an official answer, a solved topic, a topic with an official reply).
-- The search then filters and ranks its 200 candidates from this table and the FTS5 row
-- alone, instead of looking each one up in `posts` and `topics` (four B-tree descents
-- per candidate: 0.6 of the candidate statement's 1.1 ms). PostgreSQL's `post_search`
-- has done the same since 000045.
--
-- Triggers write the facts in the same transaction as the change they follow, from the
-- live rows, so a hold, a deletion, an approval, an accepted answer, a merge or a move
-- counts at the next query as before. Who may read a sub-community is still decided at
-- query time (the reader's sub-communities against `community_id`): making one private
-- needs no reindex.

ALTER TABLE search_docs ADD COLUMN topic_id TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN community_id TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE search_docs ADD COLUMN post_number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_docs ADD COLUMN findable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE search_docs ADD COLUMN accepted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE search_docs ADD COLUMN official BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE search_docs ADD COLUMN solved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE search_docs ADD COLUMN official_topic BOOLEAN NOT NULL DEFAULT FALSE;

-- The one definition of a post's facts, read by the index writer (`index.rs`), the
-- triggers and the backfill below.
CREATE VIEW search_doc_facts AS
SELECT p.id AS post_id, p.topic_id AS topic_id, t.community_id AS community_id,
       p.created_at AS created_at, p.post_number AS post_number,
       (p.deleted_at IS NULL AND p.moderation_state = 'published'
        AND t.deleted_at IS NULL AND t.held = 0) AS findable,
       COALESCE(t.accepted_post_id = p.id, 0) AS accepted,
       p.as_brand AS official,
       t.accepted_post_id IS NOT NULL AS solved,
       t.official_reply AS official_topic
FROM posts p JOIN topics t ON t.id = p.topic_id;

-- A post held, approved, deleted or restored, turned official, or moved to another
-- topic (a merge): its own row. Votes and edits do not call it.
CREATE TRIGGER search_docs_post_facts
AFTER UPDATE OF deleted_at, moderation_state, as_brand, topic_id, post_number ON posts
WHEN OLD.deleted_at IS NOT NEW.deleted_at
  OR OLD.moderation_state IS NOT NEW.moderation_state
  OR OLD.as_brand IS NOT NEW.as_brand
  OR OLD.topic_id IS NOT NEW.topic_id
  OR OLD.post_number IS NOT NEW.post_number
BEGIN
    UPDATE search_docs
    SET (topic_id, community_id, created_at, post_number, findable, accepted, official,
         solved, official_topic) =
        (SELECT topic_id, community_id, created_at, post_number, findable, accepted,
                official, solved, official_topic
         FROM search_doc_facts v WHERE v.post_id = NEW.id)
    WHERE post_id = NEW.id;
END;

-- A topic deleted, restored, held, published, moved, its answer accepted or taken back,
-- or its first official reply: the rows of all its posts. A reply that only bumps the
-- topic does not call it.
CREATE TRIGGER search_docs_topic_facts
AFTER UPDATE OF deleted_at, held, community_id, accepted_post_id, official_reply ON topics
WHEN OLD.deleted_at IS NOT NEW.deleted_at
  OR OLD.held IS NOT NEW.held
  OR OLD.community_id IS NOT NEW.community_id
  OR OLD.accepted_post_id IS NOT NEW.accepted_post_id
  OR OLD.official_reply IS NOT NEW.official_reply
BEGIN
    UPDATE search_docs
    SET (topic_id, community_id, created_at, post_number, findable, accepted, official,
         solved, official_topic) =
        (SELECT topic_id, community_id, created_at, post_number, findable, accepted,
                official, solved, official_topic
         FROM search_doc_facts v WHERE v.post_id = search_docs.post_id)
    WHERE post_id IN (SELECT id FROM posts WHERE topic_id = NEW.id);
END;

-- Rows written before this migration.
UPDATE search_docs
SET (topic_id, community_id, created_at, post_number, findable, accepted, official,
     solved, official_topic) =
    (SELECT topic_id, community_id, created_at, post_number, findable, accepted,
            official, solved, official_topic
     FROM search_doc_facts v WHERE v.post_id = search_docs.post_id);
