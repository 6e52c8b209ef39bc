DROP VIEW post_search_source;
DROP TRIGGER post_search_topic_facts ON topics;
DROP FUNCTION post_search_topic_facts_changed();
DROP TRIGGER post_search_post_facts ON posts;
DROP FUNCTION post_search_post_facts();
CREATE OR REPLACE FUNCTION post_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO post_search (post_id, topic_id, community_id, lang, created_at, opening, vector)
    SELECT p.id, p.topic_id, p.community_id, t.language, p.created_at, p.post_number = 1,
           post_search_vector(t.language, t.title, t.tags, p.body_markdown)
    FROM new_posts p JOIN topics t ON t.id = p.topic_id
    ON CONFLICT (post_id) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION post_search_update() RETURNS trigger AS $$
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

DROP FUNCTION post_search_topic_facts(TEXT);
ALTER TABLE post_search
    DROP COLUMN findable, DROP COLUMN official, DROP COLUMN accepted, DROP COLUMN solved,
    DROP COLUMN post_number;
DROP FUNCTION post_search_findable(BIGINT, TEXT, BIGINT, BOOLEAN);
