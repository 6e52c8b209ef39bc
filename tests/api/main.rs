//! Parley's API tests: one binary (linking one test binary per file would be slow),
//! one module per feature. Add new feature modules to the list below.

mod helpers;

mod harness_selftest;

mod accounts;
mod bench_data;
mod communities;
mod forums;
mod http_hygiene;
mod moderation;
mod notifications;
mod notifications_mail;
mod page_cache;
mod viewer_cache;
