//! Delivery reports (DSN, RFC 3464: `multipart/report; report-type=delivery-status`)
//! about Parley's own mail. Each failed recipient is recorded (`mail_bounces`): a 5.x.x
//! status with `Action: failed` is hard, 4.x.x (or `delayed`) soft. After
//! `[mail] bounce_threshold` hard bounces of the member's current address it is marked
//! bouncing and `Guardian::mail_refusal` stops all mail to it.
//!
//! Outgoing mail is sent with the VERP envelope sender `bounce+<outbox id>@reply_domain`
//! (see `mail::worker`), so a report names the message it is about and the member is
//! found from the outbox row even when the relay rewrites `Final-Recipient`.

use mailparse::{MailHeaderMap, ParsedMail};

use crate::db::models::inbound_mail::InboundMail;
use crate::db::models::{mail_bounces, users};
use crate::db::{InboundMailId, MailBounceId, OutboxId};
use crate::error::AppResult;
use crate::state::AppState;

/// One failed (or delayed) recipient of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub recipient: String,
    pub hard: bool,
    pub status: String,
    pub diagnostic: String,
}

/// Whether the message is a delivery report at all.
pub fn is_report(raw: &[u8]) -> bool {
    mailparse::parse_mail(raw)
        .map(|m| report_part(&m).is_some())
        .unwrap_or(false)
}

fn report_part<'a>(mail: &'a ParsedMail<'a>) -> Option<&'a ParsedMail<'a>> {
    if mail
        .ctype
        .mimetype
        .eq_ignore_ascii_case("message/delivery-status")
    {
        return Some(mail);
    }
    mail.subparts.iter().find_map(report_part)
}

/// The failed and delayed recipients of a DSN; `None` when it is not one.
pub fn parse_report(raw: &[u8]) -> Option<Vec<Failure>> {
    let mail = mailparse::parse_mail(raw).ok()?;
    let part = report_part(&mail)?;
    let body = part.get_body_raw().ok()?;
    let text = String::from_utf8_lossy(&body).replace("\r\n", "\n");
    let mut failures = Vec::new();
    // Field groups separated by blank lines: the first is about the message, each
    // following one about a recipient.
    for group in text.split("\n\n").skip(1) {
        let group = format!("{group}\n\n");
        let Ok((fields, _)) = mailparse::parse_headers(group.as_bytes()) else {
            continue;
        };
        let get = |name: &str| fields.get_first_value(name).unwrap_or_default();
        let action = get("Action").trim().to_ascii_lowercase();
        let status = get("Status").trim().to_string();
        let recipient =
            address_of(&get("Final-Recipient")).or_else(|| address_of(&get("Original-Recipient")));
        let Some(recipient) = recipient else { continue };
        let hard = action == "failed" && status.starts_with('5');
        let soft = action == "delayed" || status.starts_with('4');
        if hard || soft {
            failures.push(Failure {
                recipient,
                hard,
                status,
                diagnostic: get("Diagnostic-Code").chars().take(300).collect(),
            });
        }
    }
    Some(failures)
}

/// `rfc822; ana@example.com` → `ana@example.com`.
fn address_of(field: &str) -> Option<String> {
    let addr = field.split_once(';').map_or(field, |(_, a)| a).trim();
    let addr = addr.trim_start_matches('<').trim_end_matches('>');
    (addr.contains('@') && !addr.contains(char::is_whitespace)).then(|| addr.to_string())
}

/// Records a report's failures; returns the disposition and reason for the admin page.
pub async fn handle(state: &AppState, mail: &InboundMail) -> AppResult<(String, String)> {
    let Some(failures) = parse_report(&mail.raw) else {
        return Ok(("dropped".into(), "not a delivery report".into()));
    };
    if failures.is_empty() {
        return Ok(("bounce".into(), "report without failed recipients".into()));
    }
    let verp =
        crate::mail_in::parse_bounce_address(&state.settings.mail.reply_domain, &mail.recipient)
            .and_then(|id| OutboxId::parse(&id));
    let threshold = i64::from(state.settings.mail.bounce_threshold.max(1));
    let now = state.clock.now();
    let inbound_id: InboundMailId = mail.id.clone();
    state
        .write(move |conn| {
            // The message the report is about names the address we actually mailed.
            let sent_to = match &verp {
                Some(id) => mail_bounces::outbox_recipient(conn, id)?,
                None => None,
            };
            let mut summary = Vec::new();
            for f in &failures {
                let address = match (&sent_to, failures.len()) {
                    (Some(a), 1) => a.clone(),
                    _ => f.recipient.clone(),
                };
                let key = address.to_lowercase();
                let user = users::find_by_email_key(conn, &key)?;
                mail_bounces::insert(
                    conn,
                    &mail_bounces::NewBounce {
                        id: &MailBounceId::new(),
                        email_key: &key,
                        user_id: user.as_ref().map(|u| &u.id),
                        inbound_id: Some(&inbound_id),
                        hard: f.hard,
                        status_code: &f.status,
                        diagnostic: &f.diagnostic,
                        created_at: now,
                    },
                )?;
                let mut marked = false;
                if let (true, Some(user)) = (f.hard, &user) {
                    let since = user.email_confirmed_at.unwrap_or(user.created_at);
                    if mail_bounces::count_hard_since(conn, &key, since)? >= threshold {
                        marked = mail_bounces::mark_bouncing(conn, &user.id, now)? > 0;
                    }
                }
                summary.push(format!(
                    "{} {} {}{}",
                    if f.hard { "hard" } else { "soft" },
                    f.status,
                    address,
                    if marked { " (now marked bouncing)" } else { "" }
                ));
            }
            Ok(("bounce".to_string(), summary.join("; ")))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dsn(action: &str, status: &str) -> Vec<u8> {
        format!(
            "From: MAILER-DAEMON@relay.example.com\r\n\
             To: bounce@reply.example.com\r\n\
             Subject: Undelivered Mail Returned to Sender\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\
             \r\n\
             --B\r\n\
             Content-Type: text/plain\r\n\
             \r\n\
             Your message could not be delivered.\r\n\
             --B\r\n\
             Content-Type: message/delivery-status\r\n\
             \r\n\
             Reporting-MTA: dns; relay.example.com\r\n\
             \r\n\
             Final-Recipient: rfc822; Ana@Example.com\r\n\
             Action: {action}\r\n\
             Status: {status}\r\n\
             Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\
             \r\n\
             --B--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn hard_and_soft_failures_are_told_apart() -> Result<(), Box<dyn std::error::Error>> {
        let hard = parse_report(&dsn("failed", "5.1.1")).ok_or("a report of a failure")?;
        assert_eq!(hard.len(), 1);
        assert!(hard[0].hard);
        assert_eq!(hard[0].recipient, "Ana@Example.com");
        assert_eq!(hard[0].status, "5.1.1");
        let soft = parse_report(&dsn("delayed", "4.2.2")).ok_or("a report of a delay")?;
        assert!(!soft[0].hard);
        assert!(parse_report(&dsn("delivered", "2.0.0"))
            .ok_or("a report of a delivery")?
            .is_empty());
        assert!(is_report(&dsn("failed", "5.1.1")));
        assert!(!is_report(b"Subject: hi\r\n\r\nhello"));
        assert_eq!(parse_report(b"Subject: hi\r\n\r\nhello"), None);
        Ok(())
    }
}
