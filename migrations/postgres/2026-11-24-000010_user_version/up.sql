-- What the per-process viewer cache (src/auth/viewer.rs) checks a cached viewer against.
-- A signed-in request reads its session and this number; the member's row and
-- memberships are read again only when it has moved. Triggers rather than application
-- code, so no write path can forget it.
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Any change to the member's row (role, suspension, silence, name, password, counters).
CREATE FUNCTION users_move_version() RETURNS trigger AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_move_version BEFORE UPDATE ON users
FOR EACH ROW EXECUTE FUNCTION users_move_version();

CREATE FUNCTION community_members_move_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE users SET version = version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE users SET version = version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER community_members_move_version
AFTER INSERT OR UPDATE OR DELETE ON community_members
FOR EACH ROW EXECUTE FUNCTION community_members_move_version();
