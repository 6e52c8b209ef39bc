//! Questions and answers: question states and filters, answer order, votes,
//! acceptance, reputation and the leaderboard.

use parley::db::TopicKind;
use reqwest::StatusCode;

use super::sorted_titles;
use crate::helpers::fixtures::{assert_sign_in_required, sorted};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{assert_see_other, html_attr, html_select, TopicBuilder};

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

#[tokio::test]
async fn asker_takes_back_an_acceptance_from_the_page_and_a_bystander_cannot() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, mallory) = member(&app, "mallory").await;
    let q = ask(&ana, "widgets", "Does the hub need a reboot after pairing?").await;
    let answer = reply(&app, &bob, &q, "Only on firmware before 2.8.").await;
    assert_see_other(&accept(&ana, &q, &answer).await, &q.path);
    assert_eq!(reputation(&app, "bob").await, 15);

    let html = page(&mallory, &q.path).await;
    assert!(
        html_attr(&html, "button", "formaction")
            .iter()
            .all(|a| !a.ends_with("/unaccept")),
        "no unaccept button for a bystander"
    );
    let response = unaccept(&mallory, &q, &answer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(accepted_answer(&app, &q).await, Some(answer.id.clone()));

    let html = page(&ana, &q.path).await;
    assert!(
        html_attr(&html, "button", "formaction")
            .iter()
            .any(|a| a.ends_with(&format!("/t/{}/unaccept", q.id))),
        "the asker sees the unaccept button on the accepted answer"
    );
    assert_see_other(&unaccept(&ana, &q, &answer).await, &q.path);
    assert!(accepted_answer(&app, &q).await.is_none());
    assert_eq!(
        reputation(&app, "bob").await,
        0,
        "the acceptance reputation is taken back"
    );
    let html = page(&ana, &q.path).await;
    assert!(html_attr(&html, "article.post.accepted", "id").is_empty());
    assert!(
        html_attr(&html, "button", "formaction")
            .iter()
            .any(|a| a.ends_with(&format!("/t/{}/accept", q.id))),
        "the answer can be accepted again"
    );
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

#[tokio::test]
async fn profile_totals_count_every_visible_topic_not_only_the_latest_listed() {
    let (app, _admin) = widgets().await;
    let (ana_user, _ana) = member(&app, "ana").await;
    let start = app.clock.now();
    let topics: Vec<(String, _)> = (0..23)
        .map(|i| (format!("Ana's setup note number {i}"), start.plus_secs(i)))
        .collect();
    insert_topics(&app, "widgets", &ana_user.id, TopicKind::Discussion, topics).await;

    let profile = page(&app, "/u/ana").await;
    let stats = html_select(&profile, "p.stats-line").concat();
    assert!(stats.contains("23 topics"), "profile stats: {stats}");
    let listed = html_select(&profile, ".columns a")
        .into_iter()
        .filter(|t| t.starts_with("Ana's setup note"))
        .count();
    assert_eq!(listed, 20, "the list shows the latest 20");
}
