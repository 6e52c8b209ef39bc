use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, path_of, wait_mails_to};
use crate::helpers::forum_fixtures::{reply, vote_ok};
use crate::helpers::{CommunityBuilder, TestApp, TestClient, TopicBuilder, UserBuilder};

use super::{audit_actions, privacy_app};

/// Waits for the `n`-th mail to `email` and returns the path of its download link.
async fn mailed_link(app: &TestApp, email: &str, n: usize) -> String {
    let mails = wait_mails_to(app, email, n).await;
    let link = mails[n - 1]
        .first_link_with(&format!("{}/privacy/export/", app.address))
        .expect("the mail holds the download link");
    path_of(app, &link)
}

/// How many archives are stored.
async fn archives_kept(app: &TestApp) -> i64 {
    db(app, |conn| {
        use diesel::prelude::*;
        use parley::db::schema::privacy_requests;
        Ok(privacy_requests::table
            .filter(privacy_requests::archive.is_not_null())
            .count()
            .get_result::<i64>(conn)?)
    })
    .await
}

/// Asks for an export as `client` and returns the path of the mailed link (the
/// `n`-th mail to `email`).
async fn export_link(app: &TestApp, client: &TestClient, email: &str, n: usize) -> String {
    let res = client.post_form("/settings/account/export", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = client.get_html("/privacy/requested").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your data is being prepared"), "{html}");
    mailed_link(app, email, n).await
}

#[tokio::test]
async fn the_export_holds_the_members_data_and_nobody_elses_once_for_its_owner() {
    let app = privacy_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (ana, ana_client) = UserBuilder::new("anaexport").signed_in(&app).await;
    let (bob, bob_client) = UserBuilder::new("bobexport").signed_in(&app).await;
    let topic = TopicBuilder::discussion("Zebra crossings everywhere")
        .body("Ana wrote this about zebras.")
        .in_("widgets")
        .by(&ana_client)
        .build(&app)
        .await;
    let bobs = reply(&app, &bob_client, &topic, "Bob answers with quokkas.").await;
    reply(&app, &ana_client, &topic, "Ana follows up with alpacas.").await;
    vote_ok(&ana_client, &topic, &bobs, 1).await;

    // Without the CSRF token: refused, nothing is prepared.
    let res = ana_client
        .post_form_without_csrf("/settings/account/export", &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let path = export_link(&app, &ana_client, &ana.email, 1).await;

    // Not for anyone else, nor anonymously; and those attempts do not use the link up.
    let res = bob_client.get(&path).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "someone else's link");
    let res = admin.get(&path).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "not even an admin");
    let res = app.new_client().get(&path).await;
    assert_ne!(res.status(), StatusCode::OK, "anonymous download");
    let res = ana_client.get("/privacy/export/not-a-token").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a made-up link");

    let res = ana_client.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("application/json")));
    let body = res.text().await.unwrap();
    let archive: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(archive["profile"]["username"], "anaexport");
    assert_eq!(archive["profile"]["email"], ana.email.as_str());
    let posts: Vec<String> = archive["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["body"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts.iter().any(|b| b.contains("zebras")), "{posts:?}");
    assert!(posts.iter().any(|b| b.contains("alpacas")), "{posts:?}");
    assert_eq!(archive["topics"][0]["title"], "Zebra crossings everywhere");
    assert_eq!(archive["votes"][0]["post_id"], bobs.id.as_str());
    assert!(!archive["sessions"].as_array().unwrap().is_empty());
    assert!(
        !archive["notifications"].as_array().unwrap().is_empty(),
        "Bob's reply notified Ana: {body}"
    );
    assert!(
        !body.contains("quokkas"),
        "another member's post is in the export"
    );
    assert!(!body.contains(&bob.username) && !body.contains(&bob.email));
    assert!(!body.contains(bob.id.as_str()), "another member's id");

    // Used once.
    let res = ana_client.get(&path).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a used link");

    // An expired link.
    let path = export_link(&app, &ana_client, &ana.email, 2).await;
    app.clock.advance_secs(73 * 3600);
    let res = ana_client.get(&path).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "an expired link");
    // The job drops the expired archive.
    assert_eq!(archives_kept(&app).await, 1);
    parley::privacy::job::tick_once(&app.state).await.unwrap();
    assert_eq!(archives_kept(&app).await, 0);

    let actions: Vec<String> = audit_actions(&app, ana.id.as_str())
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "privacy.export_requested")
            .count(),
        2,
        "{actions:?}"
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "privacy.export_downloaded")
            .count(),
        1,
        "{actions:?}"
    );
}

#[tokio::test]
async fn an_admin_asks_for_a_members_export_and_only_the_member_gets_it() {
    let app = privacy_app().await;
    let (_, admin) = admin_client(&app).await;
    let (cy, cy_client) = UserBuilder::new("cyexport").signed_in(&app).await;
    let (_, dee_client) = UserBuilder::new("deeexport").signed_in(&app).await;

    // A member cannot use the admin's door.
    let res = dee_client
        .post_form(
            &format!("/admin/users/{}/privacy/export", cy.id.as_str()),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // An unknown member.
    let res = admin
        .post_form("/admin/users/nobody/privacy/export", &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = admin
        .post_form(
            &format!("/admin/users/{}/privacy/export", cy.id.as_str()),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = mailed_link(&app, &cy.email, 1).await;
    assert_eq!(admin.get(&path).await.status(), StatusCode::NOT_FOUND);
    let res = cy_client.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    let archive: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(archive["profile"]["username"], "cyexport");
}
