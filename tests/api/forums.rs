//! Forums and Q&A: questions and their states, answers ordered by acceptance and votes,
//! votes and reputation, brand voice, announcements, moderation, edits and soft deletes,
//! comments, ideas, the employee queue, privacy of closed sub-communities, sanitising,
//! keyset pagination, bounded queries per page and the demo content.

use std::collections::HashSet;

use diesel::prelude::*;
use parley::db::models::topics::Topic;
use parley::db::schema::{posts as posts_table, topics as topics_table, votes as votes_table};
use parley::db::{CommunityRole, Timestamp, TopicId, TopicKind, UserId, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, assert_sent_to_sign_in, assert_sign_in_required, db,
    find_community, sorted,
};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    assert_see_other, form_field, grant_role, html_attr, html_select, spawn_app_with,
    CommunityBuilder, PostBuilder, TestApp, TopicBuilder, UserBuilder,
};

/// Sorted titles of a list page, for comparing filters as sets.
fn sorted_titles(html: &str) -> Vec<String> {
    let mut titles = listed_titles(html);
    titles.sort();
    titles
}

// ----- 1. Question states and filters -----

#[tokio::test]
async fn question_goes_from_unanswered_to_answered_to_solved_and_state_filters_follow() {
    let (app, admin) = widgets().await;
    let api = create_category(
        &app,
        &admin,
        "widgets",
        "integrations",
        "API & integrations",
    )
    .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "How do I rotate API keys?"),
            ("body", "We call the API from **three** services."),
            ("tags", "API, #keys security"),
            ("category", &api),
        ],
    )
    .await;
    let rotate = topic_from_redirect(&response);
    assert!(
        rotate.path.ends_with("/how-do-i-rotate-api-keys"),
        "the topic address carries its slug: {}",
        rotate.path
    );
    let stored = topic_row(&app, &rotate.id).await;
    assert_eq!(stored.tag_list(), vec!["api", "keys", "security"]);
    assert_eq!(
        stored.category_id.as_ref().map(|c| c.to_string()),
        Some(api.clone())
    );

    let html = page(&app, &rotate.path).await;
    assert_eq!(
        html_select(&html, "h1.topic-heading"),
        vec!["How do I rotate API keys?"]
    );
    assert!(
        html_select(&html, "p.crumbs")
            .concat()
            .contains("API & integrations"),
        "the topic page names its category"
    );
    assert_eq!(
        html_select(&html, ".topic-meta a.tag"),
        vec!["#api", "#keys", "#security"]
    );
    let (status, short) = app.get_html(&format!("/t/{}", rotate.id)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "/t/{{id}} without the slug works too"
    );
    assert_eq!(
        html_select(&short, "h1.topic-heading"),
        vec!["How do I rotate API keys?"]
    );

    let list = list_page(&app, "/c/widgets").await;
    let badges = row_badges(&list, "How do I rotate API keys?");
    assert!(
        badges.contains(&"Unanswered".to_string()),
        "new question badges: {badges:?}"
    );
    let row = row_text(&list, "How do I rotate API keys?").unwrap_or_default();
    assert!(
        row.contains("#api") && row.contains("0 answers"),
        "row: {row}"
    );
    let in_category = list_page(&app, "/c/widgets/cat/integrations").await;
    assert_eq!(
        listed_titles(&in_category),
        vec!["How do I rotate API keys?"]
    );
    let tagged = list_page(&app, "/c/widgets?tag=keys").await;
    assert_eq!(listed_titles(&tagged), vec!["How do I rotate API keys?"]);

    // Other topics, so each filter has something to leave out.
    let pending = ask(&ana, "widgets", "Does the API support webhooks?").await;
    let plan = ask(&bob, "widgets", "Which plan includes single sign-on?").await;
    let chat = TopicBuilder::discussion("Show us your dashboards")
        .body("Mine is blue.")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    reply(&app, &ana, &chat, "Mine is green.").await;
    reply(&app, &ana, &plan, "The business plan, I believe.").await;

    let first = reply(
        &app,
        &bob,
        &rotate,
        "Create a second key, deploy it, revoke the old one.",
    )
    .await;
    let list = list_page(&app, "/c/widgets").await;
    let badges = row_badges(&list, "How do I rotate API keys?");
    assert!(
        badges.contains(&"Answered".to_string()) && !badges.contains(&"Unanswered".to_string()),
        "an answered question's badges: {badges:?}"
    );
    assert!(row_text(&list, "How do I rotate API keys?")
        .unwrap_or_default()
        .contains("1 answer"));

    let response = accept(&ana, &rotate, &first).await;
    assert_see_other(&response, &rotate.path);
    let list = list_page(&app, "/c/widgets").await;
    let badges = row_badges(&list, "How do I rotate API keys?");
    assert!(
        badges.contains(&"Solved".to_string()) && !badges.contains(&"Answered".to_string()),
        "a solved question's badges: {badges:?}"
    );
    assert!(
        row_badges(&list, "Show us your dashboards")
            .iter()
            .all(|b| !["Unanswered", "Answered", "Solved"].contains(&b.as_str())),
        "a discussion has no question state"
    );
    assert_eq!(topic_row(&app, &pending.id).await.reply_count, 0);

    assert_eq!(
        sorted_titles(&list_page(&app, "/c/widgets?state=unanswered").await),
        sorted(&["Does the API support webhooks?"])
    );
    assert_eq!(
        sorted_titles(&list_page(&app, "/c/widgets?state=answered").await),
        sorted(&["Which plan includes single sign-on?"])
    );
    assert_eq!(
        sorted_titles(&list_page(&app, "/c/widgets?state=solved").await),
        sorted(&["How do I rotate API keys?"])
    );
    assert_eq!(
        sorted_titles(&list_page(&app, "/c/widgets").await),
        sorted(&[
            "How do I rotate API keys?",
            "Does the API support webhooks?",
            "Which plan includes single sign-on?",
            "Show us your dashboards",
        ])
    );
}

// ----- 2. Answer order -----

#[tokio::test]
async fn accepted_answer_comes_first_then_answers_by_votes() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, dan) = member(&app, "dan").await;
    let (_, eve) = member(&app, "eve").await;
    let (_, fay) = member(&app, "fay").await;

    let q = ask(&ana, "widgets", "Best way to back up widgets?").await;
    let by_bob = reply(&app, &bob, &q, "Export nightly.").await;
    let by_cara = reply(&app, &cara, &q, "Use the snapshot API.").await;
    let by_dan = reply(&app, &dan, &q, "Replicate to a second region.").await;
    assert_eq!((by_bob.number, by_cara.number, by_dan.number), (2, 3, 4));

    let html = page(&ana, &q.path).await;
    assert_eq!(
        post_anchors(&html),
        vec!["p1", "p2", "p3", "p4"],
        "equal scores keep the order of posting"
    );

    vote_ok(&eve, &q, &by_dan, 1).await;
    vote_ok(&fay, &q, &by_dan, 1).await;
    vote_ok(&eve, &q, &by_cara, 1).await;
    let html = page(&ana, &q.path).await;
    assert_eq!(
        post_anchors(&html),
        vec!["p1", "p4", "p3", "p2"],
        "answers are ordered by score (2, 1, 0)"
    );

    let response = accept(&ana, &q, &by_cara).await;
    assert_see_other(&response, &q.path);
    let html = page(&app, &q.path).await;
    assert_eq!(
        post_anchors(&html),
        vec!["p1", "p3", "p4", "p2"],
        "the accepted answer comes first, then the others by score"
    );
    assert_eq!(
        html_attr(&html, "article.post.accepted", "id"),
        vec!["p3"],
        "exactly one post is marked accepted"
    );
    assert!(text_by_id(&html, "p3")
        .unwrap_or_default()
        .contains("Accepted answer"));
}

// ----- 3. Votes -----

#[tokio::test]
async fn vote_up_then_down_then_none_moves_the_score_and_repeats_count_once() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "How are votes counted here?").await;
    let answer = reply(&app, &bob, &q, "Once per member.").await;

    let mut seen = Vec::new();
    for value in [1, 1, -1, -1, 0, 0] {
        vote_ok(&cara, &q, &answer, value).await;
        let score = post_row(&app, &answer).await.score;
        let html = page(&cara, &q.path).await;
        assert_eq!(
            shown_score(&html, &answer.anchor()),
            Some(score),
            "the page shows the stored score"
        );
        seen.push((score, vote_rows(&app, &answer).await));
    }
    assert_eq!(
        seen,
        vec![(1, 1), (1, 1), (-1, 1), (-1, 1), (0, 0), (0, 0)],
        "(score, vote rows) after up, up again, down, down again, none, none again"
    );
    assert_eq!(
        reputation(&app, "bob").await,
        0,
        "removing the vote takes its reputation back"
    );
}

#[tokio::test]
async fn ten_concurrent_identical_upvotes_count_once() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "Does a double click vote twice?").await;
    cara.csrf_token().await;

    // A few bursts, each on a fresh answer: a race shows up in any of them.
    for round in 1..=3 {
        let answer = reply(&app, &bob, &q, &format!("It should not (take {round}).")).await;
        let responses =
            futures_util::future::join_all((0..10).map(|_| vote(&cara, &answer, 1))).await;
        let statuses: Vec<StatusCode> = responses.iter().map(|r| r.status()).collect();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
            "burst {round}: every identical vote is answered like the first one: {statuses:?}"
        );
        assert_eq!(
            (
                post_row(&app, &answer).await.score,
                vote_rows(&app, &answer).await,
                reputation(&app, "bob").await,
            ),
            (1, 1, 10 * round),
            "burst {round} of 10 identical upvotes by one member: (score, rows in votes, \
             author's reputation) must move by exactly one vote"
        );
    }
}

#[tokio::test]
async fn member_cannot_vote_on_own_post_and_anonymous_is_sent_to_sign_in() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Can I upvote myself?").await;
    let question = opening_post(&app, &q).await;
    let answer = reply(&app, &bob, &q, "No, and neither can I.").await;

    let response = vote(&bob, &answer, 1).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "own answer");
    let response = vote(&ana, &question, 1).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "own question");
    let html = page(&bob, &q.path).await;
    assert!(
        html_attr(&html, "article#p2 button", "formaction")
            .iter()
            .all(|a| !a.ends_with("/vote")),
        "no vote buttons on one's own post"
    );
    assert_eq!(
        html_attr(&html, "article#p1 button", "formaction"),
        vec![format!("/p/{}/vote", question.id); 2],
        "but up and down on the question"
    );
    assert_eq!(
        html_select(&html, "input[name=csrf_token]").len(),
        html_select(&html, "form[method=post]").len(),
        "one token per form that posts: the post buttons share one form (the header's \
         search box is a GET form and carries none)"
    );

    let anonymous = app.new_client();
    let response = vote(&anonymous, &answer, 1).await;
    assert_sign_in_required(&response, "anonymous vote");
    for post in [&answer, &question] {
        assert_eq!(post_row(&app, post).await.score, 0);
        assert_eq!(vote_rows(&app, post).await, 0);
    }
    assert_eq!(reputation(&app, "bob").await, 0);
    assert_eq!(reputation(&app, "ana").await, 0);
}

// ----- 4. Acceptance -----

#[tokio::test]
async fn asker_accepts_and_a_second_acceptance_replaces_the_first() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "Which firmware fixes pairing?").await;
    let by_bob = reply(&app, &bob, &q, "Version 2.8.1.").await;
    let by_cara = reply(&app, &cara, &q, "Version 2.9, the 2.8.1 fix is partial.").await;

    assert_see_other(&accept(&ana, &q, &by_bob).await, &q.path);
    assert_eq!(accepted_answer(&app, &q).await, Some(by_bob.id.clone()));
    assert_eq!(reputation(&app, "bob").await, 15);

    assert_see_other(&accept(&ana, &q, &by_cara).await, &q.path);
    assert_eq!(accepted_answer(&app, &q).await, Some(by_cara.id.clone()));
    assert_eq!(
        reputation(&app, "bob").await,
        0,
        "the first answer's acceptance reputation is taken back"
    );
    assert_eq!(reputation(&app, "cara").await, 15);
    let html = page(&app, &q.path).await;
    assert_eq!(
        html_attr(&html, "article.post.accepted", "id"),
        vec![by_cara.anchor()]
    );
}

#[tokio::test]
async fn other_member_cannot_accept_but_an_employee_can() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, mallory) = member(&app, "mallory").await;
    let (_, erin) = employee(&app, "erin").await;
    let q = ask(&ana, "widgets", "Why does sync stall at 99%?").await;
    let answer = reply(&app, &bob, &q, "Clear the cache and retry.").await;

    let response = accept(&mallory, &q, &answer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(accepted_answer(&app, &q).await.is_none());
    assert_eq!(reputation(&app, "bob").await, 0);
    let html = page(&mallory, &q.path).await;
    assert!(
        html_attr(&html, "button", "formaction")
            .iter()
            .all(|a| !a.ends_with("/accept")),
        "no accept button for a bystander"
    );

    let html = page(&erin, &q.path).await;
    assert!(
        html_attr(&html, "button", "formaction")
            .iter()
            .any(|a| a.ends_with("/accept")),
        "staff see the accept button"
    );
    assert_see_other(&accept(&erin, &q, &answer).await, &q.path);
    assert_eq!(accepted_answer(&app, &q).await, Some(answer.id.clone()));
    assert_eq!(reputation(&app, "bob").await, 15);
}

// ----- 5. Brand voice -----

#[tokio::test]
async fn employee_answers_as_the_brand_with_badge_list_label_and_official_page() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let q = ask(&ana, "widgets", "Is the outage on your side?").await;

    let response = post_reply(
        &erin,
        &q,
        &[
            ("body", "Yes, we are restoring service now."),
            ("as_brand", "true"),
        ],
    )
    .await;
    let official = post_from_redirect(&app, &q, &response).await;
    assert!(post_row(&app, &official).await.as_brand);

    let html = page(&app, &q.path).await;
    assert_eq!(
        html_attr(&html, "article.post.official", "id"),
        vec![official.anchor()]
    );
    let byline = html_select(&html, &format!("article#{} .byline", official.anchor())).concat();
    assert!(
        byline.contains("Official") && byline.contains("erin"),
        "the brand badge and the employee's own name: {byline}"
    );
    assert_eq!(
        html_attr(
            &html,
            &format!("article#{} .byline a", official.anchor()),
            "href"
        ),
        vec!["/u/erin"]
    );

    for list in ["/c/widgets", "/latest"] {
        let html = page(&app, list).await;
        assert!(
            row_badges(&html, "Is the outage on your side?").contains(&"Official answer".into()),
            "{list} labels the topic"
        );
    }
    let feed = page(&app, "/c/widgets/official").await;
    assert!(
        html_select(&feed, "article.official h2").contains(&"Is the outage on your side?".into()),
        "the official feed lists the topic"
    );
    assert!(html_select(&feed, "article.official .prose")
        .concat()
        .contains("restoring service now"));
}

#[tokio::test]
async fn customer_cannot_post_as_the_brand() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Who speaks for the company?").await;
    let before_posts = post_count(&app, &q).await;

    let response = post_reply(
        &bob,
        &q,
        &[("body", "We, the company, say yes."), ("as_brand", "true")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "reply as brand");
    assert_eq!(post_count(&app, &q).await, before_posts);
    let t = topic_row(&app, &q.id).await;
    assert_eq!(t.reply_count, 0);
    assert!(!t.official_reply);

    let topics_before = topic_count(&app).await;
    let response = post_topic(
        &bob,
        "widgets",
        &[
            ("kind", "discussion"),
            ("title", "Official statement from us"),
            ("body", "Trust me."),
            ("as_brand", "true"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "topic as brand");
    assert_eq!(topic_count(&app).await, topics_before);
    let html = page(&bob, &q.path).await;
    assert!(
        html_attr(&html, "input[name=as_brand]", "name").is_empty(),
        "customers are not offered the brand checkbox"
    );
    let feed = page(&app, "/c/widgets/official").await;
    assert!(html_select(&feed, "article.official").is_empty());
}

// ----- 6. Announcements -----

#[tokio::test]
async fn only_staff_post_announcements() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let fields = [
        ("kind", "announcement"),
        ("title", "Widgets 5.0 is out"),
        ("body", "Faster sync for everyone."),
    ];

    let form = page(&ana, "/c/widgets/new").await;
    assert!(
        !html_attr(&form, "input[name=kind]", "value").contains(&"announcement".into()),
        "customers are not offered announcements"
    );
    let before = topic_count(&app).await;
    let response = post_topic(&ana, "widgets", &fields).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(topic_count(&app).await, before);

    let form = page(&erin, "/c/widgets/new").await;
    assert!(html_attr(&form, "input[name=kind]", "value").contains(&"announcement".into()));
    let news = topic_from_redirect(&post_topic(&erin, "widgets", &fields).await);
    assert_eq!(
        topic_row(&app, &news.id).await.kind,
        TopicKind::Announcement
    );
    let list = page(&app, "/c/widgets").await;
    assert!(row_badges(&list, "Widgets 5.0 is out").contains(&"Announcement".into()));
}

// ----- 7. Locked topics -----

#[tokio::test]
async fn locked_topic_refuses_member_replies_but_not_moderators() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Heated thread about pricing").await;

    assert_see_other(
        &moira.post_form(&format!("/t/{}/lock", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.locked);
    let html = page(&bob, &q.path).await;
    assert!(html_select(&html, "p.notice.warn")
        .concat()
        .contains("locked"));
    assert!(
        html_select(&html, "section#reply").is_empty(),
        "no reply form on a locked topic"
    );

    let response = post_reply(&bob, &q, &[("body", "One more thing!")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "member reply");
    let response = post_reply(&ana, &q, &[("body", "Even the asker cannot.")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "asker reply");
    assert_eq!(post_count(&app, &q).await, 1, "nothing written");
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 0);

    let note = reply(&app, &moira, &q, "Locked: see the pricing FAQ.").await;
    assert_eq!(note.number, 2);
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 1);
}

// ----- 8. Moderation -----

#[tokio::test]
async fn moderator_of_one_community_cannot_moderate_another() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, gus) = member(&app, "gus").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "gadgets", "gus", CommunityRole::Moderator).await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Widget topic for moderation").await;
    let original = ask(&ana, "widgets", "Original widget question").await;
    let hidden = ask(&admin, "vault", "Vault topic for moderation").await;

    let gadgets_id = find_community(&app, "gadgets").await.expect("gadgets").id;
    for (path, fields) in [
        (format!("/t/{}/pin", q.id), vec![]),
        (format!("/t/{}/lock", q.id), vec![]),
        (
            format!("/t/{}/move", q.id),
            vec![("community", "gadgets"), ("category", "")],
        ),
        (
            format!("/t/{}/duplicate", q.id),
            vec![("original", original.path.as_str())],
        ),
    ] {
        let response = gus.post_form(&path, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "moderator of gadgets: POST {path}"
        );
    }
    // A moderator of the topic's own sub-community still cannot move it into one they
    // do not moderate.
    let response = wendy
        .post_form(
            &format!("/t/{}/move", q.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "move out as wendy"
    );
    for action in ["pin", "lock"] {
        let response = gus
            .post_form(&format!("/t/{}/{action}", hidden.id), &[])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{action} in an invite-only sub-community they cannot see"
        );
    }

    for id in [&q.id, &hidden.id] {
        let t = topic_row(&app, id).await;
        assert!(!t.pinned && !t.locked && t.duplicate_of.is_none(), "{t:?}");
        assert_ne!(t.community_id, gadgets_id);
    }
    assert_eq!(
        listed_titles(&page(&app, "/c/gadgets").await),
        Vec::<String>::new()
    );
    let html = page(&gus, &q.path).await;
    assert!(
        html_select(&html, "section.staff-tools h2")
            .iter()
            .all(|h| h != "Moderation"),
        "no moderation tools outside one's own sub-community"
    );
}

#[tokio::test]
async fn pinned_topic_is_listed_first_until_unpinned() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let oldest = ask(&ana, "widgets", "Read this first: house rules").await;
    app.clock.advance_secs(60);
    ask(&ana, "widgets", "Second topic in time").await;
    app.clock.advance_secs(60);
    ask(&ana, "widgets", "Newest topic in time").await;
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await),
        vec![
            "Newest topic in time",
            "Second topic in time",
            "Read this first: house rules"
        ]
    );

    assert_see_other(
        &wendy.post_form(&format!("/t/{}/pin", oldest.id), &[]).await,
        &oldest.path,
    );
    let list = list_page(&app, "/c/widgets").await;
    assert_eq!(
        listed_titles(&list),
        vec![
            "Read this first: house rules",
            "Newest topic in time",
            "Second topic in time"
        ],
        "the pinned topic comes first, once"
    );
    assert!(row_badges(&list, "Read this first: house rules").contains(&"Pinned".into()));

    assert_see_other(
        &wendy
            .post_form(&format!("/t/{}/unpin", oldest.id), &[])
            .await,
        &oldest.path,
    );
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await)
            .last()
            .map(String::as_str),
        Some("Read this first: house rules")
    );
}

#[tokio::test]
async fn pinned_topic_is_listed_once_across_pages() {
    let (app, admin) = widgets().await;
    let (ana, _) = member(&app, "ana").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let now = app.clock.now();
    let specs: Vec<(String, Timestamp)> = (0..35)
        .map(|i| (format!("Paged topic {i:02}"), now.plus_secs(-60 * (i + 1))))
        .collect();
    let ids = insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;
    // The oldest topic is pinned: it belongs on the first page only.
    let oldest = topic_row(&app, ids[34].as_str()).await;
    assert_see_other(
        &wendy.post_form(&format!("/t/{}/pin", oldest.id), &[]).await,
        &oldest.path(),
    );

    let titles = walk_list(&app, "/c/widgets").await;
    let pinned_seen = titles.iter().filter(|t| *t == "Paged topic 34").count();
    assert_eq!(
        pinned_seen, 1,
        "the pinned topic must be listed once across pages, was listed {pinned_seen} times \
         (first page and again on a later page): {titles:?}"
    );
    assert_eq!(titles.len(), 35, "every topic once: {titles:?}");
}

#[tokio::test]
async fn admin_moves_a_topic_and_it_is_listed_in_the_destination() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let setup = create_category(&app, &admin, "gadgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let q = ask(&ana, "widgets", "My gadget will not pair").await;
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await),
        vec!["My gadget will not pair"]
    );

    let response = admin
        .post_form(
            &format!("/t/{}/move", q.id),
            &[("community", "gadgets"), ("category", &setup)],
        )
        .await;
    assert_see_other(&response, &q.path);
    let gadgets = find_community(&app, "gadgets").await.expect("gadgets");
    let t = topic_row(&app, &q.id).await;
    assert_eq!(t.community_id, gadgets.id);
    assert_eq!(t.category_id.map(|c| c.to_string()), Some(setup));

    assert!(listed_titles(&list_page(&app, "/c/widgets").await).is_empty());
    assert_eq!(
        listed_titles(&list_page(&app, "/c/gadgets").await),
        vec!["My gadget will not pair"]
    );
    assert_eq!(
        listed_titles(&list_page(&app, "/c/gadgets/cat/setup").await),
        vec!["My gadget will not pair"]
    );
    let html = page(&app, &q.path).await;
    let crumbs = html_select(&html, "p.crumbs").concat();
    assert!(
        crumbs.contains("Group gadgets") && crumbs.contains("Setup"),
        "crumbs after the move: {crumbs}"
    );
}

#[tokio::test]
async fn closing_as_duplicate_links_the_original_and_locks() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let original = ask(&ana, "widgets", "How do I reset my widget?").await;
    let copy = ask(&bob, "widgets", "Resetting a widget, how?").await;

    let response =
        close_as_duplicate(&wendy, &copy, &format!("{}{}", app.address, original.path)).await;
    assert_see_other(&response, &copy.path);
    let t = topic_row(&app, &copy.id).await;
    assert!(t.locked, "a duplicate is locked");
    assert_eq!(
        t.duplicate_of.map(|d| d.to_string()),
        Some(original.id.clone())
    );

    let html = page(&bob, &copy.path).await;
    assert!(html_select(&html, "p.notice.warn")
        .concat()
        .contains("closed as a duplicate"));
    assert!(
        html_attr(&html, "p.notice.warn a", "href").contains(&original.path),
        "the notice links the original"
    );
    assert!(
        row_badges(&page(&app, "/c/widgets").await, "Resetting a widget, how?")
            .contains(&"Duplicate".into())
    );
    let response = post_reply(&bob, &copy, &[("body", "But my case is different!")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(topic_row(&app, &copy.id).await.reply_count, 0);
}

// ----- 9. Edits -----

#[tokio::test]
async fn editing_keeps_revision_history_and_only_the_author_edits() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "Edits question, first title").await;
    let answer = reply(&app, &bob, &q, "First wording of the answer.").await;

    let html = page(&app, &q.path).await;
    assert!(!text_by_id(&html, "p2")
        .unwrap_or_default()
        .contains("edited"));

    let (status, form) = bob.get_html(&format!("/p/{}/edit", answer.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        form_field(&form, "body").as_deref(),
        Some("First wording of the answer.")
    );
    let response = bob
        .post_form(
            &format!("/p/{}/edit", answer.id),
            &[("body", "Second wording, clearer.")],
        )
        .await;
    assert_see_other(&response, &format!("{}#p2", q.path));

    let html = page(&app, &q.path).await;
    let p2 = text_by_id(&html, "p2").unwrap_or_default();
    assert!(p2.contains("Second wording, clearer.") && !p2.contains("First wording"));
    let history_link = format!("/p/{}/history", answer.id);
    assert!(
        html_attr(&html, "article#p2 a", "href").contains(&history_link),
        "an \"edited\" link to the history"
    );
    assert!(html_select(&html, "article#p2 .post-head a").contains(&"edited".to_string()));

    let history = page(&app, &history_link).await;
    let revisions = html_select(&history, "ol.revisions li");
    assert_eq!(
        revisions.len(),
        2,
        "one earlier version and the current one: {revisions:?}"
    );
    assert!(
        revisions[0].contains("First wording of the answer.")
            && revisions[0].contains("written by bob"),
        "the previous text with its author: {}",
        revisions[0]
    );
    assert!(
        revisions[1].contains("Second wording, clearer.") && revisions[1].contains("edited by bob"),
        "the current text with its editor (issue 19's versions): {}",
        revisions[1]
    );

    // Someone else may neither open the form nor save.
    let (status, _) = cara.get_html(&format!("/p/{}/edit", answer.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = cara
        .post_form(
            &format!("/p/{}/edit", answer.id),
            &[("body", "Vandalised by cara.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let stored = post_row(&app, &answer).await;
    assert_eq!(stored.body_markdown, "Second wording, clearer.");
    assert_eq!(stored.revision_count, 1);

    // The asker edits the opening post and its title.
    let opening = opening_post(&app, &q).await;
    let response = ana
        .post_form(
            &format!("/p/{}/edit", opening.id),
            &[
                ("title", "Edits question, better title"),
                ("body", "Clearer details."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = page(&app, &format!("/t/{}", q.id)).await;
    assert_eq!(
        html_select(&html, "h1.topic-heading"),
        vec!["Edits question, better title"]
    );
}

// ----- 10. Soft delete -----

#[tokio::test]
async fn deleted_reply_is_hidden_until_a_moderator_restores_it() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let chat = TopicBuilder::discussion("Favourite widget colours")
        .body("Blue.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let regret = reply(&app, &bob, &chat, "Something I regret saying.").await;
    reply(&app, &cara, &chat, "Green, obviously.").await;
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 2);

    let response = bob
        .post_form(&format!("/p/{}/delete", regret.id), &[])
        .await;
    assert_see_other(&response, &chat.path);
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 1);
    for (who, client) in [("cara", &cara), ("anonymous", &app.client)] {
        let html = page(client, &chat.path).await;
        assert_eq!(
            post_anchors(&html),
            vec!["p1", "p3"],
            "{who} sees no deleted reply"
        );
        assert!(!html.contains("Something I regret saying."), "{who}");
        assert!(html_select(&html, "h2").contains(&"1 reply".to_string()));
    }
    let list = page(&app, "/c/widgets").await;
    assert!(row_text(&list, "Favourite widget colours")
        .unwrap_or_default()
        .contains("1 reply"));
    let html = page(&moira, &chat.path).await;
    assert_eq!(
        html_attr(&html, "article.post.deleted", "id"),
        vec!["p2"],
        "moderators see the deleted reply, marked"
    );

    // Only moderators restore: the author gets 403, another member cannot even see it.
    let response = bob
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "author restore");
    let response = cara
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert!(
        matches!(
            response.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "another member's restore answered {}",
        response.status()
    );
    assert!(post_row(&app, &regret).await.deleted_at.is_some());
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 1);

    let response = moira
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert_see_other(&response, &chat.path);
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 2);
    let html = page(&cara, &chat.path).await;
    assert_eq!(post_anchors(&html), vec!["p1", "p2", "p3"]);
    assert!(text_by_id(&html, "p2")
        .unwrap_or_default()
        .contains("Something I regret saying."));
}

// ----- 11. Comments -----

#[tokio::test]
async fn comment_sits_under_its_answer_and_long_comments_are_refused() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Is there a CLI for widgets?").await;
    let answer = reply(&app, &bob, &q, "Yes: widgets-cli.").await;

    let note = PostBuilder::reply("Which version added it?")
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        post_row(&app, &note).await.parent_id.map(|p| p.to_string()),
        Some(answer.id.clone())
    );
    let html = page(&app, &q.path).await;
    assert_eq!(
        html_select(
            &html,
            &format!("article#{} li.comment .prose", answer.anchor())
        ),
        vec!["Which version added it?"],
        "the comment is under the answer"
    );
    assert!(
        html_select(&html, "article#p1 li.comment").is_empty(),
        "and not under the question"
    );
    assert_eq!(
        post_anchors(&html),
        vec!["p1", "p2"],
        "a comment is not an answer"
    );
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 1);

    // The form is on its own page, linked under the question and each answer.
    let comment_page = format!("/p/{}/comment", answer.id);
    let html = page(&ana, &q.path).await;
    assert!(
        html_attr(&html, &format!("article#{} a", answer.anchor()), "href").contains(&comment_page)
    );
    let (status, form) = ana.get_html(&comment_page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(&form, "input[name=parent_id]", "value"),
        vec![answer.id.clone()]
    );
    assert_eq!(
        html_attr(&form, "form[method=post]", "action")
            .last()
            .map(String::as_str),
        Some(format!("/t/{}/reply", q.id).as_str())
    );
    let response = app.new_client().get(&comment_page).await;
    assert_sent_to_sign_in(&response, "a visitor opening the comment form");

    let at_limit = "x".repeat(600);
    PostBuilder::reply(&at_limit)
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;
    let before = post_count(&app, &q).await;
    let too_long = "y".repeat(601);
    let response = post_reply(&ana, &q, &[("body", &too_long), ("parent_id", &answer.id)]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("at most 600 characters"), "the form says why");
    assert_eq!(
        html_select(&body, "textarea[name=body]"),
        vec![too_long.clone()],
        "on the comment page, with the text kept"
    );
    assert_eq!(
        html_attr(&body, "input[name=parent_id]", "value"),
        vec![answer.id.clone()]
    );
    assert_eq!(post_count(&app, &q).await, before, "nothing written");
}

// ----- 12. Ideas -----

#[tokio::test]
async fn employee_sets_idea_status_with_a_note_and_customers_cannot() {
    let (app, _admin) = widgets().await;
    let (_, chen) = member(&app, "chen").await;
    let (_, erin) = employee(&app, "erin").await;
    let idea = TopicBuilder::idea("Dark mode for the dashboard")
        .body("Night shifts would thank you.")
        .in_("widgets")
        .by(&chen)
        .build(&app)
        .await;

    let response = chen
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[("status", "shipped"), ("note", "I say it is done.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let t = topic_row(&app, &idea.id).await;
    assert!(t.idea_status.is_none() && t.idea_status_note.is_empty());
    let html = page(&chen, &idea.path).await;
    assert!(html_select(&html, "select[name=status]").is_empty());

    let response = erin
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[
                ("status", "planned"),
                ("note", "On the roadmap for the autumn."),
            ],
        )
        .await;
    assert_see_other(&response, &idea.path);
    let html = page(&app, &idea.path).await;
    assert!(html_select(&html, ".topic-meta .badge").contains(&"Planned".to_string()));
    assert!(
        html_select(&html, "p.notice")
            .contains(&"Status note: On the roadmap for the autumn.".to_string()),
        "notices: {:?}",
        html_select(&html, "p.notice")
    );
    let list = page(&app, "/c/widgets").await;
    assert!(row_badges(&list, "Dark mode for the dashboard").contains(&"Planned".into()));
}

// ----- 13. Employee queue -----

#[tokio::test]
async fn queue_lists_open_questions_oldest_first_in_covered_communities() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("internal")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;

    let oldest = ask(&ana, "widgets", "Oldest open widget question").await;
    app.clock.advance_secs(2 * 86_400);
    let internal = ask(&erin, "internal", "Internal escalation question").await;
    ask(&admin, "vault", "Vault question nobody covers").await;
    let solved = ask(&ana, "widgets", "Solved widget question").await;
    let answer = reply(&app, &bob, &solved, "Here you go.").await;
    assert_see_other(&accept(&ana, &solved, &answer).await, &solved.path);
    TopicBuilder::discussion("Chat is not a question")
        .body("Hi.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    app.clock.advance_secs(86_400);
    let newest = ask(&bob, "widgets", "Newest open widget question").await;
    let answered = ask(&bob, "widgets", "Answered but unsolved question").await;
    reply(&app, &ana, &answered, "A guess.").await;

    let html = page(&eli, "/queue").await;
    let titles = html_select(&html, "table.table tbody tr td a[href^='/t/']");
    assert_eq!(
        titles,
        vec![
            "Oldest open widget question",
            "Internal escalation question",
            "Newest open widget question",
            "Answered but unsolved question",
        ],
        "unsolved questions in covered sub-communities, oldest first"
    );
    let ages = html_select(&html, "table.table tbody tr td:first-child");
    assert_eq!(
        ages,
        vec!["3 days ago", "1 day ago", "just now", "just now"]
    );
    assert!(html_attr(&html, "table.table a", "href").contains(&oldest.path));
    assert!(html_attr(&html, "table.table a", "href").contains(&internal.path));
    assert!(html_attr(&html, "table.table a", "href").contains(&newest.path));

    // The employees-only question is the employees' business only.
    let (status, _) = ana.get_html(&internal.path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = ana.get("/queue").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "customer queue");
    let response = app.get("/queue").await;
    assert_sent_to_sign_in(&response, "anonymous queue");
}

#[tokio::test]
async fn claiming_shows_who_is_working_on_a_question_until_released() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;
    let q = ask(&ana, "widgets", "Urgent: widgets offline").await;
    let working = "erin is working on this question.";

    let response = ana.post_form(&format!("/t/{}/claim", q.id), &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "customer claim");
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());

    assert_see_other(
        &erin.post_form(&format!("/t/{}/claim", q.id), &[]).await,
        &q.path,
    );
    let html = page(&eli, &q.path).await;
    assert!(
        html_select(&html, "p.muted").contains(&working.to_string()),
        "other employees see the claim"
    );
    let queue = page(&eli, "/queue").await;
    let row = html_select(&queue, "table.table tbody tr").concat();
    assert!(
        row.contains("erin") && !row.contains("nobody"),
        "queue row: {row}"
    );
    let html = page(&erin, &q.path).await;
    assert!(html_select(&html, ".staff-tools button").contains(&"Release".to_string()));

    // Only the claimant releases.
    assert_see_other(
        &eli.post_form(&format!("/t/{}/release", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_some());
    assert_see_other(
        &erin.post_form(&format!("/t/{}/release", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());
    let html = page(&eli, &q.path).await;
    assert!(!html.contains("is working on this question"));
    let queue = page(&eli, "/queue").await;
    assert!(html_select(&queue, "table.table tbody tr")
        .concat()
        .contains("nobody"));
}

// ----- 14. Reputation and leaderboard -----

#[tokio::test]
async fn reputation_moves_with_votes_and_acceptance_and_shows_on_the_profile() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, dan) = member(&app, "dan").await;
    let q = ask(&ana, "widgets", "Reputation question one").await;
    let answer = reply(&app, &bob, &q, "An answer worth points.").await;

    vote_ok(&cara, &q, &answer, 1).await;
    assert_eq!(reputation(&app, "bob").await, 10, "upvote");
    vote_ok(&dan, &q, &answer, -1).await;
    assert_eq!(reputation(&app, "bob").await, 8, "plus a downvote");
    assert_see_other(&accept(&ana, &q, &answer).await, &q.path);
    assert_eq!(reputation(&app, "bob").await, 23, "plus acceptance");
    assert_eq!(reputation(&app, "cara").await, 0, "voting earns nothing");
    assert_eq!(reputation(&app, "ana").await, 0, "accepting earns nothing");

    let profile = page(&app, "/u/bob").await;
    let stats = html_select(&profile, "p.stats-line").concat();
    assert!(
        stats.contains("23 reputation")
            && stats.contains("1 answer ")
            && stats.contains("1 accepted"),
        "profile stats: {stats}"
    );
    assert!(html_select(&profile, ".columns a").contains(&"Reputation question one".to_string()));

    // Accepting one's own answer earns nothing.
    let own = ask(&ana, "widgets", "Reputation question two").await;
    let self_answer = reply(&app, &ana, &own, "Found it myself.").await;
    assert_see_other(&accept(&ana, &own, &self_answer).await, &own.path);
    assert_eq!(accepted_answer(&app, &own).await, Some(self_answer.id));
    assert_eq!(reputation(&app, "ana").await, 0, "self-acceptance");
    let stats = html_select(&page(&app, "/u/ana").await, "p.stats-line").concat();
    assert!(stats.contains("0 reputation"), "{stats}");
}

#[tokio::test]
async fn leaderboard_ranks_members_and_30_days_leaves_older_points_out() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let (dan_user, dan) = member(&app, "dan").await;

    // Long ago: bob earns 25 (upvote and acceptance), cara 10.
    let old = ask(&ana, "widgets", "Old leaderboard question").await;
    let bobs = reply(&app, &bob, &old, "Bob's answer.").await;
    let caras = reply(&app, &cara, &old, "Cara's answer.").await;
    vote_ok(&dan, &old, &bobs, 1).await;
    vote_ok(&dan, &old, &caras, 1).await;
    assert_see_other(&accept(&ana, &old, &bobs).await, &old.path);
    let board = page(&app, "/c/widgets/leaderboard").await;
    assert_eq!(
        html_select(&board, "ol.leaderboard li a"),
        vec!["bob", "cara"]
    );
    assert_eq!(
        html_select(&board, "ol.leaderboard li span.points"),
        vec!["25 points", "10 points"]
    );

    app.clock.advance_secs(31 * 86_400);
    // Sessions have lapsed meanwhile: sign in again.
    let ana = app.signed_in_client(&ana_user).await;
    let cara = app.signed_in_client(&cara_user).await;
    let dan = app.signed_in_client(&dan_user).await;
    let recent = ask(&ana, "widgets", "Recent leaderboard question").await;
    let answer = reply(&app, &cara, &recent, "Cara again.").await;
    vote_ok(&dan, &recent, &answer, 1).await;
    assert_see_other(&accept(&ana, &recent, &answer).await, &recent.path);

    let all = page(&app, "/c/widgets/leaderboard?period=all").await;
    assert_eq!(
        html_select(&all, "ol.leaderboard li a"),
        vec!["cara", "bob"],
        "all time: cara 10 + 25, bob 25"
    );
    assert_eq!(
        html_select(&all, "ol.leaderboard li span.points"),
        vec!["35 points", "25 points"]
    );
    for path in [
        "/c/widgets/leaderboard?period=30d",
        "/c/widgets/leaderboard",
    ] {
        let recent_board = page(&app, path).await;
        assert_eq!(
            html_select(&recent_board, "ol.leaderboard li a"),
            vec!["cara"],
            "{path}: only points from the last 30 days"
        );
        assert_eq!(
            html_select(&recent_board, "ol.leaderboard li span.points"),
            vec!["25 points"]
        );
    }
    let profile = html_select(&page(&app, "/u/cara").await, "p.stats-line").concat();
    assert!(profile.contains("35 reputation"), "{profile}");
}

// ----- 15. Privacy -----

#[tokio::test]
async fn private_topics_never_reach_outsiders() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("internal")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;
    let (_, insider) = member(&app, "insider").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "vault", "insider", CommunityRole::Member).await;

    let internal = ask(&erin, "internal", "Internal escalation plan").await;
    let internal_answer = reply(&app, &eli, &internal, "Internal answer text.").await;
    let vault = ask(&insider, "vault", "Vault roadmap question").await;
    let vault_answer = reply(&app, &insider, &vault, "Vault answer text.").await;
    let _ = reply(&app, &admin, &vault, "Admin note in the vault.").await;
    ask(&carla, "widgets", "Public question everyone sees").await;
    // Points earned inside the closed spaces, so their leaderboards have rows to hide.
    vote_ok(&erin, &internal, &internal_answer, 1).await;
    vote_ok(&admin, &vault, &vault_answer, 1).await;

    // Those inside see their spaces (so the checks below can fail).
    let latest = page(&eli, "/latest").await;
    assert!(listed_titles(&latest).contains(&"Internal escalation plan".to_string()));
    assert!(!listed_titles(&latest).contains(&"Vault roadmap question".to_string()));
    let latest = page(&insider, "/latest").await;
    assert!(listed_titles(&latest).contains(&"Vault roadmap question".to_string()));
    assert!(html_select(&page(&eli, "/u/eli").await, ".columns a")
        .contains(&"Internal escalation plan".to_string()));

    let anonymous = app.new_client();
    let secrets = [
        "Internal escalation plan",
        "Vault roadmap question",
        "Internal answer text",
        "Vault answer text",
        "Admin note in the vault",
    ];
    for (who, client) in [("anonymous", &anonymous), ("customer", &carla)] {
        for path in [
            "/latest".to_string(),
            "/c/widgets".to_string(),
            "/u/erin".to_string(),
            "/u/eli".to_string(),
            "/u/insider".to_string(),
            "/c/widgets/leaderboard?period=all".to_string(),
            "/c/widgets/official".to_string(),
        ] {
            let html = page(client, &path).await;
            for secret in secrets {
                assert!(!html.contains(secret), "{who}: {path} shows {secret:?}");
            }
        }
        let latest = page(client, "/latest").await;
        assert!(
            listed_titles(&latest).contains(&"Public question everyone sees".to_string()),
            "{who}: the public topic is listed (the list itself works)"
        );
        for profile in ["/u/erin", "/u/eli", "/u/insider"] {
            let stats = html_select(&page(client, profile).await, "p.stats-line").concat();
            assert!(
                stats.contains("0 answers") && stats.contains("0 topics"),
                "{who}: {profile} counts private activity: {stats}"
            );
        }
        for path in [
            "/c/internal/leaderboard".to_string(),
            "/c/internal/official".to_string(),
            "/c/vault/leaderboard".to_string(),
            "/c/vault/official".to_string(),
            "/c/internal".to_string(),
            "/c/vault".to_string(),
            format!("/t/{}", internal.id),
            internal.path.clone(),
            format!("/t/{}", vault.id),
            vault.path.clone(),
            format!("/t/{}/reply?quote={}", vault.id, vault_answer.id),
            format!("/p/{}/history", internal_answer.id),
            format!("/p/{}/edit", vault_answer.id),
        ] {
            let (status, body) = client.get_html(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: GET {path}");
            for secret in secrets {
                assert!(!body.contains(secret), "{who}: {path} shows {secret:?}");
            }
        }
    }
    // Employees do not see invite-only spaces they were not invited to.
    let (status, _) = erin.get_html(&vault.path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "employee outside the vault");
    let response = vote(&carla, &vault_answer, 1).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "vote from outside"
    );
    assert_eq!(post_row(&app, &vault_answer).await.score, 1);
}

#[tokio::test]
async fn mentions_link_only_existing_members() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Who knows about firmware?").await;
    reply(
        &app,
        &bob,
        &q,
        "Ask @ana or @ghost, or mail support@ana.example.",
    )
    .await;

    let html = page(&app, &q.path).await;
    let links = html_attr(&html, "article#p2 .prose a", "href");
    assert_eq!(
        links,
        vec!["/u/ana"],
        "only the existing member becomes a link"
    );
    assert_eq!(html_select(&html, "article#p2 .prose a"), vec!["@ana"]);
    let text = html_select(&html, "article#p2 .prose").concat();
    assert!(
        text.contains("@ghost"),
        "the unknown name stays as text: {text}"
    );
}

// ----- 16. Sanitising -----

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const JS_LINK: &str = "[x](javascript:alert(1))";
const ATTR: &str = "\" onmouseover=\"alert(1)";

#[tokio::test]
async fn xss_payloads_come_back_escaped_or_stripped() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let title = format!("Help {SCRIPT} {ATTR} {IMG}");
    let body = format!(
        "Hello {SCRIPT}\n\n{IMG}\n\n{JS_LINK}\n\n<a href=\"https://example.com\"{ATTR}>hover</a>\n\nplain words survive"
    );

    // Preview first: rendered like a saved post, nothing stored.
    let before = topic_count(&app).await;
    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", &title),
            ("body", &body),
            ("tags", "safe-tag"),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview = response.text().await.expect("body");
    assert_no_active_content(&preview, "topic preview");
    assert_eq!(html_select(&preview, "section.preview h2"), vec!["Preview"]);
    assert!(html_select(&preview, "section.preview .prose")
        .concat()
        .contains("plain words survive"));
    assert_eq!(
        form_field(&preview, "title").as_deref(),
        Some(title.as_str())
    );
    assert_eq!(topic_count(&app).await, before, "a preview saves nothing");

    let q = topic_from_redirect(
        &post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", &title),
                ("body", &body),
                ("tags", "safe-tag"),
            ],
        )
        .await,
    );
    let answer = reply(&app, &bob, &q, &format!("Answer {SCRIPT} {IMG} {JS_LINK}")).await;
    PostBuilder::reply(&format!("{SCRIPT}{IMG}{JS_LINK} {ATTR}"))
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;

    let html = page(&app, &q.path).await;
    assert_no_active_content(&html, "topic page");
    assert_eq!(
        html_select(&html, "h1.topic-heading"),
        vec![title.clone()],
        "the title comes back as text"
    );
    assert!(!html.contains(SCRIPT), "a raw <script> in the topic page");
    let prose = html_select(&html, "article#p1 .prose").concat();
    assert!(prose.contains("plain words survive") && prose.contains("Hello"));
    assert!(
        html_select(&html, ".prose script").is_empty()
            && html_select(&html, "[onerror]").is_empty()
    );
    assert!(
        html_attr(&html, "article#p1 .prose a", "href")
            .iter()
            .all(|h| h.starts_with("https://")),
        "only the safe link keeps its href: {:?}",
        html_attr(&html, "article#p1 .prose a", "href")
    );
    assert!(!html_select(&html, "li.comment").is_empty());

    for path in ["/c/widgets", "/latest", "/u/ana", "/c/widgets?tag=safe-tag"] {
        let list = page(&app, path).await;
        assert_no_active_content(&list, path);
        assert!(!list.contains(SCRIPT), "{path}: a raw <script>");
        assert!(
            html_select(&list, "a").contains(&title),
            "{path} shows the title as text"
        );
    }

    // A reply preview is sanitised too, and saves nothing.
    let before = post_count(&app, &q).await;
    let response = post_reply(&bob, &q, &[("body", &body), ("action", "preview")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview = response.text().await.expect("body");
    assert_no_active_content(&preview, "reply preview");
    assert!(html_select(&preview, "section.preview .prose")
        .concat()
        .contains("plain words survive"));
    assert_eq!(post_count(&app, &q).await, before);
}

#[tokio::test]
async fn tags_with_symbols_are_refused() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    for tags in [
        "<script>",
        "safe a\"b",
        "x onmouseover=alert(1)",
        "c++",
        "what?",
    ] {
        let response = post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", "A question with odd tags"),
                ("body", "Details."),
                ("tags", tags),
            ],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "tags {tags:?}"
        );
        let html = response.text().await.expect("body");
        assert_no_active_content(&html, "refused tags form");
        assert_eq!(form_field(&html, "tags").as_deref(), Some(tags));
    }
    assert_eq!(topic_count(&app).await, 0);
}

#[tokio::test]
async fn links_in_posts_are_nofollow_ugc_noopener() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = TopicBuilder::discussion("Useful links thread")
        .body("See [the docs](https://example.com/docs) and https://example.org/page.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(
        &app,
        &bob,
        &q,
        "Also <a href=\"https://example.net\" rel=\"follow\">this</a>.",
    )
    .await;

    let html = page(&app, &q.path).await;
    let hrefs = html_attr(&html, ".prose a", "href");
    assert_eq!(
        hrefs,
        vec![
            "https://example.com/docs",
            "https://example.org/page",
            "https://example.net"
        ]
    );
    let rels = html_attr(&html, ".prose a", "rel");
    assert_eq!(rels.len(), hrefs.len(), "every link has rel");
    assert!(
        rels.iter().all(|r| r == "nofollow ugc noopener"),
        "rels: {rels:?}"
    );
}

// ----- Quote and preview -----

#[tokio::test]
async fn quoting_prefills_the_reply_with_author_and_text() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let chat = TopicBuilder::discussion("Quote me on this")
        .body("Opening words.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let said = reply(&app, &bob, &chat, "Line one.\nLine two.").await;

    let (status, html) = ana
        .get_html(&format!("/t/{}/reply?quote={}", chat.id, said.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        form_field(&html, "body").as_deref(),
        Some("@bob wrote:\n> Line one.\n> Line two.\n\n")
    );
}

// ----- 17. Keyset pagination -----

/// The first sort key of a topic order (ties are broken by id, newest first).
type SortKey = fn(&Topic) -> i64;

/// Follows "More" links from `start`, returning every listed title in order.
async fn walk_list(app: &TestApp, start: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut next = Some(start.to_string());
    let mut pages = 0;
    while let Some(path) = next {
        pages += 1;
        assert!(
            pages <= 10,
            "more than 10 pages: the cursor does not advance"
        );
        let html = page(app, &path).await;
        titles.extend(listed_titles(&html));
        next = more_link(&html);
    }
    titles
}

#[tokio::test]
async fn community_list_pages_by_keyset_without_gaps_or_repeats() {
    let (app, _admin) = widgets().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let now = app.clock.now();
    // Four topics share each instant, so page edges fall inside ties.
    let specs: Vec<(String, Timestamp)> = (0..70)
        .map(|i| (format!("Bulk topic {i:02}"), now.plus_secs(-60 * (i / 4))))
        .collect();
    insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;
    // Scores for the "top" order, with ties as well.
    db(&app, |conn| {
        let all: Vec<(TopicId, String)> = topics_table::table
            .select((topics_table::id, topics_table::title))
            .load(conn)?;
        for (id, title) in all {
            let n: i32 = title[title.len() - 2..].parse().unwrap_or(0);
            diesel::update(topics_table::table.find(&id))
                .set(topics_table::score.eq(n % 3))
                .execute(conn)?;
        }
        Ok(())
    })
    .await;
    let rows: Vec<Topic> = db(&app, |conn| {
        Ok(topics_table::table.select(Topic::as_select()).load(conn)?)
    })
    .await;

    let first = page(&app, "/c/widgets").await;
    assert_eq!(listed_titles(&first).len(), 30, "30 topics per page");
    assert_eq!(
        html_select(&first, "p.pager a.button"),
        vec!["More topics →"]
    );

    let orders: [(&str, SortKey); 3] = [
        ("latest", |t| t.bumped_at.micros()),
        ("new", |t| t.created_at.micros()),
        ("top", |t| i64::from(t.score)),
    ];
    for (sort, key) in orders {
        let mut expected: Vec<&Topic> = rows.iter().collect();
        expected.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| b.id.as_str().cmp(a.id.as_str()))
        });
        let expected: Vec<String> = expected.iter().map(|t| t.title.clone()).collect();

        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        let mut next = Some(format!("/c/widgets?sort={sort}"));
        while let Some(path) = next {
            assert!(sizes.len() < 10, "{sort}: the cursor does not advance");
            let html = page(&app, &path).await;
            let titles = listed_titles(&html);
            sizes.push(titles.len());
            seen.extend(titles);
            next = more_link(&html);
            if let Some(link) = &next {
                assert!(
                    link.contains(&format!("sort={sort}")) && link.contains("after="),
                    "{sort}: the More link keeps the order: {link}"
                );
            }
        }
        assert_eq!(sizes, vec![30, 30, 10], "{sort}: page sizes");
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), 70, "{sort}: every topic exactly once");
        assert_eq!(seen, expected, "{sort}: in order");
    }
}

#[tokio::test]
async fn top_list_over_all_time_keeps_its_period_on_later_pages() {
    let (app, _admin) = widgets().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let long_ago = app.clock.now().plus_secs(-40 * 86_400);
    let specs = (0..35)
        .map(|i| (format!("Old topic {i:02}"), long_ago.plus_secs(i)))
        .collect();
    insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;

    let last_30_days = page(&app, "/c/widgets?sort=top").await;
    assert!(
        listed_titles(&last_30_days).is_empty(),
        "top of the last 30 days leaves 40-day-old topics out"
    );
    let first = page(&app, "/c/widgets?sort=top&period=all").await;
    assert_eq!(listed_titles(&first).len(), 30);
    let titles = walk_list(&app, "/c/widgets?sort=top&period=all").await;
    let unique: HashSet<&String> = titles.iter().collect();
    assert_eq!(
        (titles.len(), unique.len()),
        (35, 35),
        "top of all time lists all 35 topics once across pages; the \"More topics\" link \
         ({:?}) drops period=all, so later pages fall back to the last 30 days",
        more_link(&first)
    );
}

#[tokio::test]
async fn long_discussion_pages_to_its_last_reply() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let chat = TopicBuilder::discussion("A very long thread")
        .body("Go.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    insert_replies(&app, &chat.id, &bob.id, 100).await;
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 100);

    let mut numbers = Vec::new();
    let mut sizes = Vec::new();
    let mut next = Some(chat.path.clone());
    let mut last_page = String::new();
    while let Some(path) = next {
        assert!(sizes.len() < 10, "the reply cursor does not advance");
        let html = page(&app, &path).await;
        let replies: Vec<i32> = post_anchors(&html)
            .iter()
            .filter(|a| *a != "p1")
            .map(|a| a[1..].parse().expect("post number"))
            .collect();
        sizes.push(replies.len());
        numbers.extend(replies);
        next = more_link(&html);
        if sizes.len() == 1 {
            assert_eq!(
                html_select(&html, "p.pager a.button"),
                vec!["More replies →"]
            );
        }
        last_page = html;
    }
    assert_eq!(sizes, vec![30, 30, 30, 10], "30 replies per page");
    assert_eq!(
        numbers,
        (2..=101).collect::<Vec<i32>>(),
        "each reply once, in order"
    );
    assert!(text_by_id(&last_page, "p101")
        .unwrap_or_default()
        .contains("Reply 100 of the bulk thread."));
}

// ----- 18. Bounded queries -----

#[tokio::test]
async fn topic_page_queries_do_not_grow_with_replies() {
    // The rendering path itself: without the anonymous page cache (tested in page_cache).
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.page_cache_mib = 0;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let cara = UserBuilder::new("cara").build(&app).await;

    let mut threads = Vec::new();
    for (title, replies) in [("Short question thread", 5), ("Long question thread", 100)] {
        let q = ask(&ana, "widgets", title).await;
        insert_replies(&app, &q.id, &cara.id, replies).await;
        // The same shape on both: a vote by the viewer and a comment on the first answer.
        let first = PostRef {
            id: post_by_number(&app, &q.id, 2).await.id.to_string(),
            number: 2,
        };
        vote_ok(&bob, &q, &first, 1).await;
        PostBuilder::reply("Thanks, that helped.")
            .under(&first)
            .to(&q)
            .by(&ana)
            .build(&app)
            .await;
        threads.push(q);
    }

    let anonymous = app.new_client();
    page(&anonymous, &threads[0].path).await; // warm-up
    page(&bob, &threads[0].path).await;
    for (who, client) in [("anonymous", &anonymous), ("member", &bob)] {
        assert_queries_do_not_grow(
            &app,
            (client, &threads[0].path),
            (client, &threads[1].path),
            &format!("{who}: a topic page with 5 replies, and with 100"),
        )
        .await;
    }
}

#[tokio::test]
async fn community_page_queries_do_not_grow_with_topics() {
    let app = spawn_app_with(quiet_background).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("small").build(&app, &admin).await;
    CommunityBuilder::new("big").build(&app, &admin).await;
    let (ana_user, ana) = member(&app, "ana").await;
    let now = app.clock.now();
    for (slug, n) in [("small", 5), ("big", 60)] {
        let specs = (0..n)
            .map(|i| (format!("{slug} topic {i}"), now.plus_secs(-i)))
            .collect();
        insert_topics(&app, slug, &ana_user.id, TopicKind::Question, specs).await;
    }

    let anonymous = app.new_client();
    page(&anonymous, "/c/small").await; // warm-up
    page(&ana, "/c/small").await;
    for (who, client) in [("anonymous", &anonymous), ("member", &ana)] {
        assert_queries_do_not_grow(
            &app,
            (client, "/c/small"),
            (client, "/c/big"),
            &format!("{who}: a list of 5 topics, and of 60"),
        )
        .await;
    }
}

// ----- 19. Demo content -----

async fn load_demo(app: &TestApp) {
    let clock = app.clock.clone();
    let created = db(app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created, "the demo loads into an empty database");
}

#[tokio::test]
async fn demo_shows_solved_and_unanswered_questions_an_idea_status_and_a_leaderboard() {
    let app = forum_app().await;
    load_demo(&app).await;

    let html = page(&app, "/c/widgets").await;
    assert!(
        row_badges(&html, "How do I rotate a Widgets API key without downtime?")
            .contains(&"Solved".into())
    );
    assert!(
        row_badges(&html, "Which Widgets plan includes single sign-on?")
            .contains(&"Unanswered".into())
    );
    assert!(row_badges(&html, "Dark mode for the Widgets dashboard").contains(&"Planned".into()));
    assert_eq!(
        sorted_titles(&page(&app, "/c/widgets?state=solved").await),
        sorted(&["How do I rotate a Widgets API key without downtime?"])
    );

    let board = page(&app, "/c/widgets/leaderboard").await;
    let names = html_select(&board, "ol.leaderboard li a");
    assert!(!names.is_empty(), "the demo leaderboard has entries");
    assert!(
        names.contains(&"Erin Engineer".to_string())
            && names.contains(&"Carla Customer".to_string()),
        "the demo's answerers are on the board: {names:?}"
    );
    assert!(
        html_select(&board, "ol.leaderboard li span.points")
            .iter()
            .all(|p| p.ends_with(" points") && !p.starts_with('0') && !p.starts_with('-')),
        "every entry has earned points"
    );
    let latest = page(&app, "/latest").await;
    assert!(
        !html_select(&latest, "a.topic-title")
            .contains(&"Pairing questions after 2.8: use the canned answer".to_string()),
        "the employees-only demo space stays private"
    );
}

#[tokio::test]
async fn demo_votes_follow_the_voting_rules() {
    let app = forum_app().await;
    load_demo(&app).await;
    let self_votes: Vec<(UserId, String)> = db(&app, |conn| {
        Ok(votes_table::table
            .inner_join(posts_table::table.on(posts_table::id.eq(votes_table::post_id)))
            .filter(posts_table::author_id.eq(votes_table::user_id))
            .select((votes_table::user_id, posts_table::body_markdown))
            .load(conn)?)
    })
    .await;
    let mut names = Vec::new();
    for (user, body) in &self_votes {
        let u = db(&app, {
            let user = user.clone();
            move |conn| Ok(parley::db::models::users::find(conn, &user)?)
        })
        .await
        .expect("voter exists");
        names.push(format!("{} on {:?}", u.username, body));
    }
    assert!(
        names.is_empty(),
        "members cannot vote on their own posts (the app answers 403), yet the demo \
         records self-votes that earn their authors reputation: {names:?}"
    );
}

// ----- Counters that must follow deletes -----

#[tokio::test]
async fn deleting_the_accepted_answer_takes_back_its_acceptance_reputation() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Accepted then deleted").await;
    let answer = reply(&app, &bob, &q, "Wrong but accepted.").await;
    let better = reply(&app, &cara, &q, "Right answer.").await;
    assert_see_other(&accept(&ana, &q, &answer).await, &q.path);
    assert_eq!(reputation(&app, "bob").await, 15);

    assert_see_other(
        &moira
            .post_form(&format!("/p/{}/delete", answer.id), &[])
            .await,
        &q.path,
    );
    assert!(
        accepted_answer(&app, &q).await.is_none(),
        "a deleted answer is no longer accepted"
    );
    // The asker accepts another answer: only one acceptance may count.
    assert_see_other(&accept(&ana, &q, &better).await, &q.path);
    assert_eq!(reputation(&app, "cara").await, 15);
    assert_eq!(
        reputation(&app, "bob").await,
        0,
        "bob keeps +15 for an acceptance that was removed when his answer was deleted \
         (and the question now counts two acceptances)"
    );
}

#[tokio::test]
async fn deleting_the_only_official_reply_removes_the_official_answer_label() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let q = ask(&ana, "widgets", "Official then deleted").await;
    let response = post_reply(
        &erin,
        &q,
        &[
            ("body", "Posted as the brand by mistake."),
            ("as_brand", "true"),
        ],
    )
    .await;
    let official = post_from_redirect(&app, &q, &response).await;
    assert!(row_badges(
        &list_page(&app, "/c/widgets").await,
        "Official then deleted"
    )
    .contains(&"Official answer".into()));

    assert_see_other(
        &erin
            .post_form(&format!("/p/{}/delete", official.id), &[])
            .await,
        &q.path,
    );
    let html = page(&app, &q.path).await;
    assert!(html_select(&html, "article.post.official").is_empty());
    assert!(
        !row_badges(
            &list_page(&app, "/c/widgets").await,
            "Official then deleted"
        )
        .contains(&"Official answer".into()),
        "the list still labels the topic \"Official answer\" though its only official \
         reply is deleted"
    );
}
