//! The handler preamble in one extractor: the page (with its viewer), and the
//! sub-community, topic or post the path names, loaded and checked by the guardian (404
//! when the viewer may not see it). Every front door (HTML pages today, the API and the
//! widgets next) loads what a request is about through these, so visibility is decided in
//! one place.
//!
//! - [`At<S>`]: anyone may ask; `S` is loaded for the viewer, signed in or not.
//! - [`MemberAt<S>`]: sign-in is required first (an anonymous visitor is sent to sign in
//!   before anything is loaded, as the handlers always did), then `S` is loaded.
//!
//! `S` is [`InCommunity`] (path `{slug}`), [`InTopic`] (path `{id}`) or [`InPost`]
//! (path `{id}`).

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::{web, FromRequest, HttpRequest};

use crate::auth::{AuthUser, Guardian};
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{PostId, TopicId};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::Page;

/// Something a request is about, loaded for the viewer from the request's path.
pub trait Scope: Sized + 'static {
    fn load(
        state: web::Data<AppState>,
        viewer: Page,
        req: HttpRequest,
    ) -> impl Future<Output = AppResult<(Page, Self)>>;
}

fn path_part<'r>(req: &'r HttpRequest, name: &str) -> AppResult<&'r str> {
    req.match_info().get(name).ok_or(AppError::NotFound)
}

fn state_of(req: &HttpRequest) -> AppResult<web::Data<AppState>> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))
}

/// The sub-community named by the path's `{slug}`.
pub struct InCommunity {
    pub community: Community,
}

impl Scope for InCommunity {
    async fn load(
        state: web::Data<AppState>,
        page: Page,
        req: HttpRequest,
    ) -> AppResult<(Page, Self)> {
        let slug = path_part(&req, "slug")?;
        let community =
            crate::communities::service::get_visible(&state, &Guardian::new(&page.viewer), slug)
                .await?;
        // Issue 21: a page inside a sub-community counts its default language.
        let page = page.in_community(community.default_language);
        Ok((page, InCommunity { community }))
    }
}

/// The topic named by the path's `{id}`, with its sub-community.
pub struct InTopic {
    pub topic: Topic,
    pub community: Community,
}

impl Scope for InTopic {
    async fn load(
        state: web::Data<AppState>,
        page: Page,
        req: HttpRequest,
    ) -> AppResult<(Page, Self)> {
        let id = TopicId::parse(path_part(&req, "id")?).ok_or(AppError::NotFound)?;
        let (topic, community) =
            crate::forums::load::load_topic(&state, &Guardian::new(&page.viewer), &id).await?;
        let page = page.in_community(community.default_language);
        Ok((page, InTopic { topic, community }))
    }
}

/// The post named by the path's `{id}`, with its topic and sub-community.
pub struct InPost {
    pub post: Post,
    pub topic: Topic,
    pub community: Community,
}

impl Scope for InPost {
    async fn load(
        state: web::Data<AppState>,
        page: Page,
        req: HttpRequest,
    ) -> AppResult<(Page, Self)> {
        let id = PostId::parse(path_part(&req, "id")?).ok_or(AppError::NotFound)?;
        let (post, topic, community) =
            crate::forums::load::load_post(&state, &Guardian::new(&page.viewer), &id).await?;
        Ok((
            page.in_community(community.default_language),
            InPost {
                post,
                topic,
                community,
            },
        ))
    }
}

/// `S` as any viewer may ask for it. Derefs to `S`.
pub struct At<S> {
    pub page: Page,
    pub scope: S,
}

impl<S> At<S> {
    pub fn guardian(&self) -> Guardian<'_> {
        Guardian::new(&self.page.viewer)
    }
}

impl<S> Deref for At<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.scope
    }
}

type Extracted<S> = Pin<Box<dyn Future<Output = AppResult<(At<S>, Option<Arc<AuthUser>>)>>>>;

/// The page, then (for members only when signed in: anonymous visitors are asked to sign
/// in before anything is loaded) `S` as the viewer may see it.
fn extract<S: Scope>(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    members_only: bool,
) -> Extracted<S> {
    let page = Page::from_request(req, payload);
    let req = req.clone();
    Box::pin(async move {
        let page = page.await?;
        let me = page.viewer.0.clone();
        if members_only && me.is_none() {
            return Err(AppError::SignInRequired);
        }
        let (page, scope) = S::load(state_of(&req)?, page, req).await?;
        Ok((At { page, scope }, me))
    })
}

impl<S: Scope> FromRequest for At<S> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let extracted = extract::<S>(req, payload, false);
        Box::pin(async move { Ok(extracted.await?.0) })
    }
}

/// `S` for a signed-in member: an anonymous visitor is asked to sign in before anything
/// is loaded. Derefs to [`At<S>`] (and so to `S`).
pub struct MemberAt<S> {
    at: At<S>,
    me: Arc<AuthUser>,
}

impl<S> MemberAt<S> {
    /// The signed-in member.
    pub fn me(&self) -> &User {
        &self.me.user
    }
}

impl<S> Deref for MemberAt<S> {
    type Target = At<S>;
    fn deref(&self) -> &At<S> {
        &self.at
    }
}

impl<S: Scope> FromRequest for MemberAt<S> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let extracted = extract::<S>(req, payload, true);
        Box::pin(async move {
            let (at, me) = extracted.await?;
            let me = me.ok_or(AppError::SignInRequired)?;
            Ok(MemberAt { at, me })
        })
    }
}
