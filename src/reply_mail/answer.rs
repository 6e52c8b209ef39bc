//! The answers to replies that were not posted (or were held): one mail per sender and
//! reason a day, through the outbox, in the sender's language. Never sent for an
//! auto-reply or a bounce (see `handle`): answering those makes mail loops.

use maud::html;

use crate::db::models::reply_mail as rows;
use crate::db::models::{settings, users};
use crate::db::{DbConn, Language, Timestamp};
use crate::i18n::{resolve, Lang};
use crate::mail::{outbox, Email};
use crate::t;

/// The language of an answer to `sender`: the setting of the member who owns that
/// address (whoever the reply address was minted for), then the sub-community's
/// default when the reply was about a topic, then the deployment's.
pub fn language(
    conn: &mut DbConn,
    sender: &str,
    community: Option<Language>,
    now: Timestamp,
) -> diesel::QueryResult<Lang> {
    let key = sender.trim().to_lowercase();
    let member = users::find_by_email_key(conn, &key)?.and_then(|u| u.language);
    let default = settings::load(conn, now)?.default_language;
    Ok(resolve::for_recipient(member, community, default))
}

/// Why a reply was not posted (or was held), in words, by reason code.
fn explanation(reason: &str, lang: Lang) -> String {
    let key = match reason {
        "invalid_token" => "replymail-why-invalid-token",
        "expired" => "replymail-why-expired",
        "sender_mismatch" => "replymail-why-sender-mismatch",
        "suspended" => "replymail-why-suspended",
        "locked" => "replymail-why-locked",
        "not_visible" => "replymail-why-not-visible",
        "not_allowed" => "replymail-why-not-allowed",
        "policy" => "replymail-why-policy",
        "too_large" => "replymail-why-too-large",
        "empty" => "replymail-why-empty",
        "rate_limited" => "replymail-why-rate-limited",
        "held" => "replymail-why-held",
        _ => "replymail-why-other",
    };
    t!(lang, key)
}

/// More about why, besides the reason.
#[derive(Debug, Clone, Copy)]
pub enum Detail<'a> {
    /// What the policy said, as the posting service worded it.
    Text(&'a str),
    /// The reply was held because the policy holds such content for review.
    PolicyHold,
}

/// One answer, as it will be queued.
pub struct Answer<'a> {
    pub to: &'a str,
    pub reason: &'a str,
    /// The default language of the topic's sub-community, when the reply was about one.
    pub community: Option<Language>,
    pub topic_title: Option<&'a str>,
    pub detail: Option<Detail<'a>>,
    pub link: Option<&'a str>,
}

pub fn render(a: &Answer<'_>, lang: Lang) -> Email {
    let (subject, lead) = if a.reason == "held" {
        ("replymail-held-subject", "replymail-held-lead")
    } else {
        ("replymail-refused-subject", "replymail-refused-lead")
    };
    let (subject, lead) = (t!(lang, subject), t!(lang, lead));
    let subject = match a.topic_title {
        Some(title) => t!(
            lang,
            "replymail-subject-about",
            subject = subject,
            title = title
        ),
        None => subject,
    };
    let why = explanation(a.reason, lang);
    let detail = a.detail.map(|d| match d {
        Detail::Text(s) => s.to_string(),
        Detail::PolicyHold => t!(lang, "replymail-held-policy"),
    });
    let mut text = format!("{lead}\n\n{why}\n");
    if let Some(d) = &detail {
        text.push_str(&format!("\n{d}\n"));
    }
    if let Some(l) = a.link {
        text.push_str(&format!("\n{l}\n"));
    }
    let body = html! {
        p { (lead) }
        p { (why) }
        @if let Some(d) = &detail { p { (d) } }
        @if let Some(l) = a.link { p { a href=(l) { (l) } } }
    };
    Email {
        kind: "reply_mail_answer",
        to: a.to.to_string(),
        subject,
        text,
        html: crate::mail::templates::document(lang, &body),
        meta: Default::default(),
    }
}

/// Queues the answer, in the sender's language, unless this sender already got one for
/// this reason in the last day.
pub fn send_once_a_day(
    conn: &mut DbConn,
    a: &Answer<'_>,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    let sender = a.to.trim().to_lowercase();
    if rows::answered_since(conn, &sender, a.reason, now.plus_secs(-86_400))? {
        return Ok(false);
    }
    let lang = language(conn, &sender, a.community, now)?;
    outbox::enqueue(conn, &render(a, lang), now)?;
    rows::note_answer(conn, &sender, a.reason, now)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(reason: &str) -> Answer<'_> {
        Answer {
            to: "ana@example.com",
            reason,
            community: None,
            topic_title: Some("Fences"),
            detail: Some(Detail::PolicyHold),
            link: Some("https://example.com/t/1"),
        }
    }

    #[test]
    fn refusals_and_holds_are_written_in_the_given_language() {
        let fr = render(&answer("locked"), Lang::Fr);
        assert_eq!(fr.subject, "Votre réponse n'a pas été publiée : Fences");
        assert!(fr.text.contains("Ce sujet est verrouillé"), "{}", fr.text);
        let en = render(&answer("held"), Lang::En);
        assert_eq!(en.subject, "Your reply is waiting for review: Fences");
        assert!(en.text.contains("payment card"), "{}", en.text);
        assert!(en.html.contains("lang=\"en\""), "{}", en.html);
    }
}
