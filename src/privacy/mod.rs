//! Privacy requests (issue 22): a member downloads everything Parley holds about them,
//! or deletes their account.
//!
//! - Export: asked for on `/settings/account` (or by an admin on a member's behalf); the
//!   privacy job (`job`, the elected node's scheduled work) writes the JSON archive and
//!   mails a link that works once, until it expires, and only for the signed-in member
//!   it belongs to.
//! - Deletion: confirmed with the password (the username for an account without one;
//!   an admin acts on request without it). At once: every session, API token, account
//!   token and unsent mail goes. After the grace period (`[privacy]
//!   deletion_grace_days`, which an admin can shorten to now) the job erases the
//!   personal data; signing in before then cancels. Posts stay, attributed to a
//!   "deleted-member-…" account, or show a removal notice when the member asked.
//! - The audit log records each step by the account's id only.
//! - Decisions: `auth/guardian/privacy.rs`; rows and the erasure: `db::models::privacy`;
//!   the mail: `mail::templates::privacy_export_ready`.

pub mod job;
pub mod routes;
pub mod service;
pub mod views;
