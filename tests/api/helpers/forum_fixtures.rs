//! Forum fixtures: the forum app and its `widgets` scene, people, categories, topics and
//! replies (short forms of the builders), votes, acceptance and closing through the forms,
//! bulk content for volume tests, reading topic lists and threads from pages, peeks at
//! topics, posts, votes and reputation in the database, and statement counts per page.

use diesel::prelude::*;
use parley::db::models::categories;
use parley::db::models::posts::{self, Post};
use parley::db::models::topics::{self, Topic};
use parley::db::models::users::{self, User};
use parley::db::schema::{posts as posts_table, topics as topics_table, votes as votes_table};
use parley::db::{write_batch, PostId, Timestamp, TopicId, TopicKind, UserId};
use parley::domain::Username;
use parley::forums::write_core::{insert_reply, insert_topic, TopicDraft};
use reqwest::{Response, StatusCode};
use scraper::Html;

use super::builders::{CommunityBuilder, PostBuilder, TopicBuilder};
use super::fixtures::{admin_client, db, find_community};
use super::html::{selector, text_of};
use super::{assert_see_other, location, spawn_app_with, TestApp, TestClient, TestUser};
use super::{html_attr, UserBuilder};

/// A test app for the forum tests. Sign-in limits are raised because one test signs in
/// a whole cast (asker, answerers, voters, staff) from the same address.
pub async fn forum_app() -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await
}

/// A forum app, its admin browser and the public sub-community `widgets`.
pub async fn widgets() -> (TestApp, TestClient) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    (app, admin)
}

/// A confirmed member and a browser signed in as them.
pub async fn member(app: &TestApp, username: &str) -> (TestUser, TestClient) {
    UserBuilder::new(username).signed_in(app).await
}

/// An employee (staff of every sub-community they can see) and their browser.
pub async fn employee(app: &TestApp, username: &str) -> (TestUser, TestClient) {
    UserBuilder::new(username).employee().signed_in(app).await
}

/// Adds a category through `POST /c/{slug}/categories` and returns its id.
pub async fn create_category(
    app: &TestApp,
    client: &TestClient,
    slug: &str,
    cat_slug: &str,
    name: &str,
) -> String {
    let response = client
        .post_form(
            &format!("/c/{slug}/categories"),
            &[
                ("slug", cat_slug),
                ("name", name),
                ("description", "Things about this."),
            ],
        )
        .await;
    if response.status() != StatusCode::SEE_OTHER {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        let errors = super::html_select(&body, ".error");
        panic!("adding category {cat_slug:?} answered {status}: {errors:?}");
    }
    assert_see_other(&response, &format!("/c/{slug}/edit?notice=saved"));
    let community = find_community(app, slug)
        .await
        .unwrap_or_else(|| panic!("no sub-community {slug}"));
    let cat_slug = cat_slug.to_string();
    db(app, move |conn| {
        Ok(categories::find_by_slug(conn, &community.id, &cat_slug)?)
    })
    .await
    .unwrap_or_else(|| panic!("category was not stored"))
    .id
    .to_string()
}

/// A topic as the app addresses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRef {
    pub id: String,
    /// `/t/{id}/{slug}`
    pub path: String,
}

/// A post: its id (for `/p/{id}/...`) and its number in the thread (`#p{n}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRef {
    pub id: String,
    pub number: i32,
}

impl PostRef {
    /// `p{n}`: the id of the post's `article` (or comment `li`) on the topic page.
    pub fn anchor(&self) -> String {
        format!("p{}", self.number)
    }
}

/// `POST /c/{slug}/new` with `fields` (and `action=post` unless given).
pub async fn post_topic(client: &TestClient, slug: &str, fields: &[(&str, &str)]) -> Response {
    let mut all = fields.to_vec();
    if !all.iter().any(|(k, _)| *k == "action") {
        all.push(("action", "post"));
    }
    client.post_form(&format!("/c/{slug}/new"), &all).await
}

/// Reads the topic a `303 → /t/{id}/{slug}` answer points to; panics otherwise.
#[track_caller]
pub fn topic_from_redirect(response: &Response) -> TopicRef {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected 303 to the new topic from {}",
        response.url()
    );
    let to = location(response).expect("303 without Location");
    let path = to.split('#').next().unwrap_or_default().to_string();
    let rest = path
        .strip_prefix("/t/")
        .unwrap_or_else(|| panic!("expected a redirect to /t/{{id}}/{{slug}}, got {to}"));
    let (id, slug) = rest
        .split_once('/')
        .unwrap_or_else(|| panic!("topic redirect without a slug: {to}"));
    assert!(!slug.is_empty(), "topic redirect with an empty slug: {to}");
    TopicRef {
        id: id.to_string(),
        path,
    }
}

/// Asks a question with a plain body: `TopicBuilder::question(title)`, in short.
pub async fn ask(client: &TestClient, slug: &str, title: &str) -> TopicRef {
    let response = TopicBuilder::question(title)
        .in_(slug)
        .by(client)
        .send()
        .await;
    topic_from_redirect(&response)
}

/// `POST /t/{id}/reply` with `fields` (and `action=post` unless given).
pub async fn post_reply(
    client: &TestClient,
    topic: &TopicRef,
    fields: &[(&str, &str)],
) -> Response {
    let mut all = fields.to_vec();
    if !all.iter().any(|(k, _)| *k == "action") {
        all.push(("action", "post"));
    }
    client
        .post_form(&format!("/t/{}/reply", topic.id), &all)
        .await
}

/// The post a `303 → /t/{id}/{slug}#p{n}` answer points to; panics otherwise.
pub async fn post_from_redirect(app: &TestApp, topic: &TopicRef, response: &Response) -> PostRef {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected 303 to the new post from {}",
        response.url()
    );
    let to = location(response).expect("303 without Location");
    let (path, fragment) = to
        .split_once("#p")
        .unwrap_or_else(|| panic!("expected a redirect to {}#p<n>, got {to}", topic.path));
    assert_eq!(path, topic.path, "a reply redirects to its topic");
    let number: i32 = fragment
        .parse()
        .unwrap_or_else(|_| panic!("bad post number in {to}"));
    let post = post_by_number(app, &topic.id, number).await;
    PostRef {
        id: post.id.to_string(),
        number,
    }
}

/// Replies (or answers) through the form: `PostBuilder::reply(body)`, in short.
pub async fn reply(app: &TestApp, client: &TestClient, topic: &TopicRef, body: &str) -> PostRef {
    PostBuilder::reply(body)
        .to(topic)
        .by(client)
        .build(app)
        .await
}

/// `POST /p/{id}/vote`.
pub async fn vote(client: &TestClient, post: &PostRef, value: i32) -> Response {
    client
        .post_form(
            &format!("/p/{}/vote", post.id),
            &[("value", &value.to_string())],
        )
        .await
}

/// Votes and asserts the app took it (303 back to the post).
pub async fn vote_ok(client: &TestClient, topic: &TopicRef, post: &PostRef, value: i32) {
    let response = vote(client, post, value).await;
    assert_see_other(&response, &format!("{}#{}", topic.path, post.anchor()));
}

/// `POST /t/{id}/accept`.
pub async fn accept(client: &TestClient, topic: &TopicRef, post: &PostRef) -> Response {
    client
        .post_form(
            &format!("/t/{}/accept", topic.id),
            &[("post_id", post.id.as_str())],
        )
        .await
}

/// `POST /t/{id}/unaccept`.
pub async fn unaccept(client: &TestClient, topic: &TopicRef, post: &PostRef) -> Response {
    client
        .post_form(
            &format!("/t/{}/unaccept", topic.id),
            &[("post_id", post.id.as_str())],
        )
        .await
}

/// `POST /t/{id}/duplicate`: closes `topic` as a duplicate of the topic at `original`
/// (a path or a full link, as typed into the form).
pub async fn close_as_duplicate(client: &TestClient, topic: &TopicRef, original: &str) -> Response {
    client
        .post_form(
            &format!("/t/{}/duplicate", topic.id),
            &[("original", original)],
        )
        .await
}

/// The opening post of a topic.
pub async fn opening_post(app: &TestApp, topic: &TopicRef) -> PostRef {
    let post = post_by_number(app, &topic.id, 1).await;
    PostRef {
        id: post.id.to_string(),
        number: 1,
    }
}

// ----- Bulk content for volume tests (straight through the service's write cores) -----

/// Inserts topics (discussions unless `kind` says otherwise) by `author` into the
/// sub-community, each created and bumped at its own time. Returns their ids in order.
pub async fn insert_topics(
    app: &TestApp,
    slug: &str,
    author: &UserId,
    kind: TopicKind,
    topics: Vec<(String, Timestamp)>,
) -> Vec<TopicId> {
    let community = find_community(app, slug)
        .await
        .unwrap_or_else(|| panic!("no sub-community {slug}"));
    let author = author.clone();
    db(app, move |conn| {
        write_batch(conn, |conn| {
            let mut ids = Vec::new();
            for (title, at) in &topics {
                let draft = TopicDraft {
                    community: &community.id,
                    category: None,
                    kind,
                    title,
                    body: "Bulk topic body.",
                    tags: "",
                    as_brand: false,
                    page: None,
                    language: None,
                };
                ids.push(insert_topic(conn, &draft, &author, *at)?);
            }
            // As the app does after publishing: readers are told (and authors watch).
            let notify = parley::config::NotificationSettings::default();
            let now = topics.last().map_or(Timestamp::from_micros(0), |t| t.1);
            while parley::notifications::fanout::drain(conn, &notify, now)?
                == parley::notifications::fanout::DRAIN_BATCH as usize
            {}
            Ok(ids)
        })
    })
    .await
}

/// Inserts `n` replies by `author`, numbered in their text ("Reply 1" ...), one second apart.
pub async fn insert_replies(app: &TestApp, topic: &str, author: &UserId, n: usize) {
    let topic_row = topic_row(app, topic).await;
    let author = author.clone();
    let start = app.clock.now();
    db(app, move |conn| {
        write_batch(conn, |conn| {
            for i in 1..=n {
                let at = start.plus_secs(i64::try_from(i).unwrap_or(0));
                insert_reply(
                    conn,
                    &topic_row.id,
                    &topic_row.community_id,
                    &author,
                    &format!("Reply {i} of the bulk thread."),
                    false,
                    None,
                    at,
                )?;
            }
            Ok(())
        })
    })
    .await;
}

// ----- Reading pages -----

/// The `id`s (`p1`, `p4`, ...) of the posts (`article.post`) on a topic page, in order.
pub fn post_anchors(html: &str) -> Vec<String> {
    html_attr(html, "article.post", "id")
}

/// The titles of a topic list, in order.
pub fn listed_titles(html: &str) -> Vec<String> {
    super::html_select(html, "li.topic-row a.topic-title")
}

/// The text of the list row whose title is exactly `title` (badges, tags, counts).
pub fn row_text(html: &str, title: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let rows = selector("li.topic-row");
    let link = selector("a.topic-title");
    doc.select(&rows)
        .find(|row| row.select(&link).any(|a| text_of(a) == title))
        .map(text_of)
}

/// The badges (`.badge`) of the list row titled exactly `title`; panics unless there is
/// exactly one such row.
#[track_caller]
pub fn row_badges(html: &str, title: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let (rows, link, badge) = (
        selector("li.topic-row"),
        selector("a.topic-title"),
        selector(".badge"),
    );
    let matching: Vec<Vec<String>> = doc
        .select(&rows)
        .filter(|row| row.select(&link).any(|a| text_of(a) == title))
        .map(|row| row.select(&badge).map(text_of).collect())
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one list row titled {title:?}; rows: {:?}",
        listed_titles(html)
    );
    matching.into_iter().next().unwrap_or_default()
}

/// The text of the element with this `id` (a post's `article` or a comment's `li`).
pub fn text_by_id(html: &str, id: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = selector(&format!("[id=\"{id}\"]"));
    let found = doc.select(&sel).next().map(text_of);
    found
}

/// The inner HTML of the element with this `id`.
pub fn inner_html_by_id(html: &str, id: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = selector(&format!("[id=\"{id}\"]"));
    let found = doc.select(&sel).next().map(|el| el.inner_html());
    found
}

/// The score shown on post `anchor` (`p2`).
pub fn shown_score(html: &str, anchor: &str) -> Option<i32> {
    let scores = super::html_select(html, &format!("article#{anchor} .vote span.score"));
    scores.first().and_then(|s| s.trim().parse().ok())
}

/// The href of the "More ..." link of a list or thread, if any.
pub fn more_link(html: &str) -> Option<String> {
    html_attr(html, "p.pager a.button", "href")
        .into_iter()
        .next()
}

/// GETs `path` as `client` and asserts 200.
pub async fn page(client: &TestClient, path: &str) -> String {
    let (status, html) = client.get_html(path).await;
    assert_eq!(status, StatusCode::OK, "GET {path}");
    html
}

/// A sub-community list as an anonymous visitor sees it after a change: anonymous
/// visitors share a rendering of each list for up to a second (`embed::cache`'s bound,
/// issue 22), so the test clock moves past that first.
pub async fn list_page(app: &TestApp, path: &str) -> String {
    app.clock
        .advance_secs(parley::embed::cache::FRESH_FOR_MICROS / 1_000_000);
    page(app, path).await
}

// ----- Database peeks -----

pub async fn topic_row(app: &TestApp, id: &str) -> Topic {
    let id = TopicId::parse(id).unwrap_or_else(|| panic!("not a topic id: {id}"));
    db(app, move |conn| Ok(topics::find(conn, &id)?))
        .await
        .expect("topic exists")
}

/// The id of the topic's accepted answer, if any.
pub async fn accepted_answer(app: &TestApp, topic: &TopicRef) -> Option<String> {
    topic_row(app, &topic.id)
        .await
        .accepted_post_id
        .map(|p| p.to_string())
}

pub async fn post_row(app: &TestApp, post: &PostRef) -> Post {
    let id = PostId::parse(&post.id).unwrap_or_else(|| panic!("not a post id: {}", post.id));
    db(app, move |conn| Ok(posts::find(conn, &id)?))
        .await
        .expect("post exists")
}

pub async fn post_by_number(app: &TestApp, topic: &str, number: i32) -> Post {
    let id = TopicId::parse(topic).unwrap_or_else(|| panic!("not a topic id: {topic}"));
    db(app, move |conn| {
        Ok(posts_table::table
            .filter(posts_table::topic_id.eq(&id))
            .filter(posts_table::post_number.eq(number))
            .select(Post::as_select())
            .first(conn)
            .optional()?)
    })
    .await
    .unwrap_or_else(|| panic!("no post #{number} in topic {topic}"))
}

/// Every topic row (any state).
pub async fn topic_count(app: &TestApp) -> i64 {
    db(app, |conn| {
        Ok(topics_table::table.count().get_result(conn)?)
    })
    .await
}

/// Every post row of the topic (opening post, replies, comments, deleted ones too).
pub async fn post_count(app: &TestApp, topic: &TopicRef) -> i64 {
    let id = TopicId::parse(&topic.id).expect("topic id");
    db(app, move |conn| {
        Ok(posts_table::table
            .filter(posts_table::topic_id.eq(&id))
            .count()
            .get_result(conn)?)
    })
    .await
}

/// Rows in `votes` for this post.
pub async fn vote_rows(app: &TestApp, post: &PostRef) -> i64 {
    let id = PostId::parse(&post.id).expect("post id");
    db(app, move |conn| {
        Ok(votes_table::table
            .filter(votes_table::post_id.eq(&id))
            .count()
            .get_result(conn)?)
    })
    .await
}

pub async fn user_named(app: &TestApp, username: &str) -> User {
    let key = Username::lookup_key(username);
    db(app, move |conn| {
        Ok(users::find_by_username_key(conn, &key)?)
    })
    .await
    .unwrap_or_else(|| panic!("no user {username}"))
}

/// `users.reputation` of the member.
pub async fn reputation(app: &TestApp, username: &str) -> i32 {
    user_named(app, username).await.reputation
}

/// Statements the app runs to serve `path` to `client`: the fewest over three identical
/// requests, so background work (a brand-cache refresh, a pool top-up) cannot add to it.
pub async fn queries_for(app: &TestApp, client: &TestClient, path: &str) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        fewest = fewest.min(queries_for_one(app, client, path).await);
    }
    fewest
}

/// [`queries_for`] with no time-bound cache in play: the app clock moves on 2 s before
/// each view, past the open cache's rows (250 ms) and the anonymous lists (1 s), so each
/// view is rendered and checked as the first one after a change elsewhere would be, and
/// the count does not hang on whether background work committed between views.
pub async fn render_queries_for(app: &TestApp, client: &TestClient, path: &str) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        app.clock.advance_secs(2);
        fewest = fewest.min(queries_for_one(app, client, path).await);
    }
    fewest
}

async fn queries_for_one(app: &TestApp, client: &TestClient, path: &str) -> u64 {
    app.state
        .brand
        .refresh(&app.state)
        .await
        .expect("brand refresh");
    let before = app.state.db.query_count();
    page(client, path).await;
    app.state.db.query_count() - before
}

/// Settings for a test that counts a page's statements: no background worker polls the
/// pool while pages are counted. The test apps poll every 50 ms, and a debug build takes
/// longer than that to render a thread of 100 replies, so every count of that page could
/// include a poller's six statements (CI saw 14 against 8 once).
pub fn quiet_background(s: &mut parley::config::Settings) {
    s.mail.worker = false;
    s.mail.inbound_worker = false;
    s.webhooks.worker = false;
    s.mail.poll_interval_ms = 60_000;
}

/// The most statements one page may take (topic, sub-community, notifications pages).
pub const MAX_QUERIES_PER_PAGE: u64 = 15;

/// Asserts that a page takes as many statements with more in it as with less, and no
/// more than [`MAX_QUERIES_PER_PAGE`]: `less` and `more` are (browser, path) pairs for
/// the same page; `what` says which, for the messages.
pub async fn assert_queries_do_not_grow(
    app: &TestApp,
    less: (&TestClient, &str),
    more: (&TestClient, &str),
    what: &str,
) {
    let few = render_queries_for(app, less.0, less.1).await;
    let many = render_queries_for(app, more.0, more.1).await;
    assert_eq!(
        few, many,
        "{what}: {few} statements for {} and {many} for {}",
        less.1, more.1
    );
    assert!(
        many <= MAX_QUERIES_PER_PAGE,
        "{what}: {many} statements for one page (at most {MAX_QUERIES_PER_PAGE})"
    );
    assert!(many > 0, "the counter counts");
}
