ALTER TABLE outbox DROP COLUMN reply_to;
DROP TABLE reply_mail_answers;
DROP TABLE reply_mail_results;
DROP TABLE reply_tokens;
