//! The frames over HTTP: their headers (frame-ancestors exactly the allowed origins,
//! noindex, no-store) and the refusal of another origin; similar questions (solved and
//! public only); widget events (validated, recorded); asking through the frame endpoint
//! (a question, held when the policy holds it).

use parley::db::models::embed_events;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::threads::{allow_embedding, embed_app, embed_post, enc, get, CARD, HOST};
use crate::helpers::api_client::token;
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{html_attr, TestApp};

fn frame_path(kind: &str, origin: &str) -> String {
    match kind {
        "comments" => format!(
            "/embed/v1/frame/comments?community=widgets&page=p1&url={}&origin={}",
            enc("https://www.acme.example/products/a"),
            enc(origin)
        ),
        _ => format!(
            "/embed/v1/frame/ask?community=widgets&origin={}",
            enc(origin)
        ),
    }
}

#[tokio::test]
async fn frames_carry_the_embedding_headers_and_refuse_other_origins() {
    let (app, _admin) = embed_app().await;
    for kind in ["comments", "ask"] {
        let r = get(&app, &frame_path(kind, HOST)).await;
        assert_eq!(r.status(), StatusCode::OK, "{kind}");
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains(&format!("frame-ancestors {HOST} http://localhost:9999;")),
            "{csp}"
        );
        assert!(!csp.contains("'unsafe-inline'"));
        assert!(h.get("x-frame-options").is_none(), "{kind}");
        assert_eq!(h["x-robots-tag"], "noindex, indexifembedded");
        assert_eq!(h["cache-control"], "no-store");
        let doc = r.text().await.unwrap();
        assert_eq!(
            html_attr(&doc, "body", "data-host-origin"),
            vec![HOST.to_string()]
        );
        assert!(html_attr(&doc, "script", "src")[0].starts_with("/assets/embed/frame.js"));
        assert_eq!(html_attr(&doc, "meta[name=csrf-token]", "content").len(), 1);

        for bad in ["https://evil.example", ""] {
            let r = get(&app, &frame_path(kind, bad)).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{kind} {bad}");
            let csp = r.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        }
    }
    let doc = get(&app, &frame_path("comments", HOST))
        .await
        .text()
        .await
        .unwrap();
    assert!(doc.contains("Post comment") && doc.contains("No comments yet. Be the first."));
    let asset = get(&app, "/assets/embed/frame.js").await;
    assert_eq!(asset.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_ask_frame_offers_the_form_only_when_anonymous_asking_is_on() {
    let (app, _admin) = embed_app().await;
    let doc = get(&app, &frame_path("ask", HOST))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        html_attr(&doc, "form[data-ask]", "hidden").len(),
        1,
        "off: form hidden"
    );
    assert!(doc.contains("Sign in to ask"));
    allow_embedding(&app, "widgets", true).await;
    let doc = get(&app, &frame_path("ask", HOST))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html_attr(&doc, "form[data-ask]", "hidden").is_empty(),
        "on: form shown"
    );
}

async fn solved(app: &TestApp, slug: &str, title: &str) -> TopicRef {
    solved_with(app, slug, title, None).await
}

async fn solved_with(
    app: &TestApp,
    slug: &str,
    title: &str,
    admin: Option<&crate::helpers::TestClient>,
) -> TopicRef {
    let (asker_name, helper_name) = (
        format!("asker{}", title.len()),
        format!("helper{}", title.len()),
    );
    let (_, asker) = member(app, &asker_name).await;
    let (_, helper) = member(app, &helper_name).await;
    if let Some(admin) = admin {
        for name in [&asker_name, &helper_name] {
            crate::helpers::grant_role(admin, slug, name, parley::db::CommunityRole::Member).await;
        }
    }
    let q = ask(&asker, slug, title).await;
    let answer = reply(app, &helper, &q, "Try turning it off and on.").await;
    let r = accept(&asker, &q, &answer).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    q
}

#[tokio::test]
async fn similar_questions_are_solved_public_ones_only() {
    let (app, admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let a = solved(&app, "widgets", "Widget rattles when spinning").await;
    let b = solved(&app, "widgets", "How do I clean the gadget tray?").await;
    let _open = ask(&ana, "widgets", "Widget rattles loudly at night").await;
    let _private = solved_with(
        &app,
        "secret",
        "Secret widget rattles too much here",
        Some(&admin),
    )
    .await;

    let items: Vec<Value> = get(
        &app,
        "/embed/v1/similar.json?community=widgets&q=RATTLES%20on",
    )
    .await
    .json()
    .await
    .unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![a.id.as_str()], "{items:?}");
    assert_eq!(items[0]["state"], "solved");
    assert_eq!(items[0]["answers"], 1);
    assert!(items[0]["url"].as_str().unwrap().ends_with(&a.path));

    let items: Vec<Value> = get(&app, "/embed/v1/similar.json?community=widgets&q=zzzz")
        .await
        .json()
        .await
        .unwrap();
    let mut ids: Vec<String> = items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut expected = vec![a.id.clone(), b.id.clone()];
    expected.sort();
    assert_eq!(
        ids, expected,
        "no match: the latest solved, nothing open or private"
    );
}

async fn event(app: &TestApp, origin: &str, body: Value) -> StatusCode {
    reqwest::Client::new()
        .post(format!("{}/embed/v1/events", app.address))
        .header("origin", origin)
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn events_are_validated_and_recorded() {
    let (app, _admin) = embed_app().await;
    let q = solved(&app, "widgets", "Widget rattles when spinning").await;
    let me = app.address.clone();
    let ok = json!({"kind": "similar_clicked", "community": "widgets", "topic_id": q.id});
    assert_eq!(event(&app, &me, ok.clone()).await, StatusCode::NO_CONTENT);
    assert_eq!(
        event(&app, &me, json!({"kind": "asked", "community": "widgets"})).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        event(
            &app,
            &me,
            json!({"kind": "similar_clicked", "community": "secret"})
        )
        .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        event(
            &app,
            &me,
            json!({"kind": "similar_clicked", "community": "widgets", "extra": 1})
        )
        .await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        event(&app, "https://evil.example", ok).await,
        StatusCode::FORBIDDEN
    );
    let rows = db(&app, |conn| {
        Ok(embed_events::of_kind(conn, "similar_clicked")?)
    })
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].topic_id.as_deref(), Some(q.id.as_str()));
}

#[tokio::test]
async fn asking_through_the_frame_creates_a_question_or_holds_it() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "topics:write", None).await;
    let r = embed_post(
        &app,
        &t,
        "/embed/v1/ask",
        json!({"community": "widgets", "title": "Does the W3000 float?", "body": "Asking for a lake.", "origin": HOST}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["state"], "published");
    let id = body["topic_id"].as_str().unwrap().to_string();
    let topic = topic_row(&app, &id).await;
    assert_eq!(topic.kind, parley::db::TopicKind::Question);
    assert!(body["url"].as_str().unwrap().ends_with(&topic.path()));

    let r = embed_post(
        &app,
        &t,
        "/embed/v1/ask",
        json!({"community": "widgets", "title": "Can I pay by card?", "body": format!("Card {CARD}")}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["state"], "held");
    let rows = db(&app, |conn| Ok(embed_events::of_kind(conn, "asked")?)).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].origin.as_deref(), Some(HOST));

    let read_only = token(&ana, "topics:read", None).await;
    let r = embed_post(
        &app,
        &read_only,
        "/embed/v1/ask",
        json!({"community": "widgets", "title": "Another question here", "body": "Body."}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
