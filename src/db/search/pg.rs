//! The PostgreSQL engine: a `tsvector` per post with GIN, a tsquery built from the shared
//! parser (`db::search::query`) in the content's language, `ts_rank_cd` with boosts, `ts_headline` on the returned page only
//! (issue 19).
//!
//! The index is the side table `post_search`, kept by triggers (migration
//! `2026-12-04-000016_search_index`): every write path updates it in the post's own
//! transaction, so `index_post` and `index_topic` have nothing left to do. Each row is
//! the post's body (weight D) with its topic's title (A) and tags (B), built with the
//! `parley_english` or `parley_french` configuration (accents ignored) from
//! `topics.language`. Each row also carries, written by triggers in the same transaction
//! as the change (migration `2026-12-15-000045_search_facts`), whether its post may be
//! found (published, not deleted, in a listed topic) and its ranking boosts, so a search
//! ranks its candidates from this one table. Who may read which sub-community is decided
//! here, at query time, against the row's `community_id`. The GIN index is asked for the
//! query's narrowing words only (`lexemes`, from PostgreSQL's own statistics) and the
//! whole query is checked on the rows it returns.

mod kept;
mod lexemes;
mod paths;
mod query;
mod reindex;
mod similar;
mod snippet;
mod tsq;

use super::{SearchRequest, SearchResults, SimilarHit};
use crate::db::{CommunityId, DbConn, PostId, TopicId};
use diesel::QueryResult;

pub use reindex::reindex;

pub fn search(conn: &mut DbConn, req: &SearchRequest<'_>) -> QueryResult<SearchResults> {
    match conn {
        DbConn::Pg(c) => query::search(c, req),
        DbConn::Sqlite(_) => Ok(SearchResults::default()),
    }
}

pub fn similar(
    conn: &mut DbConn,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    match conn {
        DbConn::Pg(c) => similar::similar(c, title, communities, limit),
        DbConn::Sqlite(_) => Ok(Vec::new()),
    }
}

/// Nothing to do: the triggers on `posts` wrote the row in this transaction.
pub fn index_post(_conn: &mut DbConn, _post: &PostId) -> QueryResult<()> {
    Ok(())
}

/// Nothing to do: the trigger on `topics` rewrote its posts' rows in this transaction.
pub fn index_topic(_conn: &mut DbConn, _topic: &TopicId) -> QueryResult<()> {
    Ok(())
}
