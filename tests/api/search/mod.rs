//! Issue 19 tests: the engines through `db::search` (`engine`, `ranking`), and the
//! search UI (the page, similar questions, the search log and content gaps, the API).
//! The UI tests search for words of titles; what only the engines do (snippets,
//! stemming, ranking, filters) is asserted in `engine` and `ranking`, on both backends.
mod api;
mod engine;
mod facts;
mod insights;
mod page;
mod ranking;
mod similar;

use parley::db::models::search_log::{self, SearchLogEntry};
use parley::db::schema::search_log as log_table;
use parley::db::{CommunityId, SearchLogId, Timestamp, TopicId, Visibility};

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::{forum_app, member};
use crate::helpers::{CommunityBuilder, TestApp, TestClient, TestCommunity};

/// A forum app, its admin, the public `widgets` and the invite-only `secret`.
pub async fn two_groups() -> (TestApp, TestClient, TestCommunity, TestCommunity) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let widgets = CommunityBuilder::new("widgets").build(&app, &admin).await;
    let secret = CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    (app, admin, widgets, secret)
}

/// A signed-in member who belongs to no sub-community.
pub async fn outsider(app: &TestApp) -> TestClient {
    member(app, "olga").await.1
}

/// Every search-log row, oldest first.
pub async fn log_rows(app: &TestApp) -> Vec<SearchLogEntry> {
    use diesel::prelude::*;
    // Searches queue their rows (`search::log_buffer`); write what waits.
    parley::search::log_buffer::flush(&app.state)
        .await
        .expect("flush the search log");
    db(app, |conn| {
        Ok(log_table::table
            .order(log_table::created_at.asc())
            .select(SearchLogEntry::as_select())
            .load(conn)?)
    })
    .await
}

/// Writes a log row as a search would have (content-gaps fixtures).
pub async fn logged(
    app: &TestApp,
    query: &str,
    community: Option<&CommunityId>,
    results: i32,
    clicked: Option<&str>,
    days_ago: i64,
) {
    let (query, community) = (query.to_string(), community.cloned());
    let clicked = clicked.map(|t| TopicId::parse(t).expect("topic id"));
    let at: Timestamp = app.clock.now().plus_secs(-days_ago * 86_400 - 60);
    app.state
        .write(move |conn| {
            let id = SearchLogId::new();
            search_log::insert(
                conn,
                &search_log::NewSearchLog {
                    id: &id,
                    query: &query,
                    community_id: community.as_ref(),
                    result_count: results,
                    member: true,
                    source: "page",
                    created_at: at,
                },
            )?;
            if let Some(t) = &clicked {
                search_log::record_click(conn, &id, t)?;
            }
            Ok(())
        })
        .await
        .expect("log row written");
}

/// `/search?q=` with the query encoded.
pub fn search_path(q: &str) -> String {
    format!("/search?{}", encode("q", q))
}

pub fn encode(key: &str, value: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish()
}
