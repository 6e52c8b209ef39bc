ALTER TABLE users DROP COLUMN reputation;
DROP TABLE reputation_events;
DROP TABLE votes;
DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE topics;
DROP TABLE categories;
