//! `/admin/tokens`: every API token of every member (owner, kind, scopes,
//! sub-communities, last use, expiry), service tokens created here and shown once, and
//! any token revoked. The decisions are `accounts::tokens`' and the guardian's.

use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};

use crate::accounts::routes::token_communities;
use crate::accounts::tokens::{self, ListedToken, TokenInput, TokenRequest};
use crate::accounts::views::{token_created, token_form, token_limits, TokenForm};
use crate::admin::views::admin_tabs;
use crate::auth::Guardian;
use crate::db::{ApiTokenId, ApiTokenKind, Timestamp};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html as html_page, html_status, see_other};
use crate::i18n::{format, Lang};
use crate::state::AppState;
use crate::views::components::{csrf_field, empty_state};
use crate::views::{layout, Page};

async fn page_with(
    state: &AppState,
    page: &Page,
    input: &TokenInput,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let errors = &errors.in_lang(page.lang);
    let guardian = Guardian::new(&page.viewer);
    let listed = tokens::list_all(state, &guardian).await?;
    let communities = token_communities(state, &guardian).await?;
    let form = TokenForm {
        action: "/admin/tokens",
        communities: &communities,
        input,
        errors,
    };
    Ok(view(page, &listed, &form, state.clock.now()))
}

pub(crate) async fn list(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let input = TokenInput {
        expires_days: tokens::DEFAULT_EXPIRES_DAYS.to_string(),
        ..TokenInput::default()
    };
    Ok(html_page(
        page_with(&state, &page, &input, &FieldErrors::new()).await?,
    ))
}

pub(crate) async fn create(
    state: web::Data<AppState>,
    page: Page,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let input = TokenInput::from_form(&body);
    let request = match TokenRequest::parse(&input) {
        Ok(r) => r,
        Err(errors) => {
            let markup = page_with(&state, &page, &input, &errors).await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let created = tokens::create_service(&state, &Guardian::new(&page.viewer), request).await?;
    let mut res = html_page(token_created(&page, &created, "/admin/tokens"));
    // The secret is on this page only: no cache (or back button) may keep it.
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub(crate) async fn revoke(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let id = ApiTokenId::parse(&id).ok_or(AppError::NotFound)?;
    tokens::revoke_any(&state, &Guardian::new(&page.viewer), id).await?;
    Ok(see_other("/admin/tokens?notice=token_revoked"))
}

fn view(page: &Page, listed: &[ListedToken], form: &TokenForm<'_>, now: Timestamp) -> Markup {
    let lang = page.lang;
    layout(
        page,
        &page.t("admin-tokens-title"),
        html! {
            h1 { (page.t("admin-title")) }
            (admin_tabs(lang, "/admin/tokens"))
            section.card id="tokens" {
                h2 { (page.t("admin-tokens-all")) }
                p { (page.t("admin-tokens-intro")) }
                @if listed.is_empty() {
                    (empty_state(&page.t("admin-tokens-empty"), html! { p { (page.t("admin-tokens-empty-hint")) } }))
                } @else {
                    table.table {
                        thead { tr {
                            th { (page.t("admin-tokens-col-name")) } th { (page.t("admin-tokens-col-owner")) } th { (page.t("admin-tokens-col-kind")) }
                            th { (page.t("admin-tokens-col-token")) } th { (page.t("admin-tokens-col-scopes")) }
                            th { (page.t("admin-tokens-col-communities")) } th { (page.t("admin-tokens-col-last-used")) } th { (page.t("admin-tokens-col-expires")) }
                            th { span.visually-hidden { (page.t("admin-tokens-col-actions")) } }
                        } }
                        tbody {
                            @for t in listed {
                                tr.token-row data-token=(t.token.id) {
                                    td data-content { (t.token.name) }
                                    td { a href={ "/u/" (t.owner) } { (t.owner) } }
                                    td.kind { (kind_label(lang, t.token.kind)) }
                                    td { code { "…" (t.token.last_four) } }
                                    td { code { (t.token.scopes) } }
                                    td { (token_limits(page, &t.communities)) }
                                    td { @if let Some(at) = t.token.last_used_at {
                                            time datetime=(at.rfc3339()) { (format::date(lang, at)) }
                                            @if let Some(ip) = &t.token.last_used_ip { " " (crate::t!(lang, "admin-tokens-from", ip = ip.as_str())) }
                                        } @else { (page.t("admin-tokens-never")) } }
                                    td { time datetime=(t.token.expires_at.rfc3339()) { (format::date(lang, t.token.expires_at)) } }
                                    td {
                                        @if t.token.revoked_at.is_some() { span.badge { (page.t("admin-tokens-revoked")) } }
                                        @else if !t.token.is_live_at(now) { span.badge.warn { (page.t("admin-tokens-expired")) } }
                                        @else {
                                            form method="post" action={ "/admin/tokens/" (t.token.id) "/revoke" } {
                                                (csrf_field(&page.csrf))
                                                button.button.danger type="submit" aria-label=(crate::t!(lang, "admin-tokens-revoke-label", name = t.token.name.as_str())) { (page.t("admin-tokens-revoke")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card id="new-token" {
                h2 { (page.t("admin-tokens-new")) }
                p { (page.t("admin-tokens-new-intro")) }
                (token_form(page, form, &page.t("admin-tokens-create")))
            }
        },
    )
}

fn kind_label(lang: Lang, kind: ApiTokenKind) -> String {
    lang.t(match kind {
        ApiTokenKind::Personal => "admin-tokens-kind-personal",
        ApiTokenKind::Service => "admin-tokens-kind-service",
        ApiTokenKind::Embed => "admin-tokens-kind-embed",
    })
}
