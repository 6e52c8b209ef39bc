//! Product-group sub-communities: the home list, `/c/{slug}`, creation and settings,
//! and appointing per-community moderators, managers and (invite-only) members.
pub mod routes;
pub mod scope;
pub mod service;
pub mod views;
