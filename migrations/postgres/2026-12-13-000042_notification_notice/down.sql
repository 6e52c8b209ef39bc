ALTER TABLE notifications DROP COLUMN notice;
