//! The digest's one-click actions: a GET (a mail scanner) changes nothing, the POST works
//! once, a suspended member's token is refused; and the digest carries the links.

use diesel::prelude::*;
use parley::db::models::notification_prefs;
use parley::db::models::users;
use parley::db::schema::{posts, watches};
use parley::db::{OneClickAction, PostId, TopicId, UserId};
use parley::invitations::one_click;
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::{ask, reply, topic_row};
use crate::helpers::{CommunityBuilder, TestApp, UserBuilder};

/// A signed link for `user`, as the digest composer makes it (with the member's key).
async fn link_for(app: &TestApp, user: &UserId, action: OneClickAction, target: &str) -> String {
    let (uid, now) = (user.clone(), app.clock.now());
    let key = db(app, move |conn| {
        Ok(
            notification_prefs::ensure(conn, &uid, now, parley::auth::secret::random_token)?
                .unsubscribe_key,
        )
    })
    .await;
    let expires = now.plus_secs(one_click::TTL_SECS);
    let url = one_click::url("", &key, user, action, target, expires);
    assert!(url.starts_with("/mail/action/"));
    url
}

async fn score_of(app: &TestApp, post: &str) -> i32 {
    let id = PostId::parse(post).expect("post id");
    db(app, move |conn| {
        Ok(posts::table
            .find(id)
            .select(posts::score)
            .first::<i32>(conn)?)
    })
    .await
}

#[tokio::test]
async fn a_helped_link_changes_nothing_on_get_and_works_once_on_post() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let (zed, asker) = UserBuilder::new("zed").signed_in(&app).await;
    let (_, ann) = UserBuilder::new("ann").signed_in(&app).await;
    let (rita, _) = UserBuilder::new("rita").signed_in(&app).await;
    let question = ask(&asker, "open", "How do I reset the widget?").await;
    let answer = reply(&app, &ann, &question, "Hold the button for ten seconds.").await;

    // Another reader: "helped" is an upvote.
    let link = link_for(&app, &rita.id, OneClickAction::Helped, &answer.id).await;
    let scanner = app.new_client();
    let (status, page) = scanner.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Upvote this answer"), "{page}");
    assert_eq!(score_of(&app, &answer.id).await, 0, "a GET changes nothing");

    let browser = app.new_client();
    let first = browser.post_form_without_csrf(&link, &[]).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(score_of(&app, &answer.id).await, 1);
    assert!(browser.session_cookie().is_none(), "nobody is signed in");
    let second = browser.post_form_without_csrf(&link, &[]).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    assert_eq!(score_of(&app, &answer.id).await, 1);

    // The asker: "helped" accepts the answer.
    let link = link_for(&app, &zed.id, OneClickAction::Helped, &answer.id).await;
    let response = app.new_client().post_form_without_csrf(&link, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let topic = topic_row(&app, &question.id).await;
    assert_eq!(
        topic.accepted_post_id.map(|p| p.to_string()),
        Some(answer.id.clone())
    );
}

#[tokio::test]
async fn a_suspended_members_token_and_a_forged_one_are_refused() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let (_, asker) = UserBuilder::new("zed").signed_in(&app).await;
    let (rita, _) = UserBuilder::new("rita").signed_in(&app).await;
    let question = ask(&asker, "open", "Which widget colour lasts longest?").await;
    let link = link_for(&app, &rita.id, OneClickAction::Follow, &question.id).await;

    // A token for rita altered to name someone else fails its signature.
    let (zed_id, _) = (UserId::parse(&users_id(&app, "zed").await).expect("id"), ());
    let forged = link.replace(rita.id.as_str(), zed_id.as_str());
    let response = app.new_client().post_form_without_csrf(&forged, &[]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let (uid, now) = (rita.id.clone(), app.clock.now());
    db(&app, move |conn| {
        users::set_suspension(conn, &uid, Some(now.plus_secs(86_400)), Some("test"), now)?;
        Ok(())
    })
    .await;
    let response = app.new_client().post_form_without_csrf(&link, &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (uid, tid) = (
        rita.id.clone(),
        TopicId::parse(&question.id).expect("topic id"),
    );
    let watched: i64 = db(&app, move |conn| {
        Ok(watches::table
            .filter(watches::user_id.eq(uid))
            .filter(watches::target_id.eq(tid.to_string()))
            .count()
            .get_result(conn)?)
    })
    .await;
    assert_eq!(watched, 0, "nothing changed");
}

async fn users_id(app: &TestApp, name: &str) -> String {
    let n = name.to_string();
    db(app, move |conn| {
        Ok(users::find_by_username_key(conn, &n)?
            .expect("user")
            .id
            .to_string())
    })
    .await
}

#[tokio::test]
async fn the_digest_carries_one_click_links_that_work_from_the_mail() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let (_, asker) = UserBuilder::new("zed").signed_in(&app).await;
    let (_, ann) = UserBuilder::new("ann").signed_in(&app).await;
    let (rita, rita_browser) = UserBuilder::new("rita").signed_in(&app).await;
    let response = rita_browser
        .post_form(
            "/settings/notifications",
            &[
                ("mail_replies", "on"),
                ("mail_mentions", "on"),
                ("mail_watching", "on"),
                ("mail_updates", "on"),
                ("digest", "daily"),
            ],
        )
        .await;
    crate::helpers::assert_see_other(&response, "/settings/notifications?notice=saved");
    app.clock.advance_secs(1);
    let question = ask(&asker, "open", "How do I pair the remote?").await;
    let answer = reply(
        &app,
        &ann,
        &question,
        "Hold the button until it blinks twice.",
    )
    .await;
    let idea = crate::helpers::TopicBuilder::idea("A dark mode for the dashboard")
        .in_("open")
        .by(&asker)
        .build(&app)
        .await;
    reply(&app, &ann, &idea, "Yes please, for night shifts.").await;
    ask(&asker, "open", "Does the widget work offline?").await;

    app.clock.advance_secs(86_400);
    let digest = crate::helpers::fixtures::wait_until("the daily digest reaches rita", || async {
        app.mail
            .messages_to(&rita.email)
            .into_iter()
            .find(|m| m.subject().contains("digest"))
    })
    .await;
    let text = digest.text_body();
    for label in [
        "This answer helped me",
        "Vote for this idea",
        "Follow this topic",
        "Answer this question",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    assert!(digest.html_body().contains("/mail/action/"));
    let helped = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("This answer helped me: "))
        .expect("a helped link")
        .to_string();
    let path = crate::helpers::fixtures::path_of(&app, &helped);
    let scanner = app.new_client();
    assert_eq!(scanner.get(&path).await.status(), StatusCode::OK);
    assert_eq!(
        score_of(&app, &answer.id).await,
        0,
        "a scanner's GET changes nothing"
    );
    let response = app.new_client().post_form_without_csrf(&path, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(score_of(&app, &answer.id).await, 1);
}
