//! Each event type, and who may receive it: moderation events (flags, holds, sanctions)
//! only reach subscriptions whose owner moderates there.

use diesel::prelude::*;
use parley::db::schema::users;
use parley::db::{CommunityRole, SiteRole};
use reqwest::StatusCode;

use super::{scene, wait_for, wait_until_settled, Api};
use crate::helpers::api_client::token as make_token;
use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::{accept, opening_post};
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::{grant_role, PostBuilder, TopicBuilder, UserBuilder};

#[tokio::test]
async fn accepted_answers_and_idea_statuses_are_delivered() {
    let (app, admin, token) = scene().await;
    let api = Api { app: &app, token };
    let receiver = Receiver::start().await;
    api.subscribe(
        &receiver.url(),
        &["answer.accepted", "idea.status_changed"],
        None,
    )
    .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let (_, bob) = UserBuilder::new("bob").signed_in(&app).await;
    let question = TopicBuilder::question("Which gear ratio")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let answer = PostBuilder::reply("Three to one.")
        .to(&question)
        .by(&bob)
        .build(&app)
        .await;
    assert_eq!(
        accept(&ana, &question, &answer).await.status(),
        StatusCode::SEE_OTHER
    );
    let got = wait_for(&receiver, "answer.accepted", 1).await;
    let data = &got[0].json()["data"];
    assert_eq!(data["id"], question.id.as_str());
    assert_eq!(data["post_id"], answer.id.as_str());
    assert_eq!(data["community"], "widgets");

    let idea = TopicBuilder::idea("Dark mode")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let response = admin
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[("status", "planned"), ("note", "Next quarter")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let got = wait_for(&receiver, "idea.status_changed", 1).await;
    assert_eq!(got[0].json()["data"]["id"], idea.id.as_str());
    assert_eq!(got[0].json()["data"]["status"], "planned");
    // Only what was subscribed to.
    assert_eq!(receiver.requests().len(), 2);
}

#[tokio::test]
async fn flags_and_sanctions_reach_only_subscribers_who_moderate() {
    let (app, admin, token) = scene().await;
    let chief = Api { app: &app, token };
    let chief_receiver = Receiver::start().await;
    chief
        .subscribe(
            &chief_receiver.url(),
            &["topic.created", "flag.created", "member.sanctioned"],
            None,
        )
        .await;
    // Boss subscribes while an admin, then is demoted to a plain member who may still
    // read widgets; a moderator of widgets hears of its flags.
    let (boss, boss_browser) = UserBuilder::new("boss").admin().signed_in(&app).await;
    let boss_api = Api {
        app: &app,
        token: make_token(&boss_browser, &["webhooks:manage"], None).await,
    };
    let boss_receiver = Receiver::start().await;
    boss_api
        .subscribe(
            &boss_receiver.url(),
            &["topic.created", "flag.created", "member.sanctioned"],
            None,
        )
        .await;
    let (mona, mona_browser) = UserBuilder::new("mona").admin().signed_in(&app).await;
    let mona_api = Api {
        app: &app,
        token: make_token(&mona_browser, &["webhooks:manage"], None).await,
    };
    let mona_receiver = Receiver::start().await;
    mona_api
        .subscribe(&mona_receiver.url(), &["flag.created"], None)
        .await;
    let (boss_id, mona_id) = (boss.id.clone(), mona.id.clone());
    db(&app, move |conn| {
        diesel::update(users::table.filter(users::id.eq_any([&boss_id, &mona_id])))
            .set(users::role.eq(SiteRole::Member))
            .execute(conn)?;
        Ok(())
    })
    .await;
    grant_role(&admin, "widgets", "mona", CommunityRole::Moderator).await;

    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let (_, bob) = UserBuilder::new("bob").signed_in(&app).await;
    let topic = TopicBuilder::discussion("Buy cheap watches")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let opening = opening_post(&app, &topic).await;
    let response = bob
        .post_form(&format!("/p/{}/flag", opening.id), &[("reason", "spam")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = admin
        .post_form(
            "/mod/users/ana/sanction",
            &[("kind", "silence"), ("days", "3"), ("reason", "Spam links")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let flags = wait_for(&chief_receiver, "flag.created", 1).await;
    assert_eq!(flags[0].json()["data"]["post_id"], opening.id.as_str());
    let sanctions = wait_for(&chief_receiver, "member.sanctioned", 1).await;
    assert_eq!(sanctions[0].json()["data"]["username"], "ana");
    assert_eq!(sanctions[0].json()["data"]["sanction"], "silence");
    wait_for(&mona_receiver, "flag.created", 1).await;
    wait_for(&boss_receiver, "topic.created", 1).await;
    wait_until_settled(&app).await;
    assert!(boss_receiver.of_type("flag.created").is_empty());
    assert!(boss_receiver.of_type("member.sanctioned").is_empty());
    assert_eq!(boss_receiver.requests().len(), 1);
}

#[tokio::test]
async fn moves_and_merges_are_told_as_of_the_right_sub_community() {
    let (app, admin, token) = scene().await;
    crate::helpers::CommunityBuilder::new("gadgets")
        .build(&app, &admin)
        .await;
    let api = Api { app: &app, token };
    let everywhere = Receiver::start().await;
    api.subscribe(&everywhere.url(), &["topic.moved", "topic.merged"], None)
        .await;
    let widgets_only = Receiver::start().await;
    api.subscribe(
        &widgets_only.url(),
        &["topic.moved", "topic.merged"],
        Some("widgets"),
    )
    .await;
    let (_, ana) = UserBuilder::new("ana").signed_in(&app).await;
    let moving = TopicBuilder::question("Gadget remote pairing")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let kept = TopicBuilder::question("Widget LED blinks red")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let merged = TopicBuilder::question("Red blinking LED")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let moved = admin
        .post_form(
            &format!("/t/{}/move", moving.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let joined = admin
        .post_form(
            &format!("/t/{}/merge", merged.id),
            &[("into", kept.id.as_str())],
        )
        .await;
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);

    let got = wait_for(&everywhere, "topic.moved", 1).await;
    let data = &got[0].json()["data"];
    assert_eq!(data["id"], moving.id.as_str());
    assert_eq!(data["community"], "gadgets");
    let got = wait_for(&everywhere, "topic.merged", 1).await;
    let data = &got[0].json()["data"];
    assert_eq!(data["id"], merged.id.as_str());
    assert_eq!(data["into"], kept.id.as_str());
    assert_eq!(data["url"], format!("/api/v1/topics/{}", kept.id));
    assert_eq!(data["community"], "widgets");
    // The subscription limited to widgets hears of the merge there, not of the topic
    // that left for gadgets.
    wait_for(&widgets_only, "topic.merged", 1).await;
    wait_until_settled(&app).await;
    assert!(widgets_only.of_type("topic.moved").is_empty());
    assert_eq!(everywhere.requests().len(), 2);
}
