//! Page threads over HTTP: the first comment on a corporate page starts its thread (once,
//! even when two arrive together) only under an allowed URL prefix; comments go through
//! the reply service (a card number is held and never shown); `/embed/v1/comments.html`
//! shows published comments, brand replies highlighted, everything escaped; a private
//! sub-community answers 404 like an unknown one.

use diesel::prelude::*;
use parley::db::models::embed_events;
use parley::db::schema::{communities, topics};
use parley::db::{TopicKind, Visibility};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::api_client::token;
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{html_attr, html_select, CommunityBuilder, TestApp};

pub const HOST: &str = "https://www.acme.example";
pub const PREFIX: &str = "https://www.acme.example/products/";
pub const CARD: &str = "4111 1111 1111 1111";

/// Makes `slug` embeddable from [`HOST`], page threads under [`PREFIX`].
pub async fn allow_embedding(app: &TestApp, slug: &str, anonymous_ask: bool) {
    let slug = slug.to_string();
    db(app, move |conn| {
        diesel::update(communities::table.filter(communities::slug.eq(slug)))
            .set((
                communities::embed_origins.eq(format!("{HOST}\nhttp://localhost:9999")),
                communities::embed_url_prefixes.eq(PREFIX),
                communities::embed_anonymous_ask.eq(anonymous_ask),
            ))
            .execute(conn)?;
        Ok(())
    })
    .await;
}

/// `widgets` (embeddable) and the private `secret` (with origins set all the same).
pub async fn embed_app() -> (TestApp, crate::helpers::TestClient) {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    allow_embedding(&app, "widgets", false).await;
    allow_embedding(&app, "secret", true).await;
    (app, admin)
}

/// A bearer call under `/embed/v1` asking for JSON answers.
pub async fn embed_post(app: &TestApp, secret: &str, path: &str, body: Value) -> Response {
    reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .bearer_auth(secret)
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .expect("embed call")
}

pub async fn get(app: &TestApp, path: &str) -> Response {
    reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("embed GET")
}

pub async fn comment(app: &TestApp, secret: &str, url: &str, body: &str) -> Response {
    embed_post(
        app,
        secret,
        "/embed/v1/comments",
        json!({"community": "widgets", "url": url, "title": "The W3000", "body": body, "origin": HOST}),
    )
    .await
}

pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn comments_html(app: &TestApp, url: &str) -> String {
    let response = get(
        app,
        &format!("/embed/v1/comments.html?community=widgets&url={}", enc(url)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("html")
}

async fn page_threads(app: &TestApp) -> Vec<(String, Option<String>)> {
    db(app, |conn| {
        Ok(topics::table
            .filter(topics::kind.eq(TopicKind::Comment))
            .select((topics::id, topics::page_key))
            .load::<(String, Option<String>)>(conn)?)
    })
    .await
}

#[tokio::test]
async fn first_comments_start_one_thread_even_together_and_show_oldest_first() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let ana_t = token(&ana, "posts:write", None).await;
    let bob_t = token(&bob, "posts:write", None).await;
    let url = format!("{PREFIX}w3000");
    let with_fragment = format!("{url}#reviews");
    let (a, b) = tokio::join!(
        comment(&app, &ana_t, &url, "Does it float?"),
        comment(&app, &bob_t, &with_fragment, "Love mine.")
    );
    let (a, b) = (
        a.json::<Value>().await.unwrap(),
        b.json::<Value>().await.unwrap(),
    );
    assert_eq!(a["state"], "published", "{a}");
    assert_eq!(b["state"], "published", "{b}");
    assert_eq!(a["topic_id"], b["topic_id"], "one thread for the page");
    let threads = page_threads(&app).await;
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(threads[0].1.as_deref(), Some(url.as_str()));

    let html = comments_html(&app, &url).await;
    let ids = html_attr(&html, "article.comment", "data-post-id");
    assert_eq!(ids.len(), 2, "the two comments, not the stub:\n{html}");
    assert!(!html.contains("Comments on"), "the stub is not shown");
    assert!(html.contains("View this discussion in the community"));
    let recorded = db(&app, |conn| Ok(embed_events::of_kind(conn, "commented")?)).await;
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].origin.as_deref(), Some(HOST));

    // A comment under a comment, shown nested.
    let parent = a["post"]["id"].as_str().unwrap().to_string();
    let nested = embed_post(
        &app,
        &bob_t,
        "/embed/v1/comments",
        json!({"community": "widgets", "url": url, "body": "Yes it does.", "parent_id": parent}),
    )
    .await;
    assert_eq!(nested.status(), StatusCode::CREATED);
    let html = comments_html(&app, &url).await;
    assert_eq!(
        html_attr(&html, "article.comment.nested", "data-post-id").len(),
        1
    );
}

#[tokio::test]
async fn outside_the_prefixes_is_403_and_creates_nothing() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", None).await;
    let response = comment(&app, &t, "https://evil.example/products/w3000", "Hi there").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("URL prefix"),
        "{body}"
    );
    assert!(page_threads(&app).await.is_empty());
    let html = comments_html(&app, "https://evil.example/products/w3000").await;
    assert!(html.contains("No comments yet. Be the first."));
}

#[tokio::test]
async fn a_private_sub_community_answers_404_on_every_endpoint_like_an_unknown_one() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write topics:write", None).await;
    let url = enc(&format!("{PREFIX}x"));
    for slug in ["secret", "nosuchthing"] {
        let mut bodies = vec![];
        for path in [
            format!("/embed/v1/comments.html?community={slug}&url={url}"),
            format!(
                "/embed/v1/frame/comments?community={slug}&url={url}&origin={}",
                enc(HOST)
            ),
            format!("/embed/v1/frame/ask?community={slug}&origin={}", enc(HOST)),
            format!("/embed/v1/similar.json?community={slug}&q=widget"),
        ] {
            let r = get(&app, &path).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
            bodies.push(r.status());
        }
        let r = embed_post(
            &app,
            &t,
            "/embed/v1/comments",
            json!({"community": slug, "url": format!("{PREFIX}x"), "body": "Hello there"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = embed_post(
            &app,
            &t,
            "/embed/v1/ask",
            json!({"community": slug, "title": "How do widgets work?", "body": "Tell me."}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let private = get(
        &app,
        &format!("/embed/v1/comments.html?community=secret&url={url}"),
    )
    .await;
    let unknown = get(
        &app,
        &format!("/embed/v1/comments.html?community=nosuchthing&url={url}"),
    )
    .await;
    let strip = |s: String| s.split("request").next().unwrap_or_default().to_string();
    assert_eq!(
        strip(private.text().await.unwrap()),
        strip(unknown.text().await.unwrap()),
        "the same 404"
    );
    assert!(page_threads(&app).await.is_empty());
}

#[tokio::test]
async fn a_comment_with_a_card_number_is_held_never_shown_nor_counted() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", None).await;
    let url = format!("{PREFIX}w3000");
    let first = comment(&app, &t, &url, "Nice widget.").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let held = comment(&app, &t, &url, &format!("My card is {CARD}")).await;
    assert_eq!(held.status(), StatusCode::ACCEPTED);
    let body: Value = held.json().await.unwrap();
    assert_eq!(body["state"], "held");
    assert_eq!(body["message"], "Your comment will appear after review");
    let html = comments_html(&app, &url).await;
    assert_eq!(html_attr(&html, "article.comment", "data-post-id").len(), 1);
    assert!(!html.contains("4111 1111"), "{html}");
    let thread = page_threads(&app).await.remove(0).0;
    assert_eq!(topic_row(&app, &thread).await.reply_count, 1);
}

#[tokio::test]
async fn a_brand_reply_from_the_topic_page_shows_highlighted() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let t = token(&ana, "posts:write", None).await;
    let url = format!("{PREFIX}w3000");
    let first: Value = comment(&app, &t, &url, "Is it waterproof?")
        .await
        .json()
        .await
        .unwrap();
    let topic_id = first["topic_id"].as_str().unwrap().to_string();
    let topic = TopicRef {
        id: topic_id.clone(),
        path: String::new(),
    };
    let response = post_reply(
        &erin,
        &topic,
        &[("body", "Yes, to 30 metres."), ("as_brand", "true")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = comments_html(&app, &url).await;
    let official = html_select(&html, "article.comment.official");
    assert_eq!(official.len(), 1, "{html}");
    assert!(official[0].contains("Official") && official[0].contains("30 metres"));
    assert!(html.contains(&format!("{}/u/erin/avatar.svg", app.state.base_url())));
}

#[tokio::test]
async fn xss_in_title_body_page_and_url_comes_out_escaped() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", None).await;
    let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let url = format!("{PREFIX}w?q=\"><script>alert(3)</script>");
    let r = embed_post(
        &app,
        &t,
        "/embed/v1/comments",
        json!({"community": "widgets", "url": url, "page": evil, "title": evil, "body": evil}),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let response = get(
        &app,
        &format!(
            "/embed/v1/comments.html?community=widgets&page={}",
            enc(evil)
        ),
    )
    .await;
    let html = response.text().await.unwrap();
    assert_eq!(
        html_attr(&html, "article.comment", "data-post-id").len(),
        1,
        "{html}"
    );
    for bad in ["<script>alert", "<img src=x", "onerror=alert(2)>"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    let frame = get(
        &app,
        &format!(
            "/embed/v1/frame/comments?community=widgets&page={}&url={}&title={}&origin={}",
            enc(evil),
            enc(&url),
            enc(evil),
            enc(HOST)
        ),
    )
    .await;
    assert_eq!(frame.status(), StatusCode::OK);
    let doc = frame.text().await.unwrap();
    for bad in [
        "<script>alert",
        "<img src=x",
        "onerror=alert(2)>",
        "\"><script>alert",
    ] {
        assert!(!doc.contains(bad), "{bad} in {doc}");
    }
    assert_eq!(
        html_attr(&doc, "[data-page]", "data-title"),
        vec![evil.to_string()]
    );
}

#[tokio::test]
async fn the_fragment_has_etag_cache_and_cors_for_allowed_origins_only() {
    let (app, _admin) = embed_app().await;
    let path = format!(
        "/embed/v1/comments.html?community=widgets&url={}",
        enc(PREFIX)
    );
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{}{path}", app.address))
        .header("origin", HOST)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(h["access-control-allow-origin"], HOST);
    assert_eq!(h["cache-control"], "public, max-age=60");
    assert_eq!(h["vary"], "Origin");
    let etag = h["etag"].to_str().unwrap().to_string();
    let r = client
        .get(format!("{}{path}", app.address))
        .header("origin", "https://evil.example")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_long_thread_shows_the_newest_fifty_and_says_how_many_are_earlier() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", None).await;
    let url = format!("{PREFIX}w3000");
    let first: Value = comment(&app, &t, &url, "The first one.")
        .await
        .json()
        .await
        .unwrap();
    let thread = first["topic_id"].as_str().unwrap().to_string();
    let ana_id = user_named(&app, "ana").await.id;
    insert_replies(&app, &thread, &ana_id, 51).await;
    let html = comments_html(&app, &url).await;
    assert_eq!(
        html_attr(&html, "article.comment", "data-post-id").len(),
        50
    );
    assert!(
        html.contains("2 earlier comments in the community"),
        "{html}"
    );
    assert!(!html.contains("The first one."));
    let bodies = html_select(&html, "article.comment .body");
    assert!(bodies[0].contains("Reply 2 of") && bodies[49].contains("Reply 51 of"));
}

#[tokio::test]
async fn a_locked_thread_refuses_comments() {
    let (app, _admin) = embed_app().await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", None).await;
    let url = format!("{PREFIX}w3000");
    let first: Value = comment(&app, &t, &url, "The first one.")
        .await
        .json()
        .await
        .unwrap();
    let thread = first["topic_id"].as_str().unwrap().to_string();
    db(&app, move |conn| {
        diesel::update(topics::table.filter(topics::id.eq(thread)))
            .set(topics::locked.eq(true))
            .execute(conn)?;
        Ok(())
    })
    .await;
    let r = comment(&app, &t, &url, "Too late now.").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = comments_html(&app, &url).await;
    assert_eq!(html_attr(&html, "article.comment", "data-post-id").len(), 1);
}

#[tokio::test]
async fn a_token_limited_to_another_sub_community_cannot_comment_here() {
    let (app, admin) = embed_app().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let t = token(&ana, "posts:write", Some("gadgets")).await;
    let r = comment(&app, &t, &format!("{PREFIX}w3000"), "Hello from elsewhere").await;
    assert!(
        matches!(r.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        r.status()
    );
    assert!(page_threads(&app).await.is_empty());
}
