//! Atom feeds (`src/feeds/`): `/latest.atom`, `/c/{slug}.atom`, `/c/{slug}/tag/{tag}.atom`
//! and `/t/{id}.atom` are real Atom (parsed here with a feed parser), hold only what a
//! visitor who is not signed in may see, escape what members typed, and answer
//! `If-None-Match` with 304.

use feed_rs::model::{Feed, FeedType};
use parley::db::Visibility;
use reqwest::StatusCode;

use crate::helpers::builders::community_name;
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::{reply_after_post, topic_after_post};
use crate::helpers::{CommunityBuilder, PostBuilder, TestApp, TestClient, TopicBuilder};

const CARD: &str = "4111 1111 1111 1111";
const EVIL_TITLE: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(2)>";

/// `widgets` (public) with a tagged question, a discussion and an answer, and `secret`
/// (invite-only) with a topic of its own.
struct Scene {
    app: TestApp,
    ana: TestClient,
    question: TopicRef,
    discussion: TopicRef,
    secret: TopicRef,
}

async fn scene() -> Scene {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let question = TopicBuilder::question("How do I reset the widget")
        .body("It blinks **red** after the update.")
        .tags("setup")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &question, "Hold the button for ten seconds.").await;
    let discussion = TopicBuilder::discussion("Show your widget desks")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    let secret = TopicBuilder::discussion("Codename roadmap")
        .body("Only for insiders.")
        .in_("secret")
        .by(&admin)
        .build(&app)
        .await;
    Scene {
        app,
        ana,
        question,
        discussion,
        secret,
    }
}

/// GET `path` as a visitor; asserts a 200 Atom answer and parses it.
async fn atom(app: &TestApp, path: &str) -> (Feed, String) {
    let response = app.new_client().get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(kind, "application/atom+xml; charset=utf-8", "GET {path}");
    let xml = response.text().await.expect("body");
    let feed = feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path} is not a feed: {e}\n{xml}"));
    assert_eq!(feed.feed_type, FeedType::Atom, "{path}");
    (feed, xml)
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn base(app: &TestApp) -> String {
    app.settings().public_base_url()
}

#[tokio::test]
async fn feed_routes_are_not_taken_by_the_topic_and_community_scopes() {
    let s = scene().await;
    // `/t/{id}.atom` and `/c/{slug}.atom` are registered before the `/t/{id}` and
    // `/c/{slug}` scopes: they must reach the feeds, not a topic id "x.atom".
    atom(&s.app, &format!("/t/{}.atom", s.question.id)).await;
    atom(&s.app, "/c/widgets.atom").await;
    atom(&s.app, "/c/widgets/tag/setup.atom").await;
    // The pages themselves are still pages.
    let (status, html) = s.app.new_client().get_html(&s.question.path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("How do I reset the widget"));
}

#[tokio::test]
async fn latest_feed_lists_public_topics_only() {
    let s = scene().await;
    let (feed, xml) = atom(&s.app, "/latest.atom").await;
    let listed = titles(&feed);
    assert!(
        listed.contains(&"How do I reset the widget".to_string()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"Show your widget desks".to_string()),
        "{listed:?}"
    );
    assert!(
        !xml.contains("Codename") && !xml.contains("insiders"),
        "{xml}"
    );
    assert!(!xml.contains(&s.secret.id));

    // Feed-level elements.
    let base = base(&s.app);
    assert!(feed
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{base}/latest.atom")));
    assert!(feed
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("alternate") && l.href == format!("{base}/latest")));
    assert!(feed.generator.is_some());
    assert!(feed.updated.is_some());

    // An entry: absolute id and link, author with profile, the opening post's HTML.
    let q = feed
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content.starts_with("How do I"))
        })
        .expect("the question");
    assert_eq!(q.id, format!("{base}/t/{}", s.question.id));
    assert_eq!(q.links[0].href, format!("{base}{}", s.question.path));
    assert_eq!(q.authors[0].name.as_deref(), Some("ana"));
    assert_eq!(
        q.authors[0].uri.as_deref(),
        Some(format!("{base}/u/ana").as_str())
    );
    assert!(q.published.is_some() && q.updated.is_some());
    let body = q
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("content");
    assert!(body.contains("<strong>red</strong>"), "{body}");
}

#[tokio::test]
async fn community_tag_and_topic_feeds_list_their_entries() {
    let s = scene().await;
    let (feed, _) = atom(&s.app, "/c/widgets.atom").await;
    let mut listed = titles(&feed);
    listed.sort();
    assert_eq!(
        listed,
        ["How do I reset the widget", "Show your widget desks"]
    );
    assert_eq!(
        feed.title.map(|t| t.content).unwrap_or_default(),
        community_name("widgets")
    );

    let (feed, _) = atom(&s.app, "/c/widgets/tag/setup.atom").await;
    assert_eq!(titles(&feed), ["How do I reset the widget"]);
    let (feed, _) = atom(&s.app, "/c/widgets/tag/nothing-here.atom").await;
    assert!(feed.entries.is_empty());

    // A topic's feed: its posts, newest first.
    let (feed, _) = atom(&s.app, &format!("/t/{}.atom", s.question.id)).await;
    assert_eq!(
        titles(&feed),
        ["Re: How do I reset the widget", "How do I reset the widget"]
    );
    let newest = feed.entries[0]
        .content
        .as_ref()
        .and_then(|c| c.body.clone());
    assert!(newest.is_some_and(|b| b.contains("Hold the button for ten seconds.")));
    assert_eq!(feed.entries[0].authors[0].name.as_deref(), Some("bob"));
    let (feed, _) = atom(&s.app, &format!("/t/{}.atom", s.discussion.id)).await;
    assert_eq!(titles(&feed), ["Show your widget desks"]);
}

#[tokio::test]
async fn private_sub_community_has_no_feed_at_all() {
    let s = scene().await;
    let visitor = s.app.new_client();
    for path in [
        "/c/secret.atom".to_string(),
        "/c/secret/tag/roadmap.atom".to_string(),
        format!("/t/{}.atom", s.secret.id),
        // The same answer as for what does not exist.
        "/c/no-such-place.atom".to_string(),
        "/t/not-an-id.atom".to_string(),
    ] {
        assert_eq!(
            visitor.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Nor for a signed-in member: a feed is public content, whoever asks.
    let signed_in = s.ana.get("/c/secret.atom").await.status();
    assert_eq!(signed_in, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn held_posts_never_reach_a_feed() {
    let s = scene().await;
    let (_, carl) = member(&s.app, "carl").await;
    let response = PostBuilder::reply(&format!("My card is {CARD}, refund me"))
        .to(&s.question)
        .by(&carl)
        .send()
        .await;
    let (_, held) = reply_after_post(&s.app, &s.question, &response).await;
    assert!(held, "the card detector holds the reply");
    let response = TopicBuilder::discussion("Refund please")
        .body(&format!("Card {CARD}"))
        .in_("widgets")
        .by(&carl)
        .send()
        .await;
    let (held_topic, held) = topic_after_post(&response);
    assert!(held, "the card detector holds the topic");

    let (feed, xml) = atom(&s.app, &format!("/t/{}.atom", s.question.id)).await;
    assert_eq!(feed.entries.len(), 2, "{xml}");
    assert!(
        !xml.contains("4111 1111") && !xml.contains("refund me"),
        "{xml}"
    );
    for path in ["/latest.atom", "/c/widgets.atom"] {
        let (_, xml) = atom(&s.app, path).await;
        assert!(
            !xml.contains("Refund please") && !xml.contains("4111 1111"),
            "{path}: {xml}"
        );
    }
    let status = s
        .app
        .new_client()
        .get(&format!("/t/{}.atom", held_topic.id))
        .await
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn markup_in_titles_and_bodies_comes_out_escaped() {
    let s = scene().await;
    let evil = TopicBuilder::discussion(EVIL_TITLE)
        .body("<script>alert(3)</script>\n\n\"><img src=x onerror=alert(4)> and *fine* text")
        .in_("widgets")
        .by(&s.ana)
        .build(&s.app)
        .await;
    for path in [
        "/latest.atom".to_string(),
        "/c/widgets.atom".to_string(),
        format!("/t/{}.atom", evil.id),
    ] {
        let (feed, xml) = atom(&s.app, &path).await;
        // No live markup anywhere in the document: every `<` of member text is `&lt;`.
        assert!(
            !xml.contains("<script") && !xml.contains("<img"),
            "{path}: {xml}"
        );
        let entry = feed
            .entries
            .iter()
            .find(|e| {
                let body = e.content.as_ref().and_then(|c| c.body.as_deref());
                body.is_some_and(|b| b.contains("text"))
            })
            .unwrap_or_else(|| panic!("{path}: the topic is listed"));
        // The title is text, read back exactly as typed.
        assert_eq!(
            entry.title.as_ref().map(|t| t.content.as_str()),
            Some(EVIL_TITLE)
        );
        // The content is the sanitised HTML: no script, no handler.
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(html.contains("<em>fine</em>"), "{path}: {html}");
        assert!(
            !html.contains("<script") && !html.contains("onerror"),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn an_unchanged_feed_answers_304_and_a_changed_one_does_not() {
    let s = scene().await;
    let visitor = s.app.new_client();
    for path in [
        "/latest.atom".to_string(),
        "/c/widgets.atom".to_string(),
        format!("/t/{}.atom", s.question.id),
    ] {
        let first = visitor.get(&path).await;
        assert_eq!(first.status(), StatusCode::OK);
        let header = |name: &str| {
            first
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        assert_eq!(
            header("cache-control").as_deref(),
            Some("public, max-age=60")
        );
        let etag = header("etag").expect("an ETag");
        let again = visitor
            .http
            .get(visitor.url(&path))
            .header("If-None-Match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.bytes().await.expect("body").is_empty());
        let stale = visitor
            .http
            .get(visitor.url(&path))
            .header("If-None-Match", "W/\"0000\"")
            .send()
            .await
            .expect("GET");
        assert_eq!(stale.status(), StatusCode::OK, "{path}");
    }

    // A new answer changes the topic's feed: the old ETag no longer matches.
    let etag = visitor
        .get(&format!("/t/{}.atom", s.question.id))
        .await
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .expect("ETag");
    reply(&s.app, &s.ana, &s.question, "Thanks, that worked.").await;
    let after = visitor
        .http
        .get(visitor.url(&format!("/t/{}.atom", s.question.id)))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(after.status(), StatusCode::OK);
    assert!(after
        .text()
        .await
        .expect("body")
        .contains("Thanks, that worked."));
}
