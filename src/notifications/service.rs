//! Notification use cases: the list, marking read, watching levels, email preferences,
//! one-click unsubscribe.

use crate::auth::secret::random_token;
use crate::auth::Guardian;
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::Category;
use crate::db::models::communities::{self, Community};
use crate::db::models::notification_prefs::{self, Prefs, PrefsChanges};
use crate::db::models::notifications::{self, Notification};
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::models::watches::{self, Watch};
use crate::db::{
    CommunityId, DigestFrequency, MailCategory, NotificationId, Timestamp, UserId, WatchLevel,
    WatchTarget,
};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const PAGE_SIZE: i64 = 30;

pub struct NotificationsPage {
    pub items: Vec<(Notification, Option<AuthorView>)>,
    /// Cursor of the next (older) page.
    pub next: Option<String>,
}

fn encode_cursor(n: &Notification) -> String {
    format!("{}_{}", n.created_at.micros(), n.id)
}

fn decode_cursor(s: &str) -> Option<(Timestamp, NotificationId)> {
    let (at, id) = s.split_once('_')?;
    Some((
        Timestamp::from_micros(at.parse().ok()?),
        NotificationId::parse(id)?,
    ))
}

pub async fn page(
    state: &AppState,
    user: &User,
    before: Option<&str>,
) -> AppResult<NotificationsPage> {
    page_limited(state, user, None, before, PAGE_SIZE).await
}

/// Whether `cursor` is one [`page`] gave out.
pub fn is_cursor(cursor: &str) -> bool {
    decode_cursor(cursor).is_some()
}

/// The signed-in viewer's notifications as [`page`] lists them, `size` per page, limited
/// as the guardian says: a token limited to some sub-communities sees only their
/// notifications (and those about no sub-community). The API calls this one.
pub async fn page_for(
    state: &AppState,
    guardian: &crate::auth::Guardian<'_>,
    before: Option<&str>,
    size: i64,
) -> AppResult<NotificationsPage> {
    let viewer = guardian.viewer();
    let user = viewer.user().ok_or(AppError::SignInRequired)?;
    let limit = guardian.token_limit().map(<[CommunityId]>::to_vec);
    page_limited(state, user, limit, before, size).await
}

async fn page_limited(
    state: &AppState,
    user: &User,
    communities: Option<Vec<CommunityId>>,
    before: Option<&str>,
    size: i64,
) -> AppResult<NotificationsPage> {
    let before = before.and_then(decode_cursor);
    let uid = user.id.clone();
    let mut items = state
        .db(move |conn| {
            Ok(notifications::page(
                conn,
                &uid,
                communities.as_deref(),
                before.as_ref().map(|(at, id)| (*at, id)),
                size + 1,
            )?)
        })
        .await?;
    let more = items.len() as i64 > size;
    items.truncate(usize::try_from(size).unwrap_or(0));
    let next = if more {
        items.last().map(|(n, _)| encode_cursor(n))
    } else {
        None
    };
    Ok(NotificationsPage { items, next })
}

pub async fn mark_read(state: &AppState, user: &User, id: &str) -> AppResult<()> {
    let id = NotificationId::parse(id).ok_or(AppError::NotFound)?;
    let (uid, now) = (user.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            let n = notifications::find(conn, &id)?.filter(|n| n.user_id == uid);
            if n.is_none() {
                return Err(AppError::NotFound);
            }
            notifications::mark_read(conn, &uid, &id, now)?;
            Ok(())
        })
        .await
}

/// Marks several of the member's notifications read in one transaction; 404 (and nothing
/// marked) when one of them is not theirs.
pub async fn mark_many_read(state: &AppState, user: &User, ids: &[String]) -> AppResult<()> {
    let ids: Vec<NotificationId> = ids
        .iter()
        .map(|id| NotificationId::parse(id).ok_or(AppError::NotFound))
        .collect::<Result<_, _>>()?;
    let (uid, now) = (user.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            for id in &ids {
                if notifications::find(conn, id)?.is_none_or(|n| n.user_id != uid) {
                    return Err(AppError::NotFound);
                }
                notifications::mark_read(conn, &uid, id, now)?;
            }
            Ok(())
        })
        .await
}

pub async fn mark_all_read(state: &AppState, user: &User) -> AppResult<usize> {
    let (uid, now) = (user.id.clone(), state.clock.now());
    state
        .write(move |conn| Ok(notifications::mark_all_read(conn, &uid, now)?))
        .await
}

/// A member's level on a topic, and where it comes from.
#[derive(Debug, Clone)]
pub struct WatchState {
    pub level: WatchLevel,
    /// Set when the level comes from the category or sub-community rather than the topic.
    pub inherited_from: Option<WatchTarget>,
    /// Replies since the member last opened the topic (tracked and watched topics).
    pub last_read: i32,
}

/// Resolves the effective level from a member's rows on a topic, its category and its
/// sub-community (the most specific row wins; "new topics" does not apply to a topic).
pub fn resolve(rows: &[Watch]) -> WatchState {
    let pick = |t: WatchTarget| rows.iter().find(|w| w.target_kind == t);
    if let Some(w) = pick(WatchTarget::Topic) {
        return WatchState {
            level: w.level,
            inherited_from: None,
            last_read: w.last_read,
        };
    }
    for t in [WatchTarget::Category, WatchTarget::Community] {
        if let Some(w) = pick(t) {
            let level = match w.level {
                WatchLevel::NewTopics => WatchLevel::Normal,
                l => l,
            };
            return WatchState {
                level,
                inherited_from: Some(t),
                last_read: 0,
            };
        }
    }
    WatchState {
        level: WatchLevel::Normal,
        inherited_from: None,
        last_read: 0,
    }
}

fn parse_level(raw: &str, for_topic: bool) -> AppResult<WatchLevel> {
    let level = raw
        .parse::<WatchLevel>()
        .map_err(|_| AppError::field_t("level", "validation-choose-watch-level", &[]))?;
    if for_topic && level == WatchLevel::NewTopics {
        return Err(AppError::field_t(
            "level",
            "validation-watch-new-topics-scope",
            &[],
        ));
    }
    Ok(level)
}

/// Sets the viewer's level on a topic they may see.
pub async fn watch_topic(
    state: &AppState,
    user: &User,
    topic: &Topic,
    level: &str,
) -> AppResult<()> {
    let level = parse_level(level, true)?;
    let (uid, tid, rc, now) = (
        user.id.clone(),
        topic.id.clone(),
        topic.reply_count,
        state.clock.now(),
    );
    state
        .write(move |conn| {
            watches::set(conn, &uid, WatchTarget::Topic, tid.as_str(), level, now)?;
            watches::mark_topic_seen(conn, &uid, tid.as_str(), rc)?;
            Ok(())
        })
        .await
}

/// Sets the viewer's level on a sub-community (or one of its categories) they may see.
pub async fn watch_community(
    state: &AppState,
    guardian: &Guardian<'_>,
    user: &User,
    community: &Community,
    category: Option<&Category>,
    level: &str,
) -> AppResult<()> {
    guardian.ensure_can_see_community(community)?;
    let level = parse_level(level, false)?;
    let (kind, target) = match category {
        Some(c) if c.community_id == community.id => (WatchTarget::Category, c.id.to_string()),
        Some(_) => return Err(AppError::NotFound),
        None => (WatchTarget::Community, community.id.to_string()),
    };
    let (uid, now) = (user.id.clone(), state.clock.now());
    state
        .write(move |conn| Ok(watches::set(conn, &uid, kind, &target, level, now)?))
        .await
}

/// The viewer's own level on a sub-community or category page.
pub async fn level_on(
    state: &AppState,
    user: &User,
    kind: WatchTarget,
    target: &str,
) -> AppResult<WatchLevel> {
    let (uid, target) = (user.id.clone(), target.to_string());
    let row = state
        .db(move |conn| Ok(watches::get(conn, &uid, kind, &target)?))
        .await?;
    Ok(row.map(|w| w.level).unwrap_or(WatchLevel::Normal))
}

/// Everything the preferences page shows.
pub struct PrefsPage {
    pub prefs: Option<Prefs>,
    /// (community, level) for the sub-communities the member may see.
    pub communities: Vec<(Community, WatchLevel)>,
    pub watched_topics: i64,
}

pub async fn prefs_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    user: &User,
) -> AppResult<PrefsPage> {
    let uid = user.id.clone();
    let (prefs, rows, all) = state
        .db(move |conn| {
            Ok((
                notification_prefs::find(conn, &uid)?,
                watches::of_user(conn, &uid)?,
                communities::all(conn)?,
            ))
        })
        .await?;
    let watched_topics = rows
        .iter()
        .filter(|w| {
            w.target_kind == WatchTarget::Topic
                && matches!(w.level, WatchLevel::Watching | WatchLevel::Tracking)
        })
        .count() as i64;
    let communities = guardian
        .visible_communities(all)
        .into_iter()
        .map(|c| {
            let level = rows
                .iter()
                .find(|w| w.target_kind == WatchTarget::Community && w.target_id == c.id.as_str())
                .map(|w| w.level)
                .unwrap_or(WatchLevel::Normal);
            (c, level)
        })
        .collect();
    Ok(PrefsPage {
        prefs,
        communities,
        watched_topics,
    })
}

#[derive(Debug, Clone, Default)]
pub struct PrefsInput {
    pub mail_replies: bool,
    pub mail_mentions: bool,
    pub mail_watching: bool,
    pub mail_updates: bool,
    pub digest: String,
}

pub async fn save_prefs(state: &AppState, user: &User, input: PrefsInput) -> AppResult<()> {
    let digest = input
        .digest
        .parse::<DigestFrequency>()
        .map_err(|_| AppError::field_t("digest", "validation-choose-digest", &[]))?;
    let (uid, now) = (user.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            let before = notification_prefs::ensure(conn, &uid, now, random_token)?;
            notification_prefs::update(
                conn,
                &uid,
                &PrefsChanges {
                    mail_replies: input.mail_replies,
                    mail_mentions: input.mail_mentions,
                    mail_watching: input.mail_watching,
                    mail_updates: input.mail_updates,
                    digest,
                    updated_at: now,
                },
            )?;
            // The first digest comes one period after it is switched on.
            if digest != DigestFrequency::Off
                && (before.digest == DigestFrequency::Off || before.last_digest_at.is_none())
            {
                notification_prefs::set_digest_started(conn, &uid, now)?;
            }
            Ok(())
        })
        .await
}

/// Switches a member's digest on (inside a write transaction); the first one comes one
/// period later.
pub fn start_digest(
    conn: &mut crate::db::DbConn,
    user: &UserId,
    digest: DigestFrequency,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let p = notification_prefs::ensure(conn, user, now, random_token)?;
    notification_prefs::update(
        conn,
        user,
        &PrefsChanges {
            mail_replies: p.mail_replies,
            mail_mentions: p.mail_mentions,
            mail_watching: p.mail_watching,
            mail_updates: p.mail_updates,
            digest,
            updated_at: now,
        },
    )?;
    notification_prefs::set_digest_started(conn, user, now)?;
    Ok(())
}

/// What an unsubscribe link names, once its signature is checked.
pub struct Unsubscribe {
    pub user: UserId,
    pub category: MailCategory,
}

async fn check_token(state: &AppState, token: &str) -> AppResult<Unsubscribe> {
    let invalid = || AppError::BadRequest(crate::error::Msg::key("errors-unsubscribe-invalid"));
    let (user, category, sig) = super::unsubscribe::parse(token).ok_or_else(invalid)?;
    let uid = user.clone();
    let prefs = state
        .db(move |conn| Ok(notification_prefs::find(conn, &uid)?))
        .await?
        .ok_or_else(invalid)?;
    if !super::unsubscribe::verify(&prefs.unsubscribe_key, &user, category, &sig) {
        return Err(invalid());
    }
    Ok(Unsubscribe { user, category })
}

/// Validates a link without changing anything (the confirmation page).
pub async fn inspect_unsubscribe(state: &AppState, token: &str) -> AppResult<Unsubscribe> {
    check_token(state, token).await
}

/// Switches the named kind of mail off. Idempotent; works without signing in.
pub async fn unsubscribe(state: &AppState, token: &str) -> AppResult<Unsubscribe> {
    let u = check_token(state, token).await?;
    let (uid, category, now) = (u.user.clone(), u.category, state.clock.now());
    state
        .write(move |conn| Ok(notification_prefs::switch_off(conn, &uid, category, now)?))
        .await?;
    tracing::info!(user = %u.user, category = %u.category, "unsubscribed");
    Ok(u)
}

/// What a kind of mail is called on the preferences and unsubscribe pages.
pub fn category_title(c: MailCategory, lang: crate::i18n::Lang) -> String {
    crate::t!(
        lang,
        match c {
            MailCategory::Replies => "notifications-category-replies",
            MailCategory::Mentions => "notifications-category-mentions",
            MailCategory::Watching => "notifications-category-watching",
            MailCategory::Updates => "notifications-category-updates",
            MailCategory::Digest => "notifications-category-digest",
        }
    )
}
