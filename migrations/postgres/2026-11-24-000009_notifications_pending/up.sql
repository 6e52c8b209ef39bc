-- A member's notifications waiting for mail, oldest first: what the mail composer claims,
-- 500 per transaction. Without it each claim walked every notification the member ever had
-- (notifications_user_idx) past those already mailed: a member with a backlog of
-- thousands made each claim slower than the last while holding SQLite's only writer.
CREATE INDEX notifications_user_pending_idx ON notifications(user_id, email_status, created_at, id);
