-- What the anonymous page cache (src/forums/page_cache.rs) checks a cached page against.
-- Triggers rather than application code, so no write path can forget to invalidate.

-- Moves whenever any post of the topic is inserted, changed or removed (bodies, votes,
-- moderation states, deletions, comments). Changes to the topic row itself are seen by
-- comparing the row.
ALTER TABLE topics ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Moves whenever something shown on many pages changes: how a member is shown (name,
-- title, employee badge, suspension) or a category.
CREATE TABLE content_epoch (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    epoch BIGINT NOT NULL
);
INSERT INTO content_epoch (id, epoch) VALUES (1, 0);

CREATE FUNCTION posts_move_topic_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE topics SET version = version + 1 WHERE id = OLD.topic_id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.topic_id <> NEW.topic_id THEN
        UPDATE topics SET version = version + 1 WHERE id = OLD.topic_id;
    END IF;
    UPDATE topics SET version = version + 1 WHERE id = NEW.topic_id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER posts_move_topic_version AFTER INSERT OR UPDATE OR DELETE ON posts
FOR EACH ROW EXECUTE FUNCTION posts_move_topic_version();

CREATE FUNCTION move_content_epoch() RETURNS trigger AS $$
BEGIN
    UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_move_content_epoch
AFTER UPDATE OF username, display_name, title, is_employee, suspended_until ON users
FOR EACH ROW
WHEN (OLD.username IS DISTINCT FROM NEW.username
   OR OLD.display_name IS DISTINCT FROM NEW.display_name
   OR OLD.title IS DISTINCT FROM NEW.title
   OR OLD.is_employee IS DISTINCT FROM NEW.is_employee
   OR OLD.suspended_until IS DISTINCT FROM NEW.suspended_until)
EXECUTE FUNCTION move_content_epoch();

CREATE TRIGGER categories_move_content_epoch AFTER INSERT OR UPDATE OR DELETE ON categories
FOR EACH STATEMENT EXECUTE FUNCTION move_content_epoch();
