//! Issue 24: inbound mail. Parley's own SMTP listener (`[inbound_smtp] bind`) or an IMAP
//! mailbox (`[inbound_imap] url`) hands each message to [`store`] first (nothing
//! received is lost), then a worker with retries routes it: a reply to a notification
//! mail goes to [`crate::reply_mail::handle`], a delivery report to the bounce handling.
//! Filled by the inbound-mail work.
