//! A sub-community's categories after they are made: renamed, reordered, deleted by
//! its managers only; a deleted category's topics stay, without a category.

use reqwest::StatusCode;

use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::audit_rows;
use crate::helpers::{assert_see_other, html_attr, html_select};

#[tokio::test]
async fn a_manager_renames_reorders_and_deletes_a_category_and_its_topics_stay() {
    let (app, admin) = widgets().await;
    let setup = create_category(&app, &admin, "widgets", "setup", "Setup").await;
    create_category(&app, &admin, "widgets", "billing", "Billing").await;
    let (_, ana) = member(&app, "ana").await;
    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", "Where does the hub go?"),
            ("body", "Near the router or not?"),
            ("category", &setup),
        ],
    )
    .await;
    let topic = topic_from_redirect(&response);

    // A member may not touch it, and nothing changes.
    let refused = ana
        .post_form(
            "/c/widgets/categories/setup/edit",
            &[("name", "Mine now"), ("description", ""), ("position", "0")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = ana
        .post_form("/c/widgets/categories/setup/delete", &[])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(page(&app, "/c/widgets/cat/setup").await.contains("Setup"));

    // Bad input is a clear error and changes nothing.
    let bad = admin
        .post_form(
            "/c/widgets/categories/setup/edit",
            &[
                ("name", "Setup"),
                ("description", ""),
                ("position", "first"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap_or_default();
    // The settings page again, that category's form open with what was typed and the
    // error beside its field.
    assert_eq!(
        html_select(&html, "details[open] #f-cat-setup-position-error"),
        vec!["Use a whole number from 0 to 10000."]
    );
    assert_eq!(
        html_attr(&html, "details[open] input#f-cat-setup-position", "value"),
        vec!["first"]
    );
    assert_eq!(
        html_select(&html, "details[open]").len(),
        1,
        "only that one open"
    );
    assert_eq!(
        html_attr(&html, ".error-summary a", "href"),
        vec!["#f-cat-setup-position"]
    );
    assert_eq!(html_select(&html, "ul.category-admin > li > a").len(), 2);
    assert!(list_page(&app, "/c/widgets/cat/setup")
        .await
        .contains("Setup"));

    // Renamed and moved before Billing; its address stays.
    let saved = admin
        .post_form(
            "/c/widgets/categories/setup/edit",
            &[
                ("name", "Setup & pairing"),
                ("description", "Getting started."),
                ("position", "0"),
            ],
        )
        .await;
    assert_see_other(&saved, "/c/widgets/edit?notice=saved");
    let (_, edit) = admin.get_html("/c/widgets/edit").await;
    let names = html_select(&edit, "ul.category-admin > li > a");
    assert_eq!(names, vec!["Setup & pairing", "Billing"]);
    assert!(list_page(&app, "/c/widgets/cat/setup")
        .await
        .contains("Setup &amp; pairing"));
    assert_eq!(audit_rows(&app, "category.update").await.len(), 1);

    // Deleted: the topic stays, without a category; the category's page is gone.
    let deleted = admin
        .post_form("/c/widgets/categories/setup/delete", &[])
        .await;
    assert_see_other(&deleted, "/c/widgets/edit?notice=saved");
    app.clock
        .advance_secs(parley::embed::cache::FRESH_FOR_MICROS / 1_000_000);
    let (status, _) = app.new_client().get_html("/c/widgets/cat/setup").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(topic_row(&app, &topic.id).await.category_id, None);
    assert!(page(&app, &topic.path)
        .await
        .contains("Where does the hub go?"));
    let rows = audit_rows(&app, "category.delete").await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].details.contains("1"), "{}", rows[0].details);
    let missing = admin
        .post_form("/c/widgets/categories/setup/delete", &[])
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_new_category_comes_back_with_its_errors_and_adds_nothing() {
    let (app, admin) = widgets().await;
    create_category(&app, &admin, "widgets", "setup", "Setup").await;
    let (_, edit) = admin.get_html("/c/widgets/edit").await;
    let mut ids = html_attr(&edit, "[id]", "id");
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "every id on the settings page is unique");

    for (slug, name, field) in [
        ("Not a slug!", "Billing", "slug"),
        ("billing", "x", "name"),
        ("setup", "Setup again", "slug"),
    ] {
        let r = admin
            .post_form(
                "/c/widgets/categories",
                &[
                    ("slug", slug),
                    ("name", name),
                    ("description", "About money."),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{slug} {name}"
        );
        let html = r.text().await.unwrap_or_default();
        assert_eq!(
            html_select(&html, &format!("#add-category #f-cat-{field}-error")).len(),
            1,
            "{slug} {name}: {html}"
        );
        assert_eq!(
            html_attr(&html, "#add-category input#f-cat-name", "value"),
            vec![name],
            "what was typed stays"
        );
        assert_eq!(
            html_attr(&html, "#add-category input#f-cat-description", "value"),
            vec!["About money."]
        );
        assert!(
            html_attr(
                &html,
                "form[action='/c/widgets/edit'] input#f-name",
                "value"
            )
            .iter()
            .any(|v| !v.is_empty()),
            "the settings form is there too"
        );
    }
    let (_, edit) = admin.get_html("/c/widgets/edit").await;
    assert_eq!(
        html_select(&edit, "ul.category-admin > li > a"),
        vec!["Setup"],
        "nothing added"
    );

    // Someone who may not manage categories is refused before any checking.
    let (_, ana) = member(&app, "ana").await;
    let r = ana
        .post_form("/c/widgets/categories", &[("slug", "x"), ("name", "")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
