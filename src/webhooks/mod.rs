//! Signed webhooks (Standard Webhooks): subscriptions managed by admins at
//! `/admin/webhooks` and `/api/v1/webhooks`, events written in the transaction of the
//! change they tell of (`events`), and delivered by background workers with retries,
//! a delivery log, and checks on where requests may go (`ssrf`) and who may receive what
//! (the guardian, at delivery time).
//!
//! - `events`: one function per event type, called by the services inside `state.write`.
//! - `deliver`: the workers: claim with a lease, ask the guardian, sign, send, record.
//! - `sign`: `webhook-signature` and `whsec_` secrets.
//! - `ssrf`: refused address ranges, the operator's allowlist, the checked resolver.
//! - `service`: the use cases of subscriptions (create, rotate, redeliver, …).
//! - `routes`, `views`: the admin pages; `demo`: the demo's subscription and log.
pub mod deliver;
pub mod demo;
pub mod events;
pub mod routes;
pub mod service;
pub mod sign;
pub mod ssrf;
pub mod views;
