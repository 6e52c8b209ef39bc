-- Each vote carries its post's topic (posts never change topic), so a topic page reads
-- the viewer's votes there with one range of a covering index instead of one primary-key
-- lookup and one row fetch per post on the page. SQLite cannot add a column with a
-- REFERENCES clause and a non-NULL default; votes still go with their post (and so with
-- their topic) through post_id's ON DELETE CASCADE.
ALTER TABLE votes ADD COLUMN topic_id TEXT NOT NULL DEFAULT '';
UPDATE votes SET topic_id = (SELECT posts.topic_id FROM posts WHERE posts.id = votes.post_id);
CREATE INDEX votes_user_topic_idx ON votes(user_id, topic_id, post_id, value);
