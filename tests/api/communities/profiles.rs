//! Member profiles: what they show, who edits them, escaping, length limits,
//! case-insensitive usernames.

use reqwest::StatusCode;

use super::assert_form_error;
use crate::helpers::fixtures::{
    assert_no_active_content, assert_sent_to_sign_in, assert_sign_in_required,
};
use crate::helpers::{
    assert_see_other, form_field, html_attr, html_select, spawn_app, UserBuilder,
};

#[tokio::test]
async fn profile_shows_name_title_bio_join_date_avatar_and_badge() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").employee().build(&app).await;
    let joined = app.clock.now();
    let browser = app.signed_in_client(&ana).await;
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Ana López"),
                ("title", "Widgets engineer"),
                (
                    "bio",
                    "I like **bold** ideas.\n\nSee https://example.com/ana.",
                ),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    let (status, html) = app.new_client().get_html("/u/ana").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana López"]);
    assert_eq!(
        html_select(&html, ".profile p.title"),
        vec!["Widgets engineer"]
    );
    assert_eq!(
        html_select(&html, ".profile .prose strong"),
        vec!["bold"],
        "bio Markdown is rendered"
    );
    assert_eq!(
        html_attr(&html, ".profile .prose a", "href"),
        vec!["https://example.com/ana"]
    );
    assert_eq!(
        html_attr(&html, ".profile .prose a", "rel"),
        vec!["nofollow ugc noopener"]
    );
    assert_eq!(
        html_attr(&html, ".profile time", "datetime"),
        vec![joined.rfc3339()]
    );
    assert_eq!(
        html_select(&html, ".profile time"),
        vec![parley::i18n::format::date(parley::i18n::Lang::En, joined)]
    );
    assert_eq!(
        html_attr(&html, ".profile img.avatar", "src"),
        vec!["/u/ana/avatar.svg"]
    );
    assert_eq!(
        html_select(&html, ".profile .badge.employee"),
        vec!["Employee"]
    );

    let response = app.get("/u/ana/avatar.svg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains(">A</text>"), "initial missing:\n{svg}");
}

#[tokio::test]
async fn avatar_escapes_the_initial() {
    let app = spawn_app().await;
    for (path, escaped) in [
        ("/u/%3Cscript%3E/avatar.svg", "&lt;"),
        ("/u/%26amp/avatar.svg", "&amp;"),
        ("/u/%3Eb/avatar.svg", "&gt;"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        let svg = response.text().await.unwrap();
        assert!(
            svg.contains(&format!(">{escaped}</text>")),
            "GET {path}: initial not escaped as {escaped}:\n{svg}"
        );
        assert_eq!(
            svg.matches('<').count(),
            5,
            "GET {path}: extra markup:\n{svg}"
        );
        assert!(!svg.contains("<script"), "GET {path}:\n{svg}");
    }
}

#[tokio::test]
async fn profile_edits_change_only_ones_own_profile() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let ana_browser = app.signed_in_client(&ana).await;
    let bo_browser = app.signed_in_client(&bob).await;
    let response = ana_browser
        .post_form(
            "/settings/profile",
            &[("display_name", "Ana"), ("title", "Original"), ("bio", "")],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    // Bo's save lands on Bo, even with a `username` field naming Ana.
    let response = bo_browser
        .post_form(
            "/settings/profile",
            &[
                ("username", "ana"),
                ("display_name", "Hijacked"),
                ("title", "Hijacked"),
                ("bio", "Hijacked"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/bob?notice=profile_saved");
    let (_, html) = app.get_html("/u/ana").await;
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana"]);
    assert_eq!(html_select(&html, ".profile p.title"), vec!["Original"]);
    let (_, html) = app.get_html("/u/bob").await;
    assert_eq!(html_select(&html, ".profile h1"), vec!["Hijacked"]);

    // Only the owner sees the edit link.
    let (_, html) = bo_browser.get_html("/u/ana").await;
    assert!(html_attr(&html, ".profile a[href='/settings/profile']", "href").is_empty());
    let (_, html) = ana_browser.get_html("/u/ana").await;
    assert_eq!(
        html_attr(&html, ".profile a[href='/settings/profile']", "href").len(),
        1
    );

    // Anonymous visitors change nothing.
    let anonymous = app.new_client();
    let response = anonymous.get("/settings/profile").await;
    assert_sent_to_sign_in(&response, "anonymous GET /settings/profile");
    let response = anonymous
        .post_form(
            "/settings/profile",
            &[("display_name", "Anon"), ("title", "Anon"), ("bio", "")],
        )
        .await;
    assert_sign_in_required(&response, "anonymous profile POST");
    let (status, html) = app.get_html("/u/ana").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana"]);
}

#[tokio::test]
async fn profile_fields_are_escaped_or_sanitised() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let bio = format!(
        "hello {script} {img} [x](javascript:alert(1)) <a href=\"javascript:alert(1)\">y</a>"
    );
    let response = browser
        .post_form(
            "/settings/profile",
            &[("display_name", script), ("title", img), ("bio", &bio)],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    for (client, path) in [
        (&app.client, "/u/ana"),
        (&browser, "/u/ana"),
        (&browser, "/settings/profile"),
    ] {
        let (status, html) = client.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert!(!html.contains("<script>alert"), "GET {path}:\n{html}");
        assert!(!html.contains("<img src=x"), "GET {path}:\n{html}");
        if path.starts_with("/u/") {
            assert!(!html.contains("javascript:"), "GET {path}: {html}");
        }
        assert_no_active_content(&html, path);
    }

    let (_, html) = app.get_html("/u/ana").await;
    // Plain fields are shown as text, not dropped.
    assert_eq!(html_select(&html, ".profile h1"), vec![script]);
    assert_eq!(html_select(&html, ".profile p.title"), vec![img]);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The bio keeps its text, loses the active parts.
    let prose = html_select(&html, ".profile .prose");
    assert_eq!(prose.len(), 1, "{html}");
    assert!(prose[0].starts_with("hello"), "{prose:?}");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".profile .prose").unwrap();
    let inner = doc.select(&sel).next().unwrap().inner_html();
    for bad in ["<script", "onerror", "javascript:", "alert(1)"] {
        assert!(!inner.contains(bad), "bio HTML keeps {bad}: {inner}");
    }

    // The edit form shows the source back, escaped.
    let (_, html) = browser.get_html("/settings/profile").await;
    assert_eq!(form_field(&html, "display_name").as_deref(), Some(script));
    assert_eq!(form_field(&html, "title").as_deref(), Some(img));
    assert_eq!(form_field(&html, "bio").as_deref(), Some(bio.as_str()));
}

#[tokio::test]
async fn too_long_profile_fields_are_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Ana"),
                ("title", "Engineer"),
                ("bio", "Hi"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    let long_name = "n".repeat(61);
    let long_title = "t".repeat(81);
    let long_bio = "b".repeat(4001);
    let cases = [
        (
            "display_name",
            long_name.as_str(),
            "Changed",
            "Changed",
            "Display name is at most 60 characters.",
        ),
        (
            "title",
            "Changed",
            long_title.as_str(),
            "Changed",
            "Title is at most 80 characters.",
        ),
        (
            "bio",
            "Changed",
            "Changed",
            long_bio.as_str(),
            "Bio is at most 4,000 characters.",
        ),
    ];
    let mut answers = Vec::new();
    for (field, display_name, title, bio, message) in cases {
        let response = browser
            .post_form(
                "/settings/profile",
                &[
                    ("display_name", display_name),
                    ("title", title),
                    ("bio", bio),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too long {field}"
        );
        let html = response.text().await.unwrap();
        let (_, profile) = app.get_html("/u/ana").await;
        assert_eq!(html_select(&profile, ".profile h1"), vec!["Ana"], "{field}");
        assert_eq!(
            html_select(&profile, ".profile p.title"),
            vec!["Engineer"],
            "{field}"
        );
        assert_eq!(
            html_select(&profile, ".profile .prose"),
            vec!["Hi"],
            "{field}"
        );
        answers.push((field, html, message));
    }
    for (field, html, message) in answers {
        assert_form_error(&html, message, &format!("too long {field}"));
        assert_eq!(
            html_attr(&html, "[aria-invalid=true]", "name"),
            vec![field.to_string()]
        );
    }

    // Exactly at the limits is fine (characters, not bytes).
    let name = "é".repeat(60);
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", &name),
                ("title", &"t".repeat(80)),
                ("bio", "Hi"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");
}

#[tokio::test]
async fn username_lookup_is_case_insensitive() {
    let app = spawn_app().await;
    UserBuilder::new("ana").build(&app).await;
    for path in ["/u/ana", "/u/ANA", "/u/Ana"] {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert_eq!(html_select(&html, ".profile h1"), vec!["ana"], "GET {path}");
    }
    let (status, _) = app.get_html("/u/anab").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
