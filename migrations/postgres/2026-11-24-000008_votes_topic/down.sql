DROP INDEX votes_user_topic_idx;
ALTER TABLE votes DROP COLUMN topic_id;
