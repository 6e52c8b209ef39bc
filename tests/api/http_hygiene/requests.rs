//! How requests are answered: security headers, error pages and JSON problems, CSRF,
//! rate limits, body limits, health and readiness, a database outage, asset caching.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;
use reqwest::header::{HeaderMap, ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ORIGIN, RETRY_AFTER};
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, assert_no_internals, community_count, find_community,
    wait_until,
};
use crate::helpers::{
    assert_see_other, html_attr, html_select, postgres_or_skip, spawn_app, spawn_app_with,
    CommunityBuilder, TestClient, UserBuilder,
};

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_string()
}

/// Asserts the security headers every HTML response carries.
#[track_caller]
fn assert_security_headers(headers: &HeaderMap, context: &str) {
    let csp = header(headers, "content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    let script_src = directives
        .iter()
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("{context}: CSP has no script-src: {csp}"));
    let sources: Vec<&str> = script_src.split_whitespace().skip(1).collect();
    assert!(sources.contains(&"'self'"), "{context}: {script_src}");
    for unsafe_source in ["'unsafe-inline'", "'unsafe-eval'", "*", "data:"] {
        assert!(
            !sources.contains(&unsafe_source),
            "{context}: script-src allows {unsafe_source}: {script_src}"
        );
    }
    assert!(
        directives.contains(&"frame-ancestors 'none'"),
        "{context}: {csp}"
    );
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{context}"
    );
    let referrer = header(headers, "referrer-policy");
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer.as_str()),
        "{context}: weak Referrer-Policy {referrer}"
    );
}

/// The request id shown on an error page, which must equal the `x-request-id` header.
#[track_caller]
fn assert_request_id_shown(headers: &HeaderMap, html: &str, context: &str) -> String {
    let id = header(headers, "x-request-id");
    assert!(!id.is_empty(), "{context}: empty x-request-id");
    assert_eq!(
        html_select(html, ".request-id code"),
        vec![id.clone()],
        "{context}: page does not show the request id {id}:\n{html}"
    );
    id
}

#[tokio::test]
async fn html_pages_carry_security_headers_and_no_inline_script_or_style() {
    let app = spawn_app().await;
    let (root, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let anonymous = app.new_client();
    let pages: Vec<(&TestClient, String, StatusCode)> = vec![
        (&anonymous, "/".into(), StatusCode::OK),
        (&anonymous, "/login".into(), StatusCode::OK),
        (&anonymous, "/signup".into(), StatusCode::OK),
        (&anonymous, "/password/reset".into(), StatusCode::OK),
        (&anonymous, "/c/alpha".into(), StatusCode::OK),
        (&anonymous, format!("/u/{}", root.username), StatusCode::OK),
        (&anonymous, "/no/such/page".into(), StatusCode::NOT_FOUND),
        (&admin, "/".into(), StatusCode::OK),
        (&admin, "/admin".into(), StatusCode::OK),
        (&admin, "/admin/settings".into(), StatusCode::OK),
        (&admin, "/admin/users".into(), StatusCode::OK),
        (&admin, "/admin/outbox".into(), StatusCode::OK),
        (&admin, "/admin/audit".into(), StatusCode::OK),
        (&admin, "/admin/communities/new".into(), StatusCode::OK),
        (&admin, "/c/alpha/edit".into(), StatusCode::OK),
        (&admin, "/c/alpha/members".into(), StatusCode::OK),
        (&admin, "/settings/profile".into(), StatusCode::OK),
        (&admin, "/settings/account".into(), StatusCode::OK),
    ];
    for (client, path, expected) in pages {
        let response = client.get(&path).await;
        assert_eq!(response.status(), expected, "GET {path}");
        let headers = response.headers().clone();
        let content_type = header(&headers, "content-type");
        assert!(
            content_type.starts_with("text/html"),
            "GET {path}: {content_type}"
        );
        assert_security_headers(&headers, &path);
        let html = response.text().await.unwrap();
        if expected == StatusCode::OK {
            assert!(
                !html_attr(&html, "script", "src").is_empty(),
                "GET {path}: expected the page's script file"
            );
        }
        assert_no_active_content(&html, &path);
        assert!(
            html_select(&html, "style").is_empty(),
            "GET {path}: inline <style> is blocked by style-src 'self'"
        );
        assert!(
            html_attr(&html, "[style]", "style").is_empty(),
            "GET {path}: inline style attributes are blocked by style-src 'self'"
        );
    }

    // Non-HTML responses carry the headers too.
    let response = app.get("/healthz").await;
    assert_security_headers(response.headers(), "/healthz");
}

#[tokio::test]
async fn unknown_path_answers_a_404_page_with_the_request_id() {
    let app = spawn_app().await;
    let response = app.get("/definitely/not/here").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let headers = response.headers().clone();
    assert!(header(&headers, "content-type").starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert_request_id_shown(&headers, &html, "404 page");
    assert_eq!(html_select(&html, "h1"), vec!["Page not found"]);
    assert_no_internals(&html, "404 page");

    // Every request gets its own id.
    let again = app.get("/definitely/not/here").await;
    assert_ne!(
        header(again.headers(), "x-request-id"),
        header(&headers, "x-request-id")
    );
}

#[tokio::test]
async fn unknown_path_answers_json_to_json_clients() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(app.url("/definitely/not/here"))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let headers = response.headers().clone();
    assert!(
        header(&headers, "content-type").starts_with("application/json"),
        "{headers:?}"
    );
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(body["error"], "not_found", "{body}");
    assert_eq!(body["status"], 404, "{body}");
    assert_eq!(
        body["request_id"].as_str(),
        Some(header(&headers, "x-request-id").as_str()),
        "{body}"
    );
    assert_no_internals(&body.to_string(), "JSON 404");
}

#[tokio::test]
async fn member_gets_a_403_page_at_admin() {
    let app = spawn_app().await;
    let member = UserBuilder::new("mira").build(&app).await;
    let member = app.signed_in_client(&member).await;
    for path in ["/admin", "/admin/settings", "/admin/outbox", "/admin/users"] {
        let response = member.get(path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "GET {path}");
        let headers = response.headers().clone();
        assert_security_headers(&headers, path);
        let html = response.text().await.unwrap();
        assert_eq!(html_select(&html, "h1"), vec!["Not allowed"], "GET {path}");
        assert_request_id_shown(&headers, &html, path);
        assert_no_internals(&html, path);
        assert!(
            !html.contains("mails queued"),
            "GET {path} leaked admin data"
        );
    }
}

#[tokio::test]
async fn rate_limited_sign_in_answers_429_with_retry_after() {
    let app = spawn_app_with(|s| s.rate_limits.signin_per_ip_per_minute = 2).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.new_client();
    for attempt in 1..=2 {
        let response = browser.login("ana", "wrong password here").await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let response = browser.login("ana", "wrong password here").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let headers = response.headers().clone();
    let retry_after: u64 = header(&headers, RETRY_AFTER.as_str())
        .parse()
        .expect("Retry-After is a number of seconds");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    // Two a minute is one every 30 s on the app's clock, which has not moved.
    assert_eq!(retry_after, 30);
    let html = response.text().await.unwrap();
    assert_eq!(html_select(&html, "h1"), vec!["Too many requests"]);
    assert!(
        html.contains(&format!("Please wait {retry_after} seconds")),
        "the page should say how long to wait:\n{html}"
    );
    assert_request_id_shown(&headers, &html, "429 page");
    assert_no_internals(&html, "429 page");

    // The right password does not get through the limit either ...
    let response = browser.login("ana", &ana.password).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(browser.session_cookie().is_none());

    // ... until the wait it named is over.
    app.clock.advance_secs(29);
    let response = browser.login("ana", &ana.password).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(response.headers(), RETRY_AFTER.as_str()), "1");
    app.clock.advance_secs(1);
    let response = browser.login("ana", &ana.password).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(browser.session_cookie().is_some());
}

#[tokio::test]
async fn post_without_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;

    // A signed-in admin's browser, but the form lacks the token (or has a wrong one).
    let fields = [
        ("slug", "forged"),
        ("name", "Forged"),
        ("description", ""),
        ("accent_color", "#112233"),
        ("visibility", "public"),
        ("position", "0"),
    ];
    let response = admin
        .post_form_without_csrf("/admin/communities/new", &fields)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert_eq!(html_select(&html, "h1"), vec!["Form expired"]);
    assert_request_id_shown(&headers, &html, "CSRF page");
    assert_no_internals(&html, "CSRF page");

    let mut wrong: Vec<(&str, &str)> = fields.to_vec();
    let bad_token = "0".repeat(64);
    wrong.push(("csrf_token", &bad_token));
    let response = admin
        .post_form_without_csrf("/admin/communities/new", &wrong)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "wrong token");

    // A form posted from another site, even with the token, is refused.
    let token = admin.csrf_token().await;
    let mut with_token: Vec<(&str, &str)> = fields.to_vec();
    with_token.push(("csrf_token", &token));
    let response = admin
        .http
        .post(admin.url("/admin/communities/new"))
        .header(ORIGIN, "https://evil.example")
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "foreign Origin");

    assert_eq!(
        community_count(&app).await,
        0,
        "a forged POST created something"
    );

    // The same form with the token goes through (the refusals were about CSRF).
    let response = admin.post_form("/admin/communities/new", &fields).await;
    assert_see_other(&response, "/c/forged?notice=saved");
}

#[tokio::test]
async fn malformed_form_gets_a_generic_400_page() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let other = UserBuilder::new("bob").build(&app).await;
    // `role` is missing entirely: the form cannot be decoded.
    let response = admin
        .post_form(&format!("/admin/users/{}/role", other.id.as_str()), &[])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert_eq!(html_select(&html, "h1"), vec!["Bad request"]);
    assert_request_id_shown(&headers, &html, "400 page");
    assert_no_internals(&html, "400 page");
    assert!(
        html_select(&html, "main p")
            .iter()
            .any(|p| p == "The request could not be understood."),
        "the page should give the generic reason only:\n{html}"
    );
}

#[tokio::test]
async fn health_and_readiness_answer_200() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ready");
}

fn pg_admin_exec(admin_url: &str, sql: &str) {
    let mut conn = PgConnection::establish(admin_url).expect("connect to the PostgreSQL server");
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql} failed: {e}"));
}

/// PostgreSQL only: the database stops accepting connections and the app's connections
/// are cut. SQLite has no honest equivalent (an open file keeps working when renamed).
#[tokio::test]
async fn pg_only_database_outage_answers_503_and_recovers() {
    let Some(admin_url) = postgres_or_skip("pg_only_database_outage_answers_503_and_recovers")
    else {
        return;
    };
    let app = spawn_app().await;
    let name = app
        .pg_database_name()
        .expect("a PostgreSQL database")
        .to_string();
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::OK);

    let (url, db) = (admin_url.clone(), name.clone());
    tokio::task::spawn_blocking(move || {
        pg_admin_exec(
            &url,
            &format!(
                "ALTER DATABASE {db} WITH ALLOW_CONNECTIONS false; \
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{db}' AND pid <> pg_backend_pid();"
            ),
        )
    })
    .await
    .unwrap();

    let response = app.get("/readyz").await;
    assert_eq!(
        response.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "/readyz"
    );
    let body = response.text().await.unwrap();
    assert_no_internals(&body, "/readyz during the outage");

    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "GET /");
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert_eq!(html_select(&html, "h1"), vec!["Temporarily unavailable"]);
    assert_request_id_shown(&headers, &html, "503 page");
    assert_no_internals(&html, "503 page");

    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK, "the process is still up");

    let (url, db) = (admin_url.clone(), name.clone());
    tokio::task::spawn_blocking(move || {
        pg_admin_exec(
            &url,
            &format!("ALTER DATABASE {db} WITH ALLOW_CONNECTIONS true"),
        )
    })
    .await
    .unwrap();
    wait_until("/readyz answers 200 again", || async {
        (app.get("/readyz").await.status() == StatusCode::OK).then_some(())
    })
    .await;
    let (status, _) = app.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn oversized_body_is_refused_with_413_and_nothing_is_created() {
    let app = spawn_app_with(|s| s.max_body_bytes = 4096).await;
    let (_, admin) = admin_client(&app).await;
    let padding = "x".repeat(5000);
    let fields = |slug: &'static str, pad: &str| -> Vec<(&'static str, String)> {
        vec![
            ("slug", slug.to_string()),
            ("name", "Big".to_string()),
            ("description", "".to_string()),
            ("accent_color", "#112233".to_string()),
            ("visibility", "public".to_string()),
            ("position", "0".to_string()),
            ("padding", pad.to_string()),
        ]
    };
    let big = fields("big", &padding);
    let big: Vec<(&str, &str)> = big.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = admin.post_form("/admin/communities/new", &big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert_eq!(html_select(&html, "h1"), vec!["Too large"]);
    assert_request_id_shown(&headers, &html, "413 page");
    assert_no_internals(&html, "413 page");
    assert!(find_community(&app, "big").await.is_none());
    assert_eq!(community_count(&app).await, 0);

    // Just under the limit is accepted, so the 413 was about size.
    let fitting = fields("fits", &"x".repeat(3000));
    let fitting: Vec<(&str, &str)> = fitting.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = admin.post_form("/admin/communities/new", &fitting).await;
    assert_see_other(&response, "/c/fits?notice=saved");
}

fn max_age(cache_control: &str) -> u64 {
    cache_control
        .split(',')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("max-age="))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no max-age in {cache_control:?}"))
}

#[tokio::test]
async fn versioned_assets_are_cached_for_a_year_and_others_briefly() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    let css = html_attr(&html, "link[rel=stylesheet]", "href")
        .into_iter()
        .find(|h| h.starts_with("/assets/app.css?v="))
        .unwrap_or_else(|| panic!("no versioned app.css link:\n{html}"));
    let js = html_attr(&html, "script", "src")
        .into_iter()
        .find(|h| h.starts_with("/assets/app.js?v="))
        .unwrap_or_else(|| panic!("no versioned app.js:\n{html}"));

    for (path, mime) in [(&css, "text/css"), (&js, "javascript")] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        let content_type = header(response.headers(), CONTENT_TYPE.as_str());
        assert!(content_type.contains(mime), "GET {path}: {content_type}");
        let cache = header(response.headers(), CACHE_CONTROL.as_str());
        assert!(cache.contains("immutable"), "GET {path}: {cache}");
        assert_eq!(max_age(&cache), 31_536_000, "GET {path}: {cache}");
        assert!(!response.bytes().await.unwrap().is_empty());
    }

    for path in ["/assets/app.css", "/assets/app.css?v=000000000000"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        let cache = header(response.headers(), CACHE_CONTROL.as_str());
        assert!(!cache.contains("immutable"), "GET {path}: {cache}");
        assert!(max_age(&cache) <= 3600, "GET {path}: {cache}");
    }

    for path in [
        "/assets/nope.css",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "GET {path}");
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("[package]"),
            "GET {path} served a source file"
        );
    }
}

#[tokio::test]
async fn get_logout_changes_nothing() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    for path in ["/logout", "/logout/all"] {
        // Sign-out has a POST route only; other methods fall to the app's 404 page.
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "GET {path}");
        let headers = response.headers().clone();
        assert!(header(&headers, "content-type").starts_with("text/html"));
        let html = response.text().await.unwrap();
        assert_request_id_shown(&headers, &html, path);
    }
    let (status, html) = browser.get_html("/settings/account").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the session ended after GET /logout"
    );
    assert_eq!(html_select(&html, ".account-nav .me span"), vec!["ana"]);

    // POST is the way out.
    let response = browser.post_form("/logout", &[]).await;
    assert_see_other(&response, "/?notice=signed_out");
    let response = browser.get("/settings/account").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}
