ALTER TABLE users DROP COLUMN email_bouncing_at;
DROP TABLE mail_bounces;
DROP TABLE inbound_mail;
