DROP TRIGGER categories_move_content_epoch ON categories;
DROP TRIGGER users_move_content_epoch ON users;
DROP FUNCTION move_content_epoch();
DROP TRIGGER posts_move_topic_version ON posts;
DROP FUNCTION posts_move_topic_version();
DROP TABLE content_epoch;
ALTER TABLE topics DROP COLUMN version;
