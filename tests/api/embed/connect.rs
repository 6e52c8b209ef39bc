//! Parley Connect: a host site's signed assertion for an embed session.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use parley::db::schema::{api_tokens, embed_identities, embed_nonces, users};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use sha2::Sha256;

use super::sites::{create_site, embeddable, HOST};
use crate::helpers::api_client::{json_of, Api};
use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::{ask, member};
use crate::helpers::{
    spawn_app, spawn_app_with, CommunityBuilder, TestApp, TestClient, UserBuilder,
};

/// Signs `claims` as a host's server does.
pub(super) fn sign(site: &str, secret: &str, claims: &Value) -> String {
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{site}.{payload}").as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{site}.{payload}.{signature}")
}

/// Claims for visitor `sub`, valid for 5 minutes from the app's clock.
pub(super) fn claims(app: &TestApp, sub: &str, email: &str, name: &str, nonce: &str) -> Value {
    let now = app.clock.now().micros() / 1_000_000;
    json!({
        "sub": sub, "email": email, "name": name, "exp": now + 300,
        "nonce": nonce, "aud": app.state.base_url(),
    })
}

/// `POST /embed/v1/session/connect` as the frame sends it: no cookies, our `Origin`.
pub(super) async fn connect(
    app: &TestApp,
    assertion: &str,
    community: &str,
    origin: &str,
) -> Response {
    reqwest::Client::new()
        .post(format!("{}/embed/v1/session/connect", app.address))
        .header("origin", app.address.as_str())
        .json(&json!({"assertion": assertion, "community": community, "origin": origin}))
        .send()
        .await
        .expect("POST connect")
}

async fn counts(app: &TestApp) -> (i64, i64, i64, i64) {
    db(app, |conn| {
        Ok((
            users::table.count().get_result(conn)?,
            api_tokens::table.count().get_result(conn)?,
            embed_identities::table.count().get_result(conn)?,
            embed_nonces::table.count().get_result(conn)?,
        ))
    })
    .await
}

async fn refused(response: Response, code: &str) {
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "expected {code}"
    );
    let body: Value = response.json().await.expect("problem json");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["title"], "The sign-in assertion was refused");
}

struct Setup {
    app: TestApp,
    admin: TestClient,
    site: String,
    secret: String,
}

async fn setup() -> Setup {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    embeddable(&app, &admin, "widgets").await;
    let (site, secret) = create_site(&admin, "Acme", HOST).await;
    Setup {
        app,
        admin,
        site,
        secret,
    }
}

#[tokio::test]
async fn valid_assertion_gives_a_token_that_replies_through_the_api() {
    let Setup {
        app, site, secret, ..
    } = setup().await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&bob, "widgets", "Which widget fits my desk").await;
    let before = counts(&app).await;

    let assertion = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-42",
            "ada@customer.example",
            "Ada Lovelace",
            "nonce-0123456789abcdef",
        ),
    );
    let body = json_of(
        connect(&app, &assertion, "widgets", HOST).await,
        StatusCode::OK,
    )
    .await;
    let token = body["token"].as_str().expect("token").to_string();
    assert!(token.starts_with("parley_emb_"));
    assert_eq!(body["user"]["username"], "Ada-Lovelace");
    assert_eq!(body["user"]["display_name"], "Ada Lovelace");
    assert!(body["expires_at"].is_string());
    let after = counts(&app).await;
    assert_eq!(after.0, before.0 + 1, "one account created");
    assert_eq!(after.2, before.2 + 1, "one identity linked");

    let actions: Vec<String> = db(&app, |conn| {
        Ok(parley::db::models::audit::recent(conn, 100)?
            .into_iter()
            .map(|e| e.action)
            .collect())
    })
    .await;
    assert!(
        actions.iter().any(|a| a == "user.create_connect"),
        "{actions:?}"
    );

    let api = Api::new(&app, &token);
    let reply = api
        .post(
            &format!("/topics/{}/posts", topic.id),
            json!({"body": "The compact one fits most desks."}),
        )
        .await;
    assert_eq!(reply.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn embed_token_stays_in_its_sub_community_and_cannot_manage() {
    let Setup {
        app,
        admin,
        site,
        secret,
    } = setup().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (_, bob) = member(&app, "bob").await;
    let other = ask(&bob, "gadgets", "A gadget question here").await;
    let assertion = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-1",
            "cy@customer.example",
            "Cy",
            "nonce-aaaaaaaaaaaaaaaa",
        ),
    );
    let body = json_of(
        connect(&app, &assertion, "widgets", HOST).await,
        StatusCode::OK,
    )
    .await;
    let api = Api::new(&app, body["token"].as_str().expect("token"));

    let response = api.get(&format!("/topics/{}", other.id)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = api
        .post(
            &format!("/topics/{}/posts", other.id),
            json!({"body": "Sneaking in here."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = api
        .post(
            "/webhooks",
            json!({"url": "https://hooks.example/x", "events": ["topic.created"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A bearer token is not a session: the token settings form does not take it.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(format!("{}/settings/tokens", app.address))
        .bearer_auth(body["token"].as_str().expect("token"))
        .form(&[("name", "escalate"), ("scopes", "webhooks:manage")])
        .send()
        .await
        .expect("POST /settings/tokens");
    assert_ne!(response.status(), StatusCode::OK);
    let created: i64 = db(&app, |conn| {
        Ok(api_tokens::table
            .filter(api_tokens::kind.ne("embed"))
            .count()
            .get_result(conn)?)
    })
    .await;
    assert_eq!(created, 0);
}

#[tokio::test]
async fn refused_assertions_create_nothing() {
    let Setup {
        app,
        admin,
        site,
        secret,
    } = setup().await;
    let good = |nonce: &str| claims(&app, "cust-7", "eve@customer.example", "Eve", nonce);
    let now = app.clock.now().micros() / 1_000_000;
    let (revoked, revoked_secret) = create_site(&admin, "Old site", HOST).await;
    let response = admin
        .post_form(&format!("/admin/embedding/{revoked}/delete"), &[])
        .await;
    assert!(response.status().is_redirection());
    let (narrow, narrow_secret) = create_site(&admin, "Other site", "https://other.example").await;
    let before = counts(&app).await;

    let mut forged = good("nonce-forged-0000000001");
    let cases: Vec<(String, &str, &str)> = vec![
        (
            sign(&site, "pcs_wrong", &good("nonce-forged-0000000000")),
            HOST,
            "bad_signature",
        ),
        (
            {
                let a = sign(&site, &secret, &good("nonce-forged-0000000001"));
                forged["sub"] = json!("someone-else");
                let (head, _) = a.rsplit_once('.').expect("3 parts");
                let (site_part, _) = head.split_once('.').expect("3 parts");
                let sig = a.rsplit('.').next().expect("sig");
                format!(
                    "{site_part}.{}.{sig}",
                    URL_SAFE_NO_PAD.encode(forged.to_string())
                )
            },
            HOST,
            "bad_signature",
        ),
        (
            {
                let mut c = good("nonce-expired-000000001");
                c["exp"] = json!(now - 1);
                sign(&site, &secret, &c)
            },
            HOST,
            "expired",
        ),
        (
            {
                let mut c = good("nonce-toolong-000000001");
                c["exp"] = json!(now + 301);
                sign(&site, &secret, &c)
            },
            HOST,
            "expired",
        ),
        (
            {
                let mut c = good("nonce-audience-00000001");
                c["aud"] = json!("https://evil.example");
                sign(&site, &secret, &c)
            },
            HOST,
            "wrong_audience",
        ),
        (
            sign("no-such-site", &secret, &good("nonce-unknown-000000001")),
            HOST,
            "unknown_site",
        ),
        (
            sign(&revoked, &revoked_secret, &good("nonce-revoked-000000001")),
            HOST,
            "unknown_site",
        ),
        (
            sign(&site, &secret, &good("nonce-origin-0000000001")),
            "https://evil.example",
            "origin_not_allowed",
        ),
        // The site allows only other.example, which the sub-community does not.
        (
            sign(&narrow, &narrow_secret, &good("nonce-narrow-0000000001")),
            "https://other.example",
            "origin_not_allowed",
        ),
        (sign(&site, &secret, &good("short")), HOST, "malformed"),
        ("not-an-assertion".to_string(), HOST, "malformed"),
    ];
    for (assertion, origin, code) in cases {
        refused(connect(&app, &assertion, "widgets", origin).await, code).await;
    }
    assert_eq!(
        counts(&app).await,
        before,
        "no user, token, identity or nonce"
    );
}

#[tokio::test]
async fn replayed_nonce_is_refused_and_same_subject_is_the_same_account() {
    let Setup {
        app, site, secret, ..
    } = setup().await;
    let first = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-9",
            "gus@customer.example",
            "Gus",
            "nonce-replay-00000000001",
        ),
    );
    let one = json_of(connect(&app, &first, "widgets", HOST).await, StatusCode::OK).await;
    let before = counts(&app).await;
    refused(connect(&app, &first, "widgets", HOST).await, "replayed").await;
    assert_eq!(counts(&app).await, before, "a replay creates nothing");

    let second = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-9",
            "gus@customer.example",
            "Gus",
            "nonce-replay-00000000002",
        ),
    );
    let two = json_of(
        connect(&app, &second, "widgets", HOST).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["user"]["username"], two["user"]["username"]);
    let after = counts(&app).await;
    assert_eq!(after.0, before.0, "no second account");
    assert_eq!(after.1, before.1 + 1, "a second session");
}

#[tokio::test]
async fn an_account_with_the_same_email_is_never_linked() {
    let Setup {
        app, site, secret, ..
    } = setup().await;
    let existing = UserBuilder::new("ada")
        .email("ada@customer.example")
        .build(&app)
        .await;
    let assertion = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-5",
            "ada@customer.example",
            "ada",
            "nonce-email-000000000001",
        ),
    );
    let body = json_of(
        connect(&app, &assertion, "widgets", HOST).await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(body["user"]["username"], "ada");
    assert_eq!(body["user"]["username"], "ada2", "uniquified with digits");
    let linked: String = db(&app, |conn| {
        Ok(embed_identities::table
            .select(embed_identities::user_id)
            .first::<String>(conn)?)
    })
    .await;
    assert_ne!(linked, existing.id.to_string());
    // The owner of the address still signs in with their password, as before.
    let browser = app.new_client();
    assert!(browser
        .login("ada", &existing.password)
        .await
        .status()
        .is_redirection());
}

#[tokio::test]
async fn suspended_members_are_refused() {
    let Setup {
        app, site, secret, ..
    } = setup().await;
    let assertion = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-3",
            "sam@customer.example",
            "Sam",
            "nonce-suspend-00000001",
        ),
    );
    let body = json_of(
        connect(&app, &assertion, "widgets", HOST).await,
        StatusCode::OK,
    )
    .await;
    let username = body["user"]["username"]
        .as_str()
        .expect("username")
        .to_string();
    let until = parley::db::Timestamp::from_micros(app.clock.now().micros() + 86_400_000_000);
    db(&app, move |conn| {
        diesel::update(users::table.filter(users::username.eq(&username)))
            .set(users::suspended_until.eq(Some(until)))
            .execute(conn)?;
        Ok(())
    })
    .await;
    let before = counts(&app).await;
    let again = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-3",
            "sam@customer.example",
            "Sam",
            "nonce-suspend-00000002",
        ),
    );
    refused(connect(&app, &again, "widgets", HOST).await, "suspended").await;
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn rotating_the_secret_invalidates_the_old_one() {
    let Setup {
        app,
        admin,
        site,
        secret,
    } = setup().await;
    let response = admin
        .post_form(&format!("/admin/embedding/{site}/rotate"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    let new_secret = crate::helpers::html_select(&html, "#site-secret-value")
        .pop()
        .expect("new secret shown once");
    assert_ne!(new_secret, secret);
    let old = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-8",
            "hal@customer.example",
            "Hal",
            "nonce-rotate-000000001",
        ),
    );
    refused(connect(&app, &old, "widgets", HOST).await, "bad_signature").await;
    let new = sign(
        &site,
        &new_secret,
        &claims(
            &app,
            "cust-8",
            "hal@customer.example",
            "Hal",
            "nonce-rotate-000000002",
        ),
    );
    assert_eq!(
        connect(&app, &new, "widgets", HOST).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_sub_community_that_is_not_embeddable_answers_404() {
    let Setup {
        app,
        admin,
        site,
        secret,
    } = setup().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let assertion = sign(
        &site,
        &secret,
        &claims(
            &app,
            "cust-2",
            "ivy@customer.example",
            "Ivy",
            "nonce-notembed-0000001",
        ),
    );
    let response = connect(&app, &assertion, "gadgets", HOST).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The nonce was not spent: the same assertion works where embedding is allowed.
    assert_eq!(
        connect(&app, &assertion, "widgets", HOST).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn connect_is_rate_limited_per_address() {
    let app = spawn_app_with(|s| s.rate_limits.signin_per_ip_per_minute = 3).await;
    let statuses = {
        let mut v = Vec::new();
        for i in 0..4 {
            v.push(
                connect(&app, &format!("garbage-{i}"), "widgets", HOST)
                    .await
                    .status(),
            );
        }
        v
    };
    // The sub-community does not even exist: the limit comes first.
    assert_eq!(
        statuses,
        vec![
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
