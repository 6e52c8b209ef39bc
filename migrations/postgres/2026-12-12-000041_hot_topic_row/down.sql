ALTER TABLE notifications ADD CONSTRAINT notifications_topic_id_fkey
    FOREIGN KEY (topic_id) REFERENCES topics(id) ON DELETE CASCADE;
ALTER TABLE reply_tokens ADD CONSTRAINT reply_tokens_topic_id_fkey
    FOREIGN KEY (topic_id) REFERENCES topics(id) ON DELETE CASCADE;
