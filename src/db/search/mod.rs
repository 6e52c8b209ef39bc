//! Full-text search: one interface, two engines (issue 19).
//!
//! SQLite uses FTS5 with English and French stems computed in Rust (`sqlite.rs`);
//! PostgreSQL a `tsvector` with GIN and the `english`/`french` configurations
//! (`pg.rs`). The index is written in the same transaction as the post, and every
//! permission is applied at query time: the caller passes the sub-communities the reader
//! may see, and the engines keep only published, undeleted posts of listed topics. The
//! data layer knows no permission; it only filters by what it is given.

mod pg;
pub mod query;
mod sqlite;
pub mod stem;

use crate::db::{
    CommunityId, DbConn, PostId, QuestionState, Timestamp, TopicId, TopicKind, UserId,
};
use diesel::QueryResult;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchSort {
    /// Text rank, boosted for accepted and official answers and, mildly, for recency.
    #[default]
    Relevance,
    Newest,
}

/// One search. `text` is the reader's raw query: phrases in quotes, `-exclusion`, and
/// anything else (never an error: odd input is read as words, `websearch_to_tsquery`'s
/// rules on both backends).
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub text: &'a str,
    /// The sub-communities searched: the ones the reader may see now (decided by the
    /// guardian), narrowed by the `c` filter. Empty: no result.
    pub communities: &'a [CommunityId],
    pub kind: Option<TopicKind>,
    /// Questions only: unanswered, answered, solved.
    pub state: Option<QuestionState>,
    pub tag: Option<&'a str>,
    pub author: Option<&'a UserId>,
    /// Posts written at or after / before these instants.
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub sort: SearchSort,
    pub offset: u32,
    pub limit: u32,
}

/// One result: the best-matching post of a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub topic_id: TopicId,
    pub post_id: PostId,
    pub post_number: i32,
    pub community_id: CommunityId,
    pub title: String,
    pub kind: TopicKind,
    pub state: Option<QuestionState>,
    pub author_id: UserId,
    pub created_at: Timestamp,
    /// HTML: the post's text escaped, then the matched terms wrapped in `<mark>`.
    pub snippet: String,
    /// This post is the topic's accepted answer.
    pub accepted: bool,
    /// This post was written as the brand.
    pub official: bool,
    /// The topic is a wiki.
    pub wiki: bool,
    /// The topic's tags, stored form (" a b ").
    pub tags: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many topics match in all (for the pager), counted under the same filters.
    pub total: i64,
    /// Matches per sub-community (the facet), under the same filters except `c`.
    pub by_community: Vec<(CommunityId, i64)>,
}

/// A question like the one being asked.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarHit {
    pub topic_id: TopicId,
    pub community_id: CommunityId,
    pub title: String,
    pub kind: TopicKind,
    pub state: Option<QuestionState>,
    /// An employee answered as the brand.
    pub official: bool,
}

/// Searches. Permissions are the caller's `communities`; the engines add the rest
/// (published, undeleted posts of listed, undeleted topics).
pub fn search(conn: &mut DbConn, req: &SearchRequest<'_>) -> QueryResult<SearchResults> {
    match conn {
        DbConn::Sqlite(_) => sqlite::search(conn, req),
        DbConn::Pg(_) => pg::search(conn, req),
    }
}

/// Up to `limit` topics whose title (and opening post) look like `title`: solved and
/// official ones first.
pub fn similar(
    conn: &mut DbConn,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    match conn {
        DbConn::Sqlite(_) => sqlite::similar(conn, title, communities, limit),
        DbConn::Pg(_) => pg::similar(conn, title, communities, limit),
    }
}

/// (Re)indexes one post from its current rows (and its topic's title, tags and
/// language). Called inside the transaction that writes the post.
pub fn index_post(conn: &mut DbConn, post: &PostId) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(_) => sqlite::index_post(conn, post),
        DbConn::Pg(_) => pg::index_post(conn, post),
    }
}

/// Reindexes every post of a topic (its title, tags, language or sub-community changed).
pub fn index_topic(conn: &mut DbConn, topic: &TopicId) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(_) => sqlite::index_topic(conn, topic),
        DbConn::Pg(_) => pg::index_topic(conn, topic),
    }
}

/// Rebuilds the whole index in batches, online; `progress(done, total)` after each.
pub fn reindex(conn: &mut DbConn, progress: &mut dyn FnMut(u64, u64)) -> QueryResult<u64> {
    match conn {
        DbConn::Sqlite(_) => sqlite::reindex(conn, progress),
        DbConn::Pg(_) => pg::reindex(conn, progress),
    }
}
