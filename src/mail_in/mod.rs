//! Issue 24: inbound mail. Parley's own SMTP listener (`[inbound_smtp] bind`, [`smtp`]) or
//! an IMAP mailbox (`[inbound_imap] url`, [`imap`]) hands each message to [`store`] first
//! (nothing received is lost: stored in the database, or in the spool directory
//! `<data_dir>/inbound/` while the database is down, before the sender is told 250 or the
//! IMAP message is marked seen), then the [`worker`] claims it with a lease and routes
//! it: a delivery report to [`bounces`], a reply to a notification mail to
//! [`crate::reply_mail::handle`], anything else is dropped. [`admin`] is `/admin/inbound`.

pub mod admin;
pub mod bounces;
pub mod imap;
pub mod smtp;
pub mod store;
pub mod worker;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use tokio::sync::Notify;

/// What the rest of the application reaches of inbound mail through `AppState`.
#[derive(Clone, Default)]
pub struct InboundHandle(Arc<Inner>);

#[derive(Default)]
struct Inner {
    wake: Notify,
    smtp_addr: OnceLock<SocketAddr>,
}

impl InboundHandle {
    /// Wakes the inbound worker (a message was just stored).
    pub fn wake(&self) {
        self.0.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.0.wake.notified().await;
    }

    /// The address the SMTP listener is bound to (port 0 in tests), once it is.
    pub fn smtp_addr(&self) -> Option<SocketAddr> {
        self.0.smtp_addr.get().copied()
    }

    pub(crate) fn set_smtp_addr(&self, addr: SocketAddr) {
        let _ = self.0.smtp_addr.set(addr);
    }
}

/// The bounce address of this deployment (`bounce@<reply_domain>`) and its VERP form
/// `bounce+<outbox id>@<reply_domain>` used as the envelope sender of outgoing mail, so a
/// delivery report names the very message (and so the member) that bounced.
pub fn bounce_address(reply_domain: &str, outbox_id: Option<&str>) -> Option<String> {
    let domain = reply_domain.trim();
    if domain.is_empty() {
        return None;
    }
    Some(match outbox_id {
        Some(id) => format!("bounce+{id}@{domain}"),
        None => format!("bounce@{domain}"),
    })
}

/// Whether `recipient` is the bounce address, plain or VERP; returns the outbox id it
/// names (empty for the plain address).
pub fn parse_bounce_address(reply_domain: &str, recipient: &str) -> Option<String> {
    let domain = reply_domain.trim().to_ascii_lowercase();
    if domain.is_empty() {
        return None;
    }
    let lower = recipient.trim().to_ascii_lowercase();
    let local = lower.strip_suffix(&format!("@{domain}"))?;
    if local == "bounce" {
        return Some(String::new());
    }
    local.strip_prefix("bounce+").map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounce_addresses_round_trip() -> Result<(), &'static str> {
        let a = bounce_address("reply.example.com", Some("0190-ab")).ok_or("a bounce address")?;
        assert_eq!(a, "bounce+0190-ab@reply.example.com");
        assert_eq!(
            parse_bounce_address("reply.example.com", &a).as_deref(),
            Some("0190-ab")
        );
        assert_eq!(
            parse_bounce_address("reply.example.com", "BOUNCE@Reply.Example.com").as_deref(),
            Some("")
        );
        assert_eq!(
            parse_bounce_address("reply.example.com", "bounce@other.com"),
            None
        );
        assert_eq!(parse_bounce_address("", "bounce@x"), None);
        assert_eq!(bounce_address(" ", None), None);
        Ok(())
    }
}
