//! Issue 20: escalations of topics to product teams.
//!
//! - [`teams`]: setting up teams at `/admin/teams` (admins; audited); [`team_hook`]: a
//!   team's webhook URL as a managed, team-filtered webhook subscription.
//! - [`service`]: escalating a topic and changing an escalation, each in one transaction
//!   with its history row, audit row, outcome event, notifications ([`notify`]), the
//!   team's mail and the webhook event; the topic's `version` moves so cached pages show
//!   the new banner.
//! - [`page`]: what `/t/{id}/escalate` shows; [`queue`]: a team's queue at `/teams/{slug}`.
//! - [`routes`], [`views`] (banner, escalate page), [`team_views`] (admin, queue).
//!
//! Decisions live in `auth/guardian/escalations.rs`; the API in `api/escalations.rs`.
pub mod notify;
pub mod page;
pub mod queue;
pub mod routes;
pub mod service;
pub mod team_hook;
pub mod team_views;
pub mod teams;
pub mod views;
