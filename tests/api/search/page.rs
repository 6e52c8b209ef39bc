//! `/search`: odd input never fails, private sub-communities never leak (results and
//! facets, also right after one is made private), the header's search box, the empty
//! state, the search log (no reader identity) and result clicks.

use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use super::{encode, log_rows, outsider, search_path, two_groups};
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::{member, widgets};
use crate::helpers::{grant_role, location, CommunityBuilder, CommunityEdit, TopicBuilder};

/// Inputs that trip naive query parsers.
pub const ODD_QUERIES: &[&str] = &[
    "\"",
    "\"unclosed phrase",
    "-",
    "--",
    "-rattles",
    "*",
    "rat*",
    "(",
    ")",
    "a OR (b AND",
    "NEAR(a b)",
    "title:x",
    "'; DROP TABLE topics; --",
    "SELECT * FROM users WHERE 1=1",
    "%_%",
    "\\",
    "😀 🦀 émoji",
    "   ",
    "",
    "\u{0}",
];

#[tokio::test]
async fn odd_queries_and_filters_answer_200_and_never_500() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Widget rattles when spinning")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let long = "rattles ".repeat(1300);
    let mut queries: Vec<String> = ODD_QUERIES.iter().map(|q| q.to_string()).collect();
    queries.push(long);
    for q in &queries {
        for client in [&app.client, &ana] {
            let (status, html) = client.get_html(&search_path(q)).await;
            assert_eq!(status, StatusCode::OK, "{q:?}");
            assert!(html.contains("<h1>Search</h1>"), "{q:?}");
        }
    }
    // Odd filter values: ignored or shown beside the form, never an error page.
    for extra in [
        "&from=2026-02-30",
        "&to=yesterday",
        "&from=2026-03-02&to=2026-03-01",
        "&kind=bogus&state=%28&sort=sideways",
        "&page=-1",
        "&page=99999999999",
        "&c=nosuchgroup",
        "&author=nobody-at-all",
        "&tag=%22%3B",
        "&q=twice",
    ] {
        let path = format!("{}{extra}", search_path("rattles"));
        let (status, _) = app.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, html) = app
        .get_html(&format!("{}&from=2026-02-30", search_path("rattles")))
        .await;
    assert!(
        html.contains("Enter the start date as YYYY-MM-DD."),
        "a bad date is a field message"
    );
}

#[tokio::test]
async fn a_title_word_finds_the_topic_linked_through_the_click_route() {
    let (app, _) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::question("Widget rattles when spinning")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let (status, html) = app.get_html(&search_path("rattles")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Widget rattles when spinning"), "{html}");
    assert!(html.contains("Group widgets"), "the sub-community is shown");
    let log = &log_rows(&app).await[0];
    let link = format!("/search/click?log={}&amp;t={}", log.id, t.id);
    assert!(html.contains(&link), "{link} in {html}");
}

#[tokio::test]
async fn the_header_has_a_labelled_search_box_and_the_empty_state_gives_tips() {
    let (app, _) = widgets().await;
    let (_, html) = app.get_html("/latest").await;
    assert!(
        html.contains(r#"role="search" method="get" action="/search""#),
        "{html}"
    );
    assert!(html.contains(r#"<label class="visually-hidden" for="header-q">Search</label>"#));
    assert!(
        html.contains("/assets/search.js"),
        "the script is a file (strict CSP)"
    );
    let (status, html) = app.get_html(&search_path("zzqqxx nothing")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No results for “zzqqxx nothing”"), "{html}");
    assert!(html.contains("double quotes"), "tips are shown");
}

#[tokio::test]
async fn private_topics_never_appear_for_outsiders_and_appear_for_members() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Public rattles fix")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::question("Hidden rattles plan")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let olga = outsider(&app).await;
    for client in [&app.client, &olga] {
        let (_, html) = client.get_html(&search_path("rattles")).await;
        assert!(html.contains("Public rattles fix"), "{html}");
        assert!(!html.contains("Hidden rattles plan"), "{html}");
        assert!(
            !html.contains("Group secret"),
            "no facet, no filter choice: {html}"
        );
        // Asking for the sub-community by name changes nothing (no enumeration).
        let path = format!("{}&c=secret", search_path("rattles"));
        let (status, narrowed) = client.get_html(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!narrowed.contains("Hidden rattles plan"));
        assert!(!narrowed.contains("Group secret"));
    }
    grant_role(&admin, &secret, "ana", CommunityRole::Member).await;
    let (_, html) = ana.get_html(&search_path("rattles")).await;
    assert!(
        html.contains("Hidden rattles plan"),
        "a member sees it: {html}"
    );
    let (_, html) = ana
        .get_html(&format!("{}&c=secret", search_path("rattles")))
        .await;
    assert!(html.contains("Hidden rattles plan"));
    assert!(!html.contains("Public rattles fix"), "narrowed to secret");
}

#[tokio::test]
async fn a_sub_community_made_private_disappears_from_the_next_search() {
    let (app, admin) = widgets().await;
    let gadgets = CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Gadget rattles at night")
        .in_(&gadgets)
        .by(&ana)
        .build(&app)
        .await;
    let olga = outsider(&app).await;
    let (_, before) = olga.get_html(&search_path("rattles")).await;
    assert!(before.contains("Gadget rattles at night"), "{before}");

    CommunityEdit::of(&gadgets)
        .visibility(Visibility::InviteOnly)
        .save(&admin)
        .await;
    for client in [&olga, &app.client] {
        let (status, after) = client.get_html(&search_path("rattles")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!after.contains("Gadget rattles at night"), "{after}");
        assert!(!after.contains("Group gadgets"), "{after}");
    }
    let (_, admins) = admin.get_html(&search_path("rattles")).await;
    assert!(
        admins.contains("Gadget rattles at night"),
        "admins still see it"
    );
}

#[tokio::test]
async fn the_search_log_keeps_the_normalised_query_and_no_member_identity() {
    let (app, _) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    TopicBuilder::question("Widget rattles when spinning")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    ana.get_html(&format!("{}&c=widgets", search_path("  rattles ")))
        .await;
    app.get_html(&search_path("Nothing   Here\tAT ALL")).await;
    app.get_html(&search_path("   ")).await;
    let rows = log_rows(&app).await;
    assert_eq!(rows.len(), 2, "an empty query is not logged: {rows:?}");
    let (signed_in, anonymous) = (&rows[0], &rows[1]);
    assert_eq!(signed_in.query, "rattles");
    assert!(signed_in.member);
    assert_eq!(signed_in.source, "page");
    assert_eq!(signed_in.result_count, 1);
    assert!(signed_in.community_id.is_some());
    assert_eq!(anonymous.query, "nothing here at all");
    assert!(!anonymous.member);
    assert_eq!(anonymous.result_count, 0);
    assert_eq!(anonymous.community_id, None);
    // Nothing in any column names the reader.
    for row in &rows {
        let all = format!("{row:?}");
        assert!(!all.contains(ana_user.id.as_str()), "{all}");
        assert!(!all.contains("ana"), "{all}");
        assert!(!all.contains("127.0.0.1"), "{all}");
    }
    // The table itself has no column for it.
    let columns = db(&app, |conn| {
        use diesel::prelude::*;
        let sql = match conn {
            parley::db::DbConn::Sqlite(_) => {
                "SELECT name AS column_name FROM pragma_table_info('search_log')"
            }
            parley::db::DbConn::Pg(_) => {
                "SELECT column_name::text AS column_name FROM information_schema.columns \
                 WHERE table_name = 'search_log' AND table_schema = current_schema()"
            }
        };
        #[derive(diesel::QueryableByName)]
        struct Column {
            #[diesel(sql_type = diesel::sql_types::Text)]
            column_name: String,
        }
        let cols: Vec<Column> = diesel::sql_query(sql).load(conn)?;
        Ok(cols.into_iter().map(|c| c.column_name).collect::<Vec<_>>())
    })
    .await;
    assert_eq!(columns.len(), 8, "{columns:?}");
    for c in &columns {
        assert!(
            !["user", "ip", "session", "address", "agent"]
                .iter()
                .any(|bad| c.contains(bad)),
            "{c}"
        );
    }
}

#[tokio::test]
async fn a_click_is_recorded_once_and_redirects_only_to_a_visible_topic() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let first = TopicBuilder::question("Public rattles fix")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let second = TopicBuilder::discussion("Other rattles talk")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let hidden = TopicBuilder::question("Hidden rattles plan")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let olga = outsider(&app).await;
    olga.get_html(&search_path("rattles")).await;
    let log = log_rows(&app).await[0].id.clone();

    // An invisible topic, a bad id, a URL: 404, nothing recorded, no redirect.
    for t in [hidden.id.as_str(), "not-a-uuid", "https://evil.example/"] {
        let r = olga
            .get(&format!("/search/click?log={log}&{}", encode("t", t)))
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{t}");
        assert!(location(&r).is_none());
    }
    assert_eq!(log_rows(&app).await[0].clicked_topic_id, None);

    let r = olga
        .get(&format!("/search/click?log={log}&t={}", first.id))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r).as_deref(), Some(first.path.as_str()));
    let r = olga
        .get(&format!("/search/click?log={log}&t={}", second.id))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "still goes where asked");
    assert_eq!(location(&r).as_deref(), Some(second.path.as_str()));
    let row = &log_rows(&app).await[0];
    assert_eq!(
        row.clicked_topic_id.as_ref().map(|t| t.as_str()),
        Some(first.id.as_str()),
        "only the first click is recorded"
    );
    // A log id that does not exist records nothing and still redirects.
    let r = olga
        .get(&format!(
            "/search/click?log=0190f3e2-0000-7000-8000-000000000000&t={}",
            first.id
        ))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(log_rows(&app).await.len(), 1);
}

#[tokio::test]
async fn entries_older_than_the_retention_are_pruned() {
    let (app, _) = widgets().await;
    super::logged(&app, "old query", None, 0, None, 100).await;
    super::logged(&app, "recent query", None, 2, None, 10).await;
    let now = app.clock.now();
    let removed = db(&app, move |conn| {
        Ok(parley::search::service::prune_log(conn, now, 90)?)
    })
    .await;
    assert_eq!(removed, 1);
    let rows = log_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].query, "recent query");
}
