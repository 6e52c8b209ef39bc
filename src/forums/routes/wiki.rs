//! Issue 19's topic-level wiki actions: staff turn a topic's opening post into a wiki
//! (or back), its author asks for it, a moderator declines; and a sub-community's open
//! requests for its moderators.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::communities::scope::{InCommunity, InTopic, MemberAt};
use crate::error::AppResult;
use crate::forums::views::wiki as views;
use crate::forums::wiki;
use crate::http::{html, see_other};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct WikiForm {
    on: bool,
}

pub(crate) async fn set_wiki(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<WikiForm>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    wiki::set_wiki(&state, &at.guardian(), at.me(), t, c, form.on).await?;
    Ok(see_other(&t.path()))
}

pub(crate) async fn request(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    wiki::request_wiki(&state, &at.guardian(), at.me(), t, c).await?;
    Ok(see_other(&format!("{}?notice=saved", t.path())))
}

pub(crate) async fn decline(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    wiki::decline_request(&state, &at.guardian(), at.me(), t, c).await?;
    Ok(see_other(&format!("/c/{}/wiki-requests", c.slug)))
}

pub(crate) async fn requests(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    let pending = wiki::pending_requests(&state, &at.guardian(), c).await?;
    Ok(html(views::requests(&at.page, c, &pending)))
}
