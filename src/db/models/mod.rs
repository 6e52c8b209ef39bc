//! One file per table: row type, insert form, and the queries that touch it; and
//! `authors`, the read model of a member as lists and pages show them.
pub mod api_idempotency;
pub mod api_rate;
pub mod api_tokens;
pub mod audit;
pub mod authors;
pub mod categories;
pub mod communities;
pub mod content_epoch;
pub mod embed;
pub mod embed_events;
pub mod fanout_queue;
pub mod moderation;
pub mod notification_prefs;
pub mod notifications;
pub mod outbox;
pub mod posts;
pub mod rate_limits; // issue 22
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod topic_queue;
pub mod topics;
pub mod users;
pub mod votes;
pub mod watches;
pub mod webhooks;
// Issue 19 (search-ui): the search log.
pub mod search_log;
// Issue 19 (wiki): wiki requests.
pub mod merge;
pub mod wiki;
// Issue 23: single sign-on.
pub mod sso;
pub mod sso_identities;
// Issue 20: the outcome event log.
pub mod outcome_events;
// Issue 24: reply by email.
pub mod reply_mail;
// Issue 24: inbound mail and bounces.
pub mod inbound_mail;
pub mod mail_bounces;
// Issue 20: product teams and escalations.
pub mod escalations;
pub mod teams;
// Issue 24: invitations and one-click tokens.
pub mod invitations;
pub mod privacy; // issue 22 (privacy requests)
