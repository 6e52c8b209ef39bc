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
use crate::admin::views::admin_nav;
use crate::auth::Guardian;
use crate::db::{ApiTokenId, Timestamp};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html as html_page, html_status, see_other};
use crate::state::AppState;
use crate::views::components::{csrf_field, empty_state};
use crate::views::{layout, Page};

async fn page_with(
    state: &AppState,
    page: &Page,
    input: &TokenInput,
    errors: &FieldErrors,
) -> AppResult<Markup> {
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
    layout(
        page,
        "API tokens",
        html! {
            h1 { "Administration" }
            (admin_nav("/admin/tokens"))
            section.card id="tokens" {
                h2 { "Every API token" }
                p { "Personal tokens belong to the members who made them; service tokens to the admin who made them. "
                    "A token never does more than its owner may, today." }
                @if listed.is_empty() {
                    (empty_state("No tokens yet", html! { p { "Create a service token below to connect a system." } }))
                } @else {
                    table.table {
                        thead { tr {
                            th { "Name" } th { "Owner" } th { "Kind" } th { "Token" } th { "Scopes" }
                            th { "Sub-communities" } th { "Last used" } th { "Expires" } th { span.visually-hidden { "Actions" } }
                        } }
                        tbody {
                            @for t in listed {
                                tr.token-row data-token=(t.token.id) {
                                    td { (t.token.name) }
                                    td { a href={ "/u/" (t.owner) } { (t.owner) } }
                                    td.kind { (t.token.kind.as_str()) }
                                    td { code { "…" (t.token.last_four) } }
                                    td { (t.token.scopes) }
                                    td { (token_limits(page, &t.communities)) }
                                    td { @if let Some(at) = t.token.last_used_at {
                                            time datetime=(at.rfc3339()) { (at.date_string()) }
                                            @if let Some(ip) = &t.token.last_used_ip { " from " (ip) }
                                        } @else { "Never" } }
                                    td { time datetime=(t.token.expires_at.rfc3339()) { (t.token.expires_at.date_string()) } }
                                    td {
                                        @if t.token.revoked_at.is_some() { span.badge { "revoked" } }
                                        @else if !t.token.is_live_at(now) { span.badge.warn { "expired" } }
                                        @else {
                                            form method="post" action={ "/admin/tokens/" (t.token.id) "/revoke" } {
                                                (csrf_field(&page.csrf))
                                                button.button.danger type="submit" aria-label={ "Revoke " (t.token.name) } { "Revoke" }
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
                h2 { "New service token" }
                p { "For an integration (CRM, support desk, website). It acts with your permissions, and may answer "
                    "as the brand only in the sub-communities you limit it to." }
                (token_form(page, form, "Create service token"))
            }
        },
    )
}
