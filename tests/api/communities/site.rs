//! The site as a whole: the brand on every page and error page, the first-start
//! setup link, the demo loader.

use diesel::prelude::*;
use parley::auth::secret::{hash_token, random_token};
use parley::db::models::tokens::{self, NewToken};
use parley::db::models::users;
use parley::db::schema;
use parley::db::TokenPurpose;
use reqwest::StatusCode;

use super::home_cards;
use crate::helpers::fixtures::{admin_client, community_count, db, SiteSettings};
use crate::helpers::{
    assert_see_other, form_field, html_attr, html_select, spawn_app, CommunityBuilder, TestClient,
};

fn page_title(html: &str) -> String {
    html_select(html, "title")
        .into_iter()
        .next()
        .unwrap_or_default()
}

fn theme_version(html: &str) -> String {
    html_attr(html, "link[rel=stylesheet]", "href")
        .into_iter()
        .find(|h| h.starts_with("/theme.css"))
        .unwrap_or_else(|| panic!("no theme.css link in page:\n{html}"))
}

#[tokio::test]
async fn brand_change_shows_on_every_page_and_in_theme_css() {
    let app = spawn_app().await;
    let (root, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let response = admin
        .post_form(
            "/c/alpha/edit",
            &[
                ("name", "Alpha"),
                ("description", ""),
                ("accent_color", "#13579b"),
                ("visibility", "public"),
                ("position", "0"),
            ],
        )
        .await;
    assert_see_other(&response, "/c/alpha?notice=saved");
    let anonymous = app.new_client();
    let (_, before) = anonymous.get_html("/").await;
    assert_eq!(
        html_select(&before, ".site-header .brand span"),
        vec!["Parley"]
    );
    let version_before = theme_version(&before);

    app.clock.advance_secs(5);
    SiteSettings {
        site_name: "Contoso Hub",
        tagline: "Where things get built",
        primary_color: "#AA3300",
        employee_domains: "example.com",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;

    let pages: Vec<(&TestClient, String)> = vec![
        (&anonymous, "/".into()),
        (&anonymous, "/login".into()),
        (&anonymous, "/signup".into()),
        (&anonymous, "/c/alpha".into()),
        (&anonymous, format!("/u/{}", root.username)),
        (&admin, "/admin/settings".into()),
        (&admin, "/settings/profile".into()),
    ];
    for (client, path) in pages {
        let (status, html) = client.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert!(
            page_title(&html).ends_with("· Contoso Hub"),
            "GET {path}: title {:?} does not show the new site name",
            page_title(&html)
        );
        assert_eq!(
            html_select(&html, ".site-header .brand span"),
            vec!["Contoso Hub"],
            "GET {path}: header"
        );
    }

    let (_, after) = anonymous.get_html("/").await;
    assert_eq!(html_select(&after, ".hero h1"), vec!["Contoso Hub"]);
    assert_eq!(
        html_select(&after, ".hero p.lead"),
        vec!["Where things get built"]
    );
    assert_ne!(
        theme_version(&after),
        version_before,
        "the theme URL must change with the brand, or browsers keep the old year-long cached theme"
    );

    let response = anonymous.get(&theme_version(&after)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(content_type.starts_with("text/css"), "{content_type}");
    let css = response.text().await.unwrap();
    assert!(
        css.contains("--brand: #aa3300;"),
        "theme.css lacks the new primary colour:\n{css}"
    );
    // The accent class is an opaque hash of the community id (the public stylesheet must
    // not list private sub-communities' addresses); take it from the page that uses it.
    let (_, community_page) = admin.get_html("/c/alpha").await;
    let classes = html_attr(&community_page, ".community-banner", "class");
    let accent = classes
        .first()
        .and_then(|c| c.split_whitespace().find(|k| k.starts_with("a-")))
        .unwrap_or_else(|| panic!("no accent class on the banner: {classes:?}"))
        .to_string();
    assert!(
        css.contains(&format!(".{accent} {{ --accent: #13579b; }}")),
        "theme.css lacks the community accent:\n{css}"
    );
    assert!(
        !css.contains("alpha"),
        "theme.css must not name sub-communities:\n{css}"
    );
    assert!(!css.contains("#3355cc"), "old primary colour left:\n{css}");
}

/// Error pages are rendered without a query, from the last brand seen; a brand change
/// must not make them fall back to the built-in name.
#[tokio::test]
async fn error_pages_show_the_site_name_right_after_a_brand_change() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    SiteSettings {
        site_name: "Contoso Hub",
        tagline: "Where things get built",
        primary_color: "#aa3300",
        employee_domains: "example.com",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;

    // The first request after the save is an error page.
    let (status, html) = app.new_client().get_html("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        html_select(&html, ".site-header .brand span"),
        vec!["Contoso Hub"],
        "the 404 page right after a brand change shows the default brand (BrandCache::invalidate \
         drops the last known brand, so last_known() falls back to 'Parley'):\n{html}"
    );
}

#[tokio::test]
async fn setup_link_creates_the_first_admin_once() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "home of an empty deployment:\n{html}"
    );

    let live_setup_tokens = || {
        db(&app, |conn| {
            Ok(schema::tokens::table
                .filter(schema::tokens::purpose.eq(TokenPurpose::SetupAdmin))
                .filter(schema::tokens::used_at.is_null())
                .count()
                .get_result::<i64>(conn)?)
        })
    };
    assert_eq!(
        live_setup_tokens().await,
        1,
        "startup without users should issue one setup token"
    );

    // The printed link cannot be read back; issue a known one the same way.
    let raw = random_token();
    let now = app.clock.now();
    let hash = hash_token(&raw);
    db(&app, move |conn| {
        Ok(tokens::replace(
            conn,
            &NewToken {
                id_hash: &hash,
                user_id: None,
                purpose: TokenPurpose::SetupAdmin,
                payload: "",
                created_at: now,
                expires_at: now.plus_secs(3600),
            },
        )?)
    })
    .await;
    let link = format!("/setup/{raw}");

    let (status, _) = app.get_html(&format!("/setup/{}", random_token())).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a made-up setup link");
    let (status, html) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form_field(&html, "username").is_some());

    let browser = app.new_client();
    let response = browser
        .post_form(
            &link,
            &[
                ("username", "boss"),
                ("email", "boss@example.com"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_see_other(&response, "/?notice=welcome");
    assert!(browser.session_cookie().is_some(), "not signed in");
    let (status, _) = browser.get_html("/admin").await;
    assert_eq!(status, StatusCode::OK, "the new account is not an admin");
    assert_eq!(live_setup_tokens().await, 0);

    // The link works once.
    let (status, _) = app.new_client().get_html(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = app
        .new_client()
        .post_form(
            &link,
            &[
                ("username", "second"),
                ("email", "second@example.com"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let count = db(&app, |conn| Ok(users::count(conn)?)).await;
    assert_eq!(count, 1);
}

#[tokio::test]
async fn demo_loader_creates_content_once_and_demo_users_can_sign_in() {
    let app = spawn_app().await;
    let clock = app.clock.clone();
    let created = db(&app, move |conn| {
        parley::demo::load(conn, &clock, false).map(|s| s.created)
    })
    .await;
    assert!(created, "first run should create the demo");
    assert_eq!(community_count(&app).await, 5);
    assert_eq!(db(&app, |conn| Ok(users::count(conn)?)).await, 7);

    let clock = app.clock.clone();
    let again = db(&app, move |conn| {
        parley::demo::load(conn, &clock, false).map(|s| s.created)
    })
    .await;
    assert!(!again, "second run should do nothing");
    assert_eq!(community_count(&app).await, 5);
    assert_eq!(db(&app, |conn| Ok(users::count(conn)?)).await, 7);

    let cards = html_select(&app.get_html("/").await.1, ".community-card h3");
    assert_eq!(
        cards,
        vec!["Widgets", "Gadgets", "Widgets France"],
        "anonymous home"
    );

    for (username, expected) in [("ada", 5usize), ("carla", 4), ("erin", 5)] {
        let browser = app.new_client();
        let response = browser.login(username, parley::demo::DEMO_PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{username} cannot sign in with the demo password"
        );
        let cards = home_cards(&browser).await;
        assert_eq!(cards.len(), expected, "{username} sees {cards:?}");
        let sees_internal = cards.iter().any(|c| c == "Internal: Support Team");
        assert_eq!(sees_internal, username != "carla", "{username}: {cards:?}");
        if username == "ada" {
            // An example API token (its secret was printed nowhere).
            let (status, html) = browser.get_html("/settings/tokens").await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("Demo integration"), "{html}");
        }
    }
}
