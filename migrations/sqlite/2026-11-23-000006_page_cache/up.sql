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

CREATE TRIGGER posts_move_topic_version_on_insert AFTER INSERT ON posts
BEGIN
    UPDATE topics SET version = version + 1 WHERE id = NEW.topic_id;
END;

CREATE TRIGGER posts_move_topic_version_on_update AFTER UPDATE ON posts
BEGIN
    UPDATE topics SET version = version + 1 WHERE id IN (OLD.topic_id, NEW.topic_id);
END;

CREATE TRIGGER posts_move_topic_version_on_delete AFTER DELETE ON posts
BEGIN
    UPDATE topics SET version = version + 1 WHERE id = OLD.topic_id;
END;

CREATE TRIGGER users_move_content_epoch
AFTER UPDATE OF username, display_name, title, is_employee, suspended_until ON users
WHEN OLD.username IS NOT NEW.username
  OR OLD.display_name IS NOT NEW.display_name
  OR OLD.title IS NOT NEW.title
  OR OLD.is_employee IS NOT NEW.is_employee
  OR OLD.suspended_until IS NOT NEW.suspended_until
BEGIN
    UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1;
END;

CREATE TRIGGER categories_move_content_epoch_on_insert AFTER INSERT ON categories
BEGIN
    UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1;
END;

CREATE TRIGGER categories_move_content_epoch_on_update AFTER UPDATE ON categories
BEGIN
    UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1;
END;

CREATE TRIGGER categories_move_content_epoch_on_delete AFTER DELETE ON categories
BEGIN
    UPDATE content_epoch SET epoch = epoch + 1 WHERE id = 1;
END;
