//! One file per table: row type, insert form, and the queries that touch it.
pub mod audit;
pub mod categories;
pub mod communities;
pub mod content_epoch;
pub mod fanout_queue;
pub mod moderation;
pub mod notification_prefs;
pub mod notifications;
pub mod outbox;
pub mod posts;
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod topics;
pub mod users;
pub mod votes;
pub mod watches;
