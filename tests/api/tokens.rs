//! Personal API tokens (`/settings/tokens`, `parley token create`) and bearer
//! authentication on `/api/v1`, over real HTTP on both databases.

use diesel::prelude::*;
use parley::auth::secret::hash_token;
use parley::db::models::api_tokens::ApiToken;
use parley::db::models::users;
use parley::db::schema::api_tokens;
use parley::db::UserId;
use reqwest::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Response, StatusCode};

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::{
    html_attr, html_select, spawn_app, CommunityBuilder, TestApp, TestClient, UserBuilder,
};

/// Creates a token through the settings form; asserts the result page and returns the
/// secret it shows.
pub(crate) async fn create_token(browser: &TestClient, fields: &[(&str, &str)]) -> String {
    let response = browser.post_form("/settings/tokens", fields).await;
    assert_eq!(response.status(), StatusCode::OK, "creating a token");
    assert_eq!(
        response
            .headers()
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let html = response.text().await.expect("body");
    let secret = html_attr(&html, "input#token-secret", "value")
        .pop()
        .unwrap_or_else(|| panic!("no secret on the result page:\n{html}"));
    assert!(secret.starts_with("parley_pat_"), "{secret}");
    assert_eq!(secret.len(), "parley_pat_".len() + 64, "{secret}");
    secret
}

pub(crate) async fn me(app: &TestApp, bearer: Option<&str>) -> Response {
    let mut request = app.http.get(app.url("/api/v1/me"));
    if let Some(secret) = bearer {
        request = request.header(AUTHORIZATION, format!("Bearer {secret}"));
    }
    request.send().await.expect("GET /api/v1/me")
}

/// Asserts an RFC 9457 problem with `status` and `code`, as API clients read it.
pub(crate) async fn assert_problem(response: Response, status: StatusCode, code: &str) {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    if status == StatusCode::UNAUTHORIZED {
        let challenge = response
            .headers()
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(challenge.starts_with("Bearer"), "{challenge:?}");
    }
    let body: serde_json::Value = response.json().await.expect("problem JSON");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], format!("urn:parley:problem:{code}"), "{body}");
    assert!(body["title"].is_string(), "{body}");
    assert!(body["detail"].is_string(), "{body}");
}

pub(crate) async fn tokens_of(app: &TestApp, user: &UserId) -> Vec<ApiToken> {
    let user = user.clone();
    db(app, move |conn| {
        Ok(api_tokens::table
            .filter(api_tokens::user_id.eq(user))
            .select(ApiToken::as_select())
            .load(conn)?)
    })
    .await
}

#[tokio::test]
async fn token_made_on_the_settings_page_is_shown_once_stored_hashed_and_answers_me() {
    let app = spawn_app().await;
    let (ana, browser) = UserBuilder::new("ana").signed_in(&app).await;

    let (status, html) = browser.get_html("/settings/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No tokens yet"), "{html}");
    let (_, account) = browser.get_html("/settings/account").await;
    assert!(html_attr(&account, "nav.tabs a", "href").contains(&"/settings/tokens".to_string()));

    let secret = create_token(
        &browser,
        &[
            ("name", "CRM sync"),
            ("scopes", "users:read"),
            ("scopes", "topics:read"),
            ("community", ""),
            ("expires_days", "30"),
        ],
    )
    .await;

    // Listed by name and last four, never the secret again.
    let (status, html) = browser.get_html("/settings/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&secret), "the list page shows the secret");
    assert!(html.contains("CRM sync"), "{html}");
    assert!(html.contains(&secret[secret.len() - 4..]), "{html}");

    // Stored as its SHA-256 only.
    let rows = tokens_of(&app, &ana.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].token_hash, hash_token(&secret));
    assert!(!format!("{:?}", rows[0]).contains(&secret[11..]));
    assert_eq!(rows[0].scopes, "topics:read users:read");

    let response = me(&app, Some(&secret)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["id"], ana.id.as_str());
    assert_eq!(body["username"], "ana");
    assert_eq!(body["display_name"], "ana");
    assert_eq!(body["is_employee"], false);
    assert_eq!(
        body["scopes"],
        serde_json::json!(["topics:read", "users:read"])
    );
    assert_eq!(body["community"], serde_json::Value::Null);

    let rows = tokens_of(&app, &ana.id).await;
    assert_eq!(rows[0].last_used_at, Some(app.clock.now()));
    assert_eq!(rows[0].last_used_ip.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn me_without_a_token_or_with_only_a_session_cookie_is_401_problem_json() {
    let app = spawn_app().await;
    let (_, browser) = UserBuilder::new("ana").signed_in(&app).await;

    assert_problem(
        me(&app, None).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
    let fake = format!("parley_pat_{}", "0".repeat(64));
    assert_problem(
        me(&app, Some(&fake)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
    // The signed-in browser's cookie is not a credential for the API.
    let response = browser.get("/api/v1/me").await;
    assert_problem(response, StatusCode::UNAUTHORIZED, "sign_in_required").await;
    // Unknown API paths are problems too.
    let response = app.get("/api/v1/nothing-here").await;
    assert_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn revoked_and_expired_tokens_are_refused_with_401() {
    let app = spawn_app().await;
    let (ana, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let (_, bob) = UserBuilder::new("bob").signed_in(&app).await;
    let revoked = create_token(&browser, &[("name", "old"), ("scopes", "users:read")]).await;
    let expiring = create_token(
        &browser,
        &[
            ("name", "short"),
            ("scopes", "users:read"),
            ("expires_days", "1"),
        ],
    )
    .await;
    assert_eq!(me(&app, Some(&revoked)).await.status(), StatusCode::OK);

    let id = tokens_of(&app, &ana.id)
        .await
        .into_iter()
        .find(|t| t.name == "old")
        .expect("token row")
        .id;
    // Nobody else may revoke it.
    let path = format!("/settings/tokens/{id}/revoke");
    assert_eq!(
        bob.post_form(&path, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(me(&app, Some(&revoked)).await.status(), StatusCode::OK);

    let response = browser.post_form(&path, &[]).await;
    crate::helpers::assert_see_other(&response, "/settings/tokens?notice=token_revoked");
    assert_problem(
        me(&app, Some(&revoked)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
    let (_, html) = browser.get_html("/settings/tokens").await;
    assert!(html_select(&html, "span.badge").contains(&"revoked".to_string()));

    assert_eq!(me(&app, Some(&expiring)).await.status(), StatusCode::OK);
    app.clock.advance_secs(86_400 + 1);
    assert_problem(
        me(&app, Some(&expiring)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
}

#[tokio::test]
async fn token_without_users_read_is_403_problem_json() {
    let app = spawn_app().await;
    let (_, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let secret = create_token(&browser, &[("name", "reader"), ("scopes", "topics:read")]).await;
    assert_problem(
        me(&app, Some(&secret)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn unknown_scope_or_bad_expiry_in_the_form_is_422_and_creates_nothing() {
    let app = spawn_app().await;
    let (ana, browser) = UserBuilder::new("ana").signed_in(&app).await;

    let response = browser
        .post_form(
            "/settings/tokens",
            &[
                ("name", "x"),
                ("scopes", "users:read"),
                ("scopes", "users:write"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    let errors = html_select(&html, "#f-scopes-error");
    assert_eq!(errors.len(), 1, "{html}");
    assert!(errors[0].contains("users:write"), "{errors:?}");

    for fields in [
        [
            ("name", "x"),
            ("scopes", "users:read"),
            ("expires_days", "400"),
        ],
        [
            ("name", " "),
            ("scopes", "users:read"),
            ("expires_days", "9"),
        ],
        [("name", "x"), ("scopes", ""), ("expires_days", "9")],
    ] {
        let response = browser.post_form("/settings/tokens", &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
    }
    assert!(tokens_of(&app, &ana.id).await.is_empty());
}

#[tokio::test]
async fn token_limited_to_a_sub_community_names_one_the_member_can_see() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("hidden")
        .visibility(parley::db::Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (ana, browser) = UserBuilder::new("ana").signed_in(&app).await;

    let response = browser
        .post_form(
            "/settings/tokens",
            &[
                ("name", "x"),
                ("scopes", "users:read"),
                ("community", "hidden"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(tokens_of(&app, &ana.id).await.is_empty());

    let secret = create_token(
        &browser,
        &[
            ("name", "w"),
            ("scopes", "users:read"),
            ("community", "widgets"),
        ],
    )
    .await;
    let body: serde_json::Value = me(&app, Some(&secret)).await.json().await.expect("JSON");
    assert_eq!(body["community"], "widgets");
}

#[tokio::test]
async fn suspending_the_owner_makes_the_token_401_at_once() {
    let app = spawn_app().await;
    let (ana, browser) = UserBuilder::new("ana").signed_in(&app).await;
    let secret = create_token(&browser, &[("name", "bot"), ("scopes", "users:read")]).await;
    assert_eq!(me(&app, Some(&secret)).await.status(), StatusCode::OK);

    let (id, now) = (ana.id.clone(), app.clock.now());
    db(&app, move |conn| {
        Ok(users::set_suspension(
            conn,
            &id,
            Some(now.plus_secs(3600)),
            Some("spam"),
            now,
        )?)
    })
    .await;
    assert_problem(
        me(&app, Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
}

#[tokio::test]
async fn cli_token_create_prints_a_secret_that_works() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let url = app.settings().database_url.clone();

    let args = [
        "token",
        "create",
        "--user",
        "ana",
        "--name",
        "From the CLI",
        "--scopes",
        "users:read,topics:read",
        "--community",
        "widgets",
        "--expires-days",
        "7",
    ];
    let output = run_parley(app.data_dir(), Some(&url), &args, "").await;
    assert!(output.status.success(), "{}", output_text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let secrets: Vec<&str> = stdout
        .split_whitespace()
        .filter(|w| w.starts_with("parley_pat_"))
        .collect();
    assert_eq!(secrets.len(), 1, "{}", output_text(&output));

    let response = me(&app, Some(secrets[0])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["username"], "ana");
    assert_eq!(body["community"], "widgets");
    let rows = tokens_of(&app, &ana.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "From the CLI");

    // An unknown scope is refused and nothing is created.
    let mut bad = args;
    bad[7] = "users:read,everything";
    let output = run_parley(app.data_dir(), Some(&url), &bad, "").await;
    assert!(!output.status.success(), "{}", output_text(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("everything"),
        "{}",
        output_text(&output)
    );
    assert_eq!(tokens_of(&app, &ana.id).await.len(), 1);
}
