DROP TABLE audit_log;
DROP TABLE outbox;
DROP TABLE site_settings;
DROP TABLE community_members;
DROP TABLE communities;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
