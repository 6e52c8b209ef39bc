-- What the per-process viewer cache (src/auth/viewer.rs) checks a cached viewer against.
-- A signed-in request reads its session and this number; the member's row and
-- memberships are read again only when it has moved. Triggers rather than application
-- code, so no write path can forget it.
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Any change to the member's row (role, suspension, silence, name, password, counters).
-- The inner UPDATE sets version itself, so it does not move it twice (and SQLite's
-- recursive triggers are off).
CREATE TRIGGER users_move_version AFTER UPDATE ON users
WHEN NEW.version = OLD.version
BEGIN
    UPDATE users SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER community_members_move_version_on_insert AFTER INSERT ON community_members
BEGIN
    UPDATE users SET version = version + 1 WHERE id = NEW.user_id;
END;

CREATE TRIGGER community_members_move_version_on_update AFTER UPDATE ON community_members
BEGIN
    UPDATE users SET version = version + 1 WHERE id IN (OLD.user_id, NEW.user_id);
END;

CREATE TRIGGER community_members_move_version_on_delete AFTER DELETE ON community_members
BEGIN
    UPDATE users SET version = version + 1 WHERE id = OLD.user_id;
END;
