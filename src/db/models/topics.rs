use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
pub use crate::db::models::topic_queue::{open_questions, set_claim, OpenQuestions};
use crate::db::schema::{communities, content_epoch, topics, users};
use crate::db::{
    CategoryId, CommunityId, DbConn, IdeaStatus, Language, PostId, QuestionState, Timestamp,
    TopicId, TopicKind, UserId,
};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = topics)]
pub struct Topic {
    pub id: TopicId,
    pub community_id: CommunityId,
    pub category_id: Option<CategoryId>,
    pub kind: TopicKind,
    pub title: String,
    pub author_id: UserId,
    pub created_at: Timestamp,
    pub bumped_at: Timestamp,
    pub reply_count: i32,
    pub score: i32,
    pub accepted_post_id: Option<PostId>,
    pub official_reply: bool,
    pub pinned: bool,
    pub locked: bool,
    pub duplicate_of: Option<TopicId>,
    pub idea_status: Option<IdeaStatus>,
    pub idea_status_note: String,
    pub claimed_by: Option<UserId>,
    pub claimed_at: Option<Timestamp>,
    /// Space-delimited with a leading and trailing space (" a b "), so a tag filter is one LIKE.
    pub tags: String,
    pub deleted_at: Option<Timestamp>,
    /// The opening post is not published (held or hidden): left out of every list.
    pub held: bool,
    /// Moves on every change to any of the topic's posts (database trigger); the page
    /// cache compares it.
    pub version: i64,
    /// A page thread (`kind = comment`): the corporate page's stable key.
    pub page_key: Option<String>,
    /// A page thread: the page's canonical URL.
    pub page_url: Option<String>,
    /// The language its posts are written in (from the sub-community's default when it
    /// is started): stemming for search, the `lang` attribute of its posts.
    pub language: Language,
    /// Its opening post is a wiki: members above the sub-community's reputation
    /// threshold and employees may edit it.
    pub wiki: bool,
    /// Merged into that topic by a moderator: its posts are there now, this one is marked
    /// deleted, and its address leads there.
    pub merged_into: Option<TopicId>,
}

impl Topic {
    pub fn question_state(&self) -> Option<QuestionState> {
        QuestionState::of(self.kind, self.accepted_post_id.is_some(), self.reply_count)
    }

    pub fn tag_list(&self) -> Vec<&str> {
        self.tags.split_whitespace().collect()
    }

    /// The URL slug: lowercase ASCII words of the title.
    pub fn slug(&self) -> String {
        let mut out = String::new();
        for c in self.title.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            if out.len() >= 60 {
                break;
            }
        }
        let trimmed = out.trim_end_matches('-');
        if trimmed.is_empty() {
            "topic".into()
        } else {
            trimmed.to_string()
        }
    }

    pub fn path(&self) -> String {
        format!("/t/{}/{}", self.id, self.slug())
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = topics)]
pub struct NewTopic<'a> {
    pub id: &'a TopicId,
    pub community_id: &'a CommunityId,
    pub category_id: Option<&'a CategoryId>,
    pub kind: TopicKind,
    pub title: &'a str,
    pub author_id: &'a UserId,
    pub created_at: Timestamp,
    pub bumped_at: Timestamp,
    pub tags: &'a str,
    pub idea_status: Option<IdeaStatus>,
    pub held: bool,
    pub page_key: Option<&'a str>,
    pub page_url: Option<&'a str>,
    pub language: Language,
}

pub fn insert(conn: &mut DbConn, t: &NewTopic<'_>) -> QueryResult<()> {
    diesel::insert_into(topics::table)
        .values(t)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &TopicId) -> QueryResult<Option<Topic>> {
    crate::db::native!(conn, c => topics::table
        .find(id)
        .select(Topic::as_select())
        .first(c)
        .optional())
}

// The topic page's opening read joins the content epoch's single row.
diesel::allow_tables_to_appear_in_same_query!(content_epoch, topics);
diesel::allow_tables_to_appear_in_same_query!(content_epoch, communities);

/// The topic, its sub-community and the content epoch in one statement: what a topic page
/// checks on every request (issue 22: one round trip to PostgreSQL instead of three, and
/// one snapshot by construction, since a single statement sees one).
pub fn open(
    conn: &mut DbConn,
    id: &TopicId,
) -> QueryResult<Option<(Topic, crate::db::models::communities::Community, i64)>> {
    use crate::db::models::communities::Community;
    crate::db::native!(conn, c => topics::table
        .inner_join(communities::table.on(communities::id.eq(topics::community_id)))
        .inner_join(content_epoch::table.on(content_epoch::id.eq(1)))
        .filter(topics::id.eq(id))
        .select((Topic::as_select(), Community::as_select(), content_epoch::epoch))
        .first(c)
        .optional())
}

/// Which list and in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Latest,
    New,
    Top,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Unanswered,
    Answered,
    Solved,
}

/// A keyset position: the sort key and id of the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: i64,
    pub id: TopicId,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.key, self.id)
    }
    pub fn decode(s: &str) -> Option<Self> {
        let (k, id) = s.split_once('_')?;
        Some(Self {
            key: k.parse().ok()?,
            id: TopicId::parse(id)?,
        })
    }
}

pub struct ListQuery<'a> {
    pub communities: &'a [CommunityId],
    pub category: Option<&'a CategoryId>,
    pub sort: Sort,
    pub state: Option<StateFilter>,
    pub kind: Option<TopicKind>,
    pub tag: Option<&'a str>,
    /// For `Sort::Top`: only topics created at or after this time.
    pub since: Option<Timestamp>,
    pub after: Option<&'a Cursor>,
    pub limit: i64,
    /// Leave pinned topics out (they are shown separately on the first page).
    pub exclude_pinned: bool,
}

/// One page of a topic list with authors, by keyset: no OFFSET, so every page costs the same.
pub fn list(conn: &mut DbConn, q: &ListQuery<'_>) -> QueryResult<Vec<(Topic, AuthorView)>> {
    let mut query = topics::table
        .inner_join(users::table.on(users::id.eq(topics::author_id)))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .select((Topic::as_select(), AuthorView::as_select()))
        .into_boxed();
    // One sub-community (its own page) as an equality: PostgreSQL then walks the
    // (community, pinned, bumped_at, id) index in order and stops after one page, where
    // `= ANY(...)` made it fetch and sort every topic of the sub-community.
    query = match q.communities {
        [one] => query.filter(topics::community_id.eq(one)),
        many => query.filter(topics::community_id.eq_any(many)),
    };
    if let Some(c) = q.category {
        query = query.filter(topics::category_id.eq(c));
    }
    if q.exclude_pinned {
        query = query.filter(topics::pinned.eq(false));
    }
    if let Some(k) = q.kind {
        query = query.filter(topics::kind.eq(k));
    }
    if let Some(tag) = q.tag {
        query = query.filter(topics::tags.like(format!("% {tag} %")));
    }
    if let Some(since) = q.since {
        query = query.filter(topics::created_at.ge(since));
    }
    match q.state {
        Some(StateFilter::Unanswered) => {
            query = query
                .filter(topics::kind.eq(TopicKind::Question))
                .filter(topics::reply_count.eq(0))
        }
        Some(StateFilter::Answered) => {
            query = query
                .filter(topics::kind.eq(TopicKind::Question))
                .filter(topics::reply_count.gt(0))
                .filter(topics::accepted_post_id.is_null())
        }
        Some(StateFilter::Solved) => query = query.filter(topics::accepted_post_id.is_not_null()),
        None => {}
    }
    match q.sort {
        Sort::Latest => {
            if let Some(c) = q.after {
                let at = Timestamp::from_micros(c.key);
                query = query.filter(
                    topics::bumped_at
                        .lt(at)
                        .or(topics::bumped_at.eq(at).and(topics::id.lt(c.id.clone()))),
                );
            }
            query = query.order((topics::bumped_at.desc(), topics::id.desc()));
        }
        Sort::New => {
            if let Some(c) = q.after {
                let at = Timestamp::from_micros(c.key);
                query = query.filter(
                    topics::created_at
                        .lt(at)
                        .or(topics::created_at.eq(at).and(topics::id.lt(c.id.clone()))),
                );
            }
            query = query.order((topics::created_at.desc(), topics::id.desc()));
        }
        Sort::Top => {
            if let Some(c) = q.after {
                let score = i32::try_from(c.key).unwrap_or(0);
                query = query.filter(
                    topics::score
                        .lt(score)
                        .or(topics::score.eq(score).and(topics::id.lt(c.id.clone()))),
                );
            }
            query = query.order((topics::score.desc(), topics::id.desc()));
        }
    }
    query.limit(q.limit).load(conn)
}

pub fn cursor_for(t: &Topic, sort: Sort) -> Cursor {
    let key = match sort {
        Sort::Latest => t.bumped_at.micros(),
        Sort::New => t.created_at.micros(),
        Sort::Top => i64::from(t.score),
    };
    Cursor {
        key,
        id: t.id.clone(),
    }
}

pub fn pinned(conn: &mut DbConn, community: &CommunityId) -> QueryResult<Vec<(Topic, AuthorView)>> {
    topics::table
        .inner_join(users::table.on(users::id.eq(topics::author_id)))
        .filter(topics::community_id.eq(community))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .filter(topics::pinned.eq(true))
        .order(topics::bumped_at.desc())
        .select((Topic::as_select(), AuthorView::as_select()))
        .load(conn)
}

/// Topics with activity since `since`, the busiest first (digests).
pub fn most_active_since(
    conn: &mut DbConn,
    communities: &[CommunityId],
    since: Timestamp,
    limit: i64,
) -> QueryResult<Vec<Topic>> {
    topics::table
        .filter(topics::community_id.eq_any(communities))
        .filter(topics::deleted_at.is_null())
        .filter(topics::bumped_at.gt(since))
        .filter(topics::reply_count.gt(0))
        .order((topics::reply_count.desc(), topics::bumped_at.desc()))
        .limit(limit)
        .select(Topic::as_select())
        .load(conn)
}

/// Topics of `kind` created since `since` that nobody has answered yet (digests).
pub fn unanswered_since(
    conn: &mut DbConn,
    communities: &[CommunityId],
    since: Timestamp,
    kind: TopicKind,
    limit: i64,
) -> QueryResult<Vec<Topic>> {
    topics::table
        .filter(topics::community_id.eq_any(communities))
        .filter(topics::deleted_at.is_null())
        .filter(topics::kind.eq(kind))
        .filter(topics::created_at.gt(since))
        .filter(topics::reply_count.eq(0))
        .order(topics::created_at.desc())
        .limit(limit)
        .select(Topic::as_select())
        .load(conn)
}

pub fn by_author(
    conn: &mut DbConn,
    author: &UserId,
    communities: &[CommunityId],
    limit: i64,
) -> QueryResult<Vec<Topic>> {
    topics::table
        .filter(topics::author_id.eq(author))
        .filter(topics::community_id.eq_any(communities))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .order(topics::created_at.desc())
        .limit(limit)
        .select(Topic::as_select())
        .load(conn)
}

/// How many topics [`by_author`] would list without its limit: a profile's total.
pub fn count_by_author(
    conn: &mut DbConn,
    author: &UserId,
    communities: &[CommunityId],
) -> QueryResult<i64> {
    topics::table
        .filter(topics::author_id.eq(author))
        .filter(topics::community_id.eq_any(communities))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .count()
        .get_result(conn)
}

pub fn find_many(conn: &mut DbConn, ids: &[TopicId]) -> QueryResult<Vec<Topic>> {
    topics::table
        .filter(topics::id.eq_any(ids))
        .select(Topic::as_select())
        .load(conn)
}

/// The topic as it is now, its row locked until the end of the transaction (as
/// [`lock`] then [`find`], in one statement on PostgreSQL).
pub fn find_locked(conn: &mut DbConn, id: &TopicId) -> QueryResult<Option<Topic>> {
    match conn {
        DbConn::Pg(c) => topics::table
            .find(id)
            .select(Topic::as_select())
            .for_no_key_update()
            .first(c)
            .optional(),
        DbConn::Sqlite(c) => topics::table
            .find(id)
            .select(Topic::as_select())
            .first(c)
            .optional(),
    }
}

/// Counts a new published reply on its topic and returns the topic as it is now: the
/// row's lock is taken by the count itself (`UPDATE … RETURNING`), so a reply to a busy
/// topic spends one statement fewer under that lock than [`find_locked`] and a separate
/// count would. `as_brand` marks the topic as having an official reply. `None`: no
/// such topic. The caller's transaction rolls the count back if the reply is refused.
pub fn count_reply_locked(
    conn: &mut DbConn,
    id: &TopicId,
    as_brand: bool,
    now: Timestamp,
) -> QueryResult<Option<Topic>> {
    let official = topics::official_reply.or(as_brand.into_sql::<diesel::sql_types::Bool>());
    crate::db::native!(conn, c => diesel::update(topics::table.find(id))
        .set((
            topics::reply_count.eq(topics::reply_count + 1),
            topics::bumped_at.eq(now),
            topics::official_reply.eq(official),
        ))
        .returning(Topic::as_returning())
        .get_result(c)
        .optional())
}

/// Takes the topic's row lock for the rest of the transaction (`FOR NO KEY UPDATE` on
/// PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers).
pub fn lock(conn: &mut DbConn, topic: &TopicId) -> QueryResult<()> {
    crate::db::lock_row!(conn, topics, topic)
}

/// Re-derives the reply count and the "official answer" mark from the posts (after deletes
/// and restores), so neither can drift from what is there.
pub fn recount_replies(conn: &mut DbConn, topic: &TopicId) -> QueryResult<()> {
    use crate::db::schema::posts;
    let live_replies = posts::table
        .filter(posts::topic_id.eq(topic))
        .filter(posts::post_number.gt(1))
        .filter(posts::parent_id.is_null())
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(crate::db::ModerationState::Published));
    let n: i64 = live_replies.count().get_result(conn)?;
    let official: i64 = live_replies
        .filter(posts::as_brand.eq(true))
        .count()
        .get_result(conn)?;
    diesel::update(topics::table.find(topic))
        .set((
            topics::reply_count.eq(i32::try_from(n).unwrap_or(i32::MAX)),
            topics::official_reply.eq(official > 0),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_held(conn: &mut DbConn, topic: &TopicId, held: bool) -> QueryResult<usize> {
    diesel::update(topics::table.find(topic))
        .set(topics::held.eq(held))
        .execute(conn)
}

// ----- Page threads (issue 18) -----

/// A sub-community's comment thread for a corporate page, by its key.
pub fn find_by_page_key(
    conn: &mut DbConn,
    community: &CommunityId,
    key: &str,
) -> QueryResult<Option<Topic>> {
    crate::db::native!(conn, c => topics::table
        .filter(topics::community_id.eq(community))
        .filter(topics::page_key.eq(key))
        .select(Topic::as_select())
        .first(c)
        .optional())
}

// ----- Embedding: the ask box's similar questions (issue 18) -----

/// The latest solved, listed questions of `community`.
pub fn latest_solved(
    conn: &mut DbConn,
    community: &CommunityId,
    limit: i64,
) -> QueryResult<Vec<Topic>> {
    topics::table
        .filter(topics::community_id.eq(community))
        .filter(topics::kind.eq(TopicKind::Question))
        .filter(topics::accepted_post_id.is_not_null())
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .order((topics::created_at.desc(), topics::id.desc()))
        .limit(limit)
        .select(Topic::as_select())
        .load(conn)
}

// ----- Widget counts (issue 18, widgets) -----

/// How many topics a sub-community's list shows with these filters (the same rules as
/// [`list`]: not deleted, not held), for `<parley-count>`.
pub fn count_listed(
    conn: &mut DbConn,
    community: &CommunityId,
    kind: Option<TopicKind>,
    state: Option<StateFilter>,
) -> QueryResult<i64> {
    let mut query = topics::table
        .filter(topics::community_id.eq(community))
        .filter(topics::deleted_at.is_null())
        .filter(topics::held.eq(false))
        .into_boxed();
    if let Some(k) = kind {
        query = query.filter(topics::kind.eq(k));
    }
    match state {
        Some(StateFilter::Unanswered) => {
            query = query
                .filter(topics::kind.eq(TopicKind::Question))
                .filter(topics::reply_count.eq(0))
        }
        Some(StateFilter::Answered) => {
            query = query
                .filter(topics::kind.eq(TopicKind::Question))
                .filter(topics::reply_count.gt(0))
                .filter(topics::accepted_post_id.is_null())
        }
        Some(StateFilter::Solved) => query = query.filter(topics::accepted_post_id.is_not_null()),
        None => {}
    }
    query.count().get_result(conn)
}
