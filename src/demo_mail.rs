//! Issue 24 demo: a few received messages in various states so `/admin/inbound` shows
//! what it is for. Only the inbound log is written: the outcomes are stated, no post is
//! invented (posting replies is the reply-by-email feature's part).

use diesel::prelude::*;

use crate::db::models::inbound_mail::{self, NewInboundMail};
use crate::db::schema::inbound_mail as table;
use crate::db::{DbConn, InboundMailId, InboundStatus, Timestamp};
use crate::demo_more::DemoIds;
use crate::error::AppResult;

struct DemoMessage {
    minutes_ago: i64,
    source: &'static str,
    from: &'static str,
    to: &'static str,
    subject: &'static str,
    body: &'static str,
    message_id: &'static str,
    status: InboundStatus,
    disposition: &'static str,
    reason: &'static str,
    attempts: i32,
    last_error: Option<&'static str>,
}

const MESSAGES: &[DemoMessage] = &[
    DemoMessage {
        minutes_ago: 2 * 24 * 60,
        source: "smtp",
        from: "Carla <carla@example.com>",
        to: "reply+demo-expired@reply.parley.localhost",
        subject: "Re: Widget X200 keeps rebooting",
        body: "Same here, the firmware update fixed it for me.\r\n\r\nOn Mon, Nov 30, 2026, Parley wrote:\r\n> A new reply in Widget X200 keeps rebooting\r\n",
        message_id: "demo-1@mail.example.com",
        status: InboundStatus::Done,
        disposition: "refused",
        reason: "expired_token",
        attempts: 1,
        last_error: None,
    },
    DemoMessage {
        minutes_ago: 26 * 60,
        source: "smtp",
        from: "Chen <chen@example.com>",
        to: "reply+demo-ooo@reply.parley.localhost",
        subject: "Automatic reply: New answer to your question",
        body: "I am out of the office until Monday and will answer when I am back.\r\n",
        message_id: "demo-2@mail.example.com",
        status: InboundStatus::Done,
        disposition: "dropped",
        reason: "auto_reply",
        attempts: 1,
        last_error: None,
    },
    DemoMessage {
        minutes_ago: 20 * 60,
        source: "smtp",
        from: "Mail Delivery System <MAILER-DAEMON@relay.example.com>",
        to: "bounce@reply.parley.localhost",
        subject: "Undelivered Mail Returned to Sender",
        body: "This is the mail system at host relay.example.com.\r\n\r\nFinal-Recipient: rfc822; old.address@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n",
        message_id: "demo-3@relay.example.com",
        status: InboundStatus::Done,
        disposition: "bounce",
        reason: "hard 5.1.1 old.address@example.org",
        attempts: 1,
        last_error: None,
    },
    DemoMessage {
        minutes_ago: 6 * 60,
        source: "imap",
        from: "Pat <pat@example.com>",
        to: "reply+demo-pat@reply.parley.localhost",
        subject: "Re: Idea: dark mode for the dashboard",
        body: "+1, and please keep the contrast high.\r\n",
        message_id: "demo-4@mail.example.com",
        status: InboundStatus::Failed,
        disposition: "",
        reason: "",
        attempts: 8,
        last_error: Some("database unavailable (the message is kept; retry it)"),
    },
    DemoMessage {
        minutes_ago: 6 * 60 - 5,
        source: "imap",
        from: "Pat <pat@example.com>",
        to: "reply+demo-pat@reply.parley.localhost",
        subject: "Re: Idea: dark mode for the dashboard",
        body: "+1, and please keep the contrast high.\r\n",
        message_id: "demo-4@mail.example.com",
        status: InboundStatus::Duplicate,
        disposition: "duplicate",
        reason: "the same Message-ID was received before",
        attempts: 0,
        last_error: None,
    },
];

pub fn seed(conn: &mut DbConn, _ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    for m in MESSAGES {
        let id = InboundMailId::new();
        let at = now.plus_secs(-m.minutes_ago * 60);
        let raw = format!(
            "From: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}",
            m.from, m.to, m.subject, m.message_id, m.body
        );
        let message_id = if m.status == InboundStatus::Duplicate {
            "" // stored as is, not de-duplicated again
        } else {
            m.message_id
        };
        inbound_mail::insert(
            conn,
            &NewInboundMail {
                id: &id,
                received_at: at,
                source: m.source,
                envelope_from: "",
                recipient: m.to,
                message_id,
                from_header: m.from,
                subject: m.subject,
                size_bytes: raw.len() as i64,
                raw: raw.as_bytes(),
                status: m.status,
                disposition: m.disposition,
                reason: m.reason,
                next_attempt_at: at,
            },
        )?;
        diesel::update(table::table.find(&id))
            .set((
                table::attempts.eq(m.attempts),
                table::last_error.eq(m.last_error),
                table::processed_at.eq((m.status == InboundStatus::Done).then_some(at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
