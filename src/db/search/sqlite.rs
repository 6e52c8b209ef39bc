//! The SQLite engine: FTS5, stems computed in Rust (issue 19).

use super::{placeholder, SearchRequest, SearchResults, SimilarHit};
use crate::db::{CommunityId, DbConn, PostId, TopicId};
use diesel::QueryResult;

pub fn search(conn: &mut DbConn, req: &SearchRequest<'_>) -> QueryResult<SearchResults> {
    placeholder::search(conn, req)
}

pub fn similar(
    conn: &mut DbConn,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    placeholder::similar(conn, title, communities, limit)
}

pub fn index_post(_conn: &mut DbConn, _post: &PostId) -> QueryResult<()> {
    Ok(())
}

pub fn index_topic(_conn: &mut DbConn, _topic: &TopicId) -> QueryResult<()> {
    Ok(())
}

pub fn reindex(_conn: &mut DbConn, _progress: &mut dyn FnMut(u64, u64)) -> QueryResult<u64> {
    Ok(0)
}
