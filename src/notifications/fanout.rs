//! Who hears about an event. Runs inside the event's write transaction, so the
//! notifications (and the mail they will cause) exist exactly when the event does.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::config::NotificationSettings;
use crate::db::models::communities::{self, Community};
use crate::db::models::notification_prefs;
use crate::db::models::notifications::{self, NewNotification};
use crate::db::models::topics::Topic;
use crate::db::models::users;
use crate::db::models::watches::{self, Watch};
use crate::db::{
    CommunityId, DbConn, EmailState, NotificationId, NotificationKind, PostId, Timestamp,
    TopicKind, UserId, WatchLevel, WatchTarget,
};
use crate::domain::mention_candidates;

/// What happened, where, and who did it.
pub struct Event<'a> {
    pub community: &'a Community,
    pub topic: Option<&'a Topic>,
    pub post: Option<&'a PostId>,
    pub actor: Option<&'a UserId>,
    pub summary: &'a str,
    pub now: Timestamp,
}

/// Writes one notification per recipient (the strongest reason wins), leaving out the
/// actor, muted members, suspended members and anyone who may not see the sub-community.
/// Returns how many were written.
pub fn deliver(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    ev: &Event<'_>,
    candidates: Vec<(UserId, NotificationKind)>,
    muted: &[UserId],
) -> diesel::QueryResult<usize> {
    let mut reasons: HashMap<UserId, Vec<NotificationKind>> = HashMap::new();
    for (user, kind) in candidates {
        if Some(&user) == ev.actor || muted.contains(&user) {
            continue;
        }
        reasons.entry(user).or_default().push(kind);
    }
    if reasons.is_empty() {
        return Ok(0);
    }
    let ids: Vec<UserId> = reasons.keys().cloned().collect();
    let recipients = users::find_many(conn, &ids)?;
    let mut memberships: HashMap<UserId, Vec<communities::Membership>> = HashMap::new();
    for m in communities::memberships_in(conn, &ev.community.id, &ids)? {
        memberships.entry(m.user_id.clone()).or_default().push(m);
    }
    let prefs: HashMap<UserId, notification_prefs::Prefs> =
        notification_prefs::for_users(conn, &ids)?
            .into_iter()
            .map(|p| (p.user_id.clone(), p))
            .collect();
    let ids_for_rows: Vec<NotificationId> =
        recipients.iter().map(|_| NotificationId::new()).collect();
    let mut rows: Vec<NewNotification<'_>> = Vec::with_capacity(recipients.len());
    for (user, id) in recipients.iter().zip(ids_for_rows.iter()) {
        let Some(kinds) = reasons.get(&user.id) else {
            continue;
        };
        let roles = memberships.remove(&user.id).unwrap_or_default();
        if !Guardian::recipient_may_see(user, roles, ev.community, ev.now) {
            continue;
        }
        let wants = |k: &NotificationKind| {
            let category = super::mail_category(*k);
            prefs
                .get(&user.id)
                .map(|p| p.wants(category))
                .unwrap_or_else(|| notification_prefs::default_wants(category))
        };
        // One notification per member, for the strongest reason. When someone addresses
        // the member directly (reply, answer, mention), those reasons decide the mail: a
        // reply that also mentions you still mails you if only reply mail is on, and
        // switching reply mail off is not undone by watching your own topic.
        let strongest = |ks: &mut dyn Iterator<Item = &NotificationKind>| {
            ks.max_by_key(|k| super::priority(**k)).copied()
        };
        let Some(top) = strongest(&mut kinds.iter()) else {
            continue;
        };
        let direct = |k: &NotificationKind| {
            matches!(
                k,
                NotificationKind::Mention | NotificationKind::Answered | NotificationKind::Reply
            )
        };
        let mailed = if kinds.iter().any(direct) {
            strongest(&mut kinds.iter().filter(|k| direct(k) && wants(k)))
        } else {
            Some(top).filter(|k| wants(k))
        };
        let kind = mailed.unwrap_or(top);
        let mail = mailed.is_some() && user.email_confirmed_at.is_some();
        rows.push(NewNotification {
            id,
            user_id: &user.id,
            kind,
            actor_id: ev.actor,
            community_id: Some(&ev.community.id),
            topic_id: ev.topic.map(|t| &t.id),
            post_id: ev.post,
            summary: ev.summary,
            created_at: ev.now,
            email_status: if mail {
                EmailState::Pending
            } else {
                EmailState::None
            },
            email_due_at: mail.then(|| ev.now.plus_secs(cfg.batch_secs)),
        });
    }
    notifications::insert_many(conn, &rows)?;
    Ok(rows.len())
}

/// Each member's level for a topic: their topic row, else their category row, else their
/// sub-community row.
fn effective_levels(rows: Vec<Watch>) -> HashMap<UserId, (WatchTarget, WatchLevel)> {
    fn rank(t: WatchTarget) -> u8 {
        match t {
            WatchTarget::Topic => 3,
            WatchTarget::Category => 2,
            WatchTarget::Community => 1,
        }
    }
    let mut out: HashMap<UserId, (WatchTarget, WatchLevel)> = HashMap::new();
    for w in rows {
        match out.get(&w.user_id) {
            Some((t, _)) if rank(*t) >= rank(w.target_kind) => {}
            _ => {
                out.insert(w.user_id, (w.target_kind, w.level));
            }
        }
    }
    out
}

/// A new post (reply, comment, or a topic's opening post when `new_topic`).
pub struct PostEvent<'a> {
    pub topic: &'a Topic,
    pub community: &'a Community,
    pub post: &'a PostId,
    pub author: &'a UserId,
    pub body: &'a str,
    /// The author of the post a comment sits under.
    pub parent_author: Option<&'a UserId>,
    pub new_topic: bool,
    /// Replies on the topic once this post counts (what its author has now seen).
    pub replies_seen: i32,
    pub now: Timestamp,
}

/// Everything readers hear of a post when it becomes visible to them: called by
/// `moderation::publish::publish_post` (a new post the policy let through, or a held
/// post a moderator approved), after the topic's counters moved.
pub fn on_published(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    post: &crate::db::models::posts::Post,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    use crate::db::models::{posts, topics};
    let topic = topics::find(conn, &post.topic_id)?.ok_or(diesel::result::Error::NotFound)?;
    let community =
        communities::find(conn, &topic.community_id)?.ok_or(diesel::result::Error::NotFound)?;
    let parent_author = match &post.parent_id {
        Some(p) => posts::find(conn, p)?.map(|p| p.author_id),
        None => None,
    };
    on_post(
        conn,
        cfg,
        &PostEvent {
            topic: &topic,
            community: &community,
            post: &post.id,
            author: &post.author_id,
            body: &post.body_markdown,
            parent_author: parent_author.as_ref(),
            new_topic: post.is_opening(),
            replies_seen: topic.reply_count,
            now,
        },
    )
}

pub fn on_post(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    ev: &PostEvent<'_>,
) -> diesel::QueryResult<usize> {
    let t = ev.topic;
    let category = t.category_id.as_ref().map(|c| c.as_str());
    let levels = effective_levels(watches::covering(
        conn,
        t.id.as_str(),
        category,
        ev.community.id.as_str(),
    )?);
    let mut candidates: Vec<(UserId, NotificationKind)> = Vec::new();
    let mut muted: Vec<UserId> = Vec::new();
    for (user, (_, level)) in &levels {
        match (level, ev.new_topic) {
            (WatchLevel::Muted, _) => muted.push(user.clone()),
            (WatchLevel::Watching | WatchLevel::NewTopics, true) => {
                candidates.push((user.clone(), NotificationKind::NewTopic))
            }
            (WatchLevel::Watching, false) => {
                candidates.push((user.clone(), NotificationKind::Posted))
            }
            _ => {}
        }
    }
    if !ev.new_topic {
        match ev.parent_author {
            Some(parent) => candidates.push((parent.clone(), NotificationKind::Reply)),
            None => {
                let kind = if t.kind == TopicKind::Question {
                    NotificationKind::Answered
                } else {
                    NotificationKind::Reply
                };
                candidates.push((t.author_id.clone(), kind));
            }
        }
    }
    let keys = mention_candidates(ev.body);
    for user in users::ids_by_keys(conn, &keys)? {
        candidates.push((user, NotificationKind::Mention));
    }
    let written = deliver(
        conn,
        cfg,
        &Event {
            community: ev.community,
            topic: Some(t),
            post: Some(ev.post),
            actor: Some(ev.author),
            summary: &t.title,
            now: ev.now,
        },
        candidates,
        &muted,
    )?;
    // Defaults: you watch what you start and track what you reply to, unless you chose.
    let level = if ev.new_topic {
        WatchLevel::Watching
    } else {
        WatchLevel::Tracking
    };
    watches::insert_if_absent(
        conn,
        ev.author,
        WatchTarget::Topic,
        t.id.as_str(),
        level,
        ev.now,
    )?;
    // One's own reply is not new to oneself.
    if !ev.new_topic {
        watches::mark_topic_seen(conn, ev.author, t.id.as_str(), ev.replies_seen)?;
    }
    Ok(written)
}

/// Members muted on this topic (directly or through its category or sub-community).
fn muted_on(conn: &mut DbConn, topic: &Topic) -> diesel::QueryResult<Vec<UserId>> {
    let rows = watches::covering(
        conn,
        topic.id.as_str(),
        topic.category_id.as_ref().map(|c| c.as_str()),
        topic.community_id.as_str(),
    )?;
    Ok(effective_levels(rows)
        .into_iter()
        .filter(|(_, (_, l))| *l == WatchLevel::Muted)
        .map(|(u, _)| u)
        .collect())
}

/// Tells one member about something done to their content or on their behalf
/// (an accepted answer, a moderation outcome, an escalation).
#[allow(clippy::too_many_arguments)]
pub fn to_member(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    member: &UserId,
    kind: NotificationKind,
    community: &Community,
    topic: &Topic,
    post: Option<&PostId>,
    actor: &UserId,
    summary: &str,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    let muted = if kind == NotificationKind::Moderation {
        vec![] // Moderation outcomes reach the member even on muted topics.
    } else {
        muted_on(conn, topic)?
    };
    deliver(
        conn,
        cfg,
        &Event {
            community,
            topic: Some(topic),
            post,
            actor: Some(actor),
            summary,
            now,
        },
        vec![(member.clone(), kind)],
        &muted,
    )
}

/// An idea's status changed: its author and everyone who up-voted it hear of it.
pub fn on_idea_status(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    community: &Community,
    topic: &Topic,
    actor: &UserId,
    summary: &str,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    let Some((opening, _)) = crate::db::models::posts::opening(conn, &topic.id)? else {
        return Ok(0);
    };
    let mut candidates = vec![(topic.author_id.clone(), NotificationKind::IdeaStatus)];
    for voter in crate::db::models::votes::up_voters(conn, &opening.id)? {
        candidates.push((voter, NotificationKind::IdeaStatus));
    }
    let muted = muted_on(conn, topic)?;
    deliver(
        conn,
        cfg,
        &Event {
            community,
            topic: Some(topic),
            post: Some(&opening.id),
            actor: Some(actor),
            summary,
            now,
        },
        candidates,
        &muted,
    )
}

/// Gives a member who joins a sub-community its default watching level (unless they
/// already chose one).
pub fn apply_default_watch(
    conn: &mut DbConn,
    community: &CommunityId,
    user: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let Some(c) = communities::find(conn, community)? else {
        return Ok(());
    };
    if c.default_watch_level != WatchLevel::Normal {
        watches::insert_if_absent(
            conn,
            user,
            WatchTarget::Community,
            c.id.as_str(),
            c.default_watch_level,
            now,
        )?;
    }
    Ok(())
}

/// A new account (on confirming its address) starts at the default level of every
/// sub-community it may see.
pub fn apply_default_watches_for_new_member(
    conn: &mut DbConn,
    user: &users::User,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    for c in communities::all(conn)? {
        if c.default_watch_level == WatchLevel::Normal {
            continue;
        }
        let roles = communities::memberships_in(conn, &c.id, std::slice::from_ref(&user.id))?;
        if Guardian::recipient_may_see(user, roles, &c, now) {
            watches::insert_if_absent(
                conn,
                &user.id,
                WatchTarget::Community,
                c.id.as_str(),
                c.default_watch_level,
                now,
            )?;
        }
    }
    Ok(())
}
