//! `/admin/embedding`: host sites and their Parley Connect secrets.

use diesel::prelude::*;
use parley::db::models::audit;
use parley::db::schema::{communities, embed_sites};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::member;
use crate::helpers::{
    html_select, spawn_app, CommunityBuilder, TestApp, TestClient, TestCommunity,
};

/// The corporate site every test embeds on.
pub(super) const HOST: &str = "https://www.acme.example";

/// A public sub-community whose widgets `HOST` may show.
pub(super) async fn embeddable(app: &TestApp, admin: &TestClient, slug: &str) -> TestCommunity {
    let community = CommunityBuilder::new(slug).build(app, admin).await;
    let slug = slug.to_string();
    db(app, move |conn| {
        diesel::update(communities::table.filter(communities::slug.eq(&slug)))
            .set(communities::embed_origins.eq(HOST))
            .execute(conn)?;
        Ok(())
    })
    .await;
    community
}

/// Creates a host site on `/admin/embedding`; returns (site id, secret) from the page
/// that shows the secret once.
pub(super) async fn create_site(admin: &TestClient, name: &str, origins: &str) -> (String, String) {
    let response = admin
        .post_form("/admin/embedding", &[("name", name), ("origins", origins)])
        .await;
    assert_eq!(response.status(), StatusCode::OK, "creating a host site");
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap_or("")),
        Some("no-store")
    );
    let html = response.text().await.expect("body");
    let id = html_select(&html, "#site-id").pop().expect("site id shown");
    let secret = html_select(&html, "#site-secret-value")
        .pop()
        .expect("secret shown");
    (id, secret)
}

async fn site_count(app: &TestApp) -> i64 {
    db(app, |conn| {
        Ok(embed_sites::table.count().get_result(conn)?)
    })
    .await
}

#[tokio::test]
async fn only_admins_reach_the_embedding_page() {
    let app = spawn_app().await;
    let (_, member_browser) = member(&app, "ana").await;
    let response = member_browser.get("/admin/embedding").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = member_browser
        .post_form("/admin/embedding", &[("name", "Acme"), ("origins", HOST)])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(site_count(&app).await, 0);

    let anonymous = app.new_client();
    let response = anonymous.get("/admin/embedding").await;
    assert!(
        response.status() == StatusCode::UNAUTHORIZED || response.status().is_redirection(),
        "anonymous: {}",
        response.status()
    );

    let (_, admin) = admin_client(&app).await;
    let (_, html) = admin.get_html("/admin").await;
    assert!(
        html.contains("href=\"/admin/embedding\""),
        "admin index links it"
    );
    let (status, html) = admin.get_html("/admin/embedding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Parley Connect"));
}

#[tokio::test]
async fn invalid_sites_change_nothing_and_say_why() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    for (name, origins, field) in [
        ("", HOST, "name"),
        ("Acme", "", "origins"),
        ("Acme", "https://www.acme.example/blog", "origins"),
        ("Acme", "www.acme.example", "origins"),
        ("Acme", "javascript:alert(1)", "origins"),
    ] {
        let response = admin
            .post_form("/admin/embedding", &[("name", name), ("origins", origins)])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{origins:?}"
        );
        let html = response.text().await.expect("body");
        assert!(
            !html_select(&html, &format!("#f-{field}-error")).is_empty(),
            "an error next to {field} for {name:?} / {origins:?}"
        );
        assert!(html_select(&html, "#site-secret-value").is_empty());
    }
    assert_eq!(site_count(&app).await, 0);
}

#[tokio::test]
async fn secret_is_shown_once_and_origins_are_normalised() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let (id, secret) = create_site(
        &admin,
        "Acme website",
        "HTTPS://WWW.ACME.example:443/\nhttp://localhost:8081\n",
    )
    .await;
    assert!(
        secret.starts_with("pcs_") && secret.len() == 4 + 64,
        "{secret}"
    );

    let (status, html) = admin.get_html("/admin/embedding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&secret), "the list never shows the secret");
    assert!(
        html.contains(&id),
        "the site id is listed (and in the snippet)"
    );
    assert!(html.contains("https://www.acme.example"));
    assert!(html.contains("http://localhost:8081"));
    assert!(html.contains("createHmac") && html.contains("hmac.new"));

    let actions: Vec<String> = db(&app, |conn| {
        Ok(audit::recent(conn, 100)?
            .into_iter()
            .map(|e| e.action)
            .collect())
    })
    .await;
    assert!(
        actions.iter().any(|a| a == "embed_site.create"),
        "{actions:?}"
    );
}

async fn stored_site(app: &TestApp, id: &str) -> (String, String, String) {
    let id = id.to_string();
    db(app, move |conn| {
        Ok(embed_sites::table
            .find(&id)
            .select((embed_sites::name, embed_sites::origins, embed_sites::secret))
            .first(conn)?)
    })
    .await
}

#[tokio::test]
async fn a_live_site_is_edited_checked_as_on_creation_and_keeps_its_secret() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let (id, secret) = create_site(&admin, "Acme", HOST).await;
    let (status, list) = admin.get_html("/admin/embedding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&format!("/admin/embedding/{id}/edit")),
        "{list}"
    );
    let (status, form) = admin.get_html(&format!("/admin/embedding/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&form, "textarea#f-origins"), vec![HOST]);

    // Bad origins: 422, the reason, nothing changed.
    let response = admin
        .post_form(
            &format!("/admin/embedding/{id}/edit"),
            &[
                ("name", "Acme shop"),
                ("origins", "https://shop.acme.example/path"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored_site(&app, &id).await.0, "Acme");

    let (_, ana) = member(&app, "ana").await;
    let response = ana
        .post_form(
            &format!("/admin/embedding/{id}/edit"),
            &[("name", "Mine"), ("origins", "https://evil.example")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = admin
        .post_form(
            &format!("/admin/embedding/{id}/edit"),
            &[
                ("name", "Acme shop"),
                (
                    "origins",
                    "HTTPS://Shop.Acme.example:443/\nhttps://www.acme.example",
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        stored_site(&app, &id).await,
        (
            "Acme shop".to_string(),
            "https://shop.acme.example\nhttps://www.acme.example".to_string(),
            secret
        ),
        "name and origins changed (normalised), the secret kept"
    );
    let changes: Vec<(String, String)> = db(&app, |conn| {
        use parley::db::schema::audit_log;
        Ok(audit_log::table
            .filter(audit_log::action.eq("embed_site.update"))
            .select((audit_log::before_value, audit_log::after_value))
            .load(conn)?)
    })
    .await;
    assert_eq!(
        changes,
        vec![(
            "Acme (https://www.acme.example)".to_string(),
            "Acme shop (https://shop.acme.example, https://www.acme.example)".to_string()
        )]
    );

    // A revoked site is not edited.
    admin
        .post_form(&format!("/admin/embedding/{id}/delete"), &[])
        .await;
    let response = admin.get(&format!("/admin/embedding/{id}/edit")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = admin
        .post_form(
            &format!("/admin/embedding/{id}/edit"),
            &[("name", "Back"), ("origins", HOST)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(stored_site(&app, &id).await.0, "Acme shop");
}
