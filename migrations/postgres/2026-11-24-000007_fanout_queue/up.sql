-- Posts whose readers have not been told yet. A published post is queued in the same
-- transaction that publishes it; notifications::fanout::drain tells everyone concerned
-- about a batch of queued posts in one transaction (right after the publishing request,
-- and from the background loop, so a crash in between loses nothing).
CREATE TABLE fanout_queue (
    post_id TEXT PRIMARY KEY NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    queued_at BIGINT NOT NULL
);
CREATE INDEX fanout_queue_queued_idx ON fanout_queue(queued_at);
