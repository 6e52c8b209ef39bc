use reqwest::StatusCode;

use crate::helpers::fixtures::db;

use super::{columns_holding, privacy_app};

/// `serve --demo`: a demo member's account page offers both requests, and deleting a
/// member with a demo history (posts, votes, notifications, mail, escalations, webhook
/// events, outcome events) leaves no trace of their address or username.
#[tokio::test]
async fn a_demo_member_finds_both_requests_and_their_deletion_leaves_no_trace() {
    let app = privacy_app().await;
    let clock = app.clock.clone();
    let created = db(&app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created);
    let carla = app.new_client();
    let res = carla.login("carla", parley::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, html) = carla.get_html("/settings/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("action=\"/settings/account/export\""),
        "{html}"
    );
    assert!(
        html.contains("action=\"/settings/account/delete\""),
        "{html}"
    );
    let email = db(&app, |conn| {
        use diesel::prelude::*;
        use parley::db::schema::users;
        Ok(users::table
            .filter(users::username.eq("carla"))
            .select(users::email)
            .first::<String>(conn)?)
    })
    .await;
    assert!(!columns_holding(&app, &email).await.is_empty());

    let res = carla
        .post_form(
            "/settings/account/delete",
            &[("delete_confirm", parley::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.clock.advance_secs(8 * 86_400);
    assert_eq!(
        parley::privacy::job::erase_due(&app.state).await.unwrap(),
        1
    );
    assert_eq!(columns_holding(&app, &email).await, Vec::<String>::new());
    let left: Vec<String> = columns_holding(&app, "carla")
        .await
        .into_iter()
        // What other members wrote about her is theirs; the demo's sample received mail
        // comes from "Carla <carla@example.com>", an address that is not her account's.
        .filter(|c| {
            !c.starts_with("posts.")
                && !c.starts_with("post_revisions.")
                && !c.starts_with("inbound_mail.")
        })
        .collect();
    assert_eq!(left, Vec::<String>::new());
    // Her threads still render.
    let (status, _) = app.new_client().get_html("/c/widgets").await;
    assert_eq!(status, StatusCode::OK);
}
