//! Who hears of an escalation, written inside its transaction: the asker and the topic's
//! watchers (in-app notification, then the notification mail path), the team's members
//! when a topic is escalated to them, and the team's notification address (a mail
//! through the outbox). `fanout::deliver` leaves out the actor, muted members and anyone
//! `Guardian::recipient_may_see` refuses, so a private sub-community stays private.

use std::collections::HashMap;

use maud::html;

use crate::config::NotificationSettings;
use crate::db::models::communities::{self, Community};
use crate::db::models::escalations::Escalation;
use crate::db::models::teams::Team;
use crate::db::models::topics::Topic;
use crate::db::models::{settings as site_settings, watches};
use crate::db::{DbConn, NotificationKind, Timestamp, UserId, WatchLevel, WatchTarget};
use crate::i18n::resolve;
use crate::mail::{outbox, Email, MailMeta};
use crate::notifications::fanout;
use crate::t;

/// Each member's level on the topic: the topic's row, else the category's, else the
/// sub-community's.
fn levels(conn: &mut DbConn, topic: &Topic) -> diesel::QueryResult<HashMap<UserId, WatchLevel>> {
    let rows = watches::covering(
        conn,
        topic.id.as_str(),
        topic.category_id.as_ref().map(|c| c.as_str()),
        topic.community_id.as_str(),
    )?;
    let rank = |t: WatchTarget| match t {
        WatchTarget::Topic => 3,
        WatchTarget::Category => 2,
        WatchTarget::Community => 1,
    };
    let mut best: HashMap<UserId, (u8, WatchLevel)> = HashMap::new();
    for w in rows {
        let r = rank(w.target_kind);
        if best.get(&w.user_id).is_none_or(|(have, _)| *have < r) {
            best.insert(w.user_id, (r, w.level));
        }
    }
    Ok(best.into_iter().map(|(u, (_, l))| (u, l)).collect())
}

/// Notifies the asker, the topic's watchers and `also` (a team's members) of a change.
#[allow(clippy::too_many_arguments)]
pub fn followers(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    community: &Community,
    topic: &Topic,
    actor: &UserId,
    also: &[UserId],
    notice: &crate::notifications::Notice,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    let levels = levels(conn, topic)?;
    let muted: Vec<UserId> = levels
        .iter()
        .filter(|(_, l)| **l == WatchLevel::Muted)
        .map(|(u, _)| u.clone())
        .collect();
    let mut candidates = vec![(topic.author_id.clone(), NotificationKind::Escalation)];
    candidates.extend(
        levels
            .iter()
            .filter(|(_, l)| **l == WatchLevel::Watching)
            .map(|(u, _)| (u.clone(), NotificationKind::Escalation)),
    );
    candidates.extend(
        also.iter()
            .map(|u| (u.clone(), NotificationKind::Escalation)),
    );
    fanout::deliver(
        conn,
        cfg,
        &fanout::Event {
            community,
            topic: Some(topic),
            post: None,
            actor: Some(actor),
            summary: &topic.title,
            notice: Some(notice),
            now,
        },
        candidates,
        &muted,
    )
}

/// A mail to the team's notification address (if it has one) about `escalation`.
pub fn team_address(
    conn: &mut DbConn,
    team: &Team,
    topic: &Topic,
    escalation: &Escalation,
    base_url: &str,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    if team.notify_email.trim().is_empty() {
        return Ok(());
    }
    let brand = site_settings::load(conn, now)?;
    // A team's address belongs to no member: the sub-community's default language,
    // else the deployment's.
    let community = communities::default_language(conn, &topic.community_id)?;
    let lang = resolve::for_recipient(None, Some(community), brand.default_language);
    let link = format!("{}{}", base_url.trim_end_matches('/'), topic.path());
    let queue = format!("{}/teams/{}", base_url.trim_end_matches('/'), team.slug);
    let status_text = super::views::status_label(lang, escalation.status);
    let status = status_text.as_str();
    let (team_name, title) = (team.name.as_str(), topic.title.as_str());
    let subject = t!(
        lang,
        "mail-escalation-subject",
        team = team_name,
        status = status,
        title = title
    );
    let lead = t!(
        lang,
        "mail-escalation-lead",
        team = team_name,
        site = brand.site_name.as_str()
    );
    let status_line = t!(lang, "mail-escalation-status", status = status);
    let reference = (!escalation.external_id.is_empty()).then(|| {
        t!(
            lang,
            "mail-escalation-reference",
            reference = escalation.external_id.as_str()
        )
    });
    let mut text = format!(
        "{lead}\n\n{}\n{link}\n{status_line}\n",
        t!(lang, "mail-escalation-topic", title = title)
    );
    if let Some(r) = &reference {
        text.push_str(&format!("{r}\n"));
    }
    text.push_str(&format!(
        "\n{}\n",
        t!(lang, "mail-escalation-queue", link = queue.as_str())
    ));
    let topic_label = t!(lang, "mail-escalation-topic", title = "");
    let body = html! {
        p { (lead) }
        p { (topic_label.trim_end()) " " a href=(link) { (topic.title) } }
        p { (status_line) }
        @if let Some(r) = &reference { p { (r) } }
        p { a href=(queue) { (t!(lang, "mail-escalation-open-queue")) } }
    };
    let email = Email {
        kind: "escalation_team",
        to: team.notify_email.clone(),
        subject,
        text,
        html: crate::mail::templates::document(lang, &body),
        meta: MailMeta::default(),
    };
    outbox::enqueue(conn, &email, now).map(|_| ())
}
