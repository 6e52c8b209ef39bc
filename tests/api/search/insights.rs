//! Content gaps: `/admin/search` (admins, every sub-community) and
//! `/c/{slug}/search-insights` (that sub-community's managers; 404 for anyone else), the
//! three lists, the period and the "write the answer" action.

use parley::db::CommunityRole;
use reqwest::StatusCode;

use super::{logged, outsider, two_groups};
use crate::helpers::forum_fixtures::member;
use crate::helpers::{grant_role, location, CommunityBuilder, TopicBuilder};

/// The text of the section whose heading has `id`, up to the next section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn admins_see_every_sub_community_s_gaps_with_write_the_answer() {
    let (app, admin, widgets, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::question("Reset the W3000")
        .in_(&widgets)
        .by(&ana)
        .build(&app)
        .await;
    for _ in 0..3 {
        logged(&app, "reset w3000", Some(&widgets.id), 4, None, 1).await;
    }
    logged(&app, "reset w3000", Some(&widgets.id), 4, Some(&t.id), 2).await;
    logged(&app, "export csv", Some(&widgets.id), 2, None, 1).await;
    logged(&app, "bluetooth pairing", Some(&widgets.id), 0, None, 3).await;
    logged(&app, "secret roadmap", Some(&secret.id), 0, None, 1).await;
    logged(&app, "warranty extension", None, 0, None, 1).await;
    logged(&app, "ancient question", Some(&widgets.id), 0, None, 60).await;

    let (status, html) = admin.get_html("/admin/search").await;
    assert_eq!(status, StatusCode::OK);
    let top = section(&html, "top-queries");
    for q in [
        "reset w3000",
        "export csv",
        "bluetooth pairing",
        "secret roadmap",
        "warranty extension",
    ] {
        assert!(top.contains(q), "{q} in {top}");
    }
    assert!(!html.contains("ancient question"), "older than 30 days");
    assert!(html.contains("<svg"), "the chart");
    assert!(html.contains("<title id=\"chart-title\">"), "with a title");
    let none = section(&html, "no-results");
    assert!(none.contains("bluetooth pairing") && none.contains("warranty extension"));
    assert!(!none.contains("reset w3000"));
    let unclicked = section(&html, "no-clicks");
    assert!(unclicked.contains("export csv"), "{unclicked}");
    assert!(!unclicked.contains("reset w3000"), "it had a click");
    assert!(
        !unclicked.contains("bluetooth pairing"),
        "it had no results"
    );
    assert!(
        html.contains("/c/widgets/new?title=reset+w3000&amp;wiki=1"),
        "write the answer in its sub-community"
    );
    // A site-wide query: choose the sub-community, then the composer.
    assert!(html.contains(r#"action="/search/write""#));
    let r = admin
        .get("/search/write?title=warranty+extension&c=widgets")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r).as_deref(),
        Some("/c/widgets/new?title=warranty+extension&wiki=1")
    );
    let r = admin
        .get("/search/write?title=x&c=https://evil.example")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "no open redirect");

    let (_, longer) = admin.get_html("/admin/search?period=90").await;
    assert!(longer.contains("ancient question"));
    let (status, _) = admin.get_html("/admin/search?period=bogus").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_manager_sees_their_sub_community_only_and_others_get_404() {
    let (app, admin, widgets, secret) = two_groups().await;
    let gadgets = CommunityBuilder::new("gadgets").build(&app, &admin).await;
    logged(&app, "reset w3000", Some(&widgets.id), 0, None, 1).await;
    logged(&app, "gadget battery", Some(&gadgets.id), 0, None, 1).await;
    logged(&app, "secret roadmap", Some(&secret.id), 0, None, 1).await;
    let (_, mia) = member(&app, "mia").await;
    grant_role(&admin, &widgets, "mia", CommunityRole::Manager).await;

    let (status, html) = mia.get_html("/c/widgets/search-insights").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("reset w3000"));
    assert!(!html.contains("gadget battery") && !html.contains("secret roadmap"));
    assert!(html.contains("/c/widgets/new?title=reset+w3000&amp;wiki=1"));
    for path in ["/c/gadgets/search-insights", "/c/secret/search-insights"] {
        let (status, html) = mia.get_html(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("secret roadmap") && !html.contains("gadget battery"));
    }
    let (status, _) = mia.get_html("/admin/search").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A plain member, a moderator, an outsider and an anonymous visitor: 404.
    let (_, max) = member(&app, "max").await;
    grant_role(&admin, &widgets, "max", CommunityRole::Moderator).await;
    let olga = outsider(&app).await;
    for client in [&max, &olga, &app.client] {
        let (status, html) = client.get_html("/c/widgets/search-insights").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("reset w3000"));
    }
    // Admins read any sub-community's page.
    let (status, html) = admin.get_html("/c/secret/search-insights").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("secret roadmap"));
}
