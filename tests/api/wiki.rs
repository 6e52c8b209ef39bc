//! Wiki posts and edit conflicts (issue 19): who makes a wiki (staff directly, the author
//! by request and a moderator's consent), who edits it (reputation threshold, employees),
//! two editors from the same version (the second gets the conflict and loses nothing,
//! HTML and API), versions, diffs (escaped) and reverts, the composer's prefill, and the
//! sub-community's language and wiki settings.

use diesel::prelude::*;
use parley::db::schema::{audit_log, users};
use parley::db::{CommunityRole, Language};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::api_client::{token, Api};
use crate::helpers::fixtures::{db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{assert_see_other, form_field, grant_role, TestApp, TestClient, UserBuilder};

/// A member with `reputation`, signed in (set before signing in, as earned reputation
/// would be).
async fn member_with_reputation(app: &TestApp, name: &str, reputation: i32) -> TestClient {
    let user = UserBuilder::new(name).build(app).await;
    let who = name.to_string();
    db(app, move |conn| {
        Ok(diesel::update(users::table.filter(users::username.eq(who)))
            .set(users::reputation.eq(reputation))
            .execute(conn)?)
    })
    .await;
    app.signed_in_client(&user).await
}

async fn moderator(app: &TestApp, admin: &TestClient, name: &str) -> TestClient {
    let (_, client) = member(app, name).await;
    grant_role(admin, "widgets", name, CommunityRole::Moderator).await;
    client
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    db(app, |conn| {
        Ok(audit_log::table
            .select(audit_log::action)
            .load::<String>(conn)?)
    })
    .await
}

/// A wiki topic by `ana` in widgets, made a wiki by a moderator; its opening post.
async fn wiki_topic(app: &TestApp, admin: &TestClient) -> (TopicRef, PostRef) {
    let (_, ana) = member(app, "ana").await;
    let topic = ask(&ana, "widgets", "Getting started with widgets").await;
    let mo = moderator(app, admin, "moda").await;
    let response = mo
        .post_form(&format!("/t/{}/wiki", topic.id), &[("on", "true")])
        .await;
    assert_see_other(&response, &topic.path);
    let post = opening_post(app, &topic).await;
    (topic, post)
}

/// Opens the edit form and returns the version it carries.
async fn open_editor(client: &TestClient, post: &PostRef) -> String {
    let (status, html) = client.get_html(&format!("/p/{}/edit", post.id)).await;
    assert_eq!(status, StatusCode::OK, "edit form");
    form_field(&html, "base_revision").expect("the edit form carries its base version")
}

async fn save(client: &TestClient, post: &PostRef, body: &str, base: &str) -> reqwest::Response {
    client
        .post_form(
            &format!("/p/{}/edit", post.id),
            &[
                ("title", "Getting started with widgets"),
                ("body", body),
                ("base_revision", base),
            ],
        )
        .await
}

#[tokio::test]
async fn staff_make_a_wiki_members_cannot_and_lists_mark_it() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = ask(&ana, "widgets", "Getting started with widgets").await;
    let (_, bob) = member(&app, "bob").await;
    for client in [&ana, &bob] {
        let response = client
            .post_form(&format!("/t/{}/wiki", topic.id), &[("on", "true")])
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert!(!topic_row(&app, &topic.id).await.wiki);

    let mo = moderator(&app, &admin, "moda").await;
    let response = mo
        .post_form(&format!("/t/{}/wiki", topic.id), &[("on", "true")])
        .await;
    assert_see_other(&response, &topic.path);
    assert!(topic_row(&app, &topic.id).await.wiki);
    assert!(audit_actions(&app)
        .await
        .contains(&"wiki.enable".to_string()));

    let list = page(&bob, "/c/widgets").await;
    assert!(
        row_badges(&list, "Getting started with widgets").contains(&"Wiki".to_string()),
        "the list marks the wiki: {:?}",
        row_badges(&list, "Getting started with widgets")
    );
    assert!(page(&bob, &topic.path).await.contains("badge wiki"));

    let response = mo
        .post_form(&format!("/t/{}/wiki", topic.id), &[("on", "false")])
        .await;
    assert_see_other(&response, &topic.path);
    assert!(!topic_row(&app, &topic.id).await.wiki);
    assert!(audit_actions(&app)
        .await
        .contains(&"wiki.disable".to_string()));
}

#[tokio::test]
async fn the_author_asks_and_a_moderator_consents() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&ana, "widgets", "How the widget lid closes").await;

    let response = bob
        .post_form(&format!("/t/{}/wiki/request", topic.id), &[])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "only the author asks"
    );
    let response = ana
        .post_form(&format!("/t/{}/wiki/request", topic.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        !topic_row(&app, &topic.id).await.wiki,
        "asking is not enough"
    );

    let (status, _) = bob.get_html("/c/widgets/wiki-requests").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "members do not see the requests"
    );
    let mo = moderator(&app, &admin, "moda").await;
    let requests = page(&mo, "/c/widgets/wiki-requests").await;
    assert!(requests.contains("How the widget lid closes"), "{requests}");
    assert!(requests.contains("ana"));

    let response = mo
        .post_form(&format!("/t/{}/wiki", topic.id), &[("on", "true")])
        .await;
    assert_see_other(&response, &topic.path);
    assert!(topic_row(&app, &topic.id).await.wiki);
    let requests = page(&mo, "/c/widgets/wiki-requests").await;
    assert!(
        !requests.contains("How the widget lid closes"),
        "the request is closed"
    );
    let actions = audit_actions(&app).await;
    assert!(actions.contains(&"wiki.request".to_string()), "{actions:?}");
    assert!(actions.contains(&"wiki.enable".to_string()), "{actions:?}");
}

#[tokio::test]
async fn reputable_members_and_employees_edit_a_wiki_others_cannot() {
    let (app, admin) = widgets().await;
    let (topic, post) = wiki_topic(&app, &admin).await;
    let rita = member_with_reputation(&app, "rita", 150).await;
    let newbie = member_with_reputation(&app, "newbie", 10).await;
    let (_, emp) = employee(&app, "emil").await;

    let (status, _) = newbie.get_html(&format!("/p/{}/edit", post.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = save(&newbie, &post, "Vandalised by a newcomer.", "0").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(!post_row(&app, &post)
        .await
        .body_markdown
        .contains("Vandalised"));

    let base = open_editor(&rita, &post).await;
    assert_eq!(base, "0");
    let response = save(&rita, &post, "Step one: open the box.", &base).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        post_row(&app, &post).await.body_markdown,
        "Step one: open the box."
    );

    let base = open_editor(&emp, &post).await;
    assert_eq!(base, "1");
    let response = save(
        &emp,
        &post,
        "Step one: open the box.\nStep two: lift the lid.",
        &base,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(post_row(&app, &post).await.revision_count, 2);
    assert!(audit_actions(&app).await.contains(&"wiki.edit".to_string()));

    // A plain topic's opening post stays its author's, whatever the reputation.
    let (_, ana2) = member(&app, "anabel").await;
    let plain = ask(&ana2, "widgets", "Not a wiki at all here").await;
    let plain_post = opening_post(&app, &plain).await;
    let (status, _) = rita.get_html(&format!("/p/{}/edit", plain_post.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let _ = topic;
}

#[tokio::test]
async fn two_editors_from_one_version_the_second_gets_the_conflict_and_loses_nothing() {
    let (app, admin) = widgets().await;
    let (_, post) = wiki_topic(&app, &admin).await;
    let rita = member_with_reputation(&app, "rita", 150).await;
    let (_, emp) = employee(&app, "emil").await;

    let rita_base = open_editor(&rita, &post).await;
    let emp_base = open_editor(&emp, &post).await;
    assert_eq!(rita_base, emp_base);

    let response = save(&rita, &post, "Rita's careful <b>guide</b>.", &rita_base).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = save(&emp, &post, "Emp's own rewrite of the guide.", &emp_base).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.expect("body");
    // The other's text is shown (escaped), the user's own text is kept in the form.
    assert!(
        html.contains("Rita&#39;s careful &lt;b&gt;guide&lt;/b&gt;.")
            || html.contains("Rita's careful &lt;b&gt;guide&lt;/b&gt;."),
        "{html}"
    );
    assert!(!html.contains("<b>guide</b>"));
    assert_eq!(
        form_field(&html, "body").as_deref(),
        Some("Emp's own rewrite of the guide.")
    );
    let new_base =
        form_field(&html, "base_revision").expect("the form is based on the current version");
    assert_eq!(new_base, "1");
    // Nothing was overwritten.
    let row = post_row(&app, &post).await;
    assert_eq!(row.body_markdown, "Rita's careful <b>guide</b>.");
    assert_eq!(row.revision_count, 1);

    // Saving again from the current version is a deliberate choice, and both texts stay
    // in the history.
    let response = save(&emp, &post, "Emp's own rewrite of the guide.", &new_base).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let history = page(&emp, &format!("/p/{}/history", post.id)).await;
    assert!(history.contains("Rita&#39;s careful") || history.contains("Rita's careful"));
    assert!(history.contains("Emp&#39;s own rewrite") || history.contains("Emp's own rewrite"));
}

#[tokio::test]
async fn an_api_edit_from_a_stale_revision_is_409_with_the_current_text() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = ask(&ana, "widgets", "Which widget fits my shelf").await;
    let post = opening_post(&app, &topic).await;
    let api = Api::new(
        &app,
        &token(&ana, "posts:write topics:read topics:write", None).await,
    );

    let shown = api.json(&format!("/posts/{}", post.id)).await;
    assert_eq!(shown["revision"], 0);
    let response = api
        .call(
            Method::PATCH,
            &format!("/posts/{}", post.id),
            Some(json!({"body": "First edit, from version 0.", "base_revision": 0})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let response = api
        .call(
            Method::PATCH,
            &format!("/posts/{}", post.id),
            Some(json!({"body": "A stale edit, also from version 0.", "base_revision": 0})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json")));
    let problem: serde_json::Value = response.json().await.expect("json");
    assert_eq!(problem["code"], "conflict");
    assert_eq!(problem["current_revision"], 1);
    assert_eq!(problem["current_body"], "First edit, from version 0.");
    assert_eq!(
        post_row(&app, &post).await.body_markdown,
        "First edit, from version 0."
    );

    // The topic edit checks the same way.
    let response = api
        .call(
            Method::PATCH,
            &format!("/topics/{}", topic.id),
            Some(json!({"body": "Stale topic edit.", "base_revision": 0})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    // Without a base the later save still wins, as before.
    let response = api
        .call(
            Method::PATCH,
            &format!("/posts/{}", post.id),
            Some(json!({"body": "An edit without a base."})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(post_row(&app, &post).await.revision_count, 2);
}

#[tokio::test]
async fn revert_restores_an_older_version_as_a_new_one_and_diffs_escape_html() {
    let (app, admin) = widgets().await;
    let (topic, post) = wiki_topic(&app, &admin).await;
    let original = post_row(&app, &post).await.body_markdown;
    let rita = member_with_reputation(&app, "rita", 150).await;
    let base = open_editor(&rita, &post).await;
    let response = save(
        &rita,
        &post,
        "Now with <script>alert(1)</script> inside.",
        &base,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let diff = page(&rita, &format!("/p/{}/diff/1", post.id)).await;
    assert!(
        diff.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{diff}"
    );
    assert!(!diff.contains("<script>alert(1)"));
    assert!(diff.contains("<ins"), "additions are marked");
    assert!(diff.contains("<del"), "removals are marked");
    let (status, _) = rita.get_html(&format!("/p/{}/diff/9", post.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A stale revert is refused; a current one restores version 0 as version 2.
    let response = rita
        .post_form(
            &format!("/p/{}/revert", post.id),
            &[("version", "0"), ("base_revision", "0")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = rita
        .post_form(
            &format!("/p/{}/revert", post.id),
            &[("version", "0"), ("base_revision", "1")],
        )
        .await;
    assert_see_other(&response, &format!("/p/{}/history", post.id));
    let row = post_row(&app, &post).await;
    assert_eq!(row.body_markdown, original);
    assert_eq!(row.revision_count, 2, "a revert is a new version");
    let history = page(&rita, &format!("/p/{}/history", post.id)).await;
    assert!(
        history.contains("&lt;script&gt;"),
        "the reverted text is kept"
    );
    assert!(audit_actions(&app)
        .await
        .contains(&"wiki.revert".to_string()));

    // Those who may not edit may not revert.
    let newbie = member_with_reputation(&app, "newbie", 0).await;
    let response = newbie
        .post_form(
            &format!("/p/{}/revert", post.id),
            &[("version", "1"), ("base_revision", "2")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(post_row(&app, &post).await.revision_count, 2);
    let _ = topic;
}

#[tokio::test]
async fn the_composer_reads_title_body_and_wiki_from_the_query_string() {
    let (app, admin) = widgets().await;
    let (_, bob) = member(&app, "bob").await;
    let mo = moderator(&app, &admin, "moda").await;
    let path = "/c/widgets/new?title=How+to+reset+a+widget&body=Hold+the+button&wiki=1";

    let html = page(&bob, path).await;
    assert_eq!(
        form_field(&html, "title").as_deref(),
        Some("How to reset a widget")
    );
    assert_eq!(
        form_field(&html, "body").as_deref(),
        Some("Hold the button")
    );
    assert!(
        !html.contains("name=\"wiki\""),
        "members are not offered a wiki"
    );

    let html = page(&mo, path).await;
    assert!(html.contains("name=\"wiki\""));
    assert!(
        html.contains("name=\"wiki\" value=\"true\" checked"),
        "wiki=1 ticks the box"
    );

    let response = post_topic(
        &mo,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "How to reset a widget"),
            ("body", "Hold the button for five seconds."),
            ("wiki", "true"),
        ],
    )
    .await;
    let topic = topic_from_redirect(&response);
    assert!(topic_row(&app, &topic.id).await.wiki);

    // A member's forged wiki box creates nothing.
    let response = post_topic(
        &bob,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "A forged wiki request here"),
            ("body", "Trying my luck."),
            ("wiki", "true"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sub_community_sets_its_language_and_wiki_threshold() {
    let (app, admin) = widgets().await;
    let fields = |lang: &'static str, rep: &'static str| {
        vec![
            ("name", "Widgets"),
            ("description", "A place for testing."),
            ("accent_color", "#3355cc"),
            ("visibility", "public"),
            ("position", "0"),
            ("default_language", lang),
            ("wiki_min_reputation", rep),
        ]
    };
    let form = page(&admin, "/c/widgets/edit").await;
    assert!(form.contains("Default language"));
    assert!(form.contains("Reputation needed to edit wikis"));

    for (lang, rep) in [("de", "5"), ("fr", "-1"), ("fr", "lots")] {
        let response = admin.post_form("/c/widgets/edit", &fields(lang, rep)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{lang} {rep}"
        );
    }
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_language, Language::En);
    assert_eq!(c.wiki_min_reputation, 100);

    let response = admin.post_form("/c/widgets/edit", &fields("fr", "5")).await;
    assert_see_other(&response, "/c/widgets?notice=saved");
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_language, Language::Fr);
    assert_eq!(c.wiki_min_reputation, 5);
    assert!(audit_actions(&app)
        .await
        .contains(&"community.content_settings".to_string()));

    // The lower threshold lets a member with 10 reputation edit the wiki.
    let (_, post) = wiki_topic(&app, &admin).await;
    let low = member_with_reputation(&app, "low", 10).await;
    let base = open_editor(&low, &post).await;
    let response = save(&low, &post, "Now editable by more people.", &base).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // A new sub-community takes the language chosen on creation.
    let response = admin
        .post_form(
            "/admin/communities/new",
            &[
                ("slug", "gadgets"),
                ("name", "Gadgets"),
                ("description", ""),
                ("accent_color", "#3355cc"),
                ("visibility", "public"),
                ("position", "0"),
                ("default_language", "fr"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let g = find_community(&app, "gadgets").await.expect("gadgets");
    assert_eq!(g.default_language, Language::Fr);
}

#[tokio::test]
async fn the_demo_has_a_wiki_with_three_versions_by_different_members() {
    let app = forum_app().await;
    let clock = app.clock.clone();
    let created = db(&app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created);
    let html = page(&app.client, "/c/widgets").await;
    assert!(row_badges(&html, "Getting started with Widgets").contains(&"Wiki".to_string()));
    let topic = db(&app, |conn| {
        use parley::db::schema::topics;
        Ok(topics::table
            .filter(topics::title.eq("Getting started with Widgets"))
            .select(topics::id)
            .first::<String>(conn)?)
    })
    .await;
    let post = post_by_number(&app, &topic, 1).await;
    assert_eq!(post.revision_count, 2);
    let history = page(&app.client, &format!("/p/{}/history", post.id)).await;
    for who in ["written by chen", "edited by pat", "edited by carla"] {
        assert!(history.contains(who), "{who}: {history}");
    }
    let diff = page(&app.client, &format!("/p/{}/diff/2", post.id)).await;
    assert!(diff.contains("<ins"), "{diff}");
}
