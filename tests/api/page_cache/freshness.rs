//! Every change a cached page shows reaches it at once (posts, votes, moves,
//! suspensions, renames, time), or within the open cache's bound when written
//! outside the app.

use parley::db::Visibility;
use reqwest::StatusCode;

use super::{scene, Scene};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{assert_see_other, html_select, CommunityBuilder};

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
