//! The Embedding settings of a sub-community, the loader script and the demo host page.

use parley::db::models::audit;
use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::forum_fixtures::{forum_app, member};
use crate::helpers::{assert_see_other, grant_role, location, CommunityBuilder};

/// Saves the Embedding section of `slug` as `client` and returns the answer.
pub async fn save_embedding(
    client: &crate::helpers::TestClient,
    slug: &str,
    origins: &str,
    prefixes: &str,
    anonymous_ask: bool,
) -> reqwest::Response {
    let mut fields = vec![("origins", origins), ("url_prefixes", prefixes)];
    if anonymous_ask {
        fields.push(("anonymous_ask", "on"));
    }
    client
        .post_form(&format!("/c/{slug}/embedding"), &fields)
        .await
}

#[tokio::test]
async fn embedding_settings_normalise_good_lines_and_refuse_bad_ones_changing_nothing() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, erin) = member(&app, "erin").await;
    grant_role(&admin, "widgets", "erin", CommunityRole::Manager).await;

    let (status, html) = erin.get_html("/c/widgets/embedding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Allowed origins"), "{html}");
    assert!(
        html.contains("/embed/v1/parley.js?v="),
        "the loader snippet: {html}"
    );
    for tag in [
        "parley-topics",
        "parley-count",
        "parley-ask",
        "parley-comments",
    ] {
        assert!(
            html.contains(&format!("&lt;{tag} community=&quot;widgets&quot;")),
            "{tag} snippet: {html}"
        );
    }

    let response = save_embedding(
        &erin,
        "widgets",
        "https://ok.example\nftp://files.example\nhttps://*.acme.example\nhttps://www.acme.example/products",
        "https://www.acme.example/",
        true,
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    for line in ["line 2", "line 3", "line 4"] {
        assert!(html.contains(line), "{line} is named: {html}");
    }
    assert!(
        !html.contains("line 1 "),
        "the good line is not an error: {html}"
    );
    let stored = find_community(&app, "widgets").await.unwrap();
    assert_eq!(stored.embed_origins, "", "bad input changes nothing");
    assert_eq!(stored.embed_url_prefixes, "");
    assert!(!stored.embed_anonymous_ask);

    let response = save_embedding(&erin, "widgets", "https://ok.example", "not a url", false).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        find_community(&app, "widgets").await.unwrap().embed_origins,
        ""
    );

    let response = save_embedding(
        &erin,
        "widgets",
        "HTTPS://WWW.Acme.Example:443/\n\nhttp://localhost:8081\nhttps://www.acme.example",
        "https://WWW.acme.example/Products/",
        true,
    )
    .await;
    assert_see_other(&response, "/c/widgets/embedding?notice=saved");
    let stored = find_community(&app, "widgets").await.unwrap();
    assert_eq!(
        stored.embed_origins,
        "https://www.acme.example\nhttp://localhost:8081"
    );
    assert_eq!(
        stored.embed_url_prefixes,
        "https://www.acme.example/Products/"
    );
    assert!(stored.embed_anonymous_ask);
    let id = stored.id.clone();
    let rows = db(&app, move |conn| Ok(audit::recent(conn, 50)?)).await;
    let row = rows
        .iter()
        .find(|r| r.action == "community.embedding")
        .expect("the change is audit-logged");
    assert_eq!(row.community_id.as_ref(), Some(&id));
    assert!(
        row.after_value.contains("https://www.acme.example"),
        "{row:?}"
    );
}

#[tokio::test]
async fn only_managers_and_admins_may_open_or_save_the_embedding_settings() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, mo) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let (_, carla) = member(&app, "carla").await;

    for (who, client) in [("moderator", &mo), ("member", &carla)] {
        let (status, _) = client.get_html("/c/widgets/embedding").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} opens the settings");
        let response = save_embedding(client, "widgets", "https://evil.example", "", true).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{who} saves them");
    }
    let anonymous = app.new_client();
    let response = anonymous.get("/c/widgets/embedding").await;
    assert!(
        location(&response).is_some_and(|l| l.starts_with("/login")),
        "anonymous visitors are asked to sign in: {:?}",
        response.status()
    );
    assert_eq!(
        find_community(&app, "widgets").await.unwrap().embed_origins,
        ""
    );

    let (status, _) = admin.get_html("/c/widgets/embedding").await;
    assert_eq!(status, StatusCode::OK, "admins may");
    let (status, html) = admin.get_html("/c/widgets/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("href=\"/c/widgets/embedding\""),
        "the edit page links to it"
    );
}

#[tokio::test]
async fn a_private_sub_community_shows_embedding_disabled_and_refuses_origins() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (status, html) = admin.get_html("/c/inner/embedding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("not public"), "{html}");
    assert!(
        !html.contains("action=\"/c/inner/embedding\""),
        "no form to save: {html}"
    );
    let response = save_embedding(&admin, "inner", "https://www.acme.example", "", true).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        find_community(&app, "inner").await.unwrap().embed_origins,
        ""
    );
}

#[tokio::test]
async fn the_loader_is_served_as_cacheable_javascript_with_a_content_hash() {
    let app = forum_app().await;
    let response = app.get("/embed/v1/parley.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers().clone();
    assert_eq!(h["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(h["cache-control"], "public, max-age=300");
    assert_eq!(h["access-control-allow-origin"], "*");
    let etag = h["etag"].to_str().unwrap().to_string();
    let hash = etag.trim_matches('"').to_string();
    assert!(
        !etag.starts_with("W/") && hash.len() == 16,
        "a strong content hash: {etag}"
    );
    let body = response.text().await.unwrap();
    for tag in [
        "parley-topics",
        "parley-count",
        "parley-comments",
        "parley-ask",
    ] {
        assert!(body.contains(&format!("\"{tag}\"")), "defines {tag}");
    }
    assert!(!body.contains("eval("), "no eval");
    // Issue 21: its own texts come from the message files, in every language.
    assert!(
        body.contains("Poser une question à la communauté") && body.contains("Ask the community")
    );
    assert!(body.contains("n'ont pas pu être chargés"));
    assert_eq!(parley::embed::loader::hash(), hash);

    let response = app.get(&format!("/embed/v1/parley.js?v={hash}")).await;
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let response = app.get("/embed/v1/parley.js?v=stale").await;
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");

    let response = app
        .http
        .get(app.url("/embed/v1/parley.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_demo_host_page_embeds_every_widget_from_parley_on_another_site() {
    use parley::embed::demo_host::{self, HostSite};
    let app = forum_app().await;
    let clock = app.clock.clone();
    db(&app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let site = HostSite::beside(&app.address, port);
    assert_eq!(
        site.origin,
        format!("http://localhost:{port}"),
        "another site than 127.0.0.1"
    );
    let server = demo_host::server(listener, site.clone()).unwrap();
    let handle = server.handle();
    tokio::spawn(server);

    let host = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = host
        .get(format!("http://127.0.0.1:{port}{}", demo_host::PAGE_PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    for directive in ["script-src 'self' ", "frame-src ", "connect-src 'self' "] {
        assert!(
            csp.contains(&format!("{directive}{}", app.address)),
            "{directive} allows Parley: {csp}"
        );
    }
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("src=\"{}/embed/v1/parley.js?v=", app.address)),
        "{html}"
    );
    for needle in [
        "<parley-topics community=\"widgets\" kind=\"question\" state=\"solved\"",
        "<parley-count community=\"widgets\" state=\"unanswered\"",
        "<parley-ask community=\"widgets\"",
        "<parley-comments community=\"widgets\" page=\"widget-pro-3000\"",
        "<parley-topics community=\"widgets-fr\"",
        "<pre>",
        "id=\"events\"",
    ] {
        assert!(html.contains(needle), "{needle}: {html}");
    }

    // The demo sub-communities allow that page.
    let mut conn_site = site.clone();
    conn_site.parley = app.address.clone();
    let now = app.clock.now();
    db(&app, move |conn| {
        parley::demo_embed::allow_demo_host(conn, &conn_site, now)
    })
    .await;
    for slug in ["widgets", "widgets-fr"] {
        let response = app
            .http
            .get(app.url(&format!("/embed/v1/topics.html?community={slug}")))
            .header("origin", &site.origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{slug}");
        assert_eq!(
            response.headers()["access-control-allow-origin"]
                .to_str()
                .unwrap(),
            site.origin
        );
    }
    let stored = find_community(&app, "widgets").await.unwrap();
    assert!(stored
        .embed_prefix_list()
        .contains(&site.url_prefix().as_str()));
    handle.stop(false).await;
}
