//! Pages for writing: the new-topic composer, editing a post, commenting on one, and a
//! post's edit history (`views::wiki`).

use maud::{html, Markup};

use crate::auth::ComposerPerms;
use crate::db::models::categories::Category;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::{Language, TopicKind};
use crate::error::FieldErrors;
use crate::forums::views::{content_lang, kind_label, post_form_page, preview_block};
use crate::search::service::Similar;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

pub struct ComposerValues<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a str,
    pub category: &'a str,
    pub as_brand: bool,
    /// Issue 19: start the topic as a wiki (shown to those who may, `perms.make_wiki`).
    pub wiki: bool,
    /// The topic's content language (`en`, `fr`), preselected with the sub-community's.
    pub language: &'a str,
}

/// What the composer shows back after a round trip: the body's preview, and the
/// similar questions found for the title (so they reach a reader without JavaScript).
#[derive(Default)]
pub struct ComposerEcho<'a> {
    pub preview: Option<&'a str>,
    pub similar: &'a [Similar],
}

pub fn new_topic(
    page: &Page,
    c: &Community,
    categories: &[Category],
    v: &ComposerValues<'_>,
    errors: &FieldErrors,
    echo: &ComposerEcho<'_>,
    perms: &ComposerPerms,
) -> Markup {
    let preview = echo.preview;
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("forum-new-topic-title"),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (crate::t!(page.lang, "forum-new-topic-heading", community = c.name.as_str())) }
            section.card {
                (error_summary(errors))
                form method="post" action={ "/c/" (c.slug) "/new" } {
                    (csrf_field(&page.csrf))
                    fieldset.field {
                        legend { (page.t("forum-composer-kind")) }
                        @for k in TopicKind::ALL {
                            @if *k != TopicKind::Comment && (*k != TopicKind::Announcement || perms.announce) {
                                label.radio { input type="radio" name="kind" value=(k.as_str()) checked[v.kind == k.as_str()]; " " (kind_label(page.lang, *k)) }
                            }
                        }
                        @if let Some(e) = errors.get("kind") { p.error role="alert" { (e) } }
                    }
                    (Field::new("title", &page.t("forum-composer-title")).value(v.title).required().hint(&page.t("forum-composer-title-hint")).render(errors))
                    // Issue 19 (search-ui): similar questions as the title is typed
                    // (`assets/search.js`); the composer's id ties a suggestion click to
                    // this composer, so posting after all cancels the deflection.
                    input type="hidden" name="composer" value="" data-composer-id;
                    // Filled by the server after a preview (no JavaScript needed), then kept
                    // up to date as the title changes; the script reads its badges'
                    // words from the data attributes, in the reader's language.
                    section.similar-questions data-similar-for="f-title" data-similar-community=(c.slug)
                        data-label-solved=(page.t("forum-state-solved")) data-label-official=(page.t("forum-badge-official-answer"))
                        aria-live="polite" hidden[echo.similar.is_empty()] {
                        h2 { (page.t("forum-similar")) }
                        p.hint { (page.t("forum-similar-hint")) }
                        ul data-similar-items {
                            @for s in echo.similar {
                                li {
                                    a href=(s.path) target="_blank" rel="noopener" data-content { (s.title) }
                                    @if s.solved { " " span.badge.state-solved { (page.t("forum-state-solved")) } }
                                    @if s.official { " " span.badge.official { (page.t("forum-badge-official-answer")) } }
                                }
                            }
                        }
                    }
                    @if !categories.is_empty() {
                        div.field {
                            label for="f-category" { (page.t("forum-category")) }
                            select #f-category name="category" {
                                option value="" { (page.t("forum-none")) }
                                @for cat in categories { option value=(cat.id) selected[v.category == cat.id.as_str()] { (cat.name) } }
                            }
                        }
                    }
                    (language_select(page, v.language, errors))
                    (Field::new("tags", &page.t("forum-composer-tags")).value(v.tags).hint(&page.t("forum-composer-tags-hint")).render(errors))
                    (Field::new("body", &page.t("forum-composer-body")).kind("textarea").value(v.body).required().hint(&page.t("forum-composer-body-hint")).render(errors))
                    @if perms.post_as_brand {
                        label.checkbox { input type="checkbox" name="as_brand" value="true" checked[v.as_brand]; " " (crate::t!(page.lang, "forum-post-as-brand", brand = page.brand.settings.site_name.as_str())) }
                    }
                    @if perms.make_wiki {
                        label.checkbox { input type="checkbox" name="wiki" value="true" checked[v.wiki]; " " (page.t("forum-composer-wiki")) }
                    }
                    @if let Some(p) = preview { (preview_block(page.lang, p)) }
                    div.form-actions {
                        button.button type="submit" name="action" value="preview" { (page.t("forum-preview")) }
                        button.button.primary type="submit" name="action" value="post" { (page.t("forum-post")) }
                    }
                }
            }
        },
    )
}

/// The topic's content language: a labelled select (English, French, each named in
/// itself and marked with its own `lang`), its hint and its error tied to it.
fn language_select(page: &Page, chosen: &str, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let err = errors.get("language");
    let described = if err.is_some() {
        "f-language-error f-language-hint"
    } else {
        "f-language-hint"
    };
    html! {
        div.field.has-error[err.is_some()] {
            label for="f-language" { (page.t("forum-composer-language")) }
            select #f-language name="language" aria-invalid=[err.map(|_| "true")] aria-describedby=(described) {
                @for l in Language::ALL {
                    option value=(l.as_str()) lang=(l.as_str()) selected[chosen == l.as_str()] { (l.label()) }
                }
            }
            p.hint #f-language-hint { (page.t("forum-composer-language-hint")) }
            @if let Some(e) = err { p.error #f-language-error { (e) } }
        }
    }
}

/// `base_revision`: the version the editor started from (an edit conflict is detected
/// against it when saving).
pub fn edit_post(
    page: &Page,
    post: &Post,
    topic: &Topic,
    (body, title, base_revision): (&str, &str, i32),
    errors: &FieldErrors,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &page.t("forum-edit-post"),
        html! {
            p { a href=(topic.path()) lang=[content_lang(page.lang, topic.language)] { "← " (topic.title) } }
            h1 { (page.t("forum-edit-post")) }
            section.card {
                (error_summary(errors))
                form method="post" action={ "/p/" (post.id) "/edit" } {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="base_revision" value=(base_revision);
                    @if post.is_opening() { (Field::new("title", &page.t("forum-composer-title")).value(title).required().render(errors)) }
                    (Field::new("body", &page.t("forum-edit-body")).kind("textarea").value(body).required().render(errors))
                    button.button.primary type="submit" { (page.t("forum-save")) }
                }
            }
        },
    )
}

/// A short comment under a question or answer, on its own page (linked under each post)
/// so the topic page does not carry a comment form per post.
pub fn comment_page(
    page: &Page,
    post: &Post,
    topic: &Topic,
    body: &str,
    errors: &FieldErrors,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let form = html! {
        form method="post" action={ "/t/" (topic.id) "/reply" } {
            (csrf_field(&page.csrf))
            input type="hidden" name="parent_id" value=(post.id);
            (Field::new("body", &page.t("forum-comment-field")).kind("textarea").value(body).required().render(errors))
            div.form-actions {
                button.button.primary type="submit" name="action" value="post" { (page.t("forum-comment")) }
            }
        }
    };
    post_form_page(
        page,
        &page.t("forum-add-comment"),
        post,
        topic,
        errors,
        form,
    )
}
