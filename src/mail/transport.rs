//! SMTP in production, files under `<data_dir>/mail` in development.

use lettre::message::{header, Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Settings;
use crate::db::models::outbox::OutboxMessage;

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        if settings.smtp_url.trim().is_empty() {
            let dir = settings.mail_dir();
            std::fs::create_dir_all(&dir)?;
            tracing::info!(dir = %dir.display(), "no SMTP configured: mail is written to files");
            return Ok(Mailer::File(AsyncFileTransport::<Tokio1Executor>::new(dir)));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(settings.smtp_url.trim())?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Mailer::Smtp(transport))
    }

    /// Sends with `return_path` as the envelope sender (issue 24: the VERP bounce address
    /// `bounce+<outbox id>@reply_domain`, so delivery reports come back to Parley naming
    /// the message); the message's own `From` when `None`.
    pub async fn send_with_return_path(
        &self,
        message: Message,
        return_path: Option<&str>,
    ) -> Result<(), String> {
        let Some(return_path) = return_path else {
            return self.send(message).await;
        };
        let sender: lettre::Address = return_path
            .parse()
            .map_err(|e| format!("bad return path: {e}"))?;
        let envelope =
            lettre::address::Envelope::new(Some(sender), message.envelope().to().to_vec())
                .map_err(|e| e.to_string())?;
        let raw = message.formatted();
        match self {
            Mailer::Smtp(t) => t
                .send_raw(&envelope, &raw)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Mailer::File(t) => t
                .send_raw(&envelope, &raw)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::File(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Builds the MIME message (plain text + HTML alternatives). Every header value goes
/// through lettre's builders, so user text cannot add headers. Notification mail about a
/// topic names the topic's thread in `In-Reply-To`/`References` (mail clients group them)
/// and carries one-click `List-Unsubscribe` headers (RFC 8058).
pub fn build_message(m: &OutboxMessage, from: &Mailbox, host: &str) -> Result<Message, String> {
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.replace(['\r', '\n'], " "))
        .message_id(Some(format!("<{}@{}>", m.id, host)));
    if let Some(reply_to) = m.reply_to.as_deref().filter(|r| is_header_safe(r)) {
        let mailbox: Mailbox = reply_to
            .parse()
            .map_err(|e| format!("bad reply address: {e}"))?;
        builder = builder.reply_to(mailbox);
    }
    if let Some(key) = m.thread_key.as_deref().filter(|k| is_header_safe(k)) {
        let root = format!("<{key}@{host}>");
        builder = builder.in_reply_to(root.clone()).references(root);
    }
    let mut msg = builder
        .multipart(MultiPart::alternative_plain_html(
            m.body_text.clone(),
            m.body_html.clone(),
        ))
        .map_err(|e| e.to_string())?;
    let headers = msg.headers_mut();
    headers.insert_raw(header::HeaderValue::new(
        header::HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-generated".into(),
    ));
    if let Some(url) = m.unsubscribe_url.as_deref().filter(|u| is_header_safe(u)) {
        headers.insert_raw(header::HeaderValue::new(
            header::HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ));
        headers.insert_raw(header::HeaderValue::new(
            header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ));
    }
    Ok(msg)
}

/// Values we put in raw headers are ours (URLs, ids), but never let one carry a line break.
fn is_header_safe(v: &str) -> bool {
    !v.is_empty() && v.len() < 900 && v.chars().all(|c| c.is_ascii_graphic())
}
