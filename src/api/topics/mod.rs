//! Topics through the API: the lists (`list`), one topic with its posts (`show`), and
//! starting, editing or merging a topic (`write`), and a moderator's
//! pin, lock, move and close-as-duplicate (`moderate`). Each handler requires its scope and then calls
//! the services the HTML pages call; the guardian decides everything else.

pub mod list;
pub mod moderate;
pub mod show;
pub mod write;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::api::paging::{self, Paged};
use crate::auth::{ApiCaller, Guardian};
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{Scope, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::load::load_topic;
use crate::state::AppState;

/// The opening of a handler that acts on one topic as a member: the token must carry
/// `scope`, the caller must be a member; then the guardian, and the topic `id` with its
/// sub-community as the caller may see it (404 otherwise).
pub(crate) async fn opened<'a>(
    state: &AppState,
    caller: &'a ApiCaller,
    scope: Scope,
    id: &str,
) -> AppResult<(&'a User, Guardian<'a>, Topic, Community)> {
    caller.require(scope)?;
    let me = caller.viewer.user().ok_or(AppError::SignInRequired)?;
    let guardian = caller.guardian();
    let id = TopicId::parse(id).ok_or(AppError::NotFound)?;
    let (topic, c) = load_topic(state, &guardian, &id).await?;
    Ok((me, guardian, topic, c))
}

/// A page of a list whose read model gave the next position itself (`next`, the HTML
/// list's own cursor): `{"items", "next"}` and a `Link` header, as `paging::respond`.
pub(crate) fn page_response<T: Serialize>(
    req: &HttpRequest,
    items: Vec<T>,
    next: Option<&str>,
) -> HttpResponse {
    let next = next.map(|position| paging::next_url(req, &paging::encode(&position)));
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next {
        response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    response.json(Paged { items, next })
}
