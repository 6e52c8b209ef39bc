-- Issue 19 (wiki): a topic author's request that a moderator turn the opening post into a
-- wiki. One open request per topic; approving or declining removes it (the audit log
-- keeps what was decided).
CREATE TABLE wiki_requests (
    topic_id TEXT PRIMARY KEY NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    requested_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX wiki_requests_created_idx ON wiki_requests(created_at);
