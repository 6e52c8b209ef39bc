//! Issue 21 for errors, forms, accounts, widgets and the CLI: error pages and API
//! problems in the request's language (the `code` unchanged), validation messages in the
//! reader's language tied to their field, the profile's language setting, the embed
//! fragments' `lang`, and the `parley` command speaking French under `LANG=fr_FR.UTF-8`.

use parley::db::Language;
use reqwest::StatusCode;

use crate::helpers::cli::{output_text, run_parley_env};
use crate::helpers::fixtures::admin_client;
use crate::helpers::{
    assert_see_other, html_attr, html_select, postgres_admin_url, spawn_app, CommunityBuilder,
    TestApp, TestDatabase, UserBuilder,
};

async fn get_with_language(app: &TestApp, path: &str, accept: &str) -> reqwest::Response {
    app.http
        .get(app.url(path))
        .header("accept-language", accept)
        .send()
        .await
        .expect("GET")
}

async fn stored_language(app: &TestApp, username: &str) -> Option<Language> {
    let key = parley::domain::Username::lookup_key(username);
    app.state
        .db(move |conn| Ok(parley::db::models::users::find_by_username_key(conn, &key)?))
        .await
        .expect("read the member")
        .expect("the member exists")
        .language
}

#[tokio::test]
async fn a_missing_page_is_french_for_a_french_browser_and_english_otherwise() {
    let app = spawn_app().await;
    let fr = get_with_language(&app, "/no/such/page", "fr-FR, fr;q=0.9").await;
    assert_eq!(fr.status(), StatusCode::NOT_FOUND);
    let html = fr.text().await.unwrap();
    assert_eq!(html_attr(&html, "html", "lang"), vec!["fr"], "{html}");
    assert_eq!(html_select(&html, "h1"), vec!["Page introuvable"], "{html}");
    assert!(html.contains("Aller à la page d'accueil"), "{html}");

    let en = get_with_language(&app, "/no/such/page", "de, en;q=0.5").await;
    assert_eq!(en.status(), StatusCode::NOT_FOUND);
    let html = en.text().await.unwrap();
    assert_eq!(html_attr(&html, "html", "lang"), vec!["en"], "{html}");
    assert_eq!(html_select(&html, "h1"), vec!["Page not found"], "{html}");
}

#[tokio::test]
async fn an_api_problem_is_titled_in_the_clients_language_with_the_same_code() {
    let app = spawn_app().await;
    let fr = get_with_language(&app, "/api/v1/no-such-endpoint", "fr").await;
    assert_eq!(fr.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        fr.headers()["content-type"],
        "application/problem+json",
        "a problem"
    );
    let fr: serde_json::Value = fr.json().await.unwrap();
    let en = app
        .http
        .get(app.url("/api/v1/no-such-endpoint"))
        .send()
        .await
        .unwrap();
    let en: serde_json::Value = en.json().await.unwrap();

    assert_eq!(fr["title"], "Page introuvable", "{fr}");
    assert_eq!(
        fr["detail"], "Il n'y a rien ici, ou vous n'avez pas le droit de le voir.",
        "{fr}"
    );
    assert_eq!(
        en["title"], "Page not found",
        "no Accept-Language is English: {en}"
    );
    for field in ["code", "type", "error", "status"] {
        assert_eq!(
            fr[field], en[field],
            "{field} never changes with the language"
        );
    }
    assert_eq!(fr["code"], "not_found");
}

#[tokio::test]
async fn a_sign_up_error_is_french_and_tied_to_its_field() {
    let app = spawn_app().await;
    let client = app.new_client();
    // The language menu's link: an explicit choice, remembered in a cookie.
    let (status, _) = client.get_html("/signup?lang=fr").await;
    assert_eq!(status, StatusCode::OK);
    let response = client
        .post_form(
            "/signup",
            &[
                ("username", "nadia"),
                ("email", "not-an-address"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(html_attr(&html, "html", "lang"), vec!["fr"], "{html}");
    let french = "Saisissez une adresse e-mail comme nom@exemple.com.";
    assert_eq!(html_select(&html, "#f-email-error"), vec![french], "{html}");
    let described = html_attr(&html, "#f-email", "aria-describedby");
    assert!(
        described.len() == 1 && described[0].split(' ').any(|id| id == "f-email-error"),
        "the message is the field's description: {html}"
    );
    assert_eq!(html_attr(&html, "#f-email", "aria-invalid"), vec!["true"]);
    assert!(html_select(&html, "label[for=f-email]").contains(&"Adresse e-mail".to_string()));
    assert!(!html.contains("Enter an email address"), "{html}");

    // The same refusal through the API-style JSON answer is English without a choice.
    let english = app.new_client();
    let response = english
        .post_form(
            "/signup",
            &[
                ("username", "nadia"),
                ("email", "not-an-address"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    let html = response.text().await.unwrap();
    assert_eq!(
        html_select(&html, "#f-email-error"),
        vec!["Enter an email address like name@example.com."],
        "{html}"
    );
}

#[tokio::test]
async fn the_profile_language_makes_the_next_page_french_and_automatic_clears_it() {
    let app = spawn_app().await;
    let (_, client) = UserBuilder::new("lea").signed_in(&app).await;
    let (_, html) = client.get_html("/settings/profile").await;
    assert_eq!(html_attr(&html, "html", "lang"), vec!["en"]);
    assert_eq!(
        html_attr(&html, "#f-language option[selected]", "value"),
        vec![""],
        "automatic until chosen: {html}"
    );

    let saved = client
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Léa"),
                ("title", ""),
                ("bio", ""),
                ("language", "fr"),
            ],
        )
        .await;
    assert_see_other(&saved, "/u/lea?notice=profile_saved");
    assert_eq!(stored_language(&app, "lea").await, Some(Language::Fr));
    // The very next page (the viewer cache sees the change): French, with no cookie and
    // no Accept-Language.
    let (_, html) = client.get_html("/settings/profile").await;
    assert_eq!(html_attr(&html, "html", "lang"), vec!["fr"], "{html}");
    assert_eq!(html_select(&html, "h1"), vec!["Paramètres du profil"]);
    assert_eq!(
        html_attr(&html, "#f-language option[selected]", "value"),
        vec!["fr"]
    );

    let cleared = client
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Léa"),
                ("title", ""),
                ("bio", ""),
                ("language", ""),
            ],
        )
        .await;
    assert_see_other(&cleared, "/u/lea?notice=profile_saved");
    assert_eq!(stored_language(&app, "lea").await, None);
    let (_, html) = client.get_html("/settings/profile").await;
    assert_eq!(html_attr(&html, "html", "lang"), vec!["en"], "{html}");
    assert_eq!(html_select(&html, "h1"), vec!["Profile settings"]);
}

#[tokio::test]
async fn a_bad_language_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (_, client) = UserBuilder::new("marc").signed_in(&app).await;
    let saved = client
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Marc"),
                ("title", ""),
                ("bio", ""),
                ("language", "fr"),
            ],
        )
        .await;
    assert_see_other(&saved, "/u/marc?notice=profile_saved");

    let refused = client
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Someone else"),
                ("title", ""),
                ("bio", ""),
                ("language", "de"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert_eq!(
        html_select(&html, "#f-language-error"),
        vec!["Choisissez English, Français ou automatique."],
        "refused in the member's own language, at the field: {html}"
    );
    assert_eq!(
        html_attr(&html, "#f-language", "aria-describedby"),
        vec!["f-language-error"]
    );
    assert_eq!(stored_language(&app, "marc").await, Some(Language::Fr));
    let (_, profile) = client.get_html("/u/marc").await;
    assert!(profile.contains("Marc"), "{profile}");
    assert!(
        !profile.contains("Someone else"),
        "nothing of the refused form was saved: {profile}"
    );
}

#[tokio::test]
async fn an_embed_fragment_in_french_leaves_the_english_one_english() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let response = admin
        .post_form(
            "/c/widgets/embedding",
            &[
                ("origins", "https://www.acme.example"),
                ("url_prefixes", "https://www.acme.example/"),
            ],
        )
        .await;
    assert_see_other(&response, "/c/widgets/embedding?notice=saved");

    // French first: within the fragment cache's second, an English request must not be
    // served the French rendering (the language is part of the key).
    let (status, fr) = admin
        .get_html("/embed/v1/topics.html?community=widgets&lang=fr")
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, en) = admin
        .get_html("/embed/v1/topics.html?community=widgets")
        .await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(html_attr(&fr, "section", "lang"), vec!["fr"], "{fr}");
    assert_eq!(
        html_select(&fr, ".parley-empty"),
        vec!["Aucun sujet pour l'instant."]
    );
    assert!(fr.contains("Plus dans"), "{fr}");
    assert_eq!(html_attr(&en, "section", "lang"), vec!["en"], "{en}");
    assert_eq!(html_select(&en, ".parley-empty"), vec!["No topics yet."]);
    assert!(en.contains("More in"), "{en}");

    let (status, _) = admin
        .get_html("/embed/v1/topics.html?community=widgets&lang=xx")
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an unknown language is named, not guessed"
    );
}

/// A data directory (and, on PostgreSQL runs, a database) of the CLI's own.
struct CliDatabase {
    dir: std::path::PathBuf,
    url: String,
    _pg: Option<TestDatabase>,
}

impl CliDatabase {
    async fn new() -> CliDatabase {
        let dir =
            std::env::temp_dir().join(format!("parley-i18n-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let pg = match postgres_admin_url() {
            Some(admin) => Some(TestDatabase::create_async(&admin).await),
            None => None,
        };
        let url = match &pg {
            Some(db) => db.url().to_string(),
            None => format!("sqlite://{}", dir.join("parley.db").display()),
        };
        CliDatabase { dir, url, _pg: pg }
    }
}

impl Drop for CliDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn the_cli_speaks_french_under_a_french_lang() {
    let db = CliDatabase::new().await;
    let first = run_parley_env(&db.dir, Some(&db.url), &["migrate"], "", &[]).await;
    assert!(first.status.success(), "{}", output_text(&first));
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("Database is up to date."),
        "English without LANG: {}",
        output_text(&first)
    );

    let fr = run_parley_env(
        &db.dir,
        Some(&db.url),
        &["migrate"],
        "",
        &[("LANG", "fr_FR.UTF-8")],
    )
    .await;
    assert!(fr.status.success(), "{}", output_text(&fr));
    let stdout = String::from_utf8_lossy(&fr.stdout);
    assert!(
        stdout.contains("La base de données est à jour."),
        "{}",
        output_text(&fr)
    );
    assert!(
        !stdout.contains("Database is up to date."),
        "{}",
        output_text(&fr)
    );

    // PARLEY_LANG wins over LANG; an error is French too.
    let refused = run_parley_env(
        &db.dir,
        Some(&db.url),
        &[
            "token",
            "create",
            "--user",
            "nobody",
            "--name",
            "x",
            "--scopes",
            "topics:read",
        ],
        "",
        &[("LANG", "en_US.UTF-8"), ("PARLEY_LANG", "fr")],
    )
    .await;
    assert!(!refused.status.success(), "{}", output_text(&refused));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("erreur :"), "{}", output_text(&refused));
}
