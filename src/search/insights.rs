//! Content gaps (issue 19): what people searched for in a period, what found nothing and
//! what found something nobody opened, for the whole site (admins, `/admin/search`) or
//! one sub-community (its managers, `/c/{slug}/search-insights`).

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::search_log::{self, GapsScope, QueryCount};
use crate::db::CommunityId;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Rows per list.
pub const GAP_ROWS: i64 = 25;

/// The periods offered, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// `7`, `30` or `90` from the query string; 30 otherwise.
pub fn period_of(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().trim_end_matches('d').parse::<i64>().ok())
        .filter(|p| PERIODS.contains(p))
        .unwrap_or(30)
}

/// One query of a report.
#[derive(Debug, Clone)]
pub struct GapRow {
    pub query: String,
    /// The sub-community the searches were narrowed to (none: the whole site).
    pub community: Option<Community>,
    pub searches: i64,
}

/// A content-gaps report.
#[derive(Debug, Clone)]
pub struct Gaps {
    pub period_days: i64,
    /// `None`: the whole site.
    pub scope: Option<Community>,
    pub top: Vec<GapRow>,
    pub no_results: Vec<GapRow>,
    pub no_clicks: Vec<GapRow>,
    /// Sub-communities the reader may start a topic in from a site-wide row.
    pub writable: Vec<Community>,
}

/// The report for `scope` (`None`: the whole site) over the last `period_days`. 404 for
/// a sub-community's report to anyone but its managers and the admins; the site's report
/// is the admins' (403 to others, as every admin page).
pub async fn gaps(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
    period_days: i64,
) -> AppResult<Gaps> {
    match scope {
        Some(c) => {
            if !guardian.can_read_search_insights(Some(c)) {
                return Err(AppError::NotFound);
            }
        }
        None => guardian.ensure(guardian.can_read_search_insights(None))?,
    }
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    let visible = guardian.visible_communities(all);
    let since = state.clock.now().plus_secs(-period_days * 86_400);
    let only: Option<Vec<CommunityId>> = scope.map(|c| vec![c.id.clone()]);
    // This node's latest searches first (`log_buffer`).
    crate::search::log_buffer::flush(state).await?;
    let (top, no_results, no_clicks) = state
        .db(move |conn| {
            let s = GapsScope {
                since,
                communities: only.as_deref(),
                limit: GAP_ROWS,
            };
            Ok((
                search_log::top_queries(conn, &s)?,
                search_log::without_results(conn, &s)?,
                search_log::without_clicks(conn, &s)?,
            ))
        })
        .await?;
    let by_id: HashMap<&CommunityId, &Community> = visible.iter().map(|c| (&c.id, c)).collect();
    let rows = |list: Vec<QueryCount>| -> Vec<GapRow> {
        list.into_iter()
            .filter(|r| guardian.may_see_search_row(r.community_id.as_ref(), &visible))
            .map(|r| GapRow {
                community: r
                    .community_id
                    .as_ref()
                    .and_then(|id| by_id.get(id).map(|c| (*c).clone())),
                query: r.query,
                searches: r.searches,
            })
            .collect()
    };
    let (top, no_results, no_clicks) = (rows(top), rows(no_results), rows(no_clicks));
    let writable = visible
        .iter()
        .filter(|c| guardian.can_post_in(c))
        .cloned()
        .collect();
    Ok(Gaps {
        period_days,
        scope: scope.cloned(),
        top,
        no_results,
        no_clicks,
        writable,
    })
}

/// Where "write the answer" starts: the composer of `slug`, prefilled with the query as
/// the title of a wiki topic.
pub fn write_answer_path(slug: &str, query: &str) -> String {
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("title", query)
        .append_pair("wiki", "1")
        .finish();
    format!("/c/{slug}/new?{q}")
}
