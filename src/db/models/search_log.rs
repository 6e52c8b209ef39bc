//! The search log (issue 19): one row per search, with the normalised query, the
//! sub-community it was narrowed to, how many results it had, the first result clicked,
//! whether the reader was signed in and where the search came from. The table has no
//! column for who searched (no user id, address or session), by design.

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::schema::search_log;
use crate::db::{CommunityId, DbConn, SearchLogId, Timestamp, TopicId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = search_log)]
pub struct SearchLogEntry {
    pub id: SearchLogId,
    pub query: String,
    pub community_id: Option<CommunityId>,
    pub result_count: i32,
    pub clicked_topic_id: Option<TopicId>,
    pub member: bool,
    pub source: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = search_log)]
pub struct NewSearchLog<'a> {
    pub id: &'a SearchLogId,
    pub query: &'a str,
    pub community_id: Option<&'a CommunityId>,
    pub result_count: i32,
    pub member: bool,
    pub source: &'a str,
    pub created_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, row: &NewSearchLog<'_>) -> QueryResult<()> {
    diesel::insert_into(search_log::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &SearchLogId) -> QueryResult<Option<SearchLogEntry>> {
    search_log::table
        .find(id)
        .select(SearchLogEntry::as_select())
        .first(conn)
        .optional()
}

/// Records the first click of a search: nothing when the row is gone or already has one.
/// Returns whether it was recorded.
pub fn record_click(conn: &mut DbConn, id: &SearchLogId, topic: &TopicId) -> QueryResult<bool> {
    diesel::update(
        search_log::table
            .filter(search_log::id.eq(id))
            .filter(search_log::clicked_topic_id.is_null()),
    )
    .set(search_log::clicked_topic_id.eq(Some(topic)))
    .execute(conn)
    .map(|n| n > 0)
}

/// Forgets searches made before `before` (the retention, from housekeeping).
pub fn delete_before(conn: &mut DbConn, before: Timestamp) -> QueryResult<usize> {
    diesel::delete(search_log::table.filter(search_log::created_at.lt(before))).execute(conn)
}

/// Which rows a content-gaps report reads: since when, and which sub-communities.
pub struct GapsScope<'a> {
    pub since: Timestamp,
    /// `None`: every row (the whole site, searches not narrowed to a sub-community
    /// included); `Some`: only searches narrowed to one of these.
    pub communities: Option<&'a [CommunityId]>,
    pub limit: i64,
}

/// A query and its sub-community, with how often it was searched in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryCount {
    pub query: String,
    pub community_id: Option<CommunityId>,
    pub searches: i64,
}

type Grouped = (String, Option<CommunityId>, i64);

fn grouped(rows: Vec<Grouped>) -> Vec<QueryCount> {
    rows.into_iter()
        .map(|(query, community_id, searches)| QueryCount {
            query,
            community_id,
            searches,
        })
        .collect()
}

type Condition = Box<
    dyn BoxableExpression<
        search_log::table,
        crate::db::MultiBackend,
        SqlType = diesel::sql_types::Bool,
    >,
>;

/// The condition of every report: rows of the period, in the scope, not empty.
fn scoped(scope: &GapsScope<'_>) -> Condition {
    let base = search_log::created_at
        .ge(scope.since)
        .and(search_log::query.ne(""));
    match scope.communities {
        Some(ids) => Box::new(
            base.and(
                search_log::community_id
                    .assume_not_null()
                    .eq_any(ids.to_vec()),
            ),
        ),
        None => Box::new(base),
    }
}

/// The most searched queries.
pub fn top_queries(conn: &mut DbConn, scope: &GapsScope<'_>) -> QueryResult<Vec<QueryCount>> {
    search_log::table
        .filter(scoped(scope))
        .group_by((search_log::query, search_log::community_id))
        .select((search_log::query, search_log::community_id, count_star()))
        .order((count_star().desc(), search_log::query.asc()))
        .limit(scope.limit)
        .load::<Grouped>(conn)
        .map(grouped)
}

/// Queries that found nothing, most searched first.
pub fn without_results(conn: &mut DbConn, scope: &GapsScope<'_>) -> QueryResult<Vec<QueryCount>> {
    search_log::table
        .filter(scoped(scope))
        .filter(search_log::result_count.eq(0))
        .group_by((search_log::query, search_log::community_id))
        .select((search_log::query, search_log::community_id, count_star()))
        .order((count_star().desc(), search_log::query.asc()))
        .limit(scope.limit)
        .load::<Grouped>(conn)
        .map(grouped)
}

/// Queries that found something but whose results nobody opened in the period, most
/// searched first.
pub fn without_clicks(conn: &mut DbConn, scope: &GapsScope<'_>) -> QueryResult<Vec<QueryCount>> {
    let clicked: Vec<(String, Option<CommunityId>)> = search_log::table
        .filter(scoped(scope))
        .filter(search_log::clicked_topic_id.is_not_null())
        .select((search_log::query, search_log::community_id))
        .distinct()
        .load(conn)?;
    // Read a few more than asked: the clicked ones are dropped below.
    let candidates = search_log::table
        .filter(scoped(scope))
        .filter(search_log::result_count.gt(0))
        .filter(search_log::clicked_topic_id.is_null())
        .group_by((search_log::query, search_log::community_id))
        .select((search_log::query, search_log::community_id, count_star()))
        .order((count_star().desc(), search_log::query.asc()))
        .limit(
            scope
                .limit
                .saturating_add(i64::try_from(clicked.len()).unwrap_or(0)),
        )
        .load::<Grouped>(conn)?;
    let mut out: Vec<QueryCount> = grouped(candidates)
        .into_iter()
        .filter(|r| {
            !clicked
                .iter()
                .any(|(q, c)| q == &r.query && c == &r.community_id)
        })
        .collect();
    out.truncate(usize::try_from(scope.limit).unwrap_or(0));
    Ok(out)
}

// ----- Deflection (similar questions while asking) -----
//
// Kept in `embed_events` beside the ask box's own `similar_clicked` events, so the
// outcome metrics (issue 20) read one table: each click on a suggestion is a
// `similar_clicked` row; each composer with at least one such click has one `deflected`
// row, keyed by the composer's random id in `page_key` (`composer:<uuid>`), deleted when
// that composer posts after all.

/// `page_key` of a composer's deflection row.
fn composer_key(composer: uuid::Uuid) -> String {
    format!("composer:{composer}")
}

pub const SIMILAR_CLICKED: &str = "similar_clicked";
pub const DEFLECTED: &str = "deflected";

/// A click on a suggestion in `community`'s composer (or the site's), for `topic`.
pub fn record_suggestion_click(
    conn: &mut DbConn,
    community: &CommunityId,
    topic: &TopicId,
    composer: Option<uuid::Uuid>,
    now: Timestamp,
) -> QueryResult<()> {
    use crate::db::schema::embed_events;
    let event = |kind: &'static str, key: Option<String>| {
        (
            embed_events::id.eq(uuid::Uuid::now_v7().to_string()),
            embed_events::kind.eq(kind),
            embed_events::community_id.eq(Some(community.as_str().to_string())),
            embed_events::topic_id.eq(Some(topic.as_str().to_string())),
            embed_events::page_key.eq(key),
            embed_events::created_at.eq(now),
        )
    };
    diesel::insert_into(embed_events::table)
        .values(event(SIMILAR_CLICKED, None))
        .execute(conn)?;
    let Some(composer) = composer else {
        return Ok(());
    };
    let key = composer_key(composer);
    let already: i64 = embed_events::table
        .filter(embed_events::kind.eq(DEFLECTED))
        .filter(embed_events::page_key.eq(&key))
        .count()
        .get_result(conn)?;
    if already == 0 {
        diesel::insert_into(embed_events::table)
            .values(event(DEFLECTED, Some(key)))
            .execute(conn)?;
    }
    Ok(())
}

/// The composer posted: its deflection did not happen.
pub fn cancel_deflections(conn: &mut DbConn, composer: uuid::Uuid) -> QueryResult<usize> {
    use crate::db::schema::embed_events;
    diesel::delete(
        embed_events::table
            .filter(embed_events::kind.eq(DEFLECTED))
            .filter(embed_events::page_key.eq(composer_key(composer))),
    )
    .execute(conn)
}
