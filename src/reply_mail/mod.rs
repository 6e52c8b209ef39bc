//! Issue 24: reply by email. Notification mail carries a per-recipient
//! `reply+<token>@<mail.reply_domain>` address; [`handle`] authenticates a received
//! reply by its token, strips quoted text and signatures, and posts it as the member
//! through the same service as a web reply, or answers once with the reason it was not
//! posted.

use crate::error::AppResult;
use crate::state::AppState;

pub mod answer;
mod handle;
pub mod markdown;
pub mod strip;
pub mod token;

/// A received message as the inbound worker hands it over.
#[derive(Debug, Clone)]
pub struct Inbound<'a> {
    /// The stored message's id (`inbound_mail`), for logs and the admin page.
    pub id: &'a str,
    /// The envelope recipient (`RCPT TO`), or the `To`/`Delivered-To` address for IMAP.
    pub recipient: &'a str,
    /// The envelope sender (`MAIL FROM`), empty for bounces.
    pub sender: &'a str,
    /// The whole message as received (RFC 5322).
    pub raw: &'a [u8],
}

/// What became of a message; the inbound worker stores it for the admin page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Posted (or held by moderation) as a reply: the post's id.
    Posted { post_id: String, held: bool },
    /// Not posted; the reason (a stable code) was answered to the sender once.
    Refused { reason: String },
    /// Not posted and not answered (a loop, an auto-reply already answered, no sender).
    Dropped { reason: String },
}

/// Makes `email` invite a reply by email: `Reply-To` is `address`, and the text and HTML
/// start with the marker line above which the member writes (where a reply is cut).
pub fn invite_reply(email: &mut crate::mail::Email, address: String) {
    email.meta.reply_to = Some(address);
    email.text = format!("{}\n\n{}", strip::MARKER, email.text);
    let marker = maud::html! {
        p style="color:#8a93a6;font-size:12px;margin:0 0 12px" { (strip::MARKER) }
    }
    .into_string();
    email.html = match email
        .html
        .find("<body")
        .and_then(|i| email.html[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => format!("{}{marker}{}", &email.html[..at], &email.html[at..]),
        None => format!("{marker}{}", email.html),
    };
}

/// Whether `recipient` is a reply address of this deployment (`reply+…@reply_domain`).
pub fn is_reply_address(state: &AppState, recipient: &str) -> bool {
    let domain = state.settings.mail.reply_domain.trim();
    if domain.is_empty() {
        return false;
    }
    let lower = recipient.trim().to_ascii_lowercase();
    lower.starts_with("reply+") && lower.ends_with(&format!("@{}", domain.to_ascii_lowercase()))
}

/// Handles one received reply. An `Err` is a transient failure (the database is
/// down): the inbound worker keeps the message and tries again later.
pub async fn handle(state: &AppState, mail: &Inbound<'_>) -> AppResult<Disposition> {
    handle::handle(state, mail).await
}
