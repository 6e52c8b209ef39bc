use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::accounts::email_change;
use crate::accounts::service::{self, LoginOutcome, SignupInput};
use crate::accounts::tokens::{self, TokenInput, TokenRequest};
use crate::accounts::views;
use crate::auth::secret::hash_token;
use crate::auth::{session, Guardian, Viewer};
use crate::db::models::sessions;
use crate::db::ApiTokenId;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{client_ip, html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

use crate::http::request::{safe_next, session_cookie_value, user_agent};

fn signed_in_response(state: &AppState, token: String, location: &str) -> HttpResponse {
    let mut res = see_other(location);
    let cookie = session::cookie(
        token,
        state.settings.secure_cookies(),
        state.settings.session_days,
    );
    if let Err(e) = res.add_cookie(&cookie) {
        tracing::error!(error = %e, "could not set session cookie");
    }
    res
}

#[derive(Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    weekly_digest: Option<String>,
    /// Issue 24: the invitation the visitor is signing up through (its raw token).
    #[serde(default)]
    invitation: Option<String>,
}

#[derive(Deserialize)]
pub struct SignupQuery {
    next: Option<String>,
    /// Issue 24: `/signup?invitation=…` from an invitation's page.
    invitation: Option<String>,
}

pub(crate) async fn signup_form(page: Page, q: web::Query<SignupQuery>) -> AppResult<HttpResponse> {
    let next = q.next.as_deref();
    if page.viewer.user().is_some() {
        return Ok(for_next(see_other("/"), next));
    }
    let invitation = q.invitation.as_deref().filter(|t| !t.is_empty());
    Ok(for_next(
        html(views::signup_with(
            &page,
            "",
            "",
            &FieldErrors::new(),
            invitation,
        )),
        next,
    ))
}

pub(crate) async fn signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<SignupForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let ip = client_ip(&req, state.settings.trust_proxy);
    let input = SignupInput {
        username: form.username.clone(),
        email: form.email.clone(),
        password: form.password,
        weekly_digest: form.weekly_digest.is_some(),
    };
    let invitation = form.invitation.clone().filter(|t| !t.is_empty());
    match service::signup_with_invitation(&state, input, &ip, invitation.clone(), page.lang).await {
        Ok(()) => Ok(see_other("/login?notice=check_email")),
        Err(AppError::Validation(errors)) => Ok(html_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            views::signup_with(
                &page,
                &form.username,
                &form.email,
                &errors,
                invitation.as_deref(),
            ),
        )),
        Err(e) => Err(e),
    }
}

pub(crate) async fn confirm_form(page: Page, token: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(html(views::confirm(&page, &token)))
}

pub(crate) async fn confirm(
    state: web::Data<AppState>,
    viewer: Viewer,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    match service::confirm_email(&state, token.into_inner()).await? {
        Some(_) if viewer.user().is_some() => Ok(see_other("/?notice=email_confirmed")),
        Some(_) => Ok(see_other("/login?notice=email_confirmed")),
        None => Err(invalid_link()),
    }
}

fn invalid_link() -> AppError {
    AppError::BadRequest(crate::error::Msg::key("errors-link-invalid"))
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// The sign-in popup of an embedded widget (`/embed/v1/signin`) keeps `window.opener`
/// through its login: only when `next` goes back to it is the opener policy relaxed.
fn for_next(res: HttpResponse, next: Option<&str>) -> HttpResponse {
    if next.is_some_and(|n| n.starts_with("/embed/v1/signin")) {
        crate::embed::session::keep_opener(res)
    } else {
        res
    }
}

pub(crate) async fn login_form(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<LoginQuery>,
) -> AppResult<HttpResponse> {
    let next = q.next.as_deref();
    if page.viewer.user().is_some() {
        return Ok(for_next(see_other(&safe_next(next)), next));
    }
    let sso = crate::sso::sign_in_buttons(&state).await?;
    Ok(for_next(
        html(views::login(&page, "", next, None, &sso)),
        next,
    ))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub(crate) async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let ip = client_ip(&req, state.settings.trust_proxy);
    let previous = session_cookie_value(&req, &state);
    let outcome = service::login(
        &state,
        &form.login,
        form.password,
        &ip,
        &user_agent(&req),
        previous,
    )
    .await?;
    let next = form.next.clone();
    let sso = crate::sso::sign_in_buttons(&state).await?;
    let res = match outcome {
        LoginOutcome::SignedIn { token, .. } => Ok(signed_in_response(
            &state,
            token,
            &safe_next(form.next.as_deref()),
        )),
        LoginOutcome::InvalidCredentials => Ok(html_status(
            actix_web::http::StatusCode::UNAUTHORIZED,
            views::login(
                &page,
                &form.login,
                form.next.as_deref(),
                Some(&page.t("account-login-incorrect")),
                &sso,
            ),
        )),
        LoginOutcome::Suspended { until, reason } => {
            let period = if until >= crate::moderation::sanctions::BAN_UNTIL {
                page.t("account-login-banned")
            } else {
                let date = crate::i18n::format::date(page.lang, until);
                crate::t!(page.lang, "account-login-suspended", date = date)
            };
            let msg = if reason.is_empty() {
                period
            } else {
                let reason = crate::t!(page.lang, "account-login-reason", reason = reason);
                format!("{period} {reason}")
            };
            Ok(html_status(
                actix_web::http::StatusCode::FORBIDDEN,
                views::login(&page, &form.login, form.next.as_deref(), Some(&msg), &sso),
            ))
        }
        LoginOutcome::SsoRequired => Ok(html_status(
            actix_web::http::StatusCode::FORBIDDEN,
            views::login(
                &page,
                &form.login,
                form.next.as_deref(),
                Some(crate::sso::views::SSO_ONLY),
                &sso,
            ),
        )),
    };
    res.map(|r| for_next(r, next.as_deref()))
}

pub(crate) async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    if let Some(token) = session_cookie_value(&req, &state) {
        service::logout(&state, hash_token(&token)).await?;
    }
    let mut res = see_other("/?notice=signed_out");
    res.add_cookie(&session::removal_cookie(state.settings.secure_cookies()))
        .map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(res)
}

pub(crate) async fn logout_all(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> AppResult<HttpResponse> {
    let me = viewer.require()?;
    service::logout_everywhere(&state, me.user.id.clone()).await?;
    let mut res = see_other("/login?notice=signed_out_everywhere");
    res.add_cookie(&session::removal_cookie(state.settings.secure_cookies()))
        .map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(res)
}

pub(crate) async fn reset_request_form(page: Page) -> AppResult<HttpResponse> {
    Ok(html(views::reset_request(&page, "", &FieldErrors::new())))
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

pub(crate) async fn reset_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<ResetRequestForm>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req, state.settings.trust_proxy);
    match service::request_password_reset(&state, &form.email, &ip).await {
        Ok(()) => Ok(see_other("/login?notice=reset_sent")),
        Err(AppError::Validation(errors)) => Ok(html_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            views::reset_request(&page, &form.email, &errors),
        )),
        Err(e) => Err(e),
    }
}

pub(crate) async fn reset_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    if !service::reset_token_is_live(&state, token.clone()).await? {
        return Err(invalid_link());
    }
    Ok(html(views::reset_password(
        &page,
        &token,
        &FieldErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub(crate) async fn reset(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
    form: web::Form<ResetForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    match service::reset_password(&state, token.clone(), &form.password).await {
        Ok(true) => {
            let mut res = see_other("/login?notice=password_reset");
            res.add_cookie(&session::removal_cookie(state.settings.secure_cookies()))
                .map_err(|e| AppError::Unexpected(e.into()))?;
            Ok(res)
        }
        Ok(false) => Err(invalid_link()),
        Err(AppError::Validation(errors)) => Ok(html_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            views::reset_password(&page, &token, &errors),
        )),
        Err(e) => Err(e),
    }
}

pub(crate) async fn account_settings(
    state: web::Data<AppState>,
    page: Page,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let (id, now) = (me.user.id.clone(), state.clock.now());
    let list = state
        .db(move |conn| Ok(sessions::list_for_user(conn, &id, now)?))
        .await?;
    Ok(html(views::account(
        &page,
        &me.user,
        &list,
        &me.session_hash,
        &FieldErrors::new(),
        &crate::privacy::routes::account_section(&page, &me.user),
    )))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub(crate) async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<PasswordForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let form = form.into_inner();
    let ip = client_ip(&req, state.settings.trust_proxy);
    match service::change_password(
        &state,
        &me.user,
        form.current_password,
        &form.new_password,
        &ip,
        &user_agent(&req),
    )
    .await
    {
        Ok(token) => Ok(signed_in_response(
            &state,
            token,
            "/settings/account?notice=password_changed",
        )),
        Err(AppError::Validation(errors)) => settings_with_errors(&state, &page, errors).await,
        Err(e) => Err(e),
    }
}

/// The account page again with `errors` (422); also after a refused deletion (issue 22).
pub(crate) async fn settings_with_errors(
    state: &AppState,
    page: &Page,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let (id, now) = (me.user.id.clone(), state.clock.now());
    let list = state
        .db(move |conn| Ok(sessions::list_for_user(conn, &id, now)?))
        .await?;
    Ok(html_status(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        views::account(
            page,
            &me.user,
            &list,
            &me.session_hash,
            &errors,
            &crate::privacy::routes::account_section(page, &me.user),
        ),
    ))
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

pub(crate) async fn change_email(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<EmailForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let form = form.into_inner();
    match email_change::request_email_change(&state, &me.user, &form.email, form.current_password)
        .await
    {
        Ok(()) => Ok(see_other("/settings/account?notice=email_change_sent")),
        Err(AppError::Validation(errors)) => settings_with_errors(&state, &page, errors).await,
        Err(e) => Err(e),
    }
}

pub(crate) async fn resend_confirmation(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> AppResult<HttpResponse> {
    let me = viewer.require()?;
    service::resend_confirmation(&state, &me.user).await?;
    Ok(see_other("/settings/account?notice=check_email"))
}

pub(crate) async fn email_change_form(
    page: Page,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(html(views::email_change_confirm(&page, &token)))
}

pub(crate) async fn email_change_confirm(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    if !email_change::confirm_email_change(&state, token.into_inner()).await? {
        return Err(invalid_link());
    }
    let mut res = see_other("/login?notice=email_changed");
    res.add_cookie(&session::removal_cookie(state.settings.secure_cookies()))
        .map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(res)
}

/// The sub-communities a token may be limited to: those the viewer can see.
pub(crate) async fn token_communities(
    state: &AppState,
    guardian: &Guardian<'_>,
) -> AppResult<Vec<crate::db::models::communities::Community>> {
    let all = state
        .db(|conn| Ok(crate::db::models::communities::all(conn)?))
        .await?;
    Ok(guardian.visible_communities(all))
}

async fn tokens_page_with(
    state: &AppState,
    page: &Page,
    input: &TokenInput,
    errors: &FieldErrors,
) -> AppResult<maud::Markup> {
    let errors = &errors.in_lang(page.lang);
    let guardian = Guardian::new(&page.viewer);
    let listed = tokens::list(state, &guardian).await?;
    let communities = token_communities(state, &guardian).await?;
    Ok(views::tokens(
        page,
        &listed,
        &views::TokenForm {
            action: "/settings/tokens",
            communities: &communities,
            input,
            errors,
        },
        state.clock.now(),
    ))
}

pub(crate) async fn tokens(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let input = TokenInput {
        expires_days: tokens::DEFAULT_EXPIRES_DAYS.to_string(),
        ..TokenInput::default()
    };
    Ok(html(
        tokens_page_with(&state, &page, &input, &FieldErrors::new()).await?,
    ))
}

pub(crate) async fn create_token(
    state: web::Data<AppState>,
    page: Page,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let input = TokenInput::from_form(&body);
    let request = match TokenRequest::parse(&input) {
        Ok(r) => r,
        Err(errors) => {
            let markup = tokens_page_with(&state, &page, &input, &errors).await?;
            return Ok(html_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                markup,
            ));
        }
    };
    let created = tokens::create_personal(&state, &Guardian::new(&page.viewer), request).await?;
    let mut res = html(views::token_created(&page, &created, "/settings/tokens"));
    // The secret is on this page only: no cache (or back button) may keep it.
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

pub(crate) async fn revoke_token(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let id = ApiTokenId::parse(&id).ok_or(AppError::NotFound)?;
    tokens::revoke(&state, &Guardian::new(&page.viewer), id).await?;
    Ok(see_other("/settings/tokens?notice=token_revoked"))
}
