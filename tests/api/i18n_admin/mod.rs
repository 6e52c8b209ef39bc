//! Issue 21, administration and moderation: the deployment's default language is an
//! admin setting that decides what an anonymous visitor reads when nothing more specific
//! does, and the admin pages and the review queue are written in the admin's language.

use diesel::prelude::*;
use parley::db::models::settings;
use parley::db::schema::{audit_log, users as users_table};
use parley::db::{Language, Timestamp};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, SiteSettings};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::{open_item, topic_after_post};
use crate::helpers::{
    assert_see_other, html_attr, html_select, TestApp, TestClient, TopicBuilder, UserBuilder,
};

/// The settings form as an admin sends it, with the default language `language`.
async fn save_language(admin: &TestClient, language: &str) -> reqwest::Response {
    let s = SiteSettings::default();
    admin
        .post_form(
            "/admin/settings",
            &[
                ("site_name", s.site_name),
                ("tagline", s.tagline),
                ("logo_url", s.logo_url),
                ("primary_color", s.primary_color),
                ("employee_domains", s.employee_domains),
                ("api_cors_origins", s.api_cors_origins),
                ("default_language", language),
            ],
        )
        .await
}

async fn site_default(app: &TestApp) -> Language {
    db(app, |conn| {
        Ok(settings::load(conn, Timestamp::from_micros(0))?.default_language)
    })
    .await
}

fn html_lang(html: &str) -> String {
    html_attr(html, "html", "lang").join("")
}

/// An admin who chose French for their account (`users.language`), signed in.
async fn french_admin(app: &TestApp, username: &str) -> TestClient {
    let admin = UserBuilder::new(username).admin().build(app).await;
    let id = admin.id.clone();
    db(app, move |conn| {
        diesel::update(users_table::table.find(&id))
            .set(users_table::language.eq(Some(Language::Fr)))
            .execute(conn)?;
        Ok(())
    })
    .await;
    app.signed_in_client(&admin).await
}

/// Every heading of the page's main content (the header's own links excluded).
fn headings(html: &str) -> Vec<String> {
    html_select(html, "main h1, main h2, main h3, main summary, main th")
}

#[tokio::test]
async fn the_default_language_set_by_an_admin_decides_for_an_anonymous_visitor() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let anonymous = app.new_client();

    let (_, before) = anonymous.get_html("/latest").await;
    assert_eq!(html_lang(&before), "en", "English out of the box");
    assert_eq!(
        html_select(&before, "header a[href='/login']"),
        vec!["Sign in"]
    );

    // The form offers the setting with the current value selected.
    let (status, form) = admin.get_html("/admin/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(
            &form,
            "select[name=default_language] option[selected]",
            "value"
        ),
        vec!["en"]
    );

    let response = save_language(&admin, "fr").await;
    assert_see_other(&response, "/admin/settings?notice=saved");
    assert_eq!(site_default(&app).await, Language::Fr);

    // No Accept-Language, no cookie, no account: the deployment's default decides.
    let (status, after) = app.new_client().get_html("/latest").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_lang(&after), "fr");
    assert_eq!(
        html_select(&after, "header a[href='/login']"),
        vec!["Se connecter"],
        "the header is in French"
    );

    // Anything more specific still wins: the browser's language, then an explicit choice.
    let english = anonymous
        .http
        .get(anonymous.url("/latest"))
        .header("accept-language", "en-GB,en;q=0.8")
        .send()
        .await
        .expect("GET /latest")
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(html_lang(&english), "en");
    let (_, chosen) = app.new_client().get_html("/latest?lang=en").await;
    assert_eq!(html_lang(&chosen), "en");

    // The change is in the audit log, with the before and after values.
    let details: Vec<String> = db(&app, |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.eq("site.settings"))
            .select(audit_log::details)
            .load(conn)?)
    })
    .await;
    assert!(
        details
            .iter()
            .any(|d| d.contains("default language: en -> fr")),
        "audit log: {details:?}"
    );
}

#[tokio::test]
async fn a_default_language_that_is_not_english_or_french_is_refused_and_changes_nothing() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let audited_before = db(&app, |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.eq("site.settings"))
            .count()
            .get_result::<i64>(conn)?)
    })
    .await;

    for bad in ["de", "", "english", "fr-FR"] {
        let response = save_language(&admin, bad).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?} is refused"
        );
        let html = response.text().await.unwrap_or_default();
        assert_eq!(
            html_select(&html, "#f-default_language-error"),
            vec!["Choose English or French as the default language."],
            "{bad:?}: the error names the field and the choices"
        );
        assert_eq!(
            html_attr(&html, "#f-default_language", "aria-describedby"),
            vec!["f-default_language-error"]
        );
        assert_eq!(site_default(&app).await, Language::En, "{bad:?}");
    }
    let audited_after = db(&app, |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.eq("site.settings"))
            .count()
            .get_result::<i64>(conn)?)
    })
    .await;
    assert_eq!(audited_after, audited_before, "nothing was saved or logged");

    // A French admin reads the refusal in French.
    let french = french_admin(&app, "amelie").await;
    let response = save_language(&french, "es").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap_or_default();
    assert_eq!(
        html_select(&html, "#f-default_language-error"),
        vec!["Choisissez l'anglais ou le français comme langue par défaut."]
    );
    assert_eq!(site_default(&app).await, Language::En);
}

#[tokio::test]
async fn admin_pages_render_in_french_for_a_french_admin() {
    let app = forum_app().await;
    let french = french_admin(&app, "amelie").await;

    let (status, html) = french.get_html("/admin/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_lang(&html), "fr");
    assert_eq!(html_select(&html, "main h1"), vec!["Marque et inscription"]);
    let labels = html_select(&html, "main label");
    for expected in ["Nom du site", "Slogan", "Langue par défaut"] {
        assert!(
            labels.contains(&expected.to_string()),
            "{expected}: {labels:?}"
        );
    }
    for english in ["Site name", "Tagline", "Default language", "Brand colour"] {
        assert!(
            !labels.contains(&english.to_string()),
            "{english} left in English"
        );
    }
    let tabs = html_select(&html, "nav.tabs a");
    assert!(tabs.contains(&"Journal d'audit".to_string()), "{tabs:?}");
    assert!(!tabs.contains(&"Audit log".to_string()), "{tabs:?}");

    for (path, title, english) in [
        ("/admin", "Administration", &["members", "mails queued"][..]),
        ("/admin/users", "Membres", &["Member", "Email", "Role"][..]),
        ("/admin/outbox", "File d'envoi", &["Nothing here"][..]),
        (
            "/admin/audit",
            "Journal d'audit",
            &["When", "Who", "Details"][..],
        ),
    ] {
        let (status, html) = french.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(html_select(&html, "main h1"), vec![title], "{path}");
        let shown = [
            headings(&html),
            html_select(&html, "main .stat-label, main label, main button"),
        ]
        .concat();
        for word in english {
            assert!(
                !shown.iter().any(|h| h == word),
                "{path}: {word:?} left in English in {shown:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_review_queue_renders_in_french_with_translated_reasons() {
    let (app, _admin) = widgets().await;
    let (_, staff) = employee(&app, "erin").await;
    let response = TopicBuilder::discussion("Remboursement commande 1001")
        .body("Carte : 4111 1111 1111 1111, merci de rembourser")
        .in_("widgets")
        .by(&staff)
        .send()
        .await;
    let (held, was_held) = topic_after_post(&response);
    assert!(was_held, "the card number holds the post");
    let opening = post_by_number(&app, &held.id, 1).await;
    open_item(&app, opening.id.as_ref()).await;

    let french = french_admin(&app, "amelie").await;
    let (status, html) = french.get_html("/review").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_lang(&html), "fr");
    assert_eq!(html_select(&html, "main h1"), vec!["File de modération"]);
    let badges = html_select(&html, ".review-item .badge");
    assert!(
        badges.contains(&"Contraire à la politique de contenu".to_string()),
        "{badges:?}"
    );
    assert!(
        badges.contains(&"En attente d'approbation".to_string()),
        "{badges:?}"
    );
    let matches = html_select(&html, "ul.matches li").join(" | ");
    assert!(
        matches.contains("Numéros de carte bancaire") && matches.contains("Retenir pour examen"),
        "the finding and its action are translated: {matches}"
    );
    let all_headings = headings(&html);
    assert!(
        all_headings.contains(&"Éléments détectés".to_string()),
        "{all_headings:?}"
    );
    for english in [
        "Review queue",
        "What matched",
        "Flags",
        "Edit and approve",
        "Sanction the author",
    ] {
        assert!(
            !all_headings.iter().any(|h| h == english),
            "{english:?} left in English: {all_headings:?}"
        );
    }
    for english in [
        "Matched the content policy",
        "Awaiting approval",
        "Payment card numbers",
        "Approve",
        "Ignore flags",
    ] {
        assert!(!html.contains(english), "{english:?} left in English");
    }
    // User content stays as written.
    assert!(html.contains("Remboursement commande 1001"));

    // The same queue for an English moderator is in English.
    let (_, english) = UserBuilder::new("eddie").admin().signed_in(&app).await;
    let (_, html) = english.get_html("/review").await;
    assert_eq!(html_select(&html, "main h1"), vec!["Review queue"]);
    assert!(html.contains("Matched the content policy"));
    assert!(html.contains("Payment card numbers (Luhn-checked)"));
}

#[tokio::test]
async fn a_refused_policy_rule_is_explained_in_the_admins_language() {
    let (app, _admin) = widgets().await;
    let fr = french_admin(&app, "amelie").await;
    for (kind, pattern, french) in [
        ("word", "", "Saisissez un mot, une expression ou un motif."),
        (
            "word",
            "deux mots",
            "Une règle « mot » ne prend qu'un seul mot",
        ),
        (
            "regex",
            "(ouvert",
            "Cette expression régulière n'est pas valide",
        ),
    ] {
        let response = fr
            .post_form(
                "/admin/moderation/rules",
                &[("kind", kind), ("pattern", pattern), ("action", "hold")],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{pattern:?}"
        );
        let html = response.text().await.expect("body");
        let shown = html_select(&html, "p.error").concat();
        assert!(shown.contains(french), "{pattern:?}: {shown}");
    }
}
