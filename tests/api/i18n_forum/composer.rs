//! Issue 21, a topic's content language chosen in the composer: a labelled select
//! preselected with the sub-community's default, stored on the topic and used for its
//! posts' `lang`; an unknown language is refused with a field error and creates nothing.
//! The JSON API takes the same `language`.

use parley::db::Language;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::api_client::{problem, token, Api};
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{html_attr, html_select, CommunityBuilder};

use super::{page_lang, set_default_language};

#[tokio::test]
async fn a_french_topic_in_an_english_sub_community_marks_its_posts_french() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("widgets-fr")
        .name("Widgets France")
        .build(&app, &admin)
        .await;
    set_default_language(&app, "widgets-fr", Language::Fr).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;

    // The composer offers both languages, preselected with the sub-community's default.
    let form = page(&ana, "/c/widgets/new").await;
    assert_eq!(
        html_select(&form, "label[for=f-language]").len(),
        1,
        "the select is labelled"
    );
    assert_eq!(
        html_attr(&form, "select#f-language option", "value"),
        vec!["en".to_string(), "fr".to_string()]
    );
    assert_eq!(
        html_attr(&form, "select#f-language option[selected]", "value"),
        vec!["en".to_string()]
    );
    let form_fr = page(&ana, "/c/widgets-fr/new").await;
    assert_eq!(
        html_attr(&form_fr, "select#f-language option[selected]", "value"),
        vec!["fr".to_string()]
    );

    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "Pourquoi mon widget clignote-t-il"),
            ("body", "Il clignote en rouge depuis la mise à jour."),
            ("tags", ""),
            ("language", "fr"),
        ],
    )
    .await;
    let topic = topic_from_redirect(&response);
    assert_eq!(topic_row(&app, &topic.id).await.language, Language::Fr);
    reply(
        &app,
        &bob,
        &topic,
        "Réinitialisez-le en maintenant le bouton.",
    )
    .await;

    // Read in English (the sub-community's language), both posts and the title are French.
    let html = page(&app.new_client(), &topic.path).await;
    assert_eq!(page_lang(&html), "en");
    assert_eq!(
        html_attr(&html, "h1.topic-heading", "lang"),
        vec!["fr".to_string()]
    );
    assert_eq!(
        html_attr(&html, "article.post .prose", "lang"),
        vec!["fr".to_string(), "fr".to_string()],
        "both posts"
    );

    // Without a choice the topic takes the sub-community's default.
    let plain = ask(&ana, "widgets", "Why does my widget blink").await;
    assert_eq!(topic_row(&app, &plain.id).await.language, Language::En);
}

#[tokio::test]
async fn an_unknown_language_is_refused_with_a_field_error_and_creates_nothing() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let before = topic_count(&app).await;

    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "Warum summt mein Widget"),
            ("body", "Es summt die ganze Nacht."),
            ("tags", ""),
            ("language", "de"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert_eq!(
        html_select(&html, "#f-language-error"),
        vec!["Choose English or Français.".to_string()]
    );
    assert_eq!(
        html_attr(&html, "select#f-language", "aria-describedby"),
        vec!["f-language-error f-language-hint".to_string()]
    );
    assert_eq!(topic_count(&app).await, before, "nothing created");

    // The JSON API takes the same field, with the same rules.
    let api = Api::new(
        &app,
        &token(&ana, &["topics:read", "topics:write"], None).await,
    );
    let refused = api
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "question", "title": "Warum summt mein Widget",
                    "body": "Es summt die ganze Nacht.", "language": "de"}),
        )
        .await;
    let p = problem(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(p["fields"]["language"].is_string(), "{p}");
    assert_eq!(topic_count(&app).await, before, "nothing created");

    let created = api
        .send(
            reqwest::Method::POST,
            "/api/v1/topics",
            &json!({"community": "widgets", "kind": "question", "title": "Pourquoi mon widget bourdonne",
                    "body": "Il bourdonne toute la nuit.", "language": "fr"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: serde_json::Value = created.json().await.expect("JSON");
    let id = body["id"].as_str().expect("id").to_string();
    assert_eq!(topic_row(&app, &id).await.language, Language::Fr);
}
