//! Mail: templates render an [`Email`]; [`outbox::enqueue`] stores it in the same
//! transaction as the action that caused it; [`worker`] delivers it over SMTP (or to
//! files in development) with retries and backoff.
pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

/// A rendered message waiting to be queued.
#[derive(Debug, Clone)]
pub struct Email {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}
