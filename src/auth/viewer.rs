//! The current visitor, resolved once per request from the session cookie.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::secret::hash_token;
use crate::auth::session;
use crate::db::models::communities::{self, Membership};
use crate::db::models::sessions;
use crate::db::models::users::User;
use crate::error::AppError;
use crate::state::AppState;

/// Sliding expiry is refreshed at most this often, so reads do not become writes.
const TOUCH_EVERY_SECS: i64 = 3600;

#[derive(Debug)]
pub struct AuthUser {
    pub user: User,
    /// SHA-256 of this request's session token.
    pub session_hash: String,
    pub memberships: Vec<Membership>,
    /// Silenced (read-only) at the time of this request.
    pub silenced: bool,
}

/// `None` for anonymous visitors (and for suspended members, whose sessions are gone).
#[derive(Debug, Clone, Default)]
pub struct Viewer(pub Option<Arc<AuthUser>>);

impl Viewer {
    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|a| &a.user)
    }

    pub fn auth(&self) -> Option<&AuthUser> {
        self.0.as_deref()
    }

    pub fn require(&self) -> Result<&AuthUser, AppError> {
        self.0.as_deref().ok_or(AppError::SignInRequired)
    }
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        if let Some(v) = req.extensions().get::<Viewer>() {
            let v = v.clone();
            return Box::pin(async move { Ok(v) });
        }
        let req = req.clone();
        Box::pin(async move {
            let viewer = resolve(&req).await?;
            req.extensions_mut().insert(viewer.clone());
            Ok(viewer)
        })
    }
}

async fn resolve(req: &HttpRequest) -> Result<Viewer, AppError> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(Viewer::default());
    };
    let secure = state.settings.secure_cookies();
    let Some(token) = req
        .cookie(session::cookie_name(secure))
        .map(|c| c.value().to_string())
    else {
        return Ok(Viewer::default());
    };
    if token.len() != 64 {
        return Ok(Viewer::default());
    }
    let hash = hash_token(&token);
    let now = state.clock.now();
    let days = state.settings.session_days;
    let found = state
        .db(move |conn| {
            let Some((session, user)) = sessions::find_live_with_user(conn, &hash, now)? else {
                return Ok(None);
            };
            if user.is_suspended_at(now) {
                sessions::delete_all_for_user(conn, &user.id)?;
                return Ok(None);
            }
            if now.micros() - session.last_seen_at.micros() > TOUCH_EVERY_SECS * 1_000_000 {
                sessions::touch(conn, &hash, now, now.plus_secs(days * 86_400))?;
            }
            let memberships = communities::memberships_of(conn, &user.id)?;
            Ok(Some(AuthUser {
                silenced: user.is_silenced_at(now),
                user,
                session_hash: hash,
                memberships,
            }))
        })
        .await?;
    Ok(Viewer(found.map(Arc::new)))
}
