use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{post_revisions, posts, topics, users};
use crate::db::{
    CommunityId, DbConn, ModerationState, PostId, RevisionId, Timestamp, TopicId, UserId,
};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: PostId,
    pub topic_id: TopicId,
    pub community_id: CommunityId,
    pub author_id: UserId,
    /// 1 is the topic's opening post; replies count up from 2. Comments share the sequence.
    pub post_number: i32,
    /// Set for a short comment under a question or answer.
    pub parent_id: Option<PostId>,
    pub body_markdown: String,
    pub body_html: String,
    pub as_brand: bool,
    pub score: i32,
    pub revision_count: i32,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
    pub deleted_by: Option<UserId>,
    /// Held and hidden posts are seen only by their author and the moderators.
    pub moderation_state: ModerationState,
}

impl Post {
    pub fn is_published(&self) -> bool {
        self.moderation_state == ModerationState::Published
    }
    pub fn is_opening(&self) -> bool {
        self.post_number == 1
    }
    pub fn is_comment(&self) -> bool {
        self.parent_id.is_some()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = posts)]
pub struct NewPost<'a> {
    pub id: &'a PostId,
    pub topic_id: &'a TopicId,
    pub community_id: &'a CommunityId,
    pub author_id: &'a UserId,
    pub post_number: i32,
    pub parent_id: Option<&'a PostId>,
    pub body_markdown: &'a str,
    pub body_html: &'a str,
    pub as_brand: bool,
    pub created_at: Timestamp,
    pub moderation_state: ModerationState,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_revisions)]
pub struct Revision {
    pub id: RevisionId,
    pub post_id: PostId,
    pub editor_id: Option<UserId>,
    pub title: Option<String>,
    pub body_markdown: String,
    pub created_at: Timestamp,
}

/// Inserts the post and indexes it for search in the same transaction (its topic row
/// must exist already).
pub fn insert(conn: &mut DbConn, p: &NewPost<'_>) -> QueryResult<()> {
    crate::db::native!(conn, c => diesel::insert_into(posts::table)
        .values(p)
        .execute(c)
        .map(|_| ()))?;
    crate::db::search::index_post(conn, p.id)
}

/// Inserts a post and returns it as stored (one statement: `RETURNING`).
pub fn insert_returning(conn: &mut DbConn, p: &NewPost<'_>) -> QueryResult<Post> {
    let post = crate::db::native!(conn, c => diesel::insert_into(posts::table)
        .values(p)
        .returning(Post::as_returning())
        .get_result(c))?;
    crate::db::search::index_post(conn, p.id)?;
    Ok(post)
}

/// The next number in a topic. Called inside the write transaction that inserts the post;
/// the UNIQUE (topic_id, post_number) constraint backs it up.
pub fn next_number(conn: &mut DbConn, topic: &TopicId) -> QueryResult<i32> {
    let max: Option<i32> = crate::db::native!(conn, c => posts::table
        .filter(posts::topic_id.eq(topic))
        .select(diesel::dsl::max(posts::post_number))
        .first(c))?;
    Ok(max.unwrap_or(0) + 1)
}

/// Takes the post's row lock for the rest of the transaction (see `topics::lock`).
pub fn lock(conn: &mut DbConn, id: &PostId) -> QueryResult<()> {
    crate::db::lock_row!(conn, posts, id)
}

pub fn find(conn: &mut DbConn, id: &PostId) -> QueryResult<Option<Post>> {
    crate::db::native!(conn, c => posts::table
        .find(id)
        .select(Post::as_select())
        .first(c)
        .optional())
}

pub fn opening(conn: &mut DbConn, topic: &TopicId) -> QueryResult<Option<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::topic_id.eq(topic))
        .filter(posts::post_number.eq(1))
        .select((Post::as_select(), AuthorView::as_select()))
        .first(conn)
        .optional()
}

/// Order of replies on a topic page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyOrder {
    /// Discussions: oldest first.
    Chronological,
    /// Questions: highest score first, then oldest.
    Votes,
}

/// One page of top-level replies with authors, by keyset on (score, number) or number.
pub fn replies_page(
    conn: &mut DbConn,
    topic: &TopicId,
    order: ReplyOrder,
    after: Option<(i32, i32)>,
    exclude: Option<&PostId>,
    limit: i64,
) -> QueryResult<Vec<(Post, AuthorView)>> {
    // Each order is one fixed query shape (no boxing, neutral values for absent filters),
    // so its prepared statement is cached: this runs on every topic page.
    let base = posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::topic_id.eq(topic))
        .filter(posts::parent_id.is_null())
        .select((Post::as_select(), AuthorView::as_select()));
    match order {
        ReplyOrder::Chronological => base
            .filter(posts::post_number.gt(after.map(|(_, n)| n).unwrap_or(1)))
            .order(posts::post_number.asc())
            .limit(limit)
            .load(conn),
        ReplyOrder::Votes => {
            let (score, number) = after.unwrap_or((i32::MAX, 0));
            // `<> 1` rather than `> 1`: a range on post_number would steer SQLite to the
            // (topic_id, post_number) index and a sort of the whole thread, instead of
            // walking posts_answers_by_score_idx in order.
            base.filter(posts::post_number.ne(1))
                .filter(posts::id.ne(exclude.map(PostId::as_str).unwrap_or("")))
                .filter(
                    posts::score
                        .lt(score)
                        .or(posts::score.eq(score).and(posts::post_number.gt(number))),
                )
                .order((posts::score.desc(), posts::post_number.asc()))
                .limit(limit)
                .load(conn)
        }
    }
}

pub fn with_author(conn: &mut DbConn, id: &PostId) -> QueryResult<Option<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::id.eq(id))
        .select((Post::as_select(), AuthorView::as_select()))
        .first(conn)
        .optional()
}

/// Comments under any of `parents`, oldest first, in one query.
pub fn comments_for(conn: &mut DbConn, parents: &[PostId]) -> QueryResult<Vec<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::parent_id.eq_any(parents))
        .filter(posts::deleted_at.is_null())
        .order(posts::post_number.asc())
        .select((Post::as_select(), AuthorView::as_select()))
        .load(conn)
}

pub fn set_body(
    conn: &mut DbConn,
    id: &PostId,
    markdown: &str,
    html: &str,
    now: Timestamp,
) -> QueryResult<usize> {
    let n = diesel::update(posts::table.find(id))
        .set((
            posts::body_markdown.eq(markdown),
            posts::body_html.eq(html),
            posts::edited_at.eq(Some(now)),
            posts::revision_count.eq(posts::revision_count + 1),
        ))
        .execute(conn)?;
    // Search sees the new text in the same transaction.
    crate::db::search::index_post(conn, id)?;
    Ok(n)
}

pub fn add_revision(
    conn: &mut DbConn,
    post: &PostId,
    editor: &UserId,
    title: Option<&str>,
    markdown: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(post_revisions::table)
        .values((
            post_revisions::id.eq(RevisionId::new()),
            post_revisions::post_id.eq(post),
            post_revisions::editor_id.eq(Some(editor)),
            post_revisions::title.eq(title),
            post_revisions::body_markdown.eq(markdown),
            post_revisions::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn revisions(
    conn: &mut DbConn,
    post: &PostId,
) -> QueryResult<Vec<(Revision, Option<AuthorView>)>> {
    post_revisions::table
        .left_join(users::table.on(post_revisions::editor_id.eq(users::id.nullable())))
        .filter(post_revisions::post_id.eq(post))
        .order(post_revisions::created_at.asc())
        // Ids are time-ordered (UUIDv7): two edits in the same instant keep their order.
        .then_order_by(post_revisions::id.asc())
        .select((Revision::as_select(), Option::<AuthorView>::as_select()))
        .load(conn)
}

pub fn set_deleted(
    conn: &mut DbConn,
    id: &PostId,
    by: Option<&UserId>,
    at: Option<Timestamp>,
) -> QueryResult<usize> {
    diesel::update(posts::table.find(id))
        .set((posts::deleted_at.eq(at), posts::deleted_by.eq(by)))
        .execute(conn)
}

/// The published, undeleted posts of a topic as (number, Markdown), in order: what a
/// reader sees, for screening a topic against another sub-community's policy.
pub fn published_bodies(conn: &mut DbConn, topic: &TopicId) -> QueryResult<Vec<(i32, String)>> {
    posts::table
        .filter(posts::topic_id.eq(topic))
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(crate::db::ModerationState::Published))
        .order(posts::post_number.asc())
        .select((posts::post_number, posts::body_markdown))
        .load(conn)
}

pub fn move_to_community(
    conn: &mut DbConn,
    topic: &TopicId,
    community: &CommunityId,
) -> QueryResult<usize> {
    let n = diesel::update(posts::table.filter(posts::topic_id.eq(topic)))
        .set(posts::community_id.eq(community))
        .execute(conn)?;
    // The search index follows the topic to its new sub-community.
    crate::db::search::index_topic(conn, topic)?;
    Ok(n)
}

/// A member's answers (top-level replies to questions), newest first, in visible communities.
pub fn answers_by(
    conn: &mut DbConn,
    author: &UserId,
    communities: &[CommunityId],
    limit: i64,
) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::author_id.eq(author))
        .filter(posts::community_id.eq_any(communities))
        .filter(posts::post_number.gt(1))
        .filter(posts::parent_id.is_null())
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .order(posts::created_at.desc())
        .limit(limit)
        .select(Post::as_select())
        .load(conn)
}

/// How many answers [`answers_by`] would list without its limit, in topics not deleted,
/// and how many of them are their question's accepted answer: a profile's totals.
pub fn count_answers_by(
    conn: &mut DbConn,
    author: &UserId,
    communities: &[CommunityId],
) -> QueryResult<(i64, i64)> {
    let visible = || {
        posts::table
            .inner_join(topics::table.on(topics::id.eq(posts::topic_id)))
            .filter(posts::author_id.eq(author))
            .filter(posts::community_id.eq_any(communities))
            .filter(posts::post_number.gt(1))
            .filter(posts::parent_id.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(posts::moderation_state.eq(ModerationState::Published))
            .filter(topics::deleted_at.is_null())
    };
    let all = visible().count().get_result(conn)?;
    let accepted = visible()
        .filter(topics::accepted_post_id.eq(posts::id.nullable()))
        .count()
        .get_result(conn)?;
    Ok((all, accepted))
}

/// Posts made as the brand in a community, newest first.
pub fn official(
    conn: &mut DbConn,
    community: &CommunityId,
    limit: i64,
) -> QueryResult<Vec<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::community_id.eq(community))
        .filter(posts::as_brand.eq(true))
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .order(posts::created_at.desc())
        .limit(limit)
        .select((Post::as_select(), AuthorView::as_select()))
        .load(conn)
}

pub fn set_moderation_state(
    conn: &mut DbConn,
    id: &PostId,
    state: ModerationState,
) -> QueryResult<usize> {
    diesel::update(posts::table.find(id))
        .set(posts::moderation_state.eq(state))
        .execute(conn)
}

/// Posts by `author` created at or after `since` (rate limits for new accounts).
pub fn count_by_author_since(
    conn: &mut DbConn,
    author: &UserId,
    since: Timestamp,
) -> QueryResult<i64> {
    posts::table
        .filter(posts::author_id.eq(author))
        .filter(posts::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Published posts of `author` in a sub-community (pre-moderation of first posts).
pub fn count_published_by_author_in(
    conn: &mut DbConn,
    author: &UserId,
    community: &CommunityId,
) -> QueryResult<i64> {
    posts::table
        .filter(posts::author_id.eq(author))
        .filter(posts::community_id.eq(community))
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .filter(posts::deleted_at.is_null())
        .count()
        .get_result(conn)
}

/// Posts by id, without their authors (in no particular order).
pub fn find_plain(conn: &mut DbConn, ids: &[PostId]) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::id.eq_any(ids))
        .select(Post::as_select())
        .load(conn)
}

pub fn find_many(conn: &mut DbConn, ids: &[PostId]) -> QueryResult<Vec<(Post, AuthorView)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::id.eq_any(ids))
        .select((Post::as_select(), AuthorView::as_select()))
        .load(conn)
}

// ----- Page threads (issue 18) -----

/// The newest `limit` published top-level replies of a page thread (not its opening
/// stub), newest first, with their authors.
pub fn page_comments(
    conn: &mut DbConn,
    topic: &TopicId,
    limit: i64,
) -> QueryResult<Vec<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::topic_id.eq(topic))
        .filter(posts::parent_id.is_null())
        .filter(posts::post_number.gt(1))
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .order(posts::post_number.desc())
        .limit(limit)
        .select((Post::as_select(), AuthorView::as_select()))
        .load(conn)
}

/// How many published top-level replies a page thread has (its opening stub left out).
pub fn count_page_comments(conn: &mut DbConn, topic: &TopicId) -> QueryResult<i64> {
    posts::table
        .filter(posts::topic_id.eq(topic))
        .filter(posts::parent_id.is_null())
        .filter(posts::post_number.gt(1))
        .filter(posts::deleted_at.is_null())
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .count()
        .get_result(conn)
}

// ----- feeds (Atom) -----

/// The opening posts of these topics (at most one per topic, in no particular order).
pub fn openings_of(conn: &mut DbConn, topics: &[TopicId]) -> QueryResult<Vec<Post>> {
    if topics.is_empty() {
        return Ok(vec![]);
    }
    posts::table
        .filter(posts::topic_id.eq_any(topics))
        .filter(posts::post_number.eq(1))
        .select(Post::as_select())
        .load(conn)
}

/// A topic's newest `limit` published, not deleted posts (comments included), newest
/// first, with their authors: by the (topic, number) key, so it stops after `limit` rows.
pub fn newest_published(
    conn: &mut DbConn,
    topic: &TopicId,
    limit: i64,
) -> QueryResult<Vec<(Post, AuthorView)>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::topic_id.eq(topic))
        .filter(posts::moderation_state.eq(ModerationState::Published))
        .filter(posts::deleted_at.is_null())
        .order(posts::post_number.desc())
        .limit(limit)
        .select((Post::as_select(), AuthorView::as_select()))
        .load(conn)
}
