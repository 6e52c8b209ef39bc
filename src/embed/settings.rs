//! A sub-community's Embedding section at `/c/{slug}/embedding`: the origins allowed to
//! show its widgets, the URL prefixes under which page threads may start, whether
//! anonymous visitors see the ask box, and the snippets to paste. Its managers and the
//! admins edit it (`Guardian::can_manage_embedding`); a private sub-community is never
//! embeddable, so its section is shown disabled.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{At, InCommunity, MemberAt};
use crate::db::models::audit;
use crate::db::models::communities::{self, Community};
use crate::db::models::users::User;
use crate::db::Visibility;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html as html_page, html_status, see_other};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::layout::layout;
use crate::views::Page;

/// Most lines kept in each list, and the longest line.
const MAX_LINES: usize = 20;
const MAX_LINE: usize = 300;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmbedForm {
    #[serde(default)]
    pub origins: String,
    #[serde(default)]
    pub url_prefixes: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub anonymous_ask: Option<String>,
}

impl EmbedForm {
    fn of(c: &Community) -> Self {
        Self {
            origins: c.embed_origin_list().join("\n"),
            url_prefixes: c.embed_prefix_list().join("\n"),
            anonymous_ask: c.embed_anonymous_ask.then(|| "on".to_string()),
        }
    }
}

/// One allowed origin (or, refused, the `embed.ftl` key saying why), normalised to `scheme://host[:port]` (lowercase, default port
/// dropped): http or https, no path, query, fragment, credentials or wildcard.
pub fn parse_origin(raw: &str) -> Result<String, &'static str> {
    let raw = raw.trim();
    if raw.contains('*') {
        return Err("embed-settings-why-wildcard");
    }
    if raw.len() > MAX_LINE {
        return Err("embed-settings-why-too-long");
    }
    let u = url::Url::parse(raw).map_err(|_| "embed-settings-why-not-origin")?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err("embed-settings-why-scheme");
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("embed-settings-why-no-host");
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("embed-settings-why-credentials");
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err("embed-settings-why-path");
    }
    Ok(u.origin().ascii_serialization())
}

/// One URL prefix: an absolute http(s) URL, normalised as page keys are (so the
/// guardian's prefix test compares like with like).
pub fn parse_prefix(raw: &str) -> Result<String, &'static str> {
    let raw = raw.trim();
    if raw.len() > MAX_LINE {
        return Err("embed-settings-why-too-long");
    }
    crate::embed::threads::normalise_url(raw).ok_or("embed-settings-why-not-url")
}

/// Every non-blank line through `parse`, duplicates dropped; the errors name each line,
/// in the language of the person saving.
fn parse_lines(
    lang: Lang,
    text: &str,
    parse: fn(&str) -> Result<String, &'static str>,
) -> Result<Vec<String>, String> {
    let mut ok: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse(line) {
            Ok(v) if !ok.contains(&v) => ok.push(v),
            Ok(_) => {}
            Err(why) => errors.push(crate::t!(
                lang,
                "embed-settings-line",
                line = i + 1,
                text = line,
                why = lang.t(why)
            )),
        }
    }
    if ok.len() > MAX_LINES {
        errors.push(crate::t!(lang, "embed-settings-too-many", max = MAX_LINES));
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(crate::t!(
            lang,
            "embed-settings-fix",
            problems = errors.join("; ")
        ))
    }
}

/// Saves the Embedding section: the guardian, then every line parsed (any error and
/// nothing changes), then one write with its audit row. `lang`: the saver's, for the
/// line-by-line refusals.
pub async fn save_settings(
    lang: Lang,
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    c: &Community,
    input: &EmbedForm,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_embedding(c))?;
    let mut errors = FieldErrors::new();
    if c.visibility != Visibility::Public {
        errors.insert(
            "origins",
            crate::error::Msg::key("validation-embed-not-public"),
        );
        return Err(AppError::Validation(errors));
    }
    let origins = parse_lines(lang, &input.origins, parse_origin)
        .map_err(|e| errors.insert("origins", e))
        .ok();
    let prefixes = parse_lines(lang, &input.url_prefixes, parse_prefix)
        .map_err(|e| errors.insert("url_prefixes", e))
        .ok();
    let (Some(origins), Some(prefixes)) = (origins, prefixes) else {
        return Err(AppError::Validation(errors));
    };
    let (origins, prefixes) = (origins.join("\n"), prefixes.join("\n"));
    let ask = input.anonymous_ask.is_some();
    let before = format!(
        "origins: {}; prefixes: {}; anonymous ask: {}",
        c.embed_origin_list().join(" "),
        c.embed_prefix_list().join(" "),
        c.embed_anonymous_ask
    );
    let after = format!(
        "origins: {}; prefixes: {}; anonymous ask: {ask}",
        origins.replace('\n', " "),
        prefixes.replace('\n', " ")
    );
    let (id, actor_id, now) = (c.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            communities::set_embedding(conn, &id, &origins, &prefixes, ask, now)?;
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "community.embedding",
                    target_type: "community",
                    target_id: id.as_str(),
                    community: Some(&id),
                    details: "embedding settings changed",
                    before: &before,
                    after: &after,
                },
                now,
            )?;
            Ok(())
        })
        .await
}

/// `GET /c/{slug}/embedding`.
pub async fn form(state: web::Data<AppState>, at: At<InCommunity>) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    guardian.ensure(guardian.can_manage_embedding(c))?;
    let base = state.settings.public_base_url();
    Ok(html_page(view(
        &at.page,
        &base,
        c,
        &EmbedForm::of(c),
        &FieldErrors::new(),
    )))
}

/// `POST /c/{slug}/embedding`.
pub async fn save(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<EmbedForm>,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    let input = form.into_inner();
    match save_settings(at.page.lang, &state, &guardian, at.me(), c, &input).await {
        Ok(()) => Ok(see_other(&format!("/c/{}/embedding?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            let base = state.settings.public_base_url();
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                view(&at.page, &base, c, &input, &errors),
            ))
        }
        Err(e) => Err(e),
    }
}

/// `"` `&` `<` `>` escaped for an HTML attribute value in a snippet.
fn attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The snippets a web developer pastes: the loader, then each component for the
/// sub-community `slug` (a page thread keyed `page_key` at `page_url`); each with the
/// `embed.ftl` key of its heading.
pub fn snippets(
    base: &str,
    slug: &str,
    page_key: &str,
    page_url: &str,
) -> Vec<(&'static str, String)> {
    let (s, key, url) = (attr(slug), attr(page_key), attr(page_url));
    vec![
        (
            "embed-snippet-loader",
            format!(
                r#"<script src="{}" defer></script>"#,
                attr(&crate::embed::loader::script_url(base))
            ),
        ),
        (
            "embed-snippet-solved",
            format!(
                r#"<parley-topics community="{s}" kind="question" state="solved" sort="latest" limit="5"></parley-topics>"#
            ),
        ),
        (
            "embed-snippet-unanswered-count",
            format!(r#"<parley-count community="{s}" state="unanswered"></parley-count>"#),
        ),
        (
            "embed-snippet-ask",
            format!(r#"<parley-ask community="{s}"></parley-ask>"#),
        ),
        (
            "embed-snippet-comments",
            format!(
                r#"<parley-comments community="{s}" page="{key}" url="{url}"></parley-comments>"#
            ),
        ),
        (
            "embed-snippet-comment-count",
            format!(r#"<parley-count community="{s}" page="{key}"></parley-count>"#),
        ),
    ]
}

fn view(page: &Page, base: &str, c: &Community, input: &EmbedForm, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let public = c.visibility == Visibility::Public;
    let example_url = c
        .embed_prefix_list()
        .first()
        .map(|p| format!("{p}product"))
        .unwrap_or_else(|| "https://www.example.com/product".into());
    let lang = page.lang;
    let name = c.name.as_str();
    layout(
        page,
        &crate::t!(lang, "embed-settings-title", community = name),
        html! {
            p { a href={ "/c/" (c.slug) "/edit" } { "← " (crate::t!(lang, "embed-settings-back", community = name)) } }
            h1 { (crate::t!(lang, "embed-settings-heading", community = name)) }
            @if !public {
                section.card {
                    p.muted { (page.t("embed-settings-off")) }
                    fieldset disabled {
                        (Field::new("origins", &page.t("embed-settings-origins")).kind("textarea").value(&input.origins).render(errors))
                    }
                }
            } @else {
                section.card {
                    (error_summary(errors))
                    form method="post" action={ "/c/" (c.slug) "/embedding" } {
                        (csrf_field(&page.csrf))
                        (Field::new("origins", &page.t("embed-settings-origins")).kind("textarea").value(&input.origins)
                            .hint(&page.t("embed-settings-origins-hint"))
                            .render(errors))
                        (Field::new("url_prefixes", &page.t("embed-settings-prefixes")).kind("textarea").value(&input.url_prefixes)
                            .hint(&page.t("embed-settings-prefixes-hint"))
                            .render(errors))
                        label.checkbox {
                            input type="checkbox" name="anonymous_ask" value="on" checked[input.anonymous_ask.is_some()];
                            " " (page.t("embed-settings-anonymous-ask"))
                        }
                        button.button.primary type="submit" { (page.t("embed-settings-save")) }
                    }
                }
                section.card {
                    h2 { (page.t("embed-settings-snippets")) }
                    @if c.embed_origin_list().is_empty() {
                        p.muted { (page.t("embed-settings-no-origin")) }
                    }
                    p { (page.t("embed-settings-paste")) " "
                        code { "--parley-accent" } ", " code { "--parley-font" } ", " code { "--parley-text" } ", "
                        code { "--parley-muted" } ", " code { "--parley-radius" } "." }
                    @for (label, code) in snippets(base, &c.slug, "product-page", &example_url) {
                        h3 { (lang.t(label)) }
                        pre { code { (code) } }
                    }
                }
            }
        },
    )
}
