-- The outcome events of one post, found without scanning every event of its topic:
-- publishing a reply checks its own event under the topic's row lock, and a busy
-- topic has thousands.
CREATE INDEX outcome_events_post_idx ON outcome_events(post_id, kind);
