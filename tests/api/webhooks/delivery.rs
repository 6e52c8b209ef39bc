//! What arrives at a receiver, when, how often and signed how.

use diesel::prelude::*;
use parley::db::schema::{users, webhook_attempts, webhook_deliveries, webhook_events};
use parley::db::{CommunityRole, DeliveryStatus, SiteRole, Visibility};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{problem, scene, wait_for, wait_until_settled, Api, VALID_CARD};
use crate::helpers::api_client::token as make_token;
use crate::helpers::fixtures::{db, outbox_to, wait_until};
use crate::helpers::moderation_fixtures::{open_item, review, topic_after_post};
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::{CommunityBuilder, PostBuilder, TopicBuilder, UserBuilder};

#[tokio::test]
async fn subscription_secret_is_shown_once_and_signed_events_arrive_with_thin_payloads() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    let sub = api
        .subscribe(&receiver.url(), &["topic.created", "post.created"], None)
        .await;
    let secret = sub["secret"]
        .as_str()
        .expect("secret in the create answer")
        .to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(sub["events"], json!(["topic.created", "post.created"]));
    assert_eq!(sub["enabled"], true);

    // Never shown again.
    let id = sub["id"].as_str().unwrap();
    let again = api
        .get(&format!("/api/v1/webhooks/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!again.contains(&secret[6..]), "{again}");
    assert!(!again.contains("\"secret\""), "{again}");
    let list = api.get("/api/v1/webhooks").await.text().await.unwrap();
    assert!(!list.contains(&secret[6..]) && list.contains(id), "{list}");

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let (_, bob) = UserBuilder::new("bob").signed_in(&app).await;
    let topic = TopicBuilder::question("How do widgets work")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let got = wait_for(&receiver, "topic.created", 1).await;
    let request = &got[0];
    assert!(request.verifies_with(&secret), "signature verifies");
    let other = parley::webhooks::sign::new_secret().unwrap();
    assert!(
        !request.verifies_with(&other),
        "another secret does not verify"
    );
    let mut tampered = request.clone();
    tampered.body = tampered.body.replace("widgets", "gadgets");
    assert!(
        !tampered.verifies_with(&secret),
        "a changed body does not verify"
    );
    let event = request.json();
    assert_eq!(event["data"]["id"], topic.id.as_str());
    assert_eq!(event["data"]["community"], "widgets");
    assert_eq!(event["data"]["url"], format!("/api/v1/topics/{}", topic.id));
    assert!(event["timestamp"].is_string());
    assert!(
        !request.body.contains("How do widgets work"),
        "payloads are thin"
    );

    let reply = PostBuilder::reply("Turn the crank.")
        .to(&topic)
        .by(&bob)
        .build(&app)
        .await;
    let got = wait_for(&receiver, "post.created", 1).await;
    assert_eq!(got[0].json()["data"]["id"], reply.id.as_str());
    assert_eq!(got[0].json()["data"]["topic_id"], topic.id.as_str());
    assert!(got[0].verifies_with(&secret));
    wait_until_settled(&app).await;

    // The log, cursor-paged, newest first; each delivery's id is its webhook-id.
    let first = api
        .get_json(&format!("/api/v1/webhooks/{id}/deliveries?limit=1"))
        .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    assert_eq!(first["items"][0]["type"], "post.created");
    assert_eq!(first["items"][0]["status"], "delivered");
    assert_eq!(first["items"][0]["attempts"], 1);
    assert_eq!(first["items"][0]["last_status"], 200);
    assert_eq!(
        first["items"][0]["id"].as_str().unwrap(),
        got[0].header("webhook-id")
    );
    let next = first["next"].as_str().expect("a next page").to_string();
    let second = api.get_json(&next).await;
    assert_eq!(second["items"][0]["type"], "topic.created");
    assert_eq!(second["next"], Value::Null);
    let delivery = second["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(delivery, request.header("webhook-id"));

    // Redelivered on request, with the same webhook-id.
    let response = api
        .post(
            &format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver"),
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let got = wait_for(&receiver, "topic.created", 2).await;
    assert_eq!(got[1].header("webhook-id"), delivery);
    assert!(got[1].verifies_with(&secret));
}

#[tokio::test]
async fn receiver_down_then_up_gets_the_event_once_with_the_same_webhook_id() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let port = Receiver::unused_port();
    let sub = api
        .subscribe(
            &format!("http://127.0.0.1:{port}/hooks/parley"),
            &["topic.created"],
            None,
        )
        .await;
    let secret = sub["secret"].as_str().unwrap().to_string();
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("Anyone here")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;

    // The first attempt fails (nothing listens) and is scheduled again.
    let failed = wait_until("the first attempt failed", || async {
        let items = api.deliveries(&sub).await;
        items
            .first()
            .filter(|d| d["attempts"] == 1 && d["status"] == "pending")
            .cloned()
    })
    .await;
    assert!(
        failed["last_error"].as_str().unwrap().contains("connect"),
        "{failed}"
    );
    assert_eq!(failed["last_status"], Value::Null);

    let receiver = Receiver::start_on(port).await;
    app.clock.advance_secs(6);
    let got = wait_for(&receiver, "topic.created", 1).await;
    assert_eq!(got[0].header("webhook-id"), failed["id"].as_str().unwrap());
    assert!(got[0].verifies_with(&secret));
    wait_until_settled(&app).await;

    // Delivered on the second attempt, each attempt logged once; nothing is due any more,
    // so another worker pass sends nothing.
    let items = api.deliveries(&sub).await;
    assert_eq!(items[0]["status"], "delivered");
    assert_eq!(items[0]["attempts"], 2);
    let attempts: Vec<i32> = db(&app, |conn| {
        Ok(webhook_attempts::table
            .order(webhook_attempts::attempt.asc())
            .select(webhook_attempts::attempt)
            .load(conn)?)
    })
    .await;
    assert_eq!(attempts, vec![1, 2]);
    app.clock.advance_secs(86_400);
    let allow = parley::webhooks::ssrf::AllowHosts::parse("127.0.0.1");
    let worker = parley::webhooks::deliver::Worker {
        client: parley::webhooks::deliver::client(&allow).unwrap(),
        allow,
        owner: "test-worker".into(),
    };
    assert_eq!(worker.run_once(&app.state).await.unwrap(), 0);
    assert_eq!(receiver.requests().len(), 1);
}

#[tokio::test]
async fn two_nodes_deliver_each_event_exactly_once() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    api.subscribe(&receiver.url(), &["topic.created"], None)
        .await;
    let _second = crate::helpers::fixtures::start_node(&app, |_| {}).await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    for i in 0..8 {
        TopicBuilder::discussion(&format!("Topic number {i}"))
            .in_("widgets")
            .by(&ana)
            .build(&app)
            .await;
    }
    wait_for(&receiver, "topic.created", 8).await;
    wait_until_settled(&app).await;
    let mut ids: Vec<String> = receiver
        .requests()
        .iter()
        .map(|r| r.header("webhook-id"))
        .collect();
    assert_eq!(ids.len(), 8, "one request per delivery");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "no webhook-id twice");
}

#[tokio::test]
async fn a_private_sub_communitys_event_never_reaches_a_subscriber_who_cannot_read_it() {
    let (app, admin, _) = scene().await;
    let vault = CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    // Boss subscribes while an admin, then is demoted: a member outside the vault.
    let (boss, boss_browser) = UserBuilder::new("boss").admin().signed_in(&app).await;
    let boss_api = Api {
        app: &app,
        token: make_token(&boss_browser, &["webhooks:manage"], None).await,
    };
    let boss_receiver = Receiver::start().await;
    boss_api
        .subscribe(&boss_receiver.url(), &["topic.created"], None)
        .await;
    let boss_id = boss.id.clone();
    db(&app, move |conn| {
        diesel::update(users::table.find(&boss_id))
            .set(users::role.eq(SiteRole::Member))
            .execute(conn)?;
        Ok(())
    })
    .await;
    // The chief admin's subscription is limited to widgets.
    let chief_api = Api {
        app: &app,
        token: make_token(&admin, &["webhooks:manage"], None).await,
    };
    let chief_receiver = Receiver::start().await;
    chief_api
        .subscribe(&chief_receiver.url(), &["topic.created"], Some("widgets"))
        .await;

    let (_, insider) = UserBuilder::new("insider")
        .role_in(&vault, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let secret_topic = TopicBuilder::discussion("Codename plans")
        .in_("vault")
        .by(&insider)
        .build(&app)
        .await;
    let open_topic = TopicBuilder::discussion("Public news")
        .in_("widgets")
        .by(&insider)
        .build(&app)
        .await;
    wait_for(&boss_receiver, "topic.created", 1).await;
    wait_for(&chief_receiver, "topic.created", 1).await;
    wait_until_settled(&app).await;

    let seen: Vec<Value> = boss_receiver
        .requests()
        .iter()
        .map(|r| r.json()["data"]["id"].clone())
        .collect();
    assert_eq!(
        seen,
        vec![json!(open_topic.id)],
        "boss hears only of what they may read"
    );
    let seen: Vec<Value> = chief_receiver
        .requests()
        .iter()
        .map(|r| r.json()["data"]["id"].clone())
        .collect();
    assert_eq!(
        seen,
        vec![json!(open_topic.id)],
        "the filter keeps to widgets"
    );
    // Demoted, boss may no longer manage webhooks either.
    problem(
        boss_api.get("/api/v1/webhooks").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let statuses: Vec<DeliveryStatus> = db(&app, |conn| {
        Ok(webhook_deliveries::table
            .order(webhook_deliveries::id.asc())
            .select(webhook_deliveries::status)
            .load(conn)?)
    })
    .await;
    assert!(statuses.contains(&DeliveryStatus::Skipped), "{statuses:?}");
    assert!(!boss_receiver
        .requests()
        .iter()
        .any(|r| r.body.contains(&secret_topic.id)));
}

#[tokio::test]
async fn a_held_post_is_told_to_moderation_subscribers_and_created_only_after_approval() {
    let (app, admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    api.subscribe(&receiver.url(), &["topic.created", "post.held"], None)
        .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let (topic, held) = topic_after_post(
        &TopicBuilder::discussion("Pay me here")
            .body(&format!("{VALID_CARD} thanks"))
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(held);
    let got = wait_for(&receiver, "post.held", 1).await;
    let post_id = got[0].json()["data"]["id"].as_str().unwrap().to_string();
    assert_eq!(got[0].json()["data"]["topic_id"], topic.id.as_str());
    let created: i64 = db(&app, |conn| {
        Ok(webhook_events::table
            .filter(webhook_events::event_type.eq("topic.created"))
            .count()
            .get_result(conn)?)
    })
    .await;
    assert_eq!(created, 0, "no topic.created while held");
    assert!(receiver.of_type("topic.created").is_empty());

    let item = open_item(&app, &post_id).await;
    assert_eq!(
        review(&admin, &item, "approve", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let got = wait_for(&receiver, "topic.created", 1).await;
    assert_eq!(got[0].json()["data"]["id"], topic.id.as_str());
    assert_eq!(got[0].json()["data"]["post_id"], post_id.as_str());
}

#[tokio::test]
async fn gone_disables_the_subscription_and_mails_its_owner() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    receiver.answer(410);
    let sub = api
        .subscribe(&receiver.url(), &["topic.created"], None)
        .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("First one")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let path = format!("/api/v1/webhooks/{}", sub["id"].as_str().unwrap());
    let disabled = wait_until("the subscription is disabled", || async {
        let s = api.get_json(&path).await;
        (s["enabled"] == false).then_some(s)
    })
    .await;
    assert!(
        disabled["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("410"),
        "{disabled}"
    );
    assert_eq!(api.deliveries(&sub).await[0]["status"], "failed");
    let mails = outbox_to(&app, "chief@example.com").await;
    assert!(
        mails.iter().any(|m| m.kind == "webhook_disabled"),
        "{mails:?}"
    );

    // Disabled: later events are not even queued for it.
    TopicBuilder::discussion("Second one")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(api.deliveries(&sub).await.len(), 1);
    assert_eq!(receiver.requests().len(), 1);
}

#[tokio::test]
async fn a_subscription_failing_for_three_days_is_disabled() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let sub = api
        .subscribe(&receiver.url(), &["topic.created"], None)
        .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("First one")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    wait_for(&receiver, "topic.created", 1).await;
    let path = format!("/api/v1/webhooks/{}", sub["id"].as_str().unwrap());
    wait_until("the failure is recorded", || async {
        let d = api.deliveries(&sub).await;
        (d[0]["attempts"] == 1).then_some(())
    })
    .await;
    assert_eq!(
        api.get_json(&path).await["enabled"],
        true,
        "one failure is not enough"
    );

    app.clock.advance_secs(3 * 86_400 + 60);
    let disabled = wait_until("the subscription is disabled", || async {
        let s = api.get_json(&path).await;
        (s["enabled"] == false).then_some(s)
    })
    .await;
    assert!(disabled["disabled_reason"]
        .as_str()
        .unwrap()
        .contains("three days"));
    let mails = outbox_to(&app, "chief@example.com").await;
    assert!(
        mails.iter().any(|m| m.kind == "webhook_disabled"),
        "{mails:?}"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_queued_delivery_is_not_redelivered_twice() {
    let (app, _admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    receiver.answer(503);
    receiver.retry_after(600);
    let sub = api
        .subscribe(&receiver.url(), &["topic.created"], None)
        .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    TopicBuilder::discussion("Busy receiver")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let failed = wait_until("the first attempt failed", || async {
        let items = api.deliveries(&sub).await;
        items.first().filter(|d| d["attempts"] == 1).cloned()
    })
    .await;
    assert_eq!(failed["status"], "pending");
    assert_eq!(failed["last_status"], 503);
    let (started, next): (i64, i64) = db(&app, |conn| {
        let started = webhook_attempts::table
            .select(webhook_attempts::started_at)
            .first::<parley::db::Timestamp>(conn)?;
        let next = webhook_deliveries::table
            .select(webhook_deliveries::next_attempt_at)
            .first::<parley::db::Timestamp>(conn)?;
        Ok((started.micros(), next.micros()))
    })
    .await;
    assert_eq!(
        next - started,
        600 * 1_000_000,
        "Retry-After, not the 5 s step"
    );

    // Still queued: a redeliver would race it.
    let path = format!(
        "/api/v1/webhooks/{}/deliveries/{}/redeliver",
        sub["id"].as_str().unwrap(),
        failed["id"].as_str().unwrap()
    );
    problem(
        api.post(&path, json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    receiver.answer(200);
    app.clock.advance_secs(601);
    let got = wait_for(&receiver, "topic.created", 2).await;
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"));
}
