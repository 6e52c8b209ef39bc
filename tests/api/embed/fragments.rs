//! `/embed/v1/topics.html` and `/embed/v1/count.json`: what an anonymous visitor may
//! see, for embeddable sub-communities only, cacheable, CORS for allowed origins only.

use parley::db::write_batch;
use parley::db::{TopicKind, Visibility};
use parley::forums::write_core::{insert_reply, insert_topic, TopicDraft};
use reqwest::StatusCode;

use super::widgets::save_embedding;
use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::forum_fixtures::{accept, employee, forum_app, member, reply};
use crate::helpers::{assert_see_other, CommunityBuilder, TestApp, TestClient, TopicBuilder};

const ACME: &str = "https://www.acme.example";

/// A forum app with the public sub-community `widgets` embeddable from [`ACME`].
async fn embeddable_widgets() -> (TestApp, TestClient) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let response = save_embedding(&admin, "widgets", ACME, "https://www.acme.example/", true).await;
    assert_see_other(&response, "/c/widgets/embedding?notice=saved");
    (app, admin)
}

async fn get_from(app: &TestApp, path: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = app.http.get(app.url(path));
    if let Some(o) = origin {
        request = request.header("origin", o);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn topics_fragment_shows_published_topics_escaped_with_json_ld_and_links() {
    let (app, _) = embeddable_widgets().await;
    let (_, carla) = member(&app, "carla").await;
    let (_, erin) = employee(&app, "erin").await;
    let xss = "<script>alert(1)</script> \"quoted\" <img src=x onerror=alert(2)>";
    let q = TopicBuilder::question(xss)
        .body("Body <script>alert(3)</script>")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    let answer = reply(&app, &erin, &q, "Do this.").await;
    let r = accept(&carla, &q, &answer).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A held topic (a card number) is never listed.
    TopicBuilder::discussion("Held refund request")
        .body("Card: 4111 1111 1111 1111 please refund")
        .in_("widgets")
        .by(&erin)
        .send()
        .await;
    TopicBuilder::discussion("Published discussion")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;

    let response = get_from(&app, "/embed/v1/topics.html?community=widgets", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    assert!(response.headers().contains_key("etag"));
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin"),
        "no Origin, no CORS header (a CMS include still gets the content)"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.starts_with("<section class=\"parley-topics\""),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("Published discussion"));
    assert!(
        !html.contains("Held refund request"),
        "held topics are absent: {html}"
    );
    assert!(html.contains("parley-badge parley-solved"), "{html}");
    assert!(html.contains("1 answer"), "{html}");
    assert!(
        html.contains(&format!("href=\"{}/t/{}/", app.address, q.id)),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"{}/c/widgets\"", app.address)),
        "{html}"
    );
    assert!(
        html.contains("<script type=\"application/ld+json\">"),
        "{html}"
    );

    let solved = get_from(
        &app,
        "/embed/v1/topics.html?community=widgets&kind=question&state=solved&sort=top&limit=1",
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        solved.contains(&q.id) && !solved.contains("Published discussion"),
        "{solved}"
    );
}

#[tokio::test]
async fn unknown_private_and_not_embeddable_sub_communities_answer_the_same_404() {
    let (app, admin) = embeddable_widgets().await;
    CommunityBuilder::new("plain").build(&app, &admin).await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    // Even with an origin written straight into the database, private is never embeddable.
    let inner = find_community(&app, "inner").await.unwrap().id;
    let now = app.clock.now();
    db(&app, move |conn| {
        Ok(parley::db::models::communities::set_embedding(
            conn, &inner, ACME, "", true, now,
        )?)
    })
    .await;
    let (_, erin) = employee(&app, "erin").await;
    TopicBuilder::discussion("Internal secret plan")
        .in_("inner")
        .by(&erin)
        .build(&app)
        .await;

    let mut bodies = Vec::new();
    for slug in ["nope", "plain", "inner", ""] {
        for path in [
            format!("/embed/v1/topics.html?community={slug}"),
            format!("/embed/v1/count.json?community={slug}&state=unanswered"),
            format!("/embed/v1/count.json?community={slug}&page=home"),
        ] {
            let response = app
                .http
                .get(app.url(&path))
                .header("origin", ACME)
                .header("accept", "application/json")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(!response
                .headers()
                .contains_key("access-control-allow-origin"));
            let mut body: serde_json::Value = response.json().await.unwrap();
            body.as_object_mut().unwrap().remove("request_id");
            bodies.push((path, body));
        }
    }
    let first = bodies[0].1.clone();
    for (path, body) in &bodies {
        assert_eq!(body, &first, "{path} answers like an unknown sub-community");
        assert!(!body.to_string().contains("secret"), "{path}");
    }
}

#[tokio::test]
async fn cors_names_only_allowed_origins() {
    let (app, _) = embeddable_widgets().await;
    for path in [
        "/embed/v1/topics.html?community=widgets",
        "/embed/v1/count.json?community=widgets&state=unanswered",
    ] {
        let response = get_from(&app, path, Some(ACME)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            ACME,
            "{path}"
        );
        assert!(response.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Origin"));
        for other in [
            "https://evil.example",
            "https://www.acme.example.evil.example",
            "null",
        ] {
            let response = get_from(&app, path, Some(other)).await;
            assert_eq!(response.status(), StatusCode::OK, "public content: {path}");
            assert!(
                !response
                    .headers()
                    .contains_key("access-control-allow-origin"),
                "{other} is not allowed: {path}"
            );
        }
    }
}

#[tokio::test]
async fn fragments_answer_304_to_their_etag_until_the_content_changes() {
    let (app, _) = embeddable_widgets().await;
    let (_, carla) = member(&app, "carla").await;
    TopicBuilder::question("First question")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    for path in [
        "/embed/v1/topics.html?community=widgets",
        "/embed/v1/count.json?community=widgets&state=unanswered",
    ] {
        let response = get_from(&app, path, Some(ACME)).await;
        let etag = response.headers()["etag"].to_str().unwrap().to_string();
        let again = app
            .http
            .get(app.url(path))
            .header("origin", ACME)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert_eq!(again.headers()["access-control-allow-origin"], ACME);
        assert_eq!(again.headers()["cache-control"], "public, max-age=60");
    }
    let before = get_from(&app, "/embed/v1/topics.html?community=widgets", None).await;
    let etag = before.headers()["etag"].to_str().unwrap().to_string();
    TopicBuilder::question("Second question")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    let fetch = || {
        app.http
            .get(app.url("/embed/v1/topics.html?community=widgets"))
            .header("if-none-match", &etag)
            .send()
    };
    // A rendered fragment is reused for at most one second (`embed::cache`).
    let within = fetch().await.unwrap();
    assert_eq!(
        within.status(),
        StatusCode::NOT_MODIFIED,
        "reused within the second"
    );
    app.clock.advance_secs(1);
    let after = fetch().await.unwrap();
    assert_eq!(after.status(), StatusCode::OK, "new content, new ETag");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);
    assert!(after.text().await.unwrap().contains("Second question"));
}

#[tokio::test]
async fn bad_parameters_are_a_400_naming_them() {
    let (app, _) = embeddable_widgets().await;
    for (query, name) in [
        ("limit=0", "limit"),
        ("limit=21", "limit"),
        ("limit=five", "limit"),
        ("state=open", "state"),
        ("sort=new", "sort"),
        ("kind=comment", "kind"),
        ("kind=poll", "kind"),
        ("tag=a%20b", "tag"),
    ] {
        let response = app
            .http
            .get(app.url(&format!("/embed/v1/topics.html?community=widgets&{query}")))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["detail"].as_str().unwrap_or("").starts_with(name),
            "{query}: {body}"
        );
    }
    let response = get_from(
        &app,
        "/embed/v1/topics.html?community=widgets&limit=20&sort=top",
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn counts_follow_the_list_filters_and_a_page_threads_published_comments() {
    let (app, _) = embeddable_widgets().await;
    let (carla_user, carla) = member(&app, "carla").await;
    let (_, erin) = employee(&app, "erin").await;
    TopicBuilder::question("The first unanswered question")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    TopicBuilder::question("The second unanswered question")
        .in_("widgets")
        .by(&erin)
        .build(&app)
        .await;
    let answered = TopicBuilder::question("A question with an answer")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    reply(&app, &erin, &answered, "Here you go.").await;
    TopicBuilder::discussion("A discussion about dashboards")
        .in_("widgets")
        .by(&erin)
        .build(&app)
        .await;
    TopicBuilder::question("Held card question")
        .body("My card 4111 1111 1111 1111 was charged twice")
        .in_("widgets")
        .by(&erin)
        .send()
        .await;

    let count = |q: &'static str| {
        let app = &app;
        async move {
            let response = get_from(
                app,
                &format!("/embed/v1/count.json?community=widgets{q}"),
                None,
            )
            .await;
            assert_eq!(response.status(), StatusCode::OK, "{q}");
            assert!(response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"));
            let body: serde_json::Value = response.json().await.unwrap();
            body["count"].as_i64().unwrap()
        }
    };
    assert_eq!(count("&state=unanswered").await, 2);
    assert_eq!(count("&state=answered").await, 1);
    assert_eq!(count("&kind=question").await, 3);
    assert_eq!(count("").await, 4);
    assert_eq!(count("&page=press-2026").await, 0, "no thread yet");

    // A page thread with three published comments after the first.
    let community = find_community(&app, "widgets").await.unwrap().id;
    let author = carla_user.id.clone();
    let now = app.clock.now();
    db(&app, move |conn| {
        write_batch(conn, |conn| {
            let draft = TopicDraft {
                community: &community,
                category: None,
                kind: TopicKind::Comment,
                title: "Press release",
                body: "First!",
                tags: "",
                as_brand: false,
                page: Some(("press-2026", "https://www.acme.example/press/2026")),
                language: None,
            };
            let t = insert_topic(conn, &draft, &author, now)?;
            for i in 0..3 {
                insert_reply(
                    conn,
                    &t,
                    &community,
                    &author,
                    &format!("Comment {i}"),
                    false,
                    None,
                    now,
                )?;
            }
            Ok(())
        })
    })
    .await;
    assert_eq!(count("&page=press-2026").await, 3);
    assert_eq!(
        count("&url=https%3A%2F%2Fwww.acme.example%2Fpress%2F2026").await,
        0,
        "the url is only the key when no page is given"
    );
    let response = get_from(
        &app,
        "/embed/v1/count.json?community=widgets&state=nope",
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_cached_fragment_is_never_served_once_embedding_is_switched_off() {
    let (app, admin) = embeddable_widgets().await;
    let (_, carla) = member(&app, "carla").await;
    TopicBuilder::question("Cached question")
        .in_("widgets")
        .by(&carla)
        .build(&app)
        .await;
    let path = "/embed/v1/topics.html?community=widgets";
    let first = get_from(&app, path, Some(ACME)).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.text().await.unwrap().contains("Cached question"));
    // Within the second the fragment would be reused, but the sub-community is checked
    // on every request: no origin allowed any more means no fragment at all.
    let response = save_embedding(&admin, "widgets", "", "", false).await;
    assert_see_other(&response, "/c/widgets/embedding?notice=saved");
    let after = get_from(&app, path, Some(ACME)).await;
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    assert!(!after.text().await.unwrap().contains("Cached question"));
}
