use crate::db::models::outbox::{self, NewOutboxMessage};
use crate::db::{DbConn, OutboxId, OutboxStatus, Timestamp};
use crate::mail::Email;

/// Queues `email`; call inside the transaction of the action that caused it, so the
/// mail exists exactly when the action does.
pub fn enqueue(conn: &mut DbConn, email: &Email, now: Timestamp) -> diesel::QueryResult<OutboxId> {
    let id = OutboxId::new();
    outbox::insert(
        conn,
        &NewOutboxMessage {
            id: &id,
            kind: email.kind,
            recipient: &email.to,
            subject: &email.subject,
            body_text: &email.text,
            body_html: &email.html,
            status: OutboxStatus::Queued,
            next_attempt_at: now,
            created_at: now,
            user_id: email.meta.user_id.as_ref(),
            topic_id: email.meta.topic_id.as_ref(),
            thread_key: email.meta.thread_key.as_deref(),
            unsubscribe_url: email.meta.unsubscribe_url.as_deref(),
            reply_to: email.meta.reply_to.as_deref(),
        },
    )?;
    Ok(id)
}
