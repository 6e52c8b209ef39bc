//! Sign-up, email confirmation, sign-in and -out, password reset, email and password change.
pub mod email_change;
pub mod password_reset;
pub mod routes;
pub mod service;
pub mod tokens;
pub mod views;
