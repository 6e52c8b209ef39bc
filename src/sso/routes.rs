//! The sign-in routes (issue 23): `/auth/oidc/{provider}/start`, `.../callback`,
//! `.../backchannel-logout` (machine to machine, no cookie, CSRF-exempt), and the pages
//! where an existing account proves itself before a link.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::{password, rate_limit, session};
use crate::error::{AppError, AppResult};
use crate::http::{client_ip, html, see_other};
use crate::sso::accounts::{self, Arrival, Arriving};
use crate::sso::flow::{self, CallbackInput, STATE_COOKIE};
use crate::sso::leave;
use crate::sso::views;
use crate::state::AppState;
use crate::views::Page;

use crate::http::request::{safe_next, session_cookie_value, user_agent};

fn state_cookie(value: String, secure: bool, age: i64) -> Cookie<'static> {
    Cookie::build(STATE_COOKIE, value)
        .path("/auth/oidc/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(age))
        .finish()
}

fn add_cookie(res: &mut HttpResponse, cookie: &Cookie<'_>) {
    if let Err(e) = res.add_cookie(cookie) {
        tracing::error!(error = %e, "could not set a cookie");
    }
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

pub async fn start(
    state: web::Data<AppState>,
    provider: web::Path<String>,
    q: web::Query<StartQuery>,
) -> AppResult<HttpResponse> {
    let next = safe_next(q.next.as_deref());
    let (url, st) = flow::start(&state, provider.into_inner(), next).await?;
    let mut res = see_other(&url);
    add_cookie(
        &mut res,
        &state_cookie(st, state.settings.secure_cookies(), flow::FLOW_TTL_SECS),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Where an arrival leads: a session and `next`, the proof page, or a clear refusal.
fn arrival_response(state: &AppState, arrival: Arrival, next: &str) -> AppResult<HttpResponse> {
    match arrival {
        Arrival::SignedIn { token, .. } => {
            let mut res = see_other(&safe_next(Some(next)));
            let cookie = session::cookie(
                token,
                state.settings.secure_cookies(),
                state.settings.session_days,
            );
            add_cookie(&mut res, &cookie);
            Ok(res)
        }
        Arrival::ProveAccount { token } => Ok(see_other(&format!("/auth/oidc/link/{token}"))),
        Arrival::SignupClosed => Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-sso-signup-closed",
        ))),
        Arrival::NoEmail => Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-sso-no-email",
        ))),
        Arrival::Suspended => Err(AppError::BadRequest(crate::error::Msg::key(
            "errors-sso-suspended",
        ))),
    }
}

pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    provider: web::Path<String>,
    q: web::Query<CallbackQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let input = CallbackInput {
        code: q.code,
        state: q.state,
        error: q.error,
        cookie_state: req.cookie(STATE_COOKIE).map(|c| c.value().to_string()),
        ip: client_ip(&req, state.settings.trust_proxy),
        user_agent: user_agent(&req),
        previous_session: session_cookie_value(&req, &state),
    };
    let (arrival, next) = flow::callback(&state, provider.into_inner(), input).await?;
    let mut res = arrival_response(&state, arrival, &next)?;
    let mut gone = state_cookie(String::new(), state.settings.secure_cookies(), 0);
    gone.make_removal();
    add_cookie(&mut res, &gone);
    Ok(res)
}

#[derive(Deserialize)]
pub struct LogoutForm {
    logout_token: String,
}

/// OpenID Connect Back-Channel Logout: 200 when the token is valid (whether or not a
/// session was open), 400 otherwise; never cached.
pub async fn backchannel_logout(
    state: web::Data<AppState>,
    provider: web::Path<String>,
    form: web::Form<LogoutForm>,
) -> AppResult<HttpResponse> {
    let n = leave::backchannel_logout(
        &state,
        provider.into_inner(),
        form.into_inner().logout_token,
    )
    .await?;
    tracing::info!(members = n, "back-channel logout");
    let mut res = HttpResponse::Ok().finish();
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

fn arriving(req: &HttpRequest, state: &AppState, next: String) -> Arriving {
    Arriving {
        identity: Default::default(),
        refresh_token_enc: None,
        user_agent: user_agent(req),
        ip: client_ip(req, state.settings.trust_proxy),
        session_days: state.settings.session_days,
        previous_session: session_cookie_value(req, state),
        next_url: next,
    }
}

#[derive(Deserialize)]
pub struct ProveQuery {
    mailed: Option<String>,
}

pub async fn prove_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
    q: web::Query<ProveQuery>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let now = state.clock.now();
    let raw = token.clone();
    let (link, user) = state
        .db(move |conn| accounts::pending(conn, &raw, now))
        .await?;
    Ok(html(views::prove_page(
        &page,
        &token,
        &link.provider_id,
        &user.username,
        None,
        q.mailed.is_some(),
    )))
}

#[derive(Deserialize)]
pub struct ProveForm {
    password: String,
}

/// The account proves itself with its password.
pub async fn prove_with_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
    form: web::Form<ProveForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let ip = client_ip(&req, state.settings.trust_proxy);
    rate_limit::check(&state, &state.limits.signin_ip, &ip).await?;
    let now = state.clock.now();
    let raw = token.clone();
    let (link, user) = state
        .db(move |conn| accounts::pending(conn, &raw, now))
        .await?;
    rate_limit::check(&state, &state.limits.signin_account, &user.username_key).await?;
    if !password::verify(form.into_inner().password, Some(user.password_hash.clone())).await? {
        return Ok(crate::http::html_status(
            actix_web::http::StatusCode::UNAUTHORIZED,
            views::prove_page(
                &page,
                &token,
                &link.provider_id,
                &user.username,
                Some("That is not the password of this account."),
                false,
            ),
        ));
    }
    let a = arriving(&req, &state, link.next_url.clone());
    let next = link.next_url.clone();
    let arrival = state
        .write(move |conn| accounts::complete_link(conn, &link, "password", &a, now))
        .await?;
    arrival_response(&state, arrival, &next)
}

/// Mails the account's owner a link that proves it.
pub async fn prove_by_mail(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    rate_limit::check(
        &state,
        &state.limits.reset_ip,
        &client_ip(&req, state.settings.trust_proxy),
    )
    .await?;
    let now = state.clock.now();
    let base = state.base_url();
    let raw = token.clone();
    state
        .write(move |conn| accounts::mail_proof(conn, &raw, &base, now))
        .await?;
    state.outbox_wake.notify_one();
    Ok(see_other(&format!("/auth/oidc/link/{token}?mailed=1")))
}

pub async fn mail_link_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let now = state.clock.now();
    let raw = token.clone();
    let link = state
        .db(move |conn| accounts::pending_by_mail(conn, &raw, now))
        .await?;
    Ok(html(views::mail_confirm_page(
        &page,
        &token,
        &link.provider_id,
    )))
}

pub async fn mail_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let now = state.clock.now();
    let raw = token.clone();
    let link = state
        .db(move |conn| accounts::pending_by_mail(conn, &raw, now))
        .await?;
    let a = arriving(&req, &state, link.next_url.clone());
    let next = link.next_url.clone();
    let arrival = state
        .write(move |conn| accounts::complete_link(conn, &link, "mailed link", &a, now))
        .await?;
    arrival_response(&state, arrival, &next)
}
