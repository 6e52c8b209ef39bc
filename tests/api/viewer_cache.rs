//! The viewer cache (`src/auth/viewer.rs`): a signed-in member's row and memberships are
//! kept per session and served while the member's `version` is unchanged. Every change
//! here is written straight to the database, as another node would write it, and must
//! reach the member's very next request, which the process only learns from the database.

use parley::db::models::{communities, sessions, users};
use parley::db::{CommunityRole, SiteRole, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{CommunityBuilder, TestApp, TestClient, TestUser};

/// Bob, signed in, whose viewer is already cached (he has loaded a page), and an
/// invite-only sub-community `circle` he is not in.
async fn scene() -> (TestApp, TestUser, TestClient) {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("circle")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (bob_user, bob) = member(&app, "bob").await;
    assert_eq!(bob.get("/settings/account").await.status(), StatusCode::OK);
    assert_eq!(bob.get("/c/circle").await.status(), StatusCode::NOT_FOUND);
    (app, bob_user, bob)
}

#[tokio::test]
async fn a_membership_granted_or_taken_away_elsewhere_counts_at_once() {
    let (app, bob_user, bob) = scene().await;
    let circle = find_community(&app, "circle").await.expect("circle").id;

    let (c, u, now) = (circle.clone(), bob_user.id.clone(), app.clock.now());
    db(&app, move |conn| {
        Ok(communities::set_role(
            conn,
            &c,
            &u,
            CommunityRole::Member,
            now,
        )?)
    })
    .await;
    assert_eq!(
        bob.get("/c/circle").await.status(),
        StatusCode::OK,
        "a new membership is not seen"
    );

    let (c, u) = (circle, bob_user.id.clone());
    db(&app, move |conn| Ok(communities::remove(conn, &c, &u)?)).await;
    assert_eq!(
        bob.get("/c/circle").await.status(),
        StatusCode::NOT_FOUND,
        "a removed membership still opens the sub-community"
    );
}

#[tokio::test]
async fn a_site_role_given_or_taken_away_elsewhere_counts_at_once() {
    let (app, bob_user, bob) = scene().await;
    assert_eq!(bob.get("/admin").await.status(), StatusCode::FORBIDDEN);

    for (role, admin_page) in [
        (SiteRole::Admin, StatusCode::OK),
        (SiteRole::Member, StatusCode::FORBIDDEN),
    ] {
        let (u, now) = (bob_user.id.clone(), app.clock.now());
        db(&app, move |conn| Ok(users::set_role(conn, &u, role, now)?)).await;
        assert_eq!(
            bob.get("/admin").await.status(),
            admin_page,
            "the admin page as a {role:?}"
        );
    }
}

#[tokio::test]
async fn a_session_ended_elsewhere_ends_here_at_once() {
    let (app, bob_user, bob) = scene().await;
    let u = bob_user.id.clone();
    db(&app, move |conn| {
        Ok(sessions::delete_all_for_user(conn, &u)?)
    })
    .await;
    assert_eq!(
        bob.get("/settings/account").await.status(),
        StatusCode::SEE_OTHER,
        "a deleted session still signs in"
    );
}

#[tokio::test]
async fn a_suspension_written_elsewhere_signs_the_member_out_at_once() {
    let (app, bob_user, bob) = scene().await;
    let (u, now) = (bob_user.id.clone(), app.clock.now());
    db(&app, move |conn| {
        Ok(users::set_suspension(
            conn,
            &u,
            Some(now.plus_secs(86_400)),
            Some("spam"),
            now,
        )?)
    })
    .await;
    assert_eq!(
        bob.get("/settings/account").await.status(),
        StatusCode::SEE_OTHER,
        "a suspended member is still signed in"
    );
    let (u, now) = (bob_user.id.clone(), app.clock.now());
    let left = db(&app, move |conn| {
        Ok(sessions::list_for_user(conn, &u, now)?.len())
    })
    .await;
    assert_eq!(left, 0, "the suspended member's sessions are not revoked");
}

/// A silence ends with time alone: nothing is written, so the version does not move,
/// and the cached member must not stay read-only.
#[tokio::test]
async fn a_silence_that_runs_out_lifts_without_any_write() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Something to read").await;
    let response = admin
        .post_form(
            "/mod/users/ana/sanction",
            &[("kind", "silence"), ("days", "1"), ("reason", "Cool down")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(page(&ana, &topic.path).await.contains("read-only"));
    assert_eq!(
        post_reply(&ana, &topic, &[("body", "Still here")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    app.clock.advance_secs(2 * 86_400);
    assert!(!page(&ana, &topic.path).await.contains("read-only"));
    assert_eq!(
        post_reply(&ana, &topic, &[("body", "Back again")])
            .await
            .status(),
        StatusCode::SEE_OTHER,
        "the silence outlives its end"
    );
}
