//! Who hears about an event. Direct events (an accepted answer, a moderation outcome, an
//! idea's status; `notifications::direct`) notify inside their own write transaction. A
//! published post is queued in the transaction that publishes it (`fanout_queue`), and
//! [`drain`] tells everyone concerned about a batch of queued posts in one transaction. The drain is the work that
//! finishes every write through the pool (see [`drain_after_each_write`] and
//! `db::finish`), so the notifications exist by the time the request that published the
//! post answers, and the background loop drains whatever a crash or another node left
//! behind.
//!
//! A batch shares its lookups (watchers per topic, recipients, their memberships and
//! preferences) and writes all its notifications in one statement: under a burst of
//! replies SQLite's one writer spends its time on the rows, not on repeated reads.

use std::collections::{HashMap, HashSet};

use crate::auth::Guardian;
use crate::config::NotificationSettings;
use crate::db::models::communities::{self, Community, Membership};
use crate::db::models::notification_prefs;
use crate::db::models::notifications::{self, NewNotification};
use crate::db::models::topics::Topic;
use crate::db::models::users::{self, User};
use crate::db::models::watches::{self, Watch};
use crate::db::{
    CommunityId, DbConn, EmailState, NotificationId, NotificationKind, PostId, Timestamp, TopicId,
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
    /// A system notice (then `summary` is the topic's title).
    pub notice: Option<&'a super::Notice>,
    pub now: Timestamp,
}

/// Lookups and notification rows shared by the events of one pass.
#[derive(Default)]
struct Batch {
    users: HashMap<UserId, User>,
    /// Members whose user row and preferences were looked up (found or not).
    looked_up: HashSet<UserId>,
    prefs: HashMap<UserId, notification_prefs::Prefs>,
    memberships: HashMap<(CommunityId, UserId), Vec<Membership>>,
    memberships_looked_up: HashSet<(CommunityId, UserId)>,
    watchers: HashMap<TopicId, Vec<Watch>>,
    rows: Vec<Row>,
}

/// A notification waiting to be written with the rest of its batch.
struct Row {
    id: NotificationId,
    user_id: UserId,
    kind: NotificationKind,
    actor_id: Option<UserId>,
    community_id: CommunityId,
    topic_id: Option<TopicId>,
    post_id: Option<PostId>,
    summary: String,
    notice: Option<String>,
    created_at: Timestamp,
    email_status: EmailState,
    email_due_at: Option<Timestamp>,
}

/// Rows per INSERT statement (11 values each, far below either backend's limit).
const ROWS_PER_INSERT: usize = 1_000;

impl Batch {
    /// Loads what is not known yet about `ids`: user rows, preferences, and memberships
    /// in `community`.
    fn look_up(
        &mut self,
        conn: &mut DbConn,
        community: &CommunityId,
        ids: &[UserId],
    ) -> diesel::QueryResult<()> {
        let new: Vec<UserId> = ids
            .iter()
            .filter(|u| !self.looked_up.contains(*u))
            .cloned()
            .collect();
        if !new.is_empty() {
            for u in users::find_many(conn, &new)? {
                self.users.insert(u.id.clone(), u);
            }
            for p in notification_prefs::for_users(conn, &new)? {
                self.prefs.insert(p.user_id.clone(), p);
            }
            self.looked_up.extend(new);
        }
        let new: Vec<UserId> = ids
            .iter()
            .filter(|u| {
                !self
                    .memberships_looked_up
                    .contains(&(community.clone(), (*u).clone()))
            })
            .cloned()
            .collect();
        if !new.is_empty() {
            for m in communities::memberships_in(conn, community, &new)? {
                self.memberships
                    .entry((community.clone(), m.user_id.clone()))
                    .or_default()
                    .push(m);
            }
            self.memberships_looked_up
                .extend(new.into_iter().map(|u| (community.clone(), u)));
        }
        Ok(())
    }

    /// Watch rows on a topic, its category and its sub-community.
    fn watchers(&mut self, conn: &mut DbConn, t: &Topic) -> diesel::QueryResult<Vec<Watch>> {
        if let Some(rows) = self.watchers.get(&t.id) {
            return Ok(rows.clone());
        }
        let rows = topic_watchers(conn, t)?;
        self.watchers.insert(t.id.clone(), rows.clone());
        Ok(rows)
    }

    /// Writes the batch's notifications and counts each one unread for its member.
    fn flush(self, conn: &mut DbConn) -> diesel::QueryResult<usize> {
        for chunk in self.rows.chunks(ROWS_PER_INSERT) {
            let rows: Vec<NewNotification<'_>> = chunk
                .iter()
                .map(|r| NewNotification {
                    id: &r.id,
                    user_id: &r.user_id,
                    kind: r.kind,
                    actor_id: r.actor_id.as_ref(),
                    community_id: Some(&r.community_id),
                    topic_id: r.topic_id.as_ref(),
                    post_id: r.post_id.as_ref(),
                    summary: &r.summary,
                    notice: r.notice.as_deref(),
                    created_at: r.created_at,
                    email_status: r.email_status,
                    email_due_at: r.email_due_at,
                })
                .collect();
            notifications::insert_many(conn, &rows)?;
        }
        Ok(self.rows.len())
    }
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
    let mut batch = Batch::default();
    deliver_into(conn, cfg, ev, candidates, muted, &mut batch)?;
    batch.flush(conn)
}

/// As [`deliver`], adding the rows to `batch` (written by [`Batch::flush`]).
fn deliver_into(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    ev: &Event<'_>,
    candidates: Vec<(UserId, NotificationKind)>,
    muted: &[UserId],
    batch: &mut Batch,
) -> diesel::QueryResult<usize> {
    // Insertion order, so rows are written in the order reasons were found.
    let mut order: Vec<UserId> = Vec::new();
    let mut reasons: HashMap<UserId, Vec<NotificationKind>> = HashMap::new();
    for (user, kind) in candidates {
        if Some(&user) == ev.actor || muted.contains(&user) {
            continue;
        }
        let entry = reasons.entry(user.clone()).or_default();
        if entry.is_empty() {
            order.push(user);
        }
        entry.push(kind);
    }
    if order.is_empty() {
        return Ok(0);
    }
    batch.look_up(conn, &ev.community.id, &order)?;
    let mut written = 0;
    for uid in &order {
        let Some(user) = batch.users.get(uid) else {
            continue;
        };
        let Some(kinds) = reasons.get(uid) else {
            continue;
        };
        let roles = batch
            .memberships
            .get(&(ev.community.id.clone(), uid.clone()))
            .cloned()
            .unwrap_or_default();
        if !Guardian::recipient_may_see(user, roles, ev.community, ev.now) {
            continue;
        }
        let prefs = batch.prefs.get(uid);
        let wants = |k: &NotificationKind| {
            let category = super::mail_category(*k);
            prefs
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
        let mail = mailed.is_some() && Guardian::mail_refusal(user, ev.now).is_none();
        batch.rows.push(Row {
            id: NotificationId::new(),
            user_id: uid.clone(),
            kind,
            actor_id: ev.actor.cloned(),
            community_id: ev.community.id.clone(),
            topic_id: ev.topic.map(|t| t.id.clone()),
            post_id: ev.post.cloned(),
            summary: ev.summary.to_string(),
            notice: ev.notice.map(super::Notice::code),
            created_at: ev.now,
            email_status: if mail {
                EmailState::Pending
            } else {
                EmailState::None
            },
            email_due_at: mail.then(|| ev.now.plus_secs(cfg.batch_secs)),
        });
        written += 1;
    }
    Ok(written)
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

/// Queued posts taken by one [`drain`] pass.
pub const DRAIN_BATCH: i64 = 256;

/// Tells readers about up to [`DRAIN_BATCH`] queued posts (watchers, mentions, the author
/// replied to), oldest first, in the caller's write transaction. Posts deleted or hidden
/// since they were queued, and posts of topics deleted since, are skipped. Returns how
/// many posts it took off the queue.
pub fn drain(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    now: Timestamp,
) -> diesel::QueryResult<usize> {
    use crate::db::models::{fanout_queue, posts, topics};
    let ids = fanout_queue::take(conn, DRAIN_BATCH)?;
    if ids.is_empty() {
        return Ok(0);
    }
    let mut queued = posts::find_plain(conn, &ids)?;
    queued.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut topics_seen: HashMap<TopicId, Topic> = HashMap::new();
    let mut communities_seen: HashMap<CommunityId, Community> = HashMap::new();
    // Replies of this batch still to come per topic: the topic's reply count already
    // includes them, and an author has seen only the replies up to their own.
    let mut later: HashMap<TopicId, i32> = HashMap::new();
    for p in &queued {
        if counts_as_reply(p) {
            *later.entry(p.topic_id.clone()).or_default() += 1;
        }
    }
    let mut batch = Batch::default();
    for post in &queued {
        if counts_as_reply(post) {
            if let Some(n) = later.get_mut(&post.topic_id) {
                *n -= 1;
            }
        }
        if post.deleted_at.is_some() || !post.is_published() {
            continue;
        }
        if !topics_seen.contains_key(&post.topic_id) {
            if let Some(t) = topics::find(conn, &post.topic_id)? {
                topics_seen.insert(t.id.clone(), t);
            }
        }
        // A topic deleted since the post was queued has no readers to tell.
        let Some(topic) = topics_seen
            .get(&post.topic_id)
            .filter(|t| t.deleted_at.is_none())
        else {
            continue;
        };
        if !communities_seen.contains_key(&topic.community_id) {
            if let Some(c) = communities::find(conn, &topic.community_id)? {
                communities_seen.insert(c.id.clone(), c);
            }
        }
        let Some(community) = communities_seen.get(&topic.community_id) else {
            continue;
        };
        let parent_author = match &post.parent_id {
            Some(p) => posts::find(conn, p)?.map(|p| p.author_id),
            None => None,
        };
        let replies_seen = topic.reply_count - later.get(&topic.id).copied().unwrap_or(0);
        on_post_into(
            conn,
            cfg,
            &PostEvent {
                topic,
                community,
                post: &post.id,
                author: &post.author_id,
                body: &post.body_markdown,
                parent_author: parent_author.as_ref(),
                new_topic: post.is_opening(),
                replies_seen,
                now,
            },
            &mut batch,
        )?;
    }
    batch.flush(conn)?;
    Ok(ids.len())
}

/// A published, visible answer or reply (what a topic's reply count counts).
fn counts_as_reply(p: &crate::db::models::posts::Post) -> bool {
    !p.is_opening() && !p.is_comment() && p.is_published() && p.deleted_at.is_none()
}

/// Makes telling the readers of published posts the work that finishes every write (see
/// `db::finish`): a write that published a post returns only once its readers are told.
/// On SQLite a write group drains in one pass just before it commits, so a request's post
/// and its notifications share one transaction and one wait, and a burst of replies
/// shares its lookups; on PostgreSQL a write that queued a post drains right after its
/// commit, one batch per transaction.
pub fn drain_after_each_write(state: &crate::state::AppState) -> bool {
    let cfg = state.settings.notifications.clone();
    let clock = state.clock.clone();
    state.db.finish_writes_with(Box::new(move |conn| {
        Ok(drain(conn, &cfg, clock.now())? == DRAIN_BATCH as usize)
    }))
}

/// Makes sure the posts a request published have been told once it returns. The write
/// that published them already drained (see [`drain_after_each_write`]); this drains
/// again only when such a pass failed since, and fails the request if it fails again.
pub async fn drain_all(state: &crate::state::AppState) -> crate::error::AppResult<()> {
    state.finish_left_over().await
}

async fn drain_queue(state: &crate::state::AppState) -> crate::error::AppResult<usize> {
    let mut total = 0;
    loop {
        let cfg = state.settings.notifications.clone();
        let now = state.clock.now();
        let n = state.write(move |conn| Ok(drain(conn, &cfg, now)?)).await?;
        total += n;
        if n < DRAIN_BATCH as usize {
            return Ok(total);
        }
    }
}

/// For the background loop: drains only when something is queued (a read), so an idle
/// process does not take SQLite's write lock every poll.
pub async fn drain_left_over(state: &crate::state::AppState) -> crate::error::AppResult<usize> {
    let queued = state
        .db(|conn| Ok(crate::db::models::fanout_queue::len(conn)?))
        .await?;
    if queued == 0 {
        return Ok(0);
    }
    drain_queue(state).await
}

/// The notifications one post causes, added to `batch`.
fn on_post_into(
    conn: &mut DbConn,
    cfg: &NotificationSettings,
    ev: &PostEvent<'_>,
    batch: &mut Batch,
) -> diesel::QueryResult<usize> {
    let t = ev.topic;
    let levels = effective_levels(batch.watchers(conn, t)?);
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
    let written = deliver_into(
        conn,
        cfg,
        &Event {
            community: ev.community,
            topic: Some(t),
            post: Some(ev.post),
            actor: Some(ev.author),
            summary: &t.title,
            notice: None,
            now: ev.now,
        },
        candidates,
        &muted,
        batch,
    )?;
    // Defaults: you watch what you start and track what you reply to, unless you chose.
    let level = if ev.new_topic {
        WatchLevel::Watching
    } else {
        WatchLevel::Tracking
    };
    if watches::insert_if_absent(
        conn,
        ev.author,
        WatchTarget::Topic,
        t.id.as_str(),
        level,
        ev.now,
    )? {
        // The topic's watchers changed: later posts of the batch read them again.
        batch.watchers.remove(&t.id);
    }
    // One's own reply is not new to oneself.
    if !ev.new_topic {
        watches::mark_topic_seen(conn, ev.author, t.id.as_str(), ev.replies_seen)?;
    }
    Ok(written)
}

/// Watch rows on a topic, its category and its sub-community.
fn topic_watchers(conn: &mut DbConn, t: &Topic) -> diesel::QueryResult<Vec<Watch>> {
    watches::covering(
        conn,
        t.id.as_str(),
        t.category_id.as_ref().map(|c| c.as_str()),
        t.community_id.as_str(),
    )
}

/// Members muted on this topic (directly or through its category or sub-community).
pub(super) fn muted_on(conn: &mut DbConn, topic: &Topic) -> diesel::QueryResult<Vec<UserId>> {
    let rows = topic_watchers(conn, topic)?;
    Ok(effective_levels(rows)
        .into_iter()
        .filter(|(_, (_, l))| *l == WatchLevel::Muted)
        .map(|(u, _)| u)
        .collect())
}
