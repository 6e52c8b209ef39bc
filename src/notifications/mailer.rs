//! Turns notifications into mail, in the background:
//!
//! - **Immediate mail.** A notification that should be mailed waits `batch_secs`. When a
//!   member's first one is due, their pending notifications are claimed, oldest first and
//!   at most 500 per transaction (conditional UPDATE, so two processes never compose the
//!   same ones), and in that transaction: those already read on the site are skipped,
//!   those the member may no longer see are dropped, switched-off kinds are left out, the
//!   daily cap is applied, and one mail per topic and kind of mail is queued in the
//!   outbox.
//! - **Digests.** Members who chose a daily or weekly digest get the most active and the
//!   unanswered topics of what they follow since their last digest.
//!
//! Everything is decided from the injected clock, so tests move time instead of sleeping.

use crate::auth::secret::random_token;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::notification_prefs::{self, Prefs};
use crate::db::models::notifications::{self, Notification};
use crate::db::models::settings;
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::{self, User};
use crate::db::models::{posts, watches};
use crate::db::schema::outbox as outbox_table;
use crate::db::{
    DbConn, EmailState, MailCategory, NotificationId, Timestamp, TopicId, TopicKind, UserId,
    WatchLevel, WatchTarget,
};
use crate::error::AppResult;
use crate::i18n::{resolve, Lang};
use crate::mail::templates::{
    self, DigestItem, MailFooterLinks, NotificationHead, NotificationLine,
};
use crate::mail::{outbox, Email, MailMeta};
use crate::state::AppState;
use crate::t;

const USERS_PER_PASS: i64 = 50;
/// A member's notifications composed in one transaction (one mail per topic among them).
const CLAIM_PER_BATCH: i64 = 500;
/// Items listed in one notification mail; the rest are summed up.
const MAX_LINES: usize = 10;
const DIGEST_TOPICS: i64 = 8;

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poll = Duration::from_millis(state.settings.mail.poll_interval_ms.max(10));
        while !state.stop.is_stopping() {
            // Issue 22: every node composes: each member's batch and digest is claimed
            // atomically (`claim_pending`, `claim_digest`), so N nodes compose each once.
            let pass = run_once(&state).await;
            match pass {
                Ok(n) if n > 0 => state.outbox_wake.notify_one(),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification mail pass failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = state.stop.stopped() => {}
            }
        }
    })
}

/// One pass: tells readers about posts still queued (left by a crash or another node),
/// then composes every due batch and digest; returns how many mails were queued.
pub async fn run_once(state: &AppState) -> AppResult<usize> {
    crate::notifications::fanout::drain_left_over(state).await?;
    let now = state.clock.now();
    let due = state
        .db(move |conn| {
            Ok(notifications::users_with_due_mail(
                conn,
                now,
                USERS_PER_PASS,
            )?)
        })
        .await?;
    let mut queued = 0;
    for user in due {
        if state.stop.is_stopping() {
            break; // issue 22: the rest waits for the next pass (or node)
        }
        // A member's backlog goes a batch per transaction, so the writer is never held
        // for long by one member however much they have waiting.
        loop {
            let (ctx, user) = (Ctx::new(state, now), user.clone());
            let (mails, more) = state
                .write(move |conn| Ok(compose_for(conn, &ctx, &user)?))
                .await?;
            queued += mails;
            if !more {
                break;
            }
        }
    }
    let digests = state
        .db(move |conn| Ok(notification_prefs::digests_due(conn, now, USERS_PER_PASS)?))
        .await?;
    for prefs in digests {
        let ctx = Ctx::new(state, now);
        queued += state
            .write(move |conn| Ok(compose_digest(conn, &ctx, prefs)?))
            .await?;
    }
    Ok(queued)
}

struct Ctx {
    base: String,
    now: Timestamp,
    daily_cap: i64,
    /// Issue 24: where replies by email go; empty: mail carries no reply address.
    reply_domain: String,
}

impl Ctx {
    fn new(state: &AppState, now: Timestamp) -> Self {
        Self {
            base: state.base_url(),
            now,
            daily_cap: state.settings.notifications.daily_cap,
            reply_domain: state.settings.mail.reply_domain.trim().to_string(),
        }
    }
}

fn links<'a>(
    ctx: &Ctx,
    prefs: &Prefs,
    user: &UserId,
    category: MailCategory,
    holder: &'a mut (String, String),
) -> (&'a str, &'a str) {
    holder.0 = format!("{}/settings/notifications", ctx.base);
    holder.1 = super::unsubscribe::url(&ctx.base, &prefs.unsubscribe_key, user, category);
    (&holder.0, &holder.1)
}

/// What an unsubscribe link of this category stops, for its footer.
fn category_label(c: MailCategory, lang: Lang) -> String {
    t!(
        lang,
        match c {
            MailCategory::Replies => "mail-category-replies",
            MailCategory::Mentions => "mail-category-mentions",
            MailCategory::Watching => "mail-category-watching",
            MailCategory::Updates => "mail-category-updates",
            MailCategory::Digest => "mail-category-digest",
        }
    )
}

fn reason(c: MailCategory, lang: Lang) -> String {
    t!(
        lang,
        match c {
            MailCategory::Replies => "mail-reason-replies",
            MailCategory::Mentions => "mail-reason-mentions",
            MailCategory::Watching => "mail-reason-watching",
            MailCategory::Updates => "mail-reason-updates",
            MailCategory::Digest => "mail-reason-digest",
        }
    )
}

/// The line above a notification mail's items: "3 new replies in this topic" when every
/// item is a post, else "2 new updates in this topic".
fn summary_line(kept: &[&Notification], lang: Lang) -> String {
    use crate::db::NotificationKind as K;
    let posts = kept
        .iter()
        .all(|n| matches!(n.kind, K::Reply | K::Answered | K::Posted));
    let key = if posts {
        "mail-notification-new-replies"
    } else {
        "mail-notification-new-updates"
    };
    t!(lang, key, count = kept.len())
}

/// Mails sent to a member's notifications in the last 24 hours.
fn mails_in_last_day(conn: &mut DbConn, user: &UserId, now: Timestamp) -> diesel::QueryResult<i64> {
    use diesel::prelude::*;
    outbox_table::table
        .filter(outbox_table::user_id.eq(user))
        .filter(outbox_table::kind.eq("notification"))
        .filter(outbox_table::created_at.gt(now.plus_secs(-86_400)))
        .count()
        .get_result(conn)
}

/// The post excerpt for a mail: the first lines, at most ~400 characters.
fn excerpt(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines().filter(|l| !l.trim().is_empty()).take(6) {
        if out.chars().count() > 400 {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    if out.chars().count() > 420 {
        out = out.chars().take(400).collect::<String>() + "…";
    }
    out.trim_end().to_string()
}

fn may_see_topic(
    conn: &mut DbConn,
    user: &User,
    topic: &Topic,
    allow_deleted: bool,
    now: Timestamp,
) -> diesel::QueryResult<Option<Community>> {
    if topic.deleted_at.is_some() && !allow_deleted {
        return Ok(None);
    }
    let Some(c) = communities::find(conn, &topic.community_id)? else {
        return Ok(None);
    };
    let roles = communities::memberships_in(conn, &c.id, std::slice::from_ref(&user.id))?;
    Ok(Guardian::recipient_may_see(user, roles, &c, now).then_some(c))
}

/// Composes one member's oldest [`CLAIM_PER_BATCH`] pending notifications into mail;
/// returns the mails queued and whether more are waiting.
fn compose_for(
    conn: &mut DbConn,
    ctx: &Ctx,
    user_id: &UserId,
) -> diesel::QueryResult<(usize, bool)> {
    let batch = uuid::Uuid::now_v7().to_string();
    let claimed = notifications::claim_pending(conn, user_id, &batch, CLAIM_PER_BATCH)?;
    let more = claimed.len() as i64 == CLAIM_PER_BATCH;
    Ok((compose_claimed(conn, ctx, user_id, claimed)?, more))
}

fn compose_claimed(
    conn: &mut DbConn,
    ctx: &Ctx,
    user_id: &UserId,
    claimed: Vec<Notification>,
) -> diesel::QueryResult<usize> {
    if claimed.is_empty() {
        return Ok(0);
    }
    let Some(user) = users::find(conn, user_id)? else {
        return Ok(0);
    };
    let ids = |v: &[&Notification]| {
        v.iter()
            .map(|n| n.id.clone())
            .collect::<Vec<NotificationId>>()
    };
    if Guardian::mail_refusal(&user, ctx.now).is_some() {
        let all: Vec<&Notification> = claimed.iter().collect();
        notifications::set_email_status(conn, &ids(&all), EmailState::Dropped)?;
        tracing::info!(user = %user.id, count = all.len(), "notification mail dropped: member suspended or unconfirmed");
        return Ok(0);
    }
    let prefs = notification_prefs::ensure(conn, &user.id, ctx.now, random_token)?;
    let mut read = Vec::new();
    let mut unwanted = Vec::new();
    // (topic, category) -> notifications, in a stable order.
    let mut groups: BTreeMap<(Option<TopicId>, MailCategory), Vec<&Notification>> = BTreeMap::new();
    for n in &claimed {
        let category = super::mail_category(n.kind);
        if n.read_at.is_some() {
            read.push(n);
        } else if !prefs.wants(category) {
            unwanted.push(n);
        } else {
            groups
                .entry((n.topic_id.clone(), category))
                .or_default()
                .push(n);
        }
    }
    notifications::set_email_status(conn, &ids(&read), EmailState::SkippedRead)?;
    notifications::set_email_status(conn, &ids(&unwanted), EmailState::Unsubscribed)?;
    let brand = settings::load(conn, ctx.now)?;
    let mut sent_today = mails_in_last_day(conn, &user.id, ctx.now)?;
    let mut queued = 0;
    for ((topic_id, category), items) in groups {
        let topic = match &topic_id {
            Some(t) => topics::find(conn, t)?,
            None => None,
        };
        // A moderator deleting the member's own topic is still news to them (the mail
        // quotes nothing of it); anything else about a deleted topic is dropped.
        let about_own_moderation = items
            .iter()
            .all(|n| n.kind == crate::db::NotificationKind::Moderation);
        let visible = match &topic {
            Some(t) => may_see_topic(conn, &user, t, about_own_moderation, ctx.now)?,
            None => None,
        };
        let (Some(topic), Some(community)) = (topic, visible) else {
            notifications::set_email_status(conn, &ids(&items), EmailState::Dropped)?;
            tracing::info!(user = %user.id, count = items.len(), "notification mail dropped: content no longer visible to the member");
            continue;
        };
        if sent_today >= ctx.daily_cap {
            notifications::set_email_status(conn, &ids(&items), EmailState::Capped)?;
            continue;
        }
        // The recipient's language, whoever triggered the mail: their setting, then the
        // topic's sub-community's default, then the deployment's.
        let lang = resolve::for_recipient(
            user.language,
            Some(community.default_language),
            brand.default_language,
        );
        let mut lines = Vec::new();
        let mut kept = Vec::new();
        let mut gone = Vec::new();
        for n in &items {
            // About a post: it must still be there. About the topic itself (a move, a
            // close): the topic's summary and link.
            let (text, link) = match &n.post_id {
                Some(p) => match posts::find(conn, p)?.filter(|p| p.deleted_at.is_none()) {
                    Some(post) => (
                        excerpt(&post.body_markdown),
                        format!("{}/p/{}", ctx.base, post.id),
                    ),
                    None => {
                        gone.push(*n);
                        continue;
                    }
                },
                None => (
                    super::summary_text(n, lang),
                    format!("{}{}", ctx.base, topic.path()),
                ),
            };
            kept.push(*n);
            if lines.len() < MAX_LINES {
                let actor = match &n.actor_id {
                    Some(a) => users::find(conn, a)?.map(|u| u.username),
                    None => None,
                };
                lines.push(NotificationLine {
                    line: super::describe(n.kind, actor.as_deref(), lang),
                    excerpt: text,
                    link,
                });
            }
        }
        notifications::set_email_status(conn, &ids(&gone), EmailState::Dropped)?;
        if kept.is_empty() {
            continue;
        }
        if kept.len() > MAX_LINES {
            lines.push(NotificationLine {
                line: t!(
                    lang,
                    "mail-notification-more",
                    count = kept.len() - MAX_LINES
                ),
                excerpt: String::new(),
                link: format!("{}{}", ctx.base, topic.path()),
            });
        }
        let mut holder = (String::new(), String::new());
        let (preferences, unsubscribe) = links(ctx, &prefs, &user.id, category, &mut holder);
        let summary = summary_line(&kept, lang);
        let mut email = templates::notification(
            &brand,
            lang,
            &user.email,
            &NotificationHead {
                community: &community.name,
                topic_title: &topic.title,
                summary: &summary,
            },
            &lines,
            &MailFooterLinks {
                reason: &reason(category, lang),
                preferences,
                unsubscribe,
                unsubscribe_label: &category_label(category, lang),
            },
        );
        email.meta = MailMeta {
            user_id: Some(user.id.clone()),
            // The sending-time check re-reads the topic; a notice about a deleted topic of
            // the member's own only re-checks the member.
            topic_id: (topic.deleted_at.is_none()).then(|| topic.id.clone()),
            thread_key: Some(format!("topic-{}", topic.id)),
            unsubscribe_url: Some(unsubscribe.to_string()),
            reply_to: None,
        };
        if !ctx.reply_domain.is_empty() && topic.deleted_at.is_none() {
            let token = crate::reply_mail::token::mint(
                conn,
                &user.id,
                &prefs.unsubscribe_key,
                &topic.id,
                ctx.now,
            )?;
            crate::reply_mail::invite_reply(
                &mut email,
                crate::reply_mail::token::address(&token, &ctx.reply_domain),
            );
        }
        outbox::enqueue(conn, &email, ctx.now)?;
        notifications::set_email_status(conn, &ids(&kept), EmailState::Sent)?;
        sent_today += 1;
        queued += 1;
    }
    Ok(queued)
}

/// Communities a member follows: those they watch (any level above normal), those of the
/// categories they watch, and those they hold a role in; minus what they muted. A member
/// who follows nothing gets every sub-community they may see.
fn followed(conn: &mut DbConn, user: &User, now: Timestamp) -> diesel::QueryResult<Vec<Community>> {
    use std::collections::HashSet;
    let rows = watches::of_user(conn, &user.id)?;
    let roles = communities::memberships_of(conn, &user.id)?;
    let all = communities::all(conn)?;
    let mut follow: HashSet<String> = HashSet::new();
    let mut muted: HashSet<String> = HashSet::new();
    let category_ids: Vec<String> = rows
        .iter()
        .filter(|w| w.target_kind == WatchTarget::Category && w.level != WatchLevel::Muted)
        .map(|w| w.target_id.clone())
        .collect();
    for w in &rows {
        if w.target_kind == WatchTarget::Community {
            match w.level {
                WatchLevel::Muted => {
                    muted.insert(w.target_id.clone());
                }
                WatchLevel::Normal => {}
                _ => {
                    follow.insert(w.target_id.clone());
                }
            }
        }
    }
    for id in &category_ids {
        if let Some(cat) = crate::db::CategoryId::parse(id)
            .map(|c| crate::db::models::categories::find(conn, &c))
            .transpose()?
            .flatten()
        {
            follow.insert(cat.community_id.to_string());
        }
    }
    for m in &roles {
        follow.insert(m.community_id.to_string());
    }
    let visible: Vec<Community> = all
        .into_iter()
        .filter(|c| Guardian::recipient_may_see(user, roles.clone(), c, now))
        .filter(|c| !muted.contains(c.id.as_str()))
        .collect();
    if follow.is_empty() {
        return Ok(visible);
    }
    Ok(visible
        .into_iter()
        .filter(|c| follow.contains(c.id.as_str()))
        .collect())
}

fn compose_digest(conn: &mut DbConn, ctx: &Ctx, prefs: Prefs) -> diesel::QueryResult<usize> {
    let Some(since) = prefs.last_digest_at else {
        return Ok(0);
    };
    if !notification_prefs::claim_digest(conn, &prefs.user_id, since, ctx.now)? {
        return Ok(0); // another process composed it
    }
    let Some(user) = users::find(conn, &prefs.user_id)? else {
        return Ok(0);
    };
    if Guardian::mail_refusal(&user, ctx.now).is_some() {
        return Ok(0);
    }
    let communities = followed(conn, &user, ctx.now)?;
    if communities.is_empty() {
        return Ok(0);
    }
    let ids: Vec<_> = communities.iter().map(|c| c.id.clone()).collect();
    let name_of = |t: &Topic| {
        communities
            .iter()
            .find(|c| c.id == t.community_id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let active_topics = topics::most_active_since(conn, &ids, since, DIGEST_TOPICS)?;
    let unanswered_topics =
        topics::unanswered_since(conn, &ids, since, TopicKind::Question, DIGEST_TOPICS)?;
    // Issue 24: one-click actions under each topic, decided for this member.
    let all: Vec<&Topic> = active_topics
        .iter()
        .chain(unanswered_topics.iter())
        .collect();
    let mut actions = crate::invitations::digest_actions::for_digest(
        conn,
        &ctx.base,
        &prefs.unsubscribe_key,
        &user,
        &all,
        &communities,
        ctx.now,
    )?;
    let mut item = |t: &Topic| DigestItem {
        title: t.title.clone(),
        community: name_of(t),
        link: format!("{}{}", ctx.base, t.path()),
        replies: t.reply_count,
        actions: actions.remove(&t.id).unwrap_or_default(),
    };
    let active: Vec<DigestItem> = active_topics.iter().map(&mut item).collect();
    let unanswered: Vec<DigestItem> = unanswered_topics.iter().map(&mut item).collect();
    if active.is_empty() && unanswered.is_empty() {
        return Ok(0); // nothing new: no empty digest
    }
    let brand = settings::load(conn, ctx.now)?;
    // A digest spans sub-communities: the member's setting, else the deployment's.
    let lang = resolve::for_recipient(user.language, None, brand.default_language);
    let mut holder = (String::new(), String::new());
    let (preferences, unsubscribe) =
        links(ctx, &prefs, &user.id, MailCategory::Digest, &mut holder);
    let mut email: Email = templates::digest(
        &brand,
        lang,
        &user.email,
        prefs.digest,
        &active,
        &unanswered,
        &MailFooterLinks {
            reason: &reason(MailCategory::Digest, lang),
            preferences,
            unsubscribe,
            unsubscribe_label: &category_label(MailCategory::Digest, lang),
        },
    );
    email.meta = MailMeta {
        user_id: Some(user.id.clone()),
        topic_id: None,
        thread_key: None,
        unsubscribe_url: Some(unsubscribe.to_string()),
        reply_to: None,
    };
    outbox::enqueue(conn, &email, ctx.now)?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_keeps_the_start_and_bounds_length() {
        assert_eq!(excerpt("one\n\ntwo"), "one\ntwo");
        let long = "x".repeat(2000);
        assert!(excerpt(&long).chars().count() <= 401);
    }
}
