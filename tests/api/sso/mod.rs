//! Issue 23: OpenID Connect sign-in, roles from the company's groups, leaving. Every
//! test runs against a small identity provider inside the test process (`idp`), with the
//! provider configured through `/admin/sso` as an admin does it.

mod idp;
mod leaving;
mod signin;

use diesel::prelude::*;
use parley::db::schema::{audit_log, sso_identities};
use parley::db::{CommunityId, CommunityRole, UserId};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::{
    location, spawn_app_with, CommunityBuilder, TestApp, TestClient, TestCommunity,
};
use idp::{Idp, CLIENT_ID, CLIENT_SECRET};

/// The provider's name in the URLs.
pub const PROVIDER: &str = "corp";
/// A fixed test key for `[sso] encryption_key` (base64 of 32 bytes).
pub const TEST_ENCRYPTION_KEY: &str = "c3NvLXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmctLS0tLS0=";

pub struct Setup {
    pub app: TestApp,
    pub idp: Idp,
    pub admin: TestClient,
    pub support: TestCommunity,
}

/// An app with an encryption key, an admin, a sub-community `support`, the provider
/// `corp` (sign-up allowed) and the mapping staff → employee, support-mods → moderator
/// of `support`.
pub async fn setup() -> Setup {
    let app = spawn_app_with(|s| s.sso.encryption_key = TEST_ENCRYPTION_KEY.into()).await;
    let idp = Idp::start(app.clock.clone()).await;
    let (_, admin) = admin_client(&app).await;
    let support = CommunityBuilder::new("support").build(&app, &admin).await;
    let response = admin
        .post_form(
            "/admin/sso",
            &[
                ("id", PROVIDER),
                ("issuer", &idp.issuer),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("scopes", "openid email profile"),
                ("button_label", "Sign in with Corp"),
                ("groups_claim", "groups"),
                ("allow_signup", "on"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{}",
        response.text().await.unwrap_or_default()
    );
    for (group, role, community) in [
        ("staff", "employee", ""),
        ("support-mods", "moderator", support.id.as_str()),
    ] {
        let response = admin
            .post_form(
                "/admin/sso/mappings",
                &[
                    ("provider_id", PROVIDER),
                    ("group_name", group),
                    ("role", role),
                    ("community_id", community),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "mapping {group}");
    }
    Setup {
        app,
        idp,
        admin,
        support,
    }
}

/// The app's path of an absolute URL to it.
fn path_in(app: &TestApp, url: &str) -> String {
    url.strip_prefix(&app.address)
        .unwrap_or_else(|| panic!("{url} is not on the app {}", app.address))
        .to_string()
}

/// Starts a sign-in in `browser`, lets the provider answer (it signs in whoever
/// `idp.sign_in_next` chose) and returns the callback's path, not yet followed.
pub async fn callback_path(s: &Setup, browser: &TestClient) -> String {
    let start = browser.get(&format!("/auth/oidc/{PROVIDER}/start")).await;
    assert_eq!(
        start.status(),
        StatusCode::SEE_OTHER,
        "start redirects to the provider"
    );
    let authorize = location(&start).expect("a Location to the provider");
    assert!(authorize.starts_with(&s.idp.issuer), "{authorize}");
    let at_idp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(&authorize)
        .send()
        .await
        .unwrap();
    assert_eq!(
        at_idp.status(),
        StatusCode::FOUND,
        "the provider sends the browser back"
    );
    path_in(
        &s.app,
        &location(&at_idp).expect("a Location back to the app"),
    )
}

/// A whole sign-in in `browser`: the callback's response.
pub async fn sign_in(s: &Setup, browser: &TestClient) -> reqwest::Response {
    let back = callback_path(s, browser).await;
    browser.get(&back).await
}

/// Whether `browser` holds a working session (its settings page opens).
pub async fn signed_in(browser: &TestClient) -> bool {
    browser.get("/settings/account").await.status() == StatusCode::OK
}

/// The member linked to the provider's subject `sub`, if any.
pub async fn linked_user(app: &TestApp, sub: &str) -> Option<UserId> {
    let sub = sub.to_string();
    db(app, move |conn| {
        Ok(sso_identities::table
            .filter(sso_identities::subject.eq(sub))
            .select(sso_identities::user_id)
            .first::<String>(conn)
            .optional()?
            .and_then(|id| UserId::parse(&id)))
    })
    .await
}

/// The audit actions about `user`, oldest first.
pub async fn audit_actions(app: &TestApp, user: &UserId) -> Vec<String> {
    let user = user.as_str().to_string();
    db(app, move |conn| {
        Ok(audit_log::table
            .filter(audit_log::target_id.eq(user))
            .order(audit_log::created_at.asc())
            .select(audit_log::action)
            .load::<String>(conn)?)
    })
    .await
}

pub async fn is_employee(app: &TestApp, user: &UserId) -> bool {
    let user = user.clone();
    db(app, move |conn| {
        Ok(parley::db::models::users::find(conn, &user)?.map(|u| u.is_employee))
    })
    .await
    .unwrap_or(false)
}

pub async fn role_in(
    app: &TestApp,
    community: &CommunityId,
    user: &UserId,
) -> Option<CommunityRole> {
    let (community, user) = (community.clone(), user.clone());
    db(app, move |conn| {
        Ok(
            parley::db::models::communities::memberships_of(conn, &user)?
                .into_iter()
                .find(|m| m.community_id == community)
                .map(|m| m.role),
        )
    })
    .await
}

pub async fn user_count(app: &TestApp) -> i64 {
    db(app, |conn| Ok(parley::db::models::users::count(conn)?)).await
}
