//! Member profiles at `/u/{username}`, the generated avatar, and profile editing.
pub mod avatar;
pub mod routes;
pub mod service;
pub mod views;
