//! The read endpoints of `/api/v1` (sub-communities, topic lists, a topic and its posts)
//! over real HTTP with real tokens, on both databases: scopes, visibility, token limits,
//! pagination and filters. Writes, profiles and notifications: `api_topic_writes`.

use parley::db::{CommunityRole, TopicKind, Visibility};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::api_client::{ids, problem, token, Api};
use crate::helpers::forum_fixtures::{
    accept, insert_replies, insert_topics, member, opening_post, reply, topic_count, topic_row,
    user_named, vote_ok, widgets,
};
use crate::helpers::{CommunityBuilder, PostBuilder, TopicBuilder, UserBuilder};

#[tokio::test]
async fn private_sub_communities_never_appear_to_callers_who_may_not_see_them() {
    let (app, admin) = widgets().await;
    let secret = CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("staffroom")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let public = TopicBuilder::question("A public question")
        .in_("widgets")
        .by(&admin)
        .build(&app)
        .await;
    let hidden = TopicBuilder::question("A secret question")
        .in_(&secret)
        .by(&admin)
        .build(&app)
        .await;
    let staff_only = TopicBuilder::discussion("An employees' discussion")
        .in_("staffroom")
        .by(&admin)
        .build(&app)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = UserBuilder::new("erin").employee().signed_in(&app).await;
    let (_, ivy) = UserBuilder::new("ivy")
        .role_in(&secret, CommunityRole::Member)
        .signed_in(&app)
        .await;
    let ana = Api::new(&app, &token(&ana, &["topics:read"], None).await);
    let erin = Api::new(&app, &token(&erin, &["topics:read"], None).await);
    let ivy = Api::new(&app, &token(&ivy, &["topics:read"], None).await);

    let slugs = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|c| c["slug"].as_str().expect("slug").to_string())
            .collect()
    };
    assert_eq!(slugs(ana.json("/api/v1/communities").await), ["widgets"]);
    let mut seen = slugs(erin.json("/api/v1/communities").await);
    seen.sort();
    assert_eq!(seen, ["staffroom", "widgets"]);
    let mut seen = slugs(ivy.json("/api/v1/communities").await);
    seen.sort();
    assert_eq!(seen, ["secret", "widgets"]);

    let got = ana.json("/api/v1/communities/widgets").await;
    assert_eq!(got["visibility"], "public");
    assert_eq!(got["url"], "/api/v1/communities/widgets");
    for path in [
        "/api/v1/communities/secret".to_string(),
        "/api/v1/communities/staffroom".to_string(),
        "/api/v1/communities/secret/topics".to_string(),
        format!("/api/v1/topics/{}", hidden.id),
        format!("/api/v1/topics/{}/posts", hidden.id),
        format!("/api/v1/topics/{}", staff_only.id),
    ] {
        problem(ana.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert_eq!(
        ids(&ana.walk("/api/v1/topics", 10).await),
        [public.id.as_str()]
    );
    let mut theirs = ids(&ivy.walk("/api/v1/topics", 10).await);
    theirs.sort();
    let mut expected = vec![public.id.clone(), hidden.id.clone()];
    expected.sort();
    assert_eq!(theirs, expected);
    assert_eq!(
        ivy.json(&format!("/api/v1/topics/{}", hidden.id)).await["community"],
        "secret"
    );
    assert_eq!(
        ids(&erin.walk("/api/v1/communities/staffroom/topics", 10).await),
        [staff_only.id.as_str()]
    );
}

#[tokio::test]
async fn a_token_limited_to_one_sub_community_reads_nothing_of_another() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let a = TopicBuilder::discussion("About widgets")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let b = TopicBuilder::discussion("About gadgets")
        .in_("gadgets")
        .by(&ana)
        .build(&app)
        .await;
    let limited = Api::new(
        &app,
        &token(&ana, &["topics:read", "topics:write"], Some("widgets")).await,
    );

    let listed = limited.json("/api/v1/communities").await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["items"][0]["slug"], "widgets");
    assert_eq!(
        ids(&limited.walk("/api/v1/topics", 10).await),
        [a.id.as_str()]
    );
    assert_eq!(
        limited.json(&format!("/api/v1/topics/{}", a.id)).await["id"],
        a.id.as_str()
    );
    for path in [
        "/api/v1/communities/gadgets".to_string(),
        "/api/v1/communities/gadgets/topics".to_string(),
        format!("/api/v1/topics/{}", b.id),
        format!("/api/v1/topics/{}/posts", b.id),
    ] {
        problem(limited.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Writes are limited the same way, and change nothing.
    let before = topic_count(&app).await;
    let response = limited
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "gadgets", "kind": "discussion", "title": "Not here please", "body": "Some text."}),
        )
        .await;
    problem(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = limited
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/topics/{}", b.id),
            &json!({"title": "Renamed from outside"}),
        )
        .await;
    problem(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(topic_count(&app).await, before);
    assert_eq!(topic_row(&app, &b.id).await.title, "About gadgets");
}

#[tokio::test]
async fn each_endpoint_refuses_a_token_without_its_scope_and_changes_nothing() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = TopicBuilder::question("Ana asks")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &topic, "Bob answers this.").await;
    let unread = user_named(&app, "ana").await.unread_notifications;
    assert!(unread > 0);
    let only_users = Api::new(&app, &token(&ana, &["users:read"], None).await);
    let only_topics = Api::new(&app, &token(&ana, &["topics:read"], None).await);

    for path in [
        "/api/v1/communities".to_string(),
        "/api/v1/communities/widgets".to_string(),
        "/api/v1/communities/widgets/topics".to_string(),
        "/api/v1/topics".to_string(),
        format!("/api/v1/topics/{}", topic.id),
        format!("/api/v1/topics/{}/posts", topic.id),
        "/api/v1/notifications".to_string(),
    ] {
        problem(
            only_users.get(&path).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    problem(
        only_topics.get("/api/v1/members/ana").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let before = topic_count(&app).await;
    let response = only_topics
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "discussion", "title": "Without the scope", "body": "Some text."}),
        )
        .await;
    problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = only_topics
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/topics/{}", topic.id),
            &json!({"title": "Renamed without the scope"}),
        )
        .await;
    problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = only_topics
        .send(
            reqwest::Method::POST,
            "/api/v1/notifications/read",
            &json!({"all": true}),
        )
        .await;
    problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(topic_count(&app).await, before);
    assert_eq!(topic_row(&app, &topic.id).await.title, "Ana asks");
    assert_eq!(user_named(&app, "ana").await.unread_notifications, unread);
}

#[tokio::test]
async fn topic_lists_walk_every_topic_exactly_once_across_pages() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (ana_user, ana) = member(&app, "ana").await;
    let start = app.clock.now();
    let seven: Vec<(String, _)> = (0..7)
        .map(|i| (format!("Widget topic {i}"), start.plus_secs(i)))
        .collect();
    let mut expected: Vec<String> =
        insert_topics(&app, "widgets", &ana_user.id, TopicKind::Discussion, seven)
            .await
            .iter()
            .map(|id| id.to_string())
            .collect();
    let other = vec![("Gadget topic".to_string(), start.plus_secs(10))];
    let gadget = insert_topics(&app, "gadgets", &ana_user.id, TopicKind::Question, other).await;
    let api = Api::new(&app, &token(&ana, &["topics:read"], None).await);

    // Latest first: newest bump first, each once, across pages of 3.
    expected.reverse();
    let walked = ids(&api.walk("/api/v1/communities/widgets/topics", 3).await);
    assert_eq!(walked, expected);
    let walked = ids(&api
        .walk("/api/v1/communities/widgets/topics?sort=new", 2)
        .await);
    assert_eq!(walked, expected);
    // Across sub-communities, with the other one's topic in its place.
    let mut all = ids(&api.walk("/api/v1/topics", 3).await);
    assert_eq!(all.len(), 8);
    assert_eq!(all[0], gadget[0].to_string());
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 8, "no topic listed twice");
    // Cursors and limits are checked.
    problem(
        api.get("/api/v1/topics?cursor=bogus").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    problem(
        api.get("/api/v1/topics?limit=1000").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn topic_filters_select_by_state_tag_kind_and_sort_by_score() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let unanswered = TopicBuilder::question("Nobody answered this")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let answered = TopicBuilder::question("Answered but open")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &answered, "Here is a thought.").await;
    let solved = TopicBuilder::question("Solved one")
        .in_("widgets")
        .by(&ana)
        .tags("billing")
        .build(&app)
        .await;
    let answer = reply(&app, &bob, &solved, "This fixes it.").await;
    assert_eq!(
        accept(&ana, &solved, &answer).await.status(),
        StatusCode::SEE_OTHER
    );
    let idea = TopicBuilder::idea("An idea about billing")
        .in_("widgets")
        .by(&ana)
        .tags("billing, export")
        .build(&app)
        .await;
    vote_ok(&bob, &idea, &opening_post(&app, &idea).await, 1).await;
    let api = Api::new(&app, &token(&ana, &["topics:read"], None).await);

    let list = |q: &'static str| {
        let api = &api;
        async move { ids(&api.walk(&format!("/api/v1/topics?{q}"), 20).await) }
    };
    assert_eq!(list("state=unanswered").await, [unanswered.id.as_str()]);
    assert_eq!(list("state=answered").await, [answered.id.as_str()]);
    assert_eq!(list("state=solved").await, [solved.id.as_str()]);
    let mut tagged = list("tag=billing").await;
    tagged.sort();
    let mut expected = vec![solved.id.clone(), idea.id.clone()];
    expected.sort();
    assert_eq!(tagged, expected);
    assert_eq!(list("tag=export").await, [idea.id.as_str()]);
    assert_eq!(list("kind=idea").await, [idea.id.as_str()]);
    assert_eq!(
        list("kind=question&tag=billing").await,
        [solved.id.as_str()]
    );
    assert_eq!(list("sort=top").await.first(), Some(&idea.id));
    let solved_json = api.json("/api/v1/topics?state=solved").await;
    assert_eq!(solved_json["items"][0]["state"], "solved");
    assert_eq!(solved_json["items"][0]["tags"], json!(["billing"]));

    for (query, name) in [
        ("kind=poem", "kind"),
        ("state=maybe", "state"),
        ("sort=oldest", "sort"),
        ("tag=a%20b", "tag"),
    ] {
        let body = problem(
            api.get(&format!("/api/v1/topics?{query}")).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or_default()
                .starts_with(name),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn a_topic_comes_with_its_posts_and_the_next_pages_walk_each_reply_once() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let ana_browser = ana.clone();
    let (bob_user, _) = member(&app, "bob").await;
    let topic = TopicBuilder::discussion("A long thread")
        .in_("widgets")
        .by(&ana)
        .body("The opening words.")
        .build(&app)
        .await;
    insert_replies(&app, &topic.id, &bob_user.id, 35).await;
    let api = Api::new(&app, &token(&ana, &["topics:read"], None).await);

    let got = api.json(&format!("/api/v1/topics/{}", topic.id)).await;
    assert_eq!(got["id"], topic.id.as_str());
    assert_eq!(got["title"], "A long thread");
    assert_eq!(got["community"], "widgets");
    assert_eq!(got["author"]["username"], "ana");
    assert_eq!(got["reply_count"], 35);
    let posts = got["posts"].as_array().expect("posts");
    assert_eq!(posts.len(), 31, "the opening post and a page of 30 replies");
    assert_eq!(posts[0]["post_number"], 1);
    assert_eq!(posts[0]["body"], "The opening words.");
    assert_eq!(posts[1]["body"], "Reply 1 of the bulk thread.");
    let next = got["posts_next"].as_str().expect("posts_next");
    assert!(next.starts_with(&format!("/api/v1/topics/{}/posts?", topic.id)));
    let rest: Value = api.json(next).await;
    let numbers: Vec<i64> = rest["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["post_number"].as_i64().expect("number"))
        .collect();
    assert_eq!(numbers, (32..=36).collect::<Vec<i64>>());
    assert!(rest["next"].is_null());

    // Smaller pages walk the same posts, each once.
    let walked = api
        .walk(&format!("/api/v1/topics/{}/posts", topic.id), 10)
        .await;
    let numbers: Vec<i64> = walked
        .iter()
        .map(|p| p["post_number"].as_i64().expect("number"))
        .collect();
    assert_eq!(numbers, (1..=36).collect::<Vec<i64>>());

    // A held reply: its author and moderators see it, others do not.
    let response = admin
        .post_form("/c/widgets/moderation", &[("hold_first_posts", "1")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, newbie) = member(&app, "newbie").await;
    let held = PostBuilder::reply("My first words here.")
        .to(&topic)
        .by(&newbie)
        .send()
        .await;
    assert_eq!(held.status(), StatusCode::SEE_OTHER);
    let newbie = Api::new(&app, &token(&newbie, &["topics:read"], None).await);
    let admin = Api::new(&app, &token(&admin, &["topics:read"], None).await);
    let held_in = |v: &Value| {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|p| p["moderation_state"] == "held")
            .count()
    };
    let path = format!(
        "/api/v1/topics/{}/posts?cursor={}",
        topic.id,
        rest_cursor(next)
    );
    assert_eq!(held_in(&api.json(&path).await), 0);
    assert_eq!(held_in(&newbie.json(&path).await), 1);
    assert_eq!(held_in(&admin.json(&path).await), 1);

    // On a topic's first page too, whoever asks first: a moderator's answer showing the
    // held reply is never served to a member.
    let short = TopicBuilder::discussion("A short thread")
        .in_("widgets")
        .by(&ana_browser)
        .build(&app)
        .await;
    let (_, second) = member(&app, "newbie2").await;
    let held = PostBuilder::reply("Held words here.")
        .to(&short)
        .by(&second)
        .send()
        .await;
    assert_eq!(held.status(), StatusCode::SEE_OTHER);
    let held_posts = |v: Value| {
        v["posts"]
            .as_array()
            .expect("posts")
            .iter()
            .filter(|p| p["moderation_state"] == "held")
            .count()
    };
    let path = format!("/api/v1/topics/{}", short.id);
    for _ in 0..2 {
        assert_eq!(held_posts(admin.json(&path).await), 1);
        assert_eq!(held_posts(api.json(&path).await), 0);
    }
}

/// The `cursor` parameter of a `next` URL.
fn rest_cursor(next: &str) -> String {
    let query = next.split_once('?').map(|(_, q)| q).unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "cursor")
        .map(|(_, v)| v.into_owned())
        .expect("a cursor")
}
