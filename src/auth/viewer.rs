//! The current visitor, resolved once per request from the session cookie.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::secret::hash_token;
use crate::auth::session;
use crate::db::models::communities::{self, Membership};
use crate::db::models::sessions::{self, LiveSession};
use crate::db::models::users::{self, User};
use crate::db::{DbConn, Timestamp, UserId};
use crate::error::{AppError, AppResult};
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
    /// Set when the member acts through an API token: what the token allows on top of
    /// what the member may do (the guardian intersects the two).
    pub grant: Option<TokenGrant>,
}

/// What an API token adds to the rules: its scopes and the sub-communities it is
/// limited to (empty: all the owner may see). The guardian reads it; nothing else does.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub token_id: crate::db::ApiTokenId,
    pub kind: crate::db::ApiTokenKind,
    pub scopes: Vec<crate::db::Scope>,
    pub communities: Vec<crate::db::CommunityId>,
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

    /// A member acting without a session (an API token's owner, the CLI acting for a
    /// member): their row and memberships as read at `now`.
    pub fn of_member(user: User, memberships: Vec<Membership>, now: Timestamp) -> Viewer {
        Viewer(Some(Arc::new(AuthUser {
            silenced: user.is_silenced_at(now),
            user,
            session_hash: String::new(),
            memberships,
            grant: None,
        })))
    }

    /// The same member acting through an API token limited by `grant`.
    pub fn with_grant(self, grant: TokenGrant) -> Viewer {
        Viewer(self.0.map(|a| {
            Arc::new(AuthUser {
                user: a.user.clone(),
                session_hash: a.session_hash.clone(),
                memberships: a.memberships.clone(),
                silenced: a.silenced,
                grant: Some(grant),
            })
        }))
    }
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let key = ViewerKey::of(req);
        let req = req.clone();
        Box::pin(async move {
            let viewer = match key {
                ViewerKey::Known(v) => return Ok(v),
                key => match req.app_data::<web::Data<AppState>>() {
                    Some(state) => key.resolve(state).await?,
                    None => Viewer::default(),
                },
            };
            req.extensions_mut().insert(viewer.clone());
            Ok(viewer)
        })
    }
}

/// Who is asking, before the session is looked up: a handler whose first reads go to the
/// database anyway looks the session up in the same trip (the topic page does).
#[derive(Debug, Clone)]
pub enum ViewerKey {
    /// Already resolved for this request, or anonymous (no usable session cookie).
    Known(Viewer),
    /// The SHA-256 of the session cookie's token, to look up at `now`.
    Session {
        hash: String,
        now: Timestamp,
        session_days: i64,
        cache: ViewerCache,
    },
}

impl ViewerKey {
    pub fn of(req: &HttpRequest) -> ViewerKey {
        if let Some(v) = req.extensions().get::<Viewer>() {
            return ViewerKey::Known(v.clone());
        }
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ViewerKey::Known(Viewer::default());
        };
        let secure = state.settings.secure_cookies();
        match req.cookie(session::cookie_name(secure)) {
            Some(c) if c.value().len() == 64 => ViewerKey::Session {
                hash: hash_token(c.value()),
                now: state.clock.now(),
                session_days: state.settings.session_days,
                cache: state.viewers.clone(),
            },
            _ => ViewerKey::Known(Viewer::default()),
        }
    }

    /// The viewer: a live session of a member who is not suspended (a suspended member's
    /// sessions are deleted here), its sliding expiry refreshed at most every
    /// [`TOUCH_EVERY_SECS`].
    pub async fn resolve(self, state: &AppState) -> AppResult<Viewer> {
        let (viewer, upkeep) = state.db(move |conn| self.look_up(conn)).await?;
        upkeep.write(state).await?;
        Ok(viewer)
    }

    /// As [`ViewerKey::resolve`], reading only: the session's upkeep (a touch, or
    /// deleting a suspended member's sessions) is returned to run after, so the look-up
    /// can share a read transaction with the request's other reads.
    pub fn look_up(self, conn: &mut DbConn) -> AppResult<(Viewer, SessionUpkeep)> {
        let (hash, now, days, cache) = match self {
            ViewerKey::Known(v) => return Ok((v, SessionUpkeep::None)),
            ViewerKey::Session {
                hash,
                now,
                session_days,
                cache,
            } => (hash, now, session_days, cache),
        };
        let Some(live) = sessions::find_live(conn, &hash, now)? else {
            return Ok((Viewer::default(), SessionUpkeep::None));
        };
        let auth = match cache.get(&hash, &live, now) {
            Some(auth) => auth,
            None => {
                // Read after the version above: what is cached is never older than the
                // version it is filed under (a change in between moves it again).
                let Some(user) = users::find(conn, &live.user_id)? else {
                    return Ok((Viewer::default(), SessionUpkeep::None));
                };
                if user.is_suspended_at(now) {
                    return Ok((Viewer::default(), SessionUpkeep::Revoke(user.id)));
                }
                let memberships = communities::memberships_of(conn, &user.id)?;
                let auth = Arc::new(AuthUser {
                    silenced: user.is_silenced_at(now),
                    user,
                    session_hash: hash.clone(),
                    memberships,
                    grant: None,
                });
                cache.put(&hash, live.user_version, &auth);
                auth
            }
        };
        let upkeep = if now.micros() - live.last_seen_at.micros() > TOUCH_EVERY_SECS * 1_000_000 {
            SessionUpkeep::Touch {
                hash,
                now,
                expires_at: now.plus_secs(days * 86_400),
            }
        } else {
            SessionUpkeep::None
        };
        Ok((Viewer(Some(auth)), upkeep))
    }
}

/// Signed-in members as this process last read them, by session: the member's row and
/// memberships, served again while the member's `version` (moved by triggers on any
/// change to either) is the one read with the session on this request. The session
/// itself is read on every request, so a session ended or revoked through any node ends
/// at once; so does a suspension, a new role or a membership, since each moves the
/// version. What depends on the time alone (a silence running out) is checked per
/// request.
#[derive(Clone)]
pub struct ViewerCache(Arc<quick_cache::sync::Cache<String, Cached, ByBytes>>);

type Cached = (i64, Arc<AuthUser>);

/// Entries weigh roughly the memory they hold (a long profile is kept with its member).
#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Cached> for ByBytes {
    fn weight(&self, key: &String, (_, auth): &Cached) -> u64 {
        let u = &auth.user;
        let text = u.username.len()
            + u.username_key.len()
            + u.username_skeleton.len()
            + u.email.len()
            + u.email_key.len()
            + u.password_hash.len()
            + u.display_name.len()
            + u.title.len()
            + u.bio_markdown.len()
            + u.bio_html.len()
            + u.suspension_reason.as_ref().map_or(0, String::len);
        (key.len() + text + auth.memberships.len() * 96 + 512) as u64
    }
}

impl std::fmt::Debug for ViewerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewerCache")
            .field("len", &self.0.len())
            .finish()
    }
}

/// Sessions kept, and the memory they may hold; beyond either the least used are dropped
/// (and read again when they return).
const VIEWER_CACHE_SESSIONS: usize = 4096;
const VIEWER_CACHE_BYTES: u64 = 8 * 1024 * 1024;

impl Default for ViewerCache {
    fn default() -> Self {
        ViewerCache(Arc::new(quick_cache::sync::Cache::with_weighter(
            VIEWER_CACHE_SESSIONS,
            VIEWER_CACHE_BYTES,
            ByBytes,
        )))
    }
}

impl ViewerCache {
    /// The cached member for this session, if it is still who `live` says at `now`.
    fn get(&self, hash: &str, live: &LiveSession, now: Timestamp) -> Option<Arc<AuthUser>> {
        let (version, auth) = self.0.get(hash)?;
        let current = version == live.user_version
            && auth.user.id == live.user_id
            && auth.silenced == auth.user.is_silenced_at(now)
            && !auth.user.is_suspended_at(now);
        current.then_some(auth)
    }

    fn put(&self, hash: &str, version: i64, auth: &Arc<AuthUser>) {
        self.0.insert(hash.to_string(), (version, auth.clone()));
    }
}

/// What looking a session up leaves to write.
#[derive(Debug)]
#[must_use = "a session's upkeep is written by `write`"]
pub enum SessionUpkeep {
    None,
    /// Slide the session's expiry and note when it was last seen.
    Touch {
        hash: String,
        now: Timestamp,
        expires_at: Timestamp,
    },
    /// The member is suspended: every session of theirs goes.
    Revoke(UserId),
}

impl SessionUpkeep {
    /// Writes it through the write path (nothing to do, mostly: no database access then).
    pub async fn write(self, state: &AppState) -> AppResult<()> {
        match self {
            SessionUpkeep::None => Ok(()),
            upkeep => state.write(move |conn| upkeep.run(conn)).await,
        }
    }

    fn run(self, conn: &mut DbConn) -> AppResult<()> {
        match self {
            SessionUpkeep::None => {}
            SessionUpkeep::Touch {
                hash,
                now,
                expires_at,
            } => {
                sessions::touch(conn, &hash, now, expires_at)?;
            }
            SessionUpkeep::Revoke(user) => {
                sessions::delete_all_for_user(conn, &user)?;
            }
        }
        Ok(())
    }
}
