-- Each vote carries its post's topic (posts never change topic), so a topic page reads
-- the viewer's votes there with one index range instead of one lookup per post.
ALTER TABLE votes ADD COLUMN topic_id TEXT REFERENCES topics(id) ON DELETE CASCADE;
UPDATE votes SET topic_id = posts.topic_id FROM posts WHERE posts.id = votes.post_id;
ALTER TABLE votes ALTER COLUMN topic_id SET NOT NULL;
CREATE INDEX votes_user_topic_idx ON votes(user_id, topic_id) INCLUDE (post_id, value);
