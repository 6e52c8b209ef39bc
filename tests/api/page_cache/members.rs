//! Signed-in members: one template per set of permissions, each member's own parts
//! filled in, and nothing only some may do leaking through a shared rendering.

use parley::db::Backend;
use reqwest::StatusCode;

use super::scene;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{assert_see_other, html_attr, html_select, TestClient};

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
