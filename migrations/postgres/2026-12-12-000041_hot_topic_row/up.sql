-- Issue 22 (W5): a busy topic's row is the hottest row of the database. Every reply
-- updates it (its counters, then its page-cache version) under the row's lock. A row
-- written outside that lock whose foreign key points at the topic takes a KEY SHARE lock
-- on it: notifications (written by the fan-out drain, one per watcher) and reply-mail
-- tokens (written by the mail worker). A key-share lock taken while a reply holds the
-- row turns the row's xmax into a MultiXact, and every later reader and writer of the
-- row must expand its members (`GetMultiXactIdMembers`: 8.5 % of the machine's samples
-- during W5). Topics are never deleted (a removed topic keeps its row with `deleted_at`),
-- so these two constraints guarded nothing the application can do; the rows still name
-- their topic, and the drain and the mail worker read the topic before writing them.
ALTER TABLE notifications DROP CONSTRAINT notifications_topic_id_fkey;
ALTER TABLE reply_tokens DROP CONSTRAINT reply_tokens_topic_id_fkey;
