//! The append-only, filterable, exportable audit log, and moderation pages rendered
//! without active content.

use diesel::prelude::*;
use parley::db::schema::audit_log;
use reqwest::StatusCode;

use super::VALID_CARD;
use crate::helpers::fixtures::assert_no_active_content;
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::*;
use crate::helpers::TopicBuilder;

#[tokio::test]
async fn audit_log_is_filterable_exportable_and_never_editable() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (t, _) = topic_after_post(
        &TopicBuilder::discussion("Payment")
            .body(VALID_CARD)
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    let item = open_item(&app, post_by_number(&app, &t.id, 1).await.id.as_ref()).await;
    review(&admin, &item, "hide", &[]).await;

    let html = page(
        &admin,
        "/admin/audit?action=review.&actor=chief&community=widgets",
    )
    .await;
    assert!(html.contains("review.hide"));
    assert!(!html.contains("community.create"), "filtered by action");
    let html = page(&admin, "/admin/audit?actor=nobody").await;
    assert!(
        !html.contains("review.hide"),
        "an unknown actor matches nothing"
    );

    let response = admin.get("/admin/audit.csv?action=review.hide").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("when,who,action"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].contains("\"review.hide\"")
            && lines[1].contains("\"held\"")
            && lines[1].contains("\"hidden\"")
    );
    assert_eq!(
        ana.get("/admin/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );

    // The database refuses to change or delete audit rows.
    let tampered = app
        .state
        .db(|conn| {
            Ok(diesel::update(audit_log::table)
                .set(audit_log::details.eq("tampered"))
                .execute(conn)?)
        })
        .await;
    assert!(tampered.is_err());
    let deleted = app
        .state
        .db(|conn| Ok(diesel::delete(audit_log::table).execute(conn)?))
        .await;
    assert!(deleted.is_err());
    assert!(!audit_rows(&app, "review.hide").await.is_empty());
}

#[tokio::test]
async fn moderation_pages_render_without_active_content() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (t, _) = topic_after_post(
        &TopicBuilder::discussion("Payment")
            .body(VALID_CARD)
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    let answer = reply(
        &app,
        &admin,
        &TopicRef {
            id: t.id.clone(),
            path: t.path.clone(),
        },
        "An answer",
    )
    .await;
    let response = ana
        .post_form(&format!("/p/{}/flag", answer.id), &[("reason", "spam")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    for path in [
        "/admin/moderation",
        "/c/widgets/moderation",
        "/mod/users/ana",
        "/review",
        "/review?c=widgets",
        "/admin/audit",
        t.path.as_str(),
    ] {
        let html = page(&admin, path).await;
        assert_no_active_content(&html, path);
    }
    let html = page(&admin, "/admin/moderation").await;
    for d in [
        "Payment card numbers",
        "IBANs",
        "API keys and secrets",
        "Internal code names",
    ] {
        assert!(html.contains(d), "the settings page lists {d}");
    }
}
