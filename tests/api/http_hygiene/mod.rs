//! Cross-cutting HTTP behaviour: security headers, error pages and JSON problems, CSRF,
//! rate limits, body limits, health, assets, and the durability of the mail outbox
//! (SMTP outages, retries, restarts, several nodes).
//!
//! Submodules, by theme:
//! - `requests`: security headers, error pages and JSON problems, CSRF, rate limits, body
//!   limits, health, a database outage, assets.
//! - `mail_outbox`: the durability of the mail outbox.

mod mail_outbox;
mod requests;
