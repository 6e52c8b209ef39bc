//! Parley's API tests: one binary (linking one test binary per file would be slow),
//! one module per feature. Add new feature modules to the list below.
//!
//! The suite runs on SQLite, or on PostgreSQL when `PARLEY_TEST_DATABASE_URL` is set.
//! A test that only means something on PostgreSQL (it stops the database server, say)
//! is named `pg_only_*` and starts with `let Some(url) = postgres_or_skip("<its name>")
//! else { return };`. The SQLite command leaves those tests out by name, so libtest
//! reports them as filtered out instead of counting a test that checked nothing as
//! passed (the house rule forbids ignored tests):
//!
//! ```text
//! cargo test -- --skip pg_only_                        # SQLite
//! PARLEY_TEST_DATABASE_URL=postgres://... cargo test --test api   # PostgreSQL, pg_only_ included
//! ```
//!
//! Run without the `--skip` on SQLite, such a test returns at once after writing
//! `SKIPPED (needs PostgreSQL): <name>` to the terminal.

mod helpers;

mod harness_selftest;

mod i18n_accounts; // issue 21

mod accounts;
mod api_contract;
mod api_core;
mod api_limits;
mod api_moderation;
mod api_posts;
mod api_queue;
mod api_topic_moderation;
mod api_topic_writes;
mod api_topics;
mod bench_data;
mod communities;
mod embed;
mod escalations; // issue 20
mod feeds;
mod forums;
mod http_hygiene;
mod i18n_admin; // issue 21 (administration and moderation)
mod i18n_forum; // issue 21
mod i18n_insights; // issue 21
mod i18n_mail; // issue 21
mod invitations; // issue 24
mod mail_in; // issue 24
mod moderation;
mod notifications;
mod notifications_mail;
mod openapi;
mod ops; // issue 22
mod outcomes; // issue 20
mod page_cache;
mod privacy; // issue 22 (privacy requests)
mod reply_mail; // issue 24
mod search;
mod seo;
mod sso;
mod tokens;
mod viewer_cache;
mod webhooks;
mod wiki;
