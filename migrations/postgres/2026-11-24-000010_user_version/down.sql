DROP TRIGGER community_members_move_version ON community_members;
DROP FUNCTION community_members_move_version();
DROP TRIGGER users_move_version ON users;
DROP FUNCTION users_move_version();
ALTER TABLE users DROP COLUMN version;
