//! Anonymous visitors share one rendering: repeat views, gzip, a later page of
//! replies, a sub-community's list for a second.

use parley::db::{Backend, Visibility};
use reqwest::StatusCode;

use super::scene;
use crate::helpers::forum_fixtures::*;
use crate::helpers::TestClient;

#[tokio::test]
async fn anonymous_repeat_views_are_served_from_the_cache() {
    let s = scene().await;
    let fresh = s.app.new_client();
    let html = page(&fresh, &s.q.path).await;
    // (The fewest of three views: background tasks share the pool's counter.)
    let queries = queries_for(&s.app, &fresh, &s.q.path).await;
    // Nothing is rendered from the posts, and the rows the page is checked against
    // (topic, sub-community, content epoch) were read by the view before, on the same
    // clock tick, with nothing written since: no statement at all.
    assert_eq!(queries, 0, "queries for a cached anonymous topic page");
    // Once they are older than the open cache's bound, they are read again, in one
    // statement. (On SQLite it runs in a read transaction, whose BEGIN and COMMIT count;
    // PostgreSQL's pool skips its liveness check while its connections keep working.)
    s.app
        .clock
        .advance_micros(parley::forums::open_cache::FRESH_FOR_MICROS);
    let before = s.app.state.db.query_count();
    page(&fresh, &s.q.path).await;
    let read = s.app.state.db.query_count() - before;
    let expected = match s.app.state.db.backend() {
        Backend::Sqlite => 3,
        Backend::Postgres => 1,
    };
    assert!(
        read >= expected,
        "a view after the bound reads the rows again: {read} statements"
    );
    assert_eq!(html, page(&s.visitor, &s.q.path).await);

    // Signed-in members always get their own rendering (their name, their forms).
    let mine = page(&s.bob, &s.q.path).await;
    assert!(mine.contains("/u/bob\"") && mine.contains("name=\"csrf_token\""));
    // The shared page carries no visitor's token, and no form needs one.
    assert!(
        !html.contains("csrf_token"),
        "anonymous page has a token field"
    );
    assert!(html.contains("href=\"/login\""));
}

/// GET `path` saying which encodings the client takes: (status, Content-Encoding, Vary,
/// body as sent).
async fn get_encoded(
    client: &TestClient,
    path: &str,
    accept: &str,
) -> (StatusCode, Option<String>, Option<String>, Vec<u8>) {
    let response = client
        .http
        .get(client.url(path))
        .header("Accept-Encoding", accept)
        .send()
        .await
        .expect("GET");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (status, encoding, vary) = (
        response.status(),
        header("content-encoding"),
        header("vary"),
    );
    let body = response.bytes().await.expect("body").to_vec();
    (status, encoding, vary, body)
}

fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("a gzip body");
    out
}

/// A browser asks for gzip: the cached page is sent compressed (as compressed once when it
/// was cached), and it is the same page a client that takes no gzip is sent plain.
#[tokio::test]
async fn a_cached_page_goes_out_as_gzip_to_those_who_take_it_and_plain_to_others() {
    let s = scene().await;
    // A new answer moves the topic's version: the first request renders the page anew,
    // the second is served from the cache.
    reply(
        &s.app,
        &s.bob,
        &s.q,
        "A second answer, to render the page again.",
    )
    .await;
    let fresh = s.app.new_client();
    let mut sent = Vec::new();
    for _ in 0..2 {
        let (status, encoding, vary, body) =
            get_encoded(&fresh, &s.q.path, "gzip, deflate, br").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(encoding.as_deref(), Some("gzip"));
        assert!(vary.is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
        sent.push(gunzip(&body));
    }
    let plain = page(&s.visitor, &s.q.path).await;
    assert!(plain.contains("A second answer"));
    assert_eq!(sent[0], plain, "the freshly rendered page, unzipped");
    assert_eq!(sent[1], plain, "the cached page, unzipped");
    for refuses in ["identity", "gzip;q=0, identity"] {
        let (status, encoding, _, body) = get_encoded(&fresh, &s.q.path, refuses).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(encoding, None, "sent encoded to {refuses:?}");
        assert_eq!(
            String::from_utf8(body).expect("UTF-8"),
            page(&s.visitor, &s.q.path).await
        );
    }
}

#[tokio::test]
async fn a_later_page_of_replies_is_cached_separately_and_kept_correct() {
    let s = scene().await;
    let author = user_named(&s.app, "bob").await;
    insert_replies(&s.app, &s.q.id, &author.id, 60).await;
    let first = page(&s.visitor, &s.q.path).await;
    let next = more_link(&first).expect("a second page of replies");
    let second = page(&s.visitor, &next).await;
    assert_ne!(post_anchors(&first), post_anchors(&second));
    assert_eq!(second, page(&s.app.new_client(), &next).await);

    // A vote on a post of the second page: answers are ordered by votes, so it moves up
    // to the first page, on both pages at once.
    let anchor = post_anchors(&second)
        .into_iter()
        .find(|a| a != "p1")
        .expect("a reply on the second page");
    let number: i32 = anchor.trim_start_matches('p').parse().expect("post number");
    let post = post_by_number(&s.app, &s.q.id, number).await;
    let target = PostRef {
        id: post.id.to_string(),
        number,
    };
    vote_ok(&s.ana, &s.q, &target, 1).await;
    assert!(!post_anchors(&page(&s.visitor, &next).await).contains(&anchor));
    assert!(post_anchors(&page(&s.visitor, &s.q.path).await).contains(&anchor));
}

/// Issue 22: a sub-community's list is rendered once for every anonymous visitor and
/// reused for up to a second; a signed-in member always gets a fresh one, and a
/// sub-community made private answers 404 at once, cached list or not.
#[tokio::test]
async fn anonymous_visitors_share_a_list_for_a_second_and_privacy_applies_at_once() {
    let s = scene().await;
    let first = page(&s.visitor, "/c/widgets").await;
    assert_eq!(
        listed_titles(&first),
        vec!["Why does my widget hum at night"]
    );

    ask(&s.ana, "widgets", "A question asked just now").await;
    // Within the second: visitors still see the shared list, its author sees the new one.
    assert_eq!(
        listed_titles(&page(&s.visitor, "/c/widgets").await),
        vec!["Why does my widget hum at night"]
    );
    assert_eq!(
        listed_titles(&page(&s.ana, "/c/widgets").await)[0],
        "A question asked just now"
    );
    // After the second, visitors see it too.
    s.app.clock.advance_secs(1);
    assert_eq!(
        listed_titles(&page(&s.visitor, "/c/widgets").await)[0],
        "A question asked just now"
    );

    // Made private within the same second: 404 at once, nothing of the list leaks.
    crate::helpers::CommunityEdit::of("widgets")
        .visibility(Visibility::InviteOnly)
        .save(&s.admin)
        .await;
    let (status, body) = s.visitor.get_html("/c/widgets").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("A question asked just now"));
}
