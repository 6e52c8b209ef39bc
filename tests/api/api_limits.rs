//! The cross-cutting behaviour of `/api/v1`, over real HTTP on both databases: rate
//! limits shared through the database (one node and, on PostgreSQL, two), CORS for the
//! origins admins allow, ETag / If-None-Match, and the Idempotency-Key store.

use parley::db::models::api_idempotency::{self, Claim, Outcome};
use parley::db::schema::api_idempotency as idem_table;
use reqwest::header::{
    HeaderMap, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, AUTHORIZATION, CACHE_CONTROL, ETAG, IF_NONE_MATCH, ORIGIN,
    RETRY_AFTER,
};
use reqwest::{Method, Response, StatusCode};

use crate::helpers::fixtures::{admin_client, db, start_node, SiteSettings};
use crate::helpers::{postgres_or_skip, spawn_app, spawn_app_with, TestClient, UserBuilder};
use crate::tokens::{assert_problem, create_token, me};

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn rate_headers(response: &Response) -> (String, String, String) {
    let h = response.headers();
    (
        header(h, "ratelimit-limit").to_string(),
        header(h, "ratelimit-remaining").to_string(),
        header(h, "ratelimit-reset").to_string(),
    )
}

#[tokio::test]
async fn address_limit_answers_429_with_headers_then_allows_again_in_the_next_window() {
    let app = spawn_app_with(|s| s.api.rate_limit_per_address = 3).await;
    // Start at the beginning of a window so the manual clock stays inside it.
    let into_window = app
        .clock
        .now()
        .micros()
        .div_euclid(1_000_000)
        .rem_euclid(60);
    app.clock.advance_secs(60 - into_window);

    for remaining in ["2", "1", "0"] {
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), StatusCode::OK);
        let (limit, left, reset) = rate_headers(&response);
        assert_eq!((limit.as_str(), left.as_str()), ("3", remaining));
        assert_eq!(reset, "60");
    }
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(header(response.headers(), RETRY_AFTER.as_str()), "60");
    assert_eq!(rate_headers(&response).1, "0");
    assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    app.clock.advance_secs(60);
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(rate_headers(&response).1, "2");
}

#[tokio::test]
async fn token_limit_is_per_token_and_apart_from_the_address_limit() {
    let app = spawn_app_with(|s| {
        s.api.rate_limit_per_token = 2;
        s.api.rate_limit_per_address = 100;
    })
    .await;
    let into_window = app
        .clock
        .now()
        .micros()
        .div_euclid(1_000_000)
        .rem_euclid(60);
    app.clock.advance_secs(60 - into_window);
    let (_, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let first = create_token(&browser, &[("name", "one"), ("scopes", "users:read")]).await;
    let second = create_token(&browser, &[("name", "two"), ("scopes", "users:read")]).await;

    for _ in 0..2 {
        let response = me(&app, Some(&first)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(rate_headers(&response).0, "2");
    }
    assert_problem(
        me(&app, Some(&first)).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    assert_eq!(me(&app, Some(&second)).await.status(), StatusCode::OK);
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(rate_headers(&response).0, "100");
}

#[tokio::test]
async fn pg_only_two_app_nodes_on_one_database_share_one_limit() {
    let Some(_) = postgres_or_skip("pg_only_two_app_nodes_on_one_database_share_one_limit") else {
        return;
    };
    let app = spawn_app_with(|s| s.api.rate_limit_per_address = 10).await;
    let into_window = app
        .clock
        .now()
        .micros()
        .div_euclid(1_000_000)
        .rem_euclid(60);
    app.clock.advance_secs(60 - into_window);
    let node = start_node(&app, |_| {}).await;
    let other = node.client();

    let mut allowed = 0;
    for i in 0..30 {
        let client: &TestClient = if i % 2 == 0 { &app.client } else { &other };
        let status = client.get("/api/v1/openapi.json").await.status();
        match status {
            StatusCode::OK => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(allowed, 10, "both nodes together allow exactly the limit");
    assert_eq!(
        app.get("/api/v1/openapi.json").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        other.get("/api/v1/openapi.json").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance_secs(60);
    assert_eq!(
        other.get("/api/v1/openapi.json").await.status(),
        StatusCode::OK
    );
}

async fn preflight(client: &TestClient, origin: &str) -> Response {
    client
        .http
        .request(Method::OPTIONS, client.url("/api/v1/me"))
        .header(ORIGIN, origin)
        .header(ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(
            ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, idempotency-key",
        )
        .send()
        .await
        .expect("OPTIONS")
}

#[tokio::test]
async fn cors_answers_only_the_origins_admins_allow_and_never_allows_credentials() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let allowed = "https://www.example.com";

    // None by default.
    let response = preflight(&app.client, allowed).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .headers()
        .get(ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    SiteSettings {
        api_cors_origins: "https://www.example.com\nhttps://crm.example.com:8443",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;
    let (_, html) = admin.get_html("/admin/settings").await;
    assert!(html.contains("https://crm.example.com:8443"), "{html}");

    let response = preflight(&app.client, allowed).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let h = response.headers();
    assert_eq!(header(h, ACCESS_CONTROL_ALLOW_ORIGIN.as_str()), allowed);
    let allow_headers = header(h, ACCESS_CONTROL_ALLOW_HEADERS.as_str()).to_ascii_lowercase();
    for needed in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-none-match",
    ] {
        assert!(allow_headers.contains(needed), "{allow_headers}");
    }
    assert!(h.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());

    let refused = preflight(&app.client, "https://evil.example.net").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    // The request itself: readable by the allowed origin only.
    let get = |origin: &'static str| {
        app.http
            .get(app.url("/api/v1/openapi.json"))
            .header(ORIGIN, origin)
            .send()
    };
    let response = get("https://www.example.com").await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    assert_eq!(header(h, ACCESS_CONTROL_ALLOW_ORIGIN.as_str()), allowed);
    let exposed = header(h, ACCESS_CONTROL_EXPOSE_HEADERS.as_str()).to_ascii_lowercase();
    for needed in [
        "etag",
        "link",
        "ratelimit-remaining",
        "retry-after",
        "location",
    ] {
        assert!(exposed.contains(needed), "{exposed}");
    }
    assert!(h.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
    let response = get("https://evil.example.net").await.expect("GET");
    assert!(response
        .headers()
        .get(ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    // A malformed origin in the settings is refused with the field's error.
    let response = admin
        .post_form(
            "/admin/settings",
            &[
                ("site_name", "Parley"),
                ("primary_color", "#3355cc"),
                ("api_cors_origins", "https://www.example.com/path"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn get_answers_carry_a_weak_etag_and_if_none_match_gets_304_without_a_body() {
    let app = spawn_app().await;
    let (_, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let secret = create_token(&browser, &[("name", "etag"), ("scopes", "users:read")]).await;

    let response = me(&app, Some(&secret)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = header(response.headers(), ETAG.as_str()).to_string();
    assert!(
        etag.starts_with("W/\"") && etag.ends_with('"') && etag.len() > 10,
        "{etag}"
    );
    assert_eq!(
        header(response.headers(), CACHE_CONTROL.as_str()),
        "private, no-cache"
    );
    let body = response.bytes().await.expect("body");
    assert!(!body.is_empty());

    let again = |tag: String| {
        app.http
            .get(app.url("/api/v1/me"))
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .header(IF_NONE_MATCH, tag)
            .send()
    };
    let response = again(etag.clone()).await.expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(response.headers(), ETAG.as_str()), etag);
    assert!(response.bytes().await.expect("body").is_empty());
    let response = again("\"something-else\"".into()).await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);

    // Anonymous: the document, revalidated by shared caches.
    let response = app.get("/api/v1/openapi.json").await;
    let doc_etag = header(response.headers(), ETAG.as_str()).to_string();
    assert_eq!(
        header(response.headers(), CACHE_CONTROL.as_str()),
        "no-cache"
    );
    assert_ne!(doc_etag, etag);
    let response = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .header(IF_NONE_MATCH, &doc_etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    // Errors carry none.
    let response = app.get("/api/v1/me").await;
    assert!(response.headers().get(ETAG).is_none());
}

#[tokio::test]
async fn idempotency_store_runs_once_replays_refuses_reuse_and_forgets_after_a_day() {
    let app = spawn_app().await;
    let now = app.clock.now();
    let claim = |hash: &'static str, at: parley::db::Timestamp| {
        db(&app, move |conn| {
            Ok(api_idempotency::claim(conn, "t:caller", "key-1", hash, at)?)
        })
    };
    assert!(matches!(claim("h1", now).await, Claim::Run));
    assert!(matches!(claim("h1", now).await, Claim::InProgress));
    assert!(matches!(claim("h2", now).await, Claim::Reused));
    // Another caller's same key is theirs.
    let other = db(&app, move |conn| {
        Ok(api_idempotency::claim(
            conn,
            "a:10.0.0.1",
            "key-1",
            "h1",
            now,
        )?)
    })
    .await;
    assert!(matches!(other, Claim::Run));

    let done = db(&app, |conn| {
        let outcome = Outcome {
            status: 201,
            content_type: Some("application/json"),
            location: Some("/api/v1/topics/1"),
            body: "{\"id\":1}",
        };
        Ok(api_idempotency::complete(
            conn, "t:caller", "key-1", &outcome,
        )?)
    })
    .await;
    assert_eq!(done, 1);
    match claim("h1", now).await {
        Claim::Replay(stored) => {
            assert_eq!(stored.status, Some(201));
            assert_eq!(stored.body.as_deref(), Some("{\"id\":1}"));
            assert_eq!(stored.location.as_deref(), Some("/api/v1/topics/1"));
        }
        other => panic!("expected a replay, got {other:?}"),
    }
    assert!(matches!(claim("h2", now).await, Claim::Reused));

    // A released claim (the request failed) may run again; a stored one does not.
    let released = db(&app, |conn| {
        Ok(api_idempotency::release(conn, "a:10.0.0.1", "key-1")?)
    })
    .await;
    assert_eq!(released, 1);
    assert_eq!(
        db(&app, |conn| Ok(api_idempotency::release(
            conn, "t:caller", "key-1"
        )?))
        .await,
        0
    );

    // After 24 hours the key is free again, and housekeeping deletes it.
    let later = now.plus_secs(api_idempotency::KEEP_SECS + 1);
    assert!(matches!(claim("h2", later).await, Claim::Run));
    let deleted = db(&app, move |conn| {
        Ok(api_idempotency::delete_expired(
            conn,
            later.plus_secs(api_idempotency::KEEP_SECS + 1),
        )?)
    })
    .await;
    assert_eq!(deleted, 1);
}

#[tokio::test]
async fn a_failed_post_with_an_idempotency_key_leaves_the_key_free() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let (_, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let secret = create_token(&browser, &[("name", "idem"), ("scopes", "users:read")]).await;
    let post = |key: &'static str| {
        app.http
            .post(app.url("/api/v1/nothing-here"))
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
    };
    let response = post("k-1").await.expect("POST");
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = post("k-1").await.expect("POST");
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "not a 409: the key was given back"
    );
    let rows: i64 = db(&app, |conn| {
        Ok(idem_table::table.count().get_result(conn)?)
    })
    .await;
    assert_eq!(rows, 0);
    let response = post(" ").await.expect("POST");
    assert_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
}
