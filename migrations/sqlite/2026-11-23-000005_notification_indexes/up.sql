-- Deleting a topic or post cascades to its notifications, and SQLite checks foreign keys
-- by looking the child rows up: both need an index on the referencing column.
CREATE INDEX notifications_topic_idx ON notifications(topic_id);
CREATE INDEX notifications_post_idx ON notifications(post_id);
