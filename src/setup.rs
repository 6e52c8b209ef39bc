//! First start of an empty deployment: a one-time link to create the first admin.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::accounts::service::{parse_signup, AccountRole, SignupInput, SETUP_TTL_SECS};
use crate::auth::secret::{hash_token, random_token};
use crate::auth::{password, session};
use crate::db::models::tokens::{self, NewToken};
use crate::db::models::users;
use crate::db::TokenPurpose;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{client_ip, html, html_status, see_other};
use crate::state::AppState;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

/// When there are no users yet, issues a fresh setup token and prints its link. Also makes
/// sure the site's settings row exists, so that reading it never has to write it.
pub async fn announce_if_needed(state: &AppState) -> AppResult<()> {
    let now = state.clock.now();
    let raw = state
        .write(move |conn| {
            crate::db::models::settings::load(conn, now)?;
            if users::count(conn)? > 0 {
                return Ok(None);
            }
            let raw = random_token();
            tokens::replace(
                conn,
                &NewToken {
                    id_hash: &hash_token(&raw),
                    user_id: None,
                    purpose: TokenPurpose::SetupAdmin,
                    payload: "",
                    created_at: now,
                    expires_at: now.plus_secs(SETUP_TTL_SECS),
                },
            )?;
            Ok(Some(raw))
        })
        .await?;
    if let Some(raw) = raw {
        let link = format!("{}/setup/{raw}", state.base_url());
        tracing::info!("no accounts yet: open the one-time setup link printed on standard output");
        println!("\n  Parley has no accounts yet. Create the first administrator here (one-time link):\n\n    {link}\n");
    }
    Ok(())
}

pub(crate) async fn form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let hash = hash_token(&token);
    let live = state
        .db(move |conn| Ok(tokens::peek(conn, &hash, TokenPurpose::SetupAdmin, now)?.is_some()))
        .await?;
    if !live {
        return Err(AppError::NotFound);
    }
    Ok(html(view(&page, &token, "", "", &FieldErrors::new())))
}

fn view(
    page: &Page,
    token: &str,
    username: &str,
    email: &str,
    errors: &FieldErrors,
) -> maud::Markup {
    let errors = &errors.in_lang(page.lang);
    let title = page.t("admin-setup-title");
    layout(
        page,
        &title,
        html! {
            section.card.narrow {
                h1 { (page.t("admin-setup-heading")) }
                p { (page.t("admin-setup-intro")) }
                (error_summary(errors))
                form method="post" action={ "/setup/" (token) } {
                    (csrf_field(&page.csrf))
                    (Field::new("username", &page.t("admin-setup-username")).value(username).required().render(errors))
                    (Field::new("email", &page.t("admin-setup-email")).kind("email").value(email).required().render(errors))
                    (Field::new("password", &page.t("admin-setup-password")).kind("password").required().autocomplete("new-password").render(errors))
                    button.button.primary type="submit" { (page.t("admin-setup-submit")) }
                }
            }
        },
    )
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub(crate) async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
    form: web::Form<SetupForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let f = form.into_inner();
    let input = SignupInput {
        username: f.username.clone(),
        email: f.email.clone(),
        password: f.password,
        weekly_digest: false,
    };
    let parsed = match parse_signup(&input) {
        Ok(p) => p,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                view(&page, &token, &f.username, &f.email, &errors),
            ))
        }
    };
    let (username, email) = (parsed.username, parsed.email);
    let hash = password::hash(parsed.password).await?;
    let now = state.clock.now();
    let days = state.settings.session_days;
    let ip = client_ip(&req, state.settings.trust_proxy);
    let session_token = state
        .write(move |conn| {
            if tokens::consume(conn, &hash_token(&token), TokenPurpose::SetupAdmin, now)?.is_none()
            {
                return Err(AppError::NotFound);
            }
            let id = crate::accounts::service::insert_confirmed_with_hash(
                conn,
                &username,
                &email,
                &hash,
                AccountRole::Admin,
                now,
            )?;
            Ok(session::start(conn, &id, now, days, "", &ip)?)
        })
        .await?;
    let mut res = see_other("/?notice=welcome");
    res.add_cookie(&session::cookie(
        session_token,
        state.settings.secure_cookies(),
        days,
    ))
    .map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(res)
}
