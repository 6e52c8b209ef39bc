//! Site administration: brand and sign-up policy, members (employee flag, site role),
//! the mail outbox, every API token (and service tokens) and the audit log.
pub mod routes;
pub mod service;
pub mod tokens;
pub mod views;
