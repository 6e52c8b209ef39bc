//! The page cache (`src/forums/page_cache.rs`): visitors who are not signed in share one
//! rendering of a topic page, signed-in members one template per set of permissions with
//! their own parts filled in, and every change that page shows reaches them on their next
//! request: new, edited, voted and deleted posts, a topic moved into a private
//! sub-community, a suspended or renamed author, a new role, and time.

use parley::db::{Backend, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    assert_see_other, html_attr, html_select, spawn_app_with, CommunityBuilder, TestApp, TestClient,
};

/// A public sub-community `widgets` with a question by ana and an answer by bob, and the
/// topic page already seen once by a visitor (so it is cached).
struct Scene {
    app: TestApp,
    admin: TestClient,
    ana: TestClient,
    bob: TestClient,
    q: TopicRef,
    answer: PostRef,
    visitor: TestClient,
}

async fn scene() -> Scene {
    // Three tests here count statements, so no background worker polls the pool.
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Why does my widget hum at night").await;
    let answer = reply(&app, &bob, &q, "Night mode raises the fan speed.").await;
    let visitor = app.new_client();
    let first = page(&visitor, &q.path).await;
    assert!(first.contains("Night mode raises the fan speed."));
    Scene {
        app,
        admin,
        ana,
        bob,
        q,
        answer,
        visitor,
    }
}

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
async fn an_edited_post_is_shown_at_once() {
    let s = scene().await;
    let (_, cara) = member(&s.app, "cara").await;
    page(&cara, &s.q.path).await;
    let response = s
        .bob
        .post_form(
            &format!("/p/{}/edit", s.answer.id),
            &[(
                "body",
                "Night mode runs the fan faster; turn it off in settings.",
            )],
        )
        .await;
    assert_see_other(&response, &format!("{}#p2", s.q.path));
    for (who, client) in [("visitor", &s.visitor), ("cara", &cara)] {
        let html = page(client, &s.q.path).await;
        let p2 = text_by_id(&html, "p2").unwrap_or_default();
        assert!(
            p2.contains("turn it off in settings") && !p2.contains("raises the fan speed"),
            "answer after the edit, as {who}: {p2}"
        );
    }
}

#[tokio::test]
async fn new_replies_votes_acceptance_and_deletion_are_shown_at_once() {
    let s = scene().await;
    let (_, cara) = member(&s.app, "cara").await;
    let second = reply(&s.app, &cara, &s.q, "Mine stopped after a firmware update.").await;
    assert!(page(&s.visitor, &s.q.path)
        .await
        .contains("Mine stopped after a firmware update."));

    vote_ok(&s.ana, &s.q, &s.answer, 1).await;
    let html = page(&s.visitor, &s.q.path).await;
    assert_eq!(shown_score(&html, &s.answer.anchor()), Some(1));

    let response = accept(&s.ana, &s.q, &s.answer).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = page(&s.visitor, &s.q.path).await;
    assert!(
        text_by_id(&html, &s.answer.anchor())
            .unwrap_or_default()
            .contains("Accepted answer"),
        "accepted mark missing"
    );

    let response = cara
        .post_form(&format!("/p/{}/delete", second.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(!page(&s.visitor, &s.q.path)
        .await
        .contains("Mine stopped after a firmware update."));
}

/// Moves the scene's question into the sub-community `slug`, as the admin.
async fn move_topic(s: &Scene, slug: &str) {
    let response = s
        .admin
        .post_form(
            &format!("/t/{}/move", s.q.id),
            &[("community", slug), ("category", "")],
        )
        .await;
    assert_see_other(&response, &s.q.path);
}

#[tokio::test]
async fn a_topic_moved_into_a_private_sub_community_disappears_at_once() {
    let s = scene().await;
    let (_, cara) = member(&s.app, "cara").await;
    page(&cara, &s.q.path).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&s.app, &s.admin)
        .await;
    move_topic(&s, "vault").await;
    for path in [s.q.path.clone(), format!("/t/{}", s.q.id)] {
        for (who, client) in [("visitor", &s.visitor), ("cara", &cara)] {
            let (status, body) = client.get_html(&path).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "GET {path} as {who} after the move"
            );
            assert!(
                !body.contains("Night mode"),
                "content leaked at {path} to {who}"
            );
        }
    }
    // And back: public again, the page is there again (rendered anew).
    move_topic(&s, "widgets").await;
    assert!(page(&s.visitor, &s.q.path).await.contains("Night mode"));
}

#[tokio::test]
async fn a_suspended_author_is_marked_at_once_and_unmarked_when_lifted() {
    let s = scene().await;
    let marked = |html: &str| {
        text_by_id(html, &s.answer.anchor())
            .unwrap_or_default()
            .contains("Suspended")
    };
    assert!(!marked(&page(&s.visitor, &s.q.path).await));

    let response = s
        .admin
        .post_form(
            "/mod/users/bob/sanction",
            &[("kind", "suspend"), ("days", "3"), ("reason", "spam")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        marked(&page(&s.visitor, &s.q.path).await),
        "the suspended author's answer is not marked"
    );

    let response = s
        .admin
        .post_form(
            "/mod/users/bob/sanction",
            &[("kind", "lift"), ("days", "0"), ("reason", "appeal upheld")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(!marked(&page(&s.visitor, &s.q.path).await));
}

#[tokio::test]
async fn a_renamed_author_is_shown_under_the_new_name_at_once() {
    let s = scene().await;
    let response = s
        .bob
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Bob the Fan Whisperer"),
                ("title", ""),
                ("bio", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = page(&s.visitor, &s.q.path).await;
    let byline = html_select(&html, &format!("#{} .byline", s.answer.anchor())).concat();
    assert!(
        byline.contains("Bob the Fan Whisperer"),
        "byline after the rename: {byline}"
    );
}

#[tokio::test]
async fn a_cached_page_is_rendered_again_once_its_times_are_stale() {
    let s = scene().await;
    let shown_age = |html: &str| {
        html_select(html, &format!("#{} time", s.answer.anchor()))
            .concat()
            .trim()
            .to_string()
    };
    assert_eq!(shown_age(&page(&s.visitor, &s.q.path).await), "just now");
    // Nothing changed but time: the page is rendered again rather than served stale.
    s.app.clock.advance_secs(5 * 60);
    assert_eq!(
        shown_age(&page(&s.visitor, &s.q.path).await),
        "5 minutes ago"
    );
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

#[tokio::test]
async fn signed_in_members_share_the_posts_but_each_sees_their_own_part() {
    let s = scene().await;
    let (_, cara) = member(&s.app, "cara").await;
    let mine = reply(&s.app, &cara, &s.q, "I will delete this one myself.").await;
    // Everyone loads the page once, so its posts are cached for all of them.
    for client in [&s.ana, &s.bob, &cara, &s.admin] {
        page(client, &s.q.path).await;
    }
    // A repeat view by a member reads only what is theirs: their session (with their
    // version, so their row and memberships come from the viewer cache), the topic,
    // sub-community and content epoch (one statement), their votes and watching level,
    // all in one trip to the database. No post is read again. (On SQLite they share one read
    // transaction, whose BEGIN and COMMIT count; PostgreSQL's pool skips its liveness
    // check while its connections keep working.)
    let repeat = queries_for(&s.app, &s.bob, &s.q.path).await;
    let expected = match s.app.state.db.backend() {
        Backend::Sqlite => 6,
        Backend::Postgres => 4,
    };
    assert_eq!(repeat, expected, "queries for a member's repeat view");

    vote_ok(&s.ana, &s.q, &s.answer, 1).await;
    let active = |html: &str| {
        html_select(
            html,
            &format!("#{} button.vote-up.active", s.answer.anchor()),
        )
        .len()
    };
    assert_eq!(active(&page(&s.ana, &s.q.path).await), 1, "ana's own vote");
    assert_eq!(
        active(&page(&s.bob, &s.q.path).await),
        0,
        "bob did not vote"
    );
    // Each post's buttons vote on that post, whoever's page it is.
    let targets = |html: &str, post: &PostRef| {
        html_attr(
            html,
            &format!("#{} button.vote-up", post.anchor()),
            "formaction",
        )
    };
    let ana_page = page(&s.ana, &s.q.path).await;
    let bob_page = page(&s.bob, &s.q.path).await;
    for (who, html) in [("ana", &ana_page), ("bob", &bob_page)] {
        assert_eq!(
            targets(html, &mine),
            vec![format!("/p/{}/vote", mine.id)],
            "{who}'s buttons under cara's reply"
        );
    }
    assert_eq!(
        targets(&ana_page, &s.answer),
        vec![format!("/p/{}/vote", s.answer.id)]
    );

    let response = cara.post_form(&format!("/p/{}/delete", mine.id), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // The author and the moderators still see a deleted post (marked); others do not.
    for (who, client, sees) in [
        ("cara", &cara, true),
        ("admin", &s.admin, true),
        ("bob", &s.bob, false),
    ] {
        let html = page(client, &s.q.path).await;
        assert_eq!(
            text_by_id(&html, &mine.anchor()).is_some(),
            sees,
            "{who} and the deleted reply"
        );
    }
}

/// The header, form tokens and vote buttons of a page: what must be the viewer's own.
fn own_parts(html: &str) -> (Vec<String>, Vec<String>) {
    let me = html_select(html, "a.me span");
    let tokens = html_attr(html, "input[name=csrf_token]", "value");
    (me, tokens)
}

/// `html` without its vote buttons (each `div.vote`, which holds no other element).
fn without_votes(html: &str) -> String {
    let (mut out, mut rest) = (String::new(), html);
    while let Some(at) = rest.find("<div class=\"vote\"") {
        out.push_str(&rest[..at]);
        let block = &rest[at..];
        let end = block
            .find("</div>")
            .map_or(block.len(), |e| e + "</div>".len());
        rest = &block[end..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn members_with_the_same_permissions_get_one_rendering_with_their_own_parts() {
    let s = scene().await;
    let (_, cara) = member(&s.app, "cara").await;
    let (_, dan) = member(&s.app, "dan").await;
    vote_ok(&dan, &s.q, &s.answer, 1).await;
    let active = |html: &str| {
        html_select(
            html,
            &format!("#{} button.vote-up.active", s.answer.anchor()),
        )
        .len()
    };
    for _ in 0..2 {
        for (who, client, voted) in [("cara", &cara, 0), ("dan", &dan, 1)] {
            let html = page(client, &s.q.path).await;
            let (me, tokens) = own_parts(&html);
            assert_eq!(me, vec![who.to_string()], "{who}'s header");
            let token = client.csrf_token().await;
            assert!(
                tokens.len() >= 3 && tokens.iter().all(|t| *t == token),
                "{who}'s page carries someone else's token: {tokens:?}"
            );
            assert_eq!(active(&html), voted, "{who}'s own vote");
            assert!(
                !html.contains('\u{E000}') && !html.contains('\u{E001}'),
                "a hole was left unfilled on {who}'s page"
            );
        }
    }
    // Both shared one template: what is left once their own parts are taken out is equal.
    let strip = |html: String, who: &str, token: &str| {
        html.replace(token, "TOKEN")
            .replace(&format!("/u/{who}"), "/u/ME")
            .replace(&format!(">{who}<"), ">ME<")
    };
    let cara_page = strip(
        page(&cara, &s.q.path).await,
        "cara",
        &cara.csrf_token().await,
    );
    let dan_page = strip(page(&dan, &s.q.path).await, "dan", &dan.csrf_token().await);
    assert_eq!(without_votes(&cara_page), without_votes(&dan_page));
}

#[tokio::test]
async fn what_only_some_may_do_never_reaches_others_through_a_shared_rendering() {
    let s = scene().await;
    let (_, dan) = member(&s.app, "dan").await;
    let edit_answer = format!("/p/{}/edit", s.answer.id);
    // Each privileged viewer loads the page first, so a rendering with their controls
    // exists before dan asks for his.
    let checks: [(&str, &TestClient, &str); 3] = [
        ("the admin's moderation tools", &s.admin, "/move\""),
        (
            "bob's edit link on his answer",
            &s.bob,
            edit_answer.as_str(),
        ),
        (
            "ana's accept button on her question",
            &s.ana,
            "Accept this answer",
        ),
    ];
    for (what, client, marker) in checks {
        assert!(
            page(client, &s.q.path).await.contains(marker),
            "{what} missing"
        );
        assert!(
            !page(&dan, &s.q.path).await.contains(marker),
            "dan was shown {what}"
        );
    }
    // A role takes effect at dan's next view.
    let response = s
        .admin
        .post_form(
            "/c/widgets/members",
            &[("username", "dan"), ("role", "moderator")],
        )
        .await;
    assert_see_other(&response, "/c/widgets/members?notice=saved");
    let html = page(&dan, &s.q.path).await;
    assert!(html.contains("/move\""), "dan's new moderation tools");
    assert_eq!(own_parts(&html).0, vec!["dan".to_string()]);
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

/// A change this process did not write (another node, the CLI: here, an UPDATE straight
/// into the database, outside any transaction of the app's) reaches anonymous visitors
/// once the rows they share are older than the open cache's bound; a write through the
/// app reaches them at once. (That the rows stand within the bound is the open cache's
/// unit test: here the app's own background work may commit at any moment.)
#[tokio::test]
async fn a_change_written_elsewhere_reaches_visitors_within_the_open_caches_bound() {
    use diesel::connection::SimpleConnection;
    let s = scene().await;
    {
        let mut conn = s.app.state.db.get().expect("a connection");
        conn.batch_execute(
            "UPDATE communities SET name = 'Widgets and gizmos' WHERE slug = 'widgets'",
        )
        .expect("update from outside");
    }
    s.app
        .clock
        .advance_micros(parley::forums::open_cache::FRESH_FOR_MICROS);
    let html = page(&s.visitor, &s.q.path).await;
    assert!(
        html.contains("Widgets and gizmos"),
        "after the bound, the change is shown"
    );
    // Through the app: at once, on the same clock tick.
    reply(&s.app, &s.bob, &s.q, "A firmware update quiets it.").await;
    assert!(page(&s.visitor, &s.q.path)
        .await
        .contains("A firmware update quiets it."));
}

/// The sub-community row anonymous pages inside it open with is shared the same way: a
/// sub-community made private from outside the app answers 404 to visitors once the
/// shared row is older than the open cache's bound, and nothing of its list shows.
#[tokio::test]
async fn a_sub_community_made_private_elsewhere_is_hidden_within_the_open_caches_bound() {
    use diesel::connection::SimpleConnection;
    let s = scene().await;
    assert!(page(&s.visitor, "/c/widgets")
        .await
        .contains("Why does my widget hum at night"));
    // Within the bound, a repeat view is served without a statement: the list from the
    // list cache, checked against the shared sub-community row.
    assert_eq!(queries_for(&s.app, &s.visitor, "/c/widgets").await, 0);
    {
        let mut conn = s.app.state.db.get().expect("a connection");
        conn.batch_execute(
            "UPDATE communities SET visibility = 'invite_only' WHERE slug = 'widgets'",
        )
        .expect("update from outside");
    }
    s.app
        .clock
        .advance_micros(parley::forums::open_cache::FRESH_FOR_MICROS);
    let (status, body) = s.visitor.get_html("/c/widgets").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("Why does my widget hum at night"));
    // A member who may not see it is refused too (signed-in pages always read the row).
    let (status, _) = s.bob.get_html("/c/widgets").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
