//! The JSON API of escalations and the `topic.escalated` / `escalation.updated`
//! webhooks, delivered to a real receiver.

use diesel::prelude::*;
use parley::db::schema::users;
use parley::db::SiteRole;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{escalation_count, question, scene, vault};
use crate::helpers::api_client::{token, Api};
use crate::helpers::fixtures::{db, wait_until};
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::UserBuilder;

async fn wait_for(receiver: &Receiver, kind: &str, n: usize) -> Vec<Value> {
    wait_until(&format!("{n} {kind} webhook(s)"), || async {
        let got = receiver.of_type(kind);
        (got.len() >= n).then(|| got.iter().map(|r| r.json()).collect())
    })
    .await
}

#[tokio::test]
async fn escalations_over_the_api_emit_signed_webhooks_without_the_internal_note() {
    let s = scene().await;
    let app = &s.app;
    let receiver = Receiver::start().await;
    let admin_api = Api::new(app, &token(&s.admin, &["webhooks:manage"], None).await);
    let sub = admin_api
        .post(
            "/api/v1/webhooks",
            json!({ "url": receiver.url(), "events": ["topic.escalated", "escalation.updated"] }),
        )
        .await;
    assert_eq!(sub.status(), StatusCode::CREATED);
    let sub: Value = sub.json().await.expect("JSON");
    let secret = sub["secret"].as_str().expect("secret").to_string();

    let topic = question(&s, "widgets", "Charged in the wrong currency").await;
    let staff = Api::new(
        app,
        &token(&s.employee.1, &["topics:read", "topics:write"], None).await,
    );
    let created = staff
        .post(
            &format!("/api/v1/topics/{}/escalations", topic.id),
            json!({ "team": "billing", "external_id": "BIL-42", "internal_note": "VIP account" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("JSON");
    assert_eq!(created["team"], "billing");
    assert_eq!(created["status"], "open");
    assert_eq!(created["internal_note"], "VIP account");
    let eid = created["id"].as_str().expect("id").to_string();

    let changed = staff
        .send(
            Method::PATCH,
            &format!("/api/v1/escalations/{eid}"),
            &json!({ "status": "in_progress", "owner": "tara" }),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.expect("JSON");
    assert_eq!(changed["status"], "in_progress");
    assert_eq!(changed["owner"], "tara");

    // A member reads the escalation without its internal note, and may not change it.
    let member = Api::new(
        app,
        &token(&s.member.1, &["topics:read", "topics:write"], None).await,
    );
    let listed = member
        .json(&format!("/api/v1/topics/{}/escalations", topic.id))
        .await;
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["status"], "in_progress");
    assert!(items[0].get("internal_note").is_none(), "{listed}");
    let refused = member
        .send(
            Method::PATCH,
            &format!("/api/v1/escalations/{eid}"),
            &json!({ "status": "resolved" }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let teams = member.json("/api/v1/teams").await;
    assert_eq!(teams["items"][0]["slug"], "billing");
    assert_eq!(teams["items"][0]["communities"], json!(["widgets"]));

    // Bad input over the API: a clear 422, nothing written.
    let bad = staff
        .post(
            &format!("/api/v1/topics/{}/escalations", topic.id),
            json!({ "team": "billing", "external_url": "ftp://tracker" }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(escalation_count(app).await, 1);

    let escalated = wait_for(&receiver, "topic.escalated", 1).await;
    let updated = wait_for(&receiver, "escalation.updated", 1).await;
    assert_eq!(escalated[0]["data"]["id"], eid.as_str());
    assert_eq!(escalated[0]["data"]["topic_id"], topic.id.as_str());
    assert_eq!(escalated[0]["data"]["team"], "billing");
    assert_eq!(escalated[0]["data"]["community"], "widgets");
    assert_eq!(updated[0]["data"]["status"], "in_progress");
    for r in receiver.requests() {
        assert!(r.verifies_with(&secret), "signature");
        assert!(
            !r.body.contains("VIP account"),
            "internal note in a webhook"
        );
    }
}

#[tokio::test]
async fn a_private_escalation_reaches_no_outsider_through_the_api_or_a_webhook() {
    let s = scene().await;
    let app = &s.app;
    let (_, (_, keeper)) = vault(&s).await;
    // Boss subscribes while an admin, then becomes a plain member outside the vault.
    let (boss, boss_browser) = UserBuilder::new("boss").admin().signed_in(app).await;
    let receiver = Receiver::start().await;
    let boss_api = Api::new(app, &token(&boss_browser, &["webhooks:manage"], None).await);
    let sub = boss_api
        .post(
            "/api/v1/webhooks",
            json!({ "url": receiver.url(), "events": ["topic.escalated"] }),
        )
        .await;
    assert_eq!(sub.status(), StatusCode::CREATED);
    let boss_id = boss.id.clone();
    db(app, move |conn| {
        diesel::update(users::table.find(&boss_id))
            .set(users::role.eq(SiteRole::Member))
            .execute(conn)?;
        Ok(())
    })
    .await;

    let keeper_api = Api::new(
        app,
        &token(&keeper, &["topics:read", "topics:write"], None).await,
    );
    let secret = crate::helpers::forum_fixtures::ask(&keeper, "vault", "Prototype overheats").await;
    let created = keeper_api
        .post(
            &format!("/api/v1/topics/{}/escalations", secret.id),
            json!({ "team": "vault-team" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("JSON");
    let eid = created["id"].as_str().expect("id").to_string();
    let open = question(&s, "widgets", "Public question").await;
    let staff = Api::new(
        app,
        &token(&s.employee.1, &["topics:read", "topics:write"], None).await,
    );
    let r = staff
        .post(
            &format!("/api/v1/topics/{}/escalations", open.id),
            json!({ "team": "billing" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // Outsiders: 404 on the escalation and the topic's list; the team is not listed.
    let outsider = Api::new(app, &token(&s.employee.1, &["topics:read"], None).await);
    for path in [
        format!("/api/v1/escalations/{eid}"),
        format!("/api/v1/topics/{}/escalations", secret.id),
    ] {
        assert_eq!(
            outsider.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let teams = outsider.json("/api/v1/teams").await;
    let slugs: Vec<&str> = teams["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["slug"].as_str())
        .collect();
    assert_eq!(slugs, vec!["billing"]);

    // The demoted subscriber hears of the public escalation only.
    let got = wait_for(&receiver, "topic.escalated", 1).await;
    wait_until("no delivery pending", || async {
        let pending: i64 = db(app, |conn| {
            use parley::db::schema::webhook_deliveries as d;
            Ok(d::table
                .filter(d::status.eq(parley::db::DeliveryStatus::Pending))
                .count()
                .get_result(conn)?)
        })
        .await;
        (pending == 0).then_some(())
    })
    .await;
    let ids: Vec<Value> = receiver
        .requests()
        .iter()
        .map(|r| r.json()["data"]["topic_id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(open.id)], "{got:?}");
}
