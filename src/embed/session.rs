//! Embed sessions: the token a widget's frame writes with (cross-site, the frame has no
//! cookies). Three ways to get one, each answering
//! `{"token","expires_at","user":{"username","display_name"}}`:
//! - `POST /embed/v1/session/connect` with a Parley Connect assertion (`embed::connect`);
//! - `POST /embed/v1/session/code` with the sign-in popup's one-time code;
//! - `POST /embed/v1/session` with a first-party cookie session (the same-site deployment).
//!
//! The popup itself: `GET /embed/v1/signin` (sign in, then "Continue as …?"),
//! `POST /embed/v1/signin` (makes the code), `GET /embed/v1/signin/done` (hands the code
//! to `window.opener` with `assets/embed/popup.js`). Its pages keep `window.opener`
//! (`Cross-Origin-Opener-Policy: unsafe-none`).

use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::accounts::tokens::insert_token;
use crate::auth::rate_limit;
use crate::auth::secret::{hash_token, random_token};
use crate::auth::{Guardian, Viewer};
use crate::db::models::communities::{self, Community};
use crate::db::models::embed;
use crate::db::models::users::{self, User};
use crate::db::{ApiTokenKind, CommunityId, DbConn, DbError, Scope, Timestamp, UserId};
use crate::embed::connect::{self, Assertion, Refusal};
use crate::embed::session_views;
use crate::error::{AppError, AppResult};
use crate::http::{client_ip, html, see_other};
use crate::state::AppState;
use crate::views::Page;

/// An embed session lasts this long; the frame asks for a new one after.
pub const SESSION_SECS: i64 = 12 * 3600;
/// A popup's one-time code must be redeemed within this.
pub const CODE_SECS: i64 = 120;
const SESSION_SCOPES: &[Scope] = &[Scope::TopicsRead, Scope::TopicsWrite, Scope::PostsWrite];

/// Mints an embed session for `user` in `community`: a token of kind `Embed` limited to
/// that one sub-community, through the same code as personal tokens. The caller has
/// asked the guardian (`can_start_embed_session`). Returns the secret.
pub fn mint(
    conn: &mut DbConn,
    user: &UserId,
    community: &CommunityId,
    now: Timestamp,
) -> diesel::QueryResult<String> {
    let (_, secret) = insert_token(
        conn,
        user,
        ApiTokenKind::Embed,
        "Embed session",
        SESSION_SCOPES,
        std::slice::from_ref(community),
        now,
        now.plus_secs(SESSION_SECS),
    )?;
    Ok(secret)
}

/// A minted session as the endpoints answer it.
#[derive(Debug)]
pub struct Minted {
    pub token: String,
    pub expires_at: Timestamp,
    pub username: String,
    pub display_name: String,
}

impl Minted {
    fn response(&self) -> HttpResponse {
        let display_name = if self.display_name.is_empty() {
            &self.username
        } else {
            &self.display_name
        };
        HttpResponse::Ok()
            .insert_header((CACHE_CONTROL, "no-store"))
            .json(serde_json::json!({
                "token": self.token,
                "expires_at": self.expires_at.rfc3339(),
                "user": { "username": self.username, "display_name": display_name },
            }))
    }
}

/// Why a session was not given: a refusal (401 problem with its code) or anything else.
#[derive(Debug)]
enum Failure {
    Refused(Refusal),
    BadCode,
    App(AppError),
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        Failure::App(e.into())
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::App(e.into())
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

impl Failure {
    fn into_response(self) -> AppResult<HttpResponse> {
        match self {
            Failure::Refused(r) => Ok(problem(
                "The sign-in assertion was refused",
                r.code(),
                "Ask the host site for a new sign-in.",
            )),
            Failure::BadCode => Ok(problem(
                "The sign-in code was refused",
                "invalid_code",
                "The code is wrong, was already used or has expired. Sign in again.",
            )),
            Failure::App(e) => Err(e),
        }
    }
}

/// A 401 problem+json with a generic title and the machine code of the failed check.
fn problem(title: &str, code: &str, detail: &str) -> HttpResponse {
    HttpResponse::build(StatusCode::UNAUTHORIZED)
        .content_type("application/problem+json")
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(
            serde_json::json!({
                "type": format!("urn:parley:problem:{code}"),
                "title": title,
                "status": 401,
                "code": code,
                "error": code,
                "detail": detail,
                "message": detail,
            })
            .to_string(),
        )
}

/// The sub-community named, if it is embeddable: otherwise the same 404 as one that does
/// not exist.
async fn embeddable(state: &AppState, slug: String) -> AppResult<Community> {
    let c = state
        .db(move |conn| Ok(communities::find_by_slug(conn, &slug)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if Guardian::is_embeddable(&c) {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

/// In a write: the guardian of `user` as they are now, asked about a session in `c`;
/// then the session. `Ok(None)` when the guardian refuses.
fn mint_for(
    conn: &mut DbConn,
    user: &UserId,
    c: &Community,
    now: Timestamp,
) -> Result<Option<Minted>, Failure> {
    let row: User = users::find(conn, user)?.ok_or(AppError::NotFound)?;
    let memberships = communities::memberships_of(conn, user)?;
    let viewer = Viewer::of_member(row.clone(), memberships, now);
    if !Guardian::new(&viewer).can_start_embed_session(c, now) {
        return Ok(None);
    }
    let token = mint(conn, user, &c.id, now)?;
    Ok(Some(Minted {
        token,
        expires_at: now.plus_secs(SESSION_SECS),
        username: row.username,
        display_name: row.display_name,
    }))
}

/// The rate limit of the cookie-less session endpoints, per client address (the sign-in
/// limiter, under its own keys so a burst of widgets does not block the login form).
async fn limit(state: &AppState, req: &HttpRequest, what: &str) -> AppResult<()> {
    let ip = client_ip(req, state.settings.trust_proxy);
    rate_limit::check(
        state,
        &state.limits.signin_ip,
        &format!("embed-{what}:{ip}"),
    )
    .await
}

#[derive(Deserialize)]
pub struct ConnectBody {
    #[serde(default)]
    assertion: String,
    #[serde(default)]
    community: String,
    #[serde(default)]
    origin: String,
}

/// `POST /embed/v1/session/connect`: a Parley Connect assertion for an embed session.
pub async fn connect(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ConnectBody>,
) -> AppResult<HttpResponse> {
    limit(&state, &req, "connect").await?;
    let body = body.into_inner();
    let community = embeddable(&state, body.community).await?;
    match connect_session(&state, &body.assertion, community, body.origin).await {
        Ok(minted) => Ok(minted.response()),
        Err(failure) => {
            if let Failure::Refused(r) = &failure {
                tracing::warn!(code = r.code(), "Parley Connect assertion refused");
            }
            failure.into_response()
        }
    }
}

async fn connect_session(
    state: &AppState,
    text: &str,
    community: Community,
    origin: String,
) -> Result<Minted, Failure> {
    let assertion = Assertion::split(text).map_err(Failure::Refused)?;
    let site_id = assertion.site_id.clone();
    let site = state
        .db(move |conn| Ok(embed::find_site(conn, &site_id)?))
        .await?;
    let claims = assertion.verify(site.as_ref()).map_err(Failure::Refused)?;
    let site = site.ok_or(Failure::Refused(Refusal::UnknownSite))?;
    let now = state.clock.now();
    claims
        .check(now, &state.base_url())
        .map_err(Failure::Refused)?;
    if !connect::site_allows_origin(&site, &origin)
        || !Guardian::embed_origin_allowed(&community, &origin)
    {
        return Err(Failure::Refused(Refusal::OriginNotAllowed));
    }
    state
        .write_as(move |conn| -> Result<Minted, Failure> {
            if !embed::use_nonce(conn, &site.id, &claims.nonce, claims.expires_at())? {
                return Err(Failure::Refused(Refusal::Replayed));
            }
            let (user, _) = connect::link_or_create(conn, &site, &claims, now)?;
            // Refusing rolls the nonce and any new account back with it.
            mint_for(conn, &user, &community, now)?.ok_or(Failure::Refused(Refusal::Suspended))
        })
        .await?
}

#[derive(Deserialize)]
pub struct CodeBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    community: String,
}

/// `POST /embed/v1/session/code`: the popup's one-time code for an embed session.
pub async fn redeem_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<CodeBody>,
) -> AppResult<HttpResponse> {
    limit(&state, &req, "code").await?;
    let body = body.into_inner();
    let community = embeddable(&state, body.community).await?;
    let hash = hash_token(body.code.trim());
    let now = state.clock.now();
    let result = state
        .write_as(move |conn| -> Result<Minted, Failure> {
            let user = embed::take_code(conn, &hash, now)?.ok_or(Failure::BadCode)?;
            mint_for(conn, &user, &community, now)?.ok_or(Failure::BadCode)
        })
        .await?;
    match result {
        Ok(minted) => Ok(minted.response()),
        Err(failure) => failure.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CookieBody {
    #[serde(default)]
    community: String,
}

/// `POST /embed/v1/session`: the signed-in viewer's cookie session (with its CSRF header)
/// for an embed session, when the community is on the host's own site.
pub async fn from_cookie(
    state: web::Data<AppState>,
    viewer: Viewer,
    body: web::Json<CookieBody>,
) -> AppResult<HttpResponse> {
    let user = viewer.require()?.user.id.clone();
    let community = embeddable(&state, body.into_inner().community).await?;
    let now = state.clock.now();
    if !Guardian::new(&viewer).can_start_embed_session(&community, now) {
        return Err(AppError::NotFound);
    }
    let result = state
        .write_as(move |conn| mint_for(conn, &user, &community, now))
        .await?;
    match result {
        Ok(Some(minted)) => Ok(minted.response()),
        Ok(None) => Err(AppError::NotFound),
        Err(failure) => failure.into_response(),
    }
}

#[derive(Deserialize)]
pub struct SigninQuery {
    #[serde(default)]
    community: String,
}

/// The popup's pages keep `window.opener` (a `same-origin` opener policy would sever it
/// for good) and are never cached.
pub fn keep_opener(mut res: HttpResponse) -> HttpResponse {
    let headers = res.headers_mut();
    headers.insert(
        actix_web::http::header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("unsafe-none"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The popup's own URL, the `next` of its sign-in.
pub fn signin_path(slug: &str) -> String {
    format!(
        "/embed/v1/signin?community={}",
        url::form_urlencoded::byte_serialize(slug.as_bytes()).collect::<String>()
    )
}

/// `GET /embed/v1/signin?community=`: signed out, to the login page (and back); signed
/// in, "Continue as … on …?".
pub async fn signin_popup(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<SigninQuery>,
) -> AppResult<HttpResponse> {
    let community = embeddable(&state, q.into_inner().community).await?;
    let here = signin_path(&community.slug);
    if page.viewer.user().is_none() {
        let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
        return Ok(keep_opener(see_other(&format!("/login?next={next}"))));
    }
    let guardian = Guardian::new(&page.viewer);
    if !guardian.can_start_embed_session(&community, state.clock.now()) {
        return Err(AppError::NotFound);
    }
    Ok(keep_opener(html(session_views::continue_as(
        &page, &community,
    ))))
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    community: String,
}

/// `POST /embed/v1/signin`: the member confirmed; a one-time code for the frame.
pub async fn signin_confirm(
    state: web::Data<AppState>,
    viewer: Viewer,
    form: web::Form<SigninForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require()?.user.id.clone();
    let community = embeddable(&state, form.into_inner().community).await?;
    let now = state.clock.now();
    if !Guardian::new(&viewer).can_start_embed_session(&community, now) {
        return Err(AppError::NotFound);
    }
    let code = random_token();
    let hash = hash_token(&code);
    state
        .write(move |conn| {
            embed::insert_code(conn, &hash, &user, now.plus_secs(CODE_SECS))?;
            Ok(())
        })
        .await?;
    Ok(keep_opener(see_other(&format!(
        "/embed/v1/signin/done?code={code}"
    ))))
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    code: String,
}

/// `GET /embed/v1/signin/done?code=`: hands the code to the frame that opened the popup.
pub async fn signin_done(page: Page, q: web::Query<DoneQuery>) -> AppResult<HttpResponse> {
    let code = q.into_inner().code;
    // Only the shape is checked here: the frame's redemption is what counts.
    if code.len() != 64 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    Ok(keep_opener(html(session_views::done(&page, &code))))
}
