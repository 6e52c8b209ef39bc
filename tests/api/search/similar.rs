//! Similar questions while asking: the original for a near-duplicate title, nothing
//! private, the composer's container, and deflection (a suggestion clicked, cancelled
//! when that composer posts after all).

use parley::db::models::embed_events;
use parley::db::models::search_log::{DEFLECTED, SIMILAR_CLICKED};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{encode, log_rows, outsider, two_groups};
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::{member, post_topic, topic_from_redirect};
use crate::helpers::TopicBuilder;

const COMPOSER: &str = "0190f3e2-1111-7000-8000-0000000000aa";

fn similar_path(title: &str, community: &str) -> String {
    format!(
        "/search/similar.json?{}&{}",
        encode("q", title),
        encode("c", community)
    )
}

async fn events(
    app: &crate::helpers::TestApp,
    kind: &'static str,
) -> Vec<embed_events::EmbedEvent> {
    db(app, move |conn| Ok(embed_events::of_kind(conn, kind)?)).await
}

#[tokio::test]
async fn a_near_duplicate_title_suggests_the_original_and_logs_it() {
    let (app, _, _, _) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let original = TopicBuilder::question("Widget rattles when spinning fast")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let r = bob
        .get(&similar_path("Widget rattles when spinning", "widgets"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let log = r
        .headers()
        .get("x-search-log")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .expect("the suggestions' log row");
    let items: Vec<Value> = r.json().await.unwrap();
    assert!(items.len() <= 5);
    let first = items
        .iter()
        .find(|i| i["id"] == original.id.as_str())
        .unwrap_or_else(|| panic!("the original is suggested: {items:?}"));
    assert_eq!(first["title"], "Widget rattles when spinning fast");
    assert!(first["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/t/{}", original.id)));
    assert_eq!(first["state"], "unanswered");
    assert_eq!(first["solved"], false);
    assert_eq!(first["official"], false);
    let rows = log_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id.as_str(), log);
    assert_eq!(rows[0].source, "similar");
    assert_eq!(rows[0].query, "widget rattles when spinning");

    // Too short, or nothing like it: nothing shown, nothing logged.
    for q in ["Wi", "zzqq nothing like it"] {
        let items: Vec<Value> = bob
            .get(&similar_path(q, "widgets"))
            .await
            .json()
            .await
            .unwrap();
        assert!(items.is_empty(), "{q}: {items:?}");
    }
    assert_eq!(log_rows(&app).await.len(), 1);
}

#[tokio::test]
async fn suggestions_never_include_what_the_asker_may_not_see() {
    let (app, admin, _, secret) = two_groups().await;
    let hidden = TopicBuilder::question("Widget rattles when spinning fast")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let olga = outsider(&app).await;
    for c in ["widgets", "secret", ""] {
        let items: Vec<Value> = olga
            .get(&similar_path("Widget rattles when spinning", c))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            !items.iter().any(|i| i["id"] == hidden.id.as_str()),
            "{c}: {items:?}"
        );
    }
    let items: Vec<Value> = admin
        .get(&similar_path("Widget rattles when spinning", "secret"))
        .await
        .json()
        .await
        .unwrap();
    assert!(items.iter().any(|i| i["id"] == hidden.id.as_str()));
}

#[tokio::test]
async fn the_composer_has_the_suggestions_container_and_a_composer_id_field() {
    let (app, _, _, _) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let (status, html) = ana.get_html("/c/widgets/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-similar-for="f-title""#), "{html}");
    assert!(html.contains(r#"data-similar-community="widgets""#));
    assert!(html.contains(r#"name="composer""#));
}

#[tokio::test]
async fn without_javascript_a_preview_shows_the_similar_questions_and_nothing_private() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let original = TopicBuilder::question("Widget rattles when spinning fast")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::question("Widget rattles when spinning slowly")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let fields = [
        ("kind", "question"),
        ("title", "Widget rattles when spinning"),
        ("body", "It rattles."),
        ("action", "preview"),
    ];
    let r = bob.post_form("/c/widgets/new", &fields).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let links = crate::helpers::html_attr(&html, "section.similar-questions li a", "href");
    assert_eq!(links, vec![format!("/t/{}", original.id)], "{html}");
    assert!(crate::helpers::html_select(&html, "section.similar-questions[hidden]").is_empty());
    // Nothing is posted by a preview.
    assert_eq!(crate::helpers::forum_fixtures::topic_count(&app).await, 2);

    // A refused post (no body) shows them too; an empty composer shows none.
    let r = bob
        .post_form(
            "/c/widgets/new",
            &[
                ("kind", "question"),
                ("title", "Widget rattles when spinning"),
                ("action", "post"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(
        crate::helpers::html_attr(&html, "section.similar-questions li a", "href").len(),
        1
    );
    let (_, html) = bob.get_html("/c/widgets/new").await;
    assert_eq!(
        crate::helpers::html_select(&html, "section.similar-questions[hidden]").len(),
        1
    );
}

#[tokio::test]
async fn a_suggestion_click_is_a_deflection_until_that_composer_posts() {
    let (app, admin, _, secret) = two_groups().await;
    let (_, ana) = member(&app, "ana").await;
    let original = TopicBuilder::question("Widget rattles when spinning fast")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let hidden = TopicBuilder::question("Hidden rattles plan")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let r = bob
        .get(&similar_path("Widget rattles when spinning", "widgets"))
        .await;
    let log = r.headers()["x-search-log"].to_str().unwrap().to_string();

    // Without the CSRF header: refused, nothing recorded.
    let r = bob
        .http
        .post(bob.url("/search/similar/click"))
        .json(&json!({"topic": original.id, "composer": COMPOSER}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A topic the member may not see: 404.
    let r = bob
        .post_json(
            "/search/similar/click",
            &json!({"topic": hidden.id, "composer": COMPOSER}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(events(&app, SIMILAR_CLICKED).await.is_empty());

    for _ in 0..2 {
        let r = bob
            .post_json(
                "/search/similar/click",
                &json!({"topic": original.id, "query": "Widget rattles when spinning", "log": log, "composer": COMPOSER}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    assert_eq!(events(&app, SIMILAR_CLICKED).await.len(), 2);
    let deflected = events(&app, DEFLECTED).await;
    assert_eq!(deflected.len(), 1, "one deflection per composer");
    assert_eq!(deflected[0].topic_id.as_deref(), Some(original.id.as_str()));
    assert_eq!(
        log_rows(&app).await[0]
            .clicked_topic_id
            .as_ref()
            .map(|t| t.as_str()),
        Some(original.id.as_str()),
        "the suggestions' search records the click"
    );

    // Another composer's click stays a deflection; this one posts after all.
    let other = "0190f3e2-2222-7000-8000-0000000000bb";
    bob.post_json(
        "/search/similar/click",
        &json!({"topic": original.id, "composer": other}),
    )
    .await;
    assert_eq!(events(&app, DEFLECTED).await.len(), 2);
    let r = post_topic(
        &bob,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "Widget rattles when spinning slowly"),
            ("body", "Mine rattles at low speed, not at high speed."),
            ("composer", COMPOSER),
        ],
    )
    .await;
    topic_from_redirect(&r);
    let left = events(&app, DEFLECTED).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        left[0].page_key.as_deref(),
        Some(format!("composer:{other}").as_str())
    );
}
