//! Site administration: brand and sign-up policy, members (employee flag, site role),
//! the mail outbox and the audit log.
pub mod routes;
pub mod service;
pub mod views;
