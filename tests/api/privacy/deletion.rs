use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, wait_mails_to};
use crate::helpers::forum_fixtures::{post_reply, reply, vote_ok};
use crate::helpers::{
    CommunityBuilder, TestApp, TestClient, TestUser, TopicBuilder, UserBuilder, DEFAULT_PASSWORD,
};

use super::{audit_actions, columns_holding, privacy_app};

async fn signed_in(client: &TestClient) -> bool {
    let (status, _) = client.get_html("/settings/account").await;
    status == StatusCode::OK
}

async fn user_row(app: &TestApp, user: &TestUser) -> (String, String) {
    let id = user.id.clone();
    db(app, move |conn| {
        use diesel::prelude::*;
        use parley::db::schema::users;
        Ok(users::table
            .find(&id)
            .select((users::username, users::email))
            .first::<(String, String)>(conn)?)
    })
    .await
}

async fn pending_deletions(app: &TestApp) -> i64 {
    db(app, |conn| {
        use diesel::prelude::*;
        use parley::db::schema::privacy_requests;
        Ok(privacy_requests::table
            .filter(privacy_requests::kind.eq("deletion"))
            .filter(privacy_requests::status.eq("pending"))
            .count()
            .get_result::<i64>(conn)?)
    })
    .await
}

#[tokio::test]
async fn deletion_signs_out_at_once_and_erases_every_trace_keeping_threads_readable() {
    let app = privacy_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (zed, zed_client) = UserBuilder::new("zedprivacy").signed_in(&app).await;
    let zed_phone = app.signed_in_client(&zed).await;
    let (_, bob_client) = UserBuilder::new("bobreader").signed_in(&app).await;
    let topic = TopicBuilder::discussion("Gearbox noise after the update")
        .body("My gearbox hums since version 4.")
        .in_("widgets")
        .by(&zed_client)
        .build(&app)
        .await;
    let bobs = reply(&app, &bob_client, &topic, "Bob heard the same hum.").await;
    vote_ok(&zed_client, &topic, &bobs, 1).await;
    // Bob's own topic, answered by Zed: Bob's notification names Zed.
    let bobs_topic = TopicBuilder::discussion("Clutch squeaks in the cold")
        .body("Anyone else?")
        .in_("widgets")
        .by(&bob_client)
        .build(&app)
        .await;
    let res = post_reply(&zed_client, &bobs_topic, &[("body", "Zed's squeaks too.")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The admin marks Zed as an employee (an audit entry about Zed).
    let res = admin
        .post_form(
            &format!("/admin/users/{}/employee", zed.id.as_str()),
            &[("employee", "true")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // An export waiting to be downloaded (its archive holds the name and address).
    let res = zed_client.post_form("/settings/account/export", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    wait_mails_to(&app, &zed.email, 1).await;
    let before = columns_holding(&app, "zedprivacy").await;
    for column in [
        "users.username ",
        "users.email ",
        "rate_limit_state.rate_key ",
        "privacy_requests.archive ",
        "outbox.recipient ",
    ] {
        assert!(
            before.iter().any(|c| c.starts_with(column)),
            "the search finds the name in {column} before: {before:?}"
        );
    }

    // Without the CSRF token: refused, nothing changes.
    let res = zed_client
        .post_form_without_csrf(
            "/settings/account/delete",
            &[("delete_confirm", DEFAULT_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A wrong password: the form again with its error, nothing changes.
    let res = zed_client
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", "not my password")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("That password is not correct."), "{body}");
    // Another member cannot ask for it, nor use the admin's door.
    let res = bob_client
        .post_form(
            &format!("/admin/users/{}/privacy/delete", zed.id.as_str()),
            &[("now", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(pending_deletions(&app).await, 0);
    assert!(signed_in(&zed_client).await && signed_in(&zed_phone).await);

    let res = zed_client
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", DEFAULT_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = zed_client.get_html("/privacy/deleted").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your account will be deleted"), "{html}");
    // Signed out everywhere at once; the account itself waits for the grace period.
    assert!(!signed_in(&zed_client).await, "this browser");
    assert!(!signed_in(&zed_phone).await, "the other session");
    assert_eq!(user_row(&app, &zed).await.0, "zedprivacy");
    assert_eq!(pending_deletions(&app).await, 1);

    // An admin shortens the grace period to now.
    let res = admin
        .post_form(
            &format!("/admin/users/{}/privacy/delete", zed.id.as_str()),
            &[("now", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (name, email) = user_row(&app, &zed).await;
    assert!(name.starts_with("deleted-member-"), "{name}");
    assert_ne!(email, zed.email);
    assert_eq!(pending_deletions(&app).await, 0);

    assert_eq!(
        columns_holding(&app, &zed.email).await,
        Vec::<String>::new(),
        "the email"
    );
    assert_eq!(
        columns_holding(&app, "zedprivacy").await,
        Vec::<String>::new(),
        "the username"
    );
    // The audit log keeps the facts, by account id only.
    let actions: Vec<String> = audit_actions(&app, zed.id.as_str())
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    for fact in ["privacy.deletion_requested", "privacy.erased"] {
        assert!(actions.iter().any(|a| a == fact), "{fact} in {actions:?}");
    }

    // The threads stay readable, attributed to the deleted member.
    let (status, html) = app.new_client().get_html(&topic.path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("My gearbox hums since version 4."));
    assert!(html.contains("Bob heard the same hum."));
    assert!(html.contains(&name));
    let (status, html) = app.new_client().get_html(&bobs_topic.path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Zed&#39;s squeaks too.") || html.contains("Zed's squeaks too."));
    // The old password opens nothing.
    let res = app.new_client().login("zedprivacy", DEFAULT_PASSWORD).await;
    assert_ne!(res.status(), StatusCode::SEE_OTHER);
    let res = app.new_client().login(&zed.email, DEFAULT_PASSWORD).await;
    assert_ne!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn signing_in_during_the_grace_period_cancels_and_removal_replaces_the_posts() {
    let app = privacy_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (kim, kim_client) = UserBuilder::new("kimgrace").signed_in(&app).await;
    let topic = TopicBuilder::discussion("Warranty questions")
        .body("Kim asks about the warranty terms.")
        .in_("widgets")
        .by(&kim_client)
        .build(&app)
        .await;
    let (_, results) = app.new_client().get_html("/search?q=terms").await;
    assert!(results.contains(&topic.id), "search finds the text before");
    let res = kim_client
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", DEFAULT_PASSWORD), ("remove_posts", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Signing in again cancels: the grace period passes and nothing is erased.
    let _again = app.signed_in_client(&kim).await;
    assert_eq!(pending_deletions(&app).await, 0);
    app.clock.advance_secs(8 * 86_400);
    assert_eq!(
        parley::privacy::job::erase_due(&app.state).await.unwrap(),
        0
    );
    assert_eq!(user_row(&app, &kim).await.0, "kimgrace");
    let actions: Vec<String> = audit_actions(&app, kim.id.as_str())
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert!(actions.iter().any(|a| a == "privacy.deletion_cancelled"));

    // Asked again, and left to run out: erased, the post replaced by the notice.
    let again = app.signed_in_client(&kim).await;
    let res = again
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", DEFAULT_PASSWORD), ("remove_posts", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        parley::privacy::job::erase_due(&app.state).await.unwrap(),
        0,
        "not before the grace period ends"
    );
    app.clock.advance_secs(7 * 86_400 + 60);
    assert_eq!(
        parley::privacy::job::erase_due(&app.state).await.unwrap(),
        1
    );
    assert_eq!(
        parley::privacy::job::erase_due(&app.state).await.unwrap(),
        0,
        "erased once"
    );
    let (status, html) = app.new_client().get_html(&topic.path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("warranty terms"), "the removed post's body");
    assert!(html.contains("removed at its author"), "the removal notice");
    let (_, results) = app.new_client().get_html("/search?q=terms").await;
    assert!(!results.contains(&topic.id), "search forgot the text");
    assert_eq!(
        columns_holding(&app, "kimgrace").await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn an_admins_account_is_not_deleted_and_the_page_says_why() {
    let app = privacy_app().await;
    let (chief, admin) = admin_client(&app).await;
    let (status, html) = admin.get_html("/settings/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("/settings/account/export"));
    assert!(!html.contains("action=\"/settings/account/delete\""));
    assert!(
        html.contains("account cannot be deleted"),
        "the page says why: {html}"
    );
    let res = admin
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", DEFAULT_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(signed_in(&admin).await);
    assert_eq!(user_row(&app, &chief).await.0, "chief");
    // A French-speaking member: the section and its refusal in French.
    let (_, member) = UserBuilder::new("frmember").signed_in(&app).await;
    let res = member
        .post_form(
            "/settings/profile",
            &[
                ("display_name", ""),
                ("title", ""),
                ("bio", ""),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = member.get_html("/settings/account").await;
    assert!(html.contains("action=\"/settings/account/delete\""));
    assert!(html.contains("Supprimer mon compte"), "{html}");
    let res = member
        .post_form("/settings/account/delete", &[("delete_confirm", "wrong")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Ce mot de passe est incorrect."), "{body}");
    assert!(signed_in(&member).await);
}
