//! The answers to replies that were not posted (or were held): one mail per sender and
//! reason a day, through the outbox, in the member's language. Never sent for an
//! auto-reply or a bounce (see `handle`): answering those makes mail loops.

use maud::html;

use crate::db::models::communities::Community;
use crate::db::models::reply_mail as rows;
use crate::db::{DbConn, Language, Timestamp};
use crate::mail::{outbox, Email};

/// The language of the answers to a member about a topic: the topic's sub-community's
/// language (issue 21 will add the member's own setting here).
pub fn language(community: Option<&Community>) -> Language {
    match community.map(|c| c.default_language) {
        Some(Language::Fr) => Language::Fr,
        _ => Language::En,
    }
}

/// Why a reply was not posted (or was held), in words, by reason code.
fn explanation(reason: &str, lang: Language) -> &'static str {
    match (lang, reason) {
        (Language::Fr, "invalid_token") => "Cette adresse de réponse n'est pas valide. Répondez depuis le site.",
        (Language::Fr, "expired") => "Cette adresse de réponse a expiré (elles durent 30 jours). Répondez depuis le site.",
        (Language::Fr, "sender_mismatch") => "Cette adresse de réponse appartient à un autre membre : seul le destinataire du message peut l'utiliser.",
        (Language::Fr, "suspended") => "Votre compte est suspendu : vous ne pouvez pas publier pour le moment.",
        (Language::Fr, "locked") => "Ce sujet est verrouillé : il n'accepte plus de réponses.",
        (Language::Fr, "not_visible") => "Ce sujet n'existe plus ou ne vous est plus visible.",
        (Language::Fr, "not_allowed") => "Vous ne pouvez pas répondre à ce sujet.",
        (Language::Fr, "policy") => "Votre message contient quelque chose que les règles de la communauté interdisent de publier.",
        (Language::Fr, "too_large") => "Votre message est trop long pour être publié.",
        (Language::Fr, "empty") => "Nous n'avons trouvé aucun texte de votre part au-dessus de la citation.",
        (Language::Fr, "rate_limited") => "Vous avez publié trop de messages récemment. Réessayez plus tard.",
        (Language::Fr, "held") => "Votre réponse est publiée mais attend la validation d'un modérateur.",
        (Language::Fr, _) => "Votre message n'a pas pu être publié.",
        (_, "invalid_token") => "This reply address is not valid. Please reply on the site.",
        (_, "expired") => "This reply address has expired (they last 30 days). Please reply on the site.",
        (_, "sender_mismatch") => "This reply address belongs to another member: only the person the mail was sent to can use it.",
        (_, "suspended") => "Your account is suspended, so you cannot post for now.",
        (_, "locked") => "This topic is locked: it no longer takes replies.",
        (_, "not_visible") => "This topic no longer exists or you can no longer see it.",
        (_, "not_allowed") => "You cannot reply to this topic.",
        (_, "policy") => "Your message contains something the community's policy does not allow to be published.",
        (_, "too_large") => "Your message is too long to be posted.",
        (_, "empty") => "We found no text of yours above the quoted message.",
        (_, "rate_limited") => "You have posted too many messages recently. Please try again later.",
        (_, "held") => "Your reply was posted and is waiting for review by a moderator.",
        (_, _) => "Your message could not be posted.",
    }
}

/// One answer, as it will be queued.
pub struct Answer<'a> {
    pub to: &'a str,
    pub reason: &'a str,
    pub lang: Language,
    pub topic_title: Option<&'a str>,
    /// What the policy said, when it held or blocked the reply.
    pub detail: Option<&'a str>,
    pub link: Option<&'a str>,
}

pub fn render(a: &Answer<'_>) -> Email {
    let held = a.reason == "held";
    let (subject, lead) = match (a.lang, held) {
        (Language::Fr, false) => (
            "Votre réponse n'a pas été publiée",
            "Nous n'avons pas publié votre réponse par e-mail.",
        ),
        (Language::Fr, true) => (
            "Votre réponse attend une validation",
            "Nous avons bien reçu votre réponse par e-mail.",
        ),
        (_, false) => (
            "Your reply was not posted",
            "We did not post your reply by email.",
        ),
        (_, true) => (
            "Your reply is waiting for review",
            "We received your reply by email.",
        ),
    };
    let subject = match a.topic_title {
        Some(t) => format!("{subject}: {t}"),
        None => subject.to_string(),
    };
    let why = explanation(a.reason, a.lang);
    let mut text = format!("{lead}\n\n{why}\n");
    if let Some(d) = a.detail {
        text.push_str(&format!("\n{d}\n"));
    }
    if let Some(l) = a.link {
        text.push_str(&format!("\n{l}\n"));
    }
    let body = html! {
        p { (lead) }
        p { (why) }
        @if let Some(d) = a.detail { p { (d) } }
        @if let Some(l) = a.link { p { a href=(l) { (l) } } }
    };
    Email {
        kind: "reply_mail_answer",
        to: a.to.to_string(),
        subject,
        text,
        html: body.into_string(),
        meta: Default::default(),
    }
}

/// Queues the answer unless this sender already got one for this reason in the last day.
pub fn send_once_a_day(
    conn: &mut DbConn,
    a: &Answer<'_>,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    let sender = a.to.trim().to_lowercase();
    if rows::answered_since(conn, &sender, a.reason, now.plus_secs(-86_400))? {
        return Ok(false);
    }
    outbox::enqueue(conn, &render(a), now)?;
    rows::note_answer(conn, &sender, a.reason, now)?;
    Ok(true)
}
