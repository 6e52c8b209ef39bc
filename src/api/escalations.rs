//! Issue 20: escalations over the API. `GET/POST /api/v1/topics/{id}/escalations`,
//! `GET/PATCH /api/v1/escalations/{id}`, `GET /api/v1/teams`. Reads need `topics:read`,
//! writes `topics:write`; the same services as the HTML pages decide (404 for a topic
//! the caller may not see, 403 for one they may see but not escalate or change). The
//! internal note is in the JSON only for those who may read it.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::body::ApiJson;
use crate::auth::{ApiCaller, Guardian};
use crate::db::models::authors;
use crate::db::models::communities::{self, Community};
use crate::db::models::escalations::{self as edb, Escalation};
use crate::db::models::teams;
use crate::db::{EscalationId, Scope, TopicId};
use crate::error::{AppError, AppResult};
use crate::escalations::service::{self, EscalateInput, UpdateInput};
use crate::forums::load::load_topic;
use crate::state::AppState;

/// An escalation of a topic to a product team and/or an external tracker.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationJson {
    pub id: String,
    pub topic_id: String,
    /// The team's slug (null: an external reference only).
    pub team: Option<String>,
    pub team_name: Option<String>,
    /// `open`, `in_progress`, `resolved` or `declined`.
    pub status: String,
    pub external_id: String,
    pub external_url: String,
    /// The owner's username.
    pub owner: Option<String>,
    /// Shown in the thread once resolved or declined.
    pub resolution_note: String,
    /// Only for callers who may change the escalation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub resolved_at: Option<String>,
    pub url: String,
}

impl EscalationJson {
    fn of(e: &Escalation, team: Option<(&str, &str)>, owner: Option<&str>, note: bool) -> Self {
        EscalationJson {
            id: e.id.to_string(),
            topic_id: e.topic_id.to_string(),
            team: team.map(|(_, slug)| slug.to_string()),
            team_name: team.map(|(name, _)| name.to_string()),
            status: e.status.as_str().to_string(),
            external_id: e.external_id.clone(),
            external_url: e.external_url.clone(),
            owner: owner.map(str::to_string),
            resolution_note: e.resolution_note.clone(),
            internal_note: note.then(|| e.internal_note.clone()),
            created_at: e.created_at.rfc3339(),
            updated_at: e.updated_at.rfc3339(),
            resolved_at: e.resolved_at.map(|t| t.rfc3339()),
            url: format!("/api/v1/escalations/{}", e.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationList {
    pub items: Vec<EscalationJson>,
}

/// A topic's escalations, newest first (at most five).
#[utoipa::path(
    get,
    path = "/api/v1/topics/{id}/escalations",
    tag = "escalations",
    params(("id" = String, Path, description = "The topic's id")),
    responses(
        (status = 200, description = "The topic's escalations", body = EscalationList),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn of_topic(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let guardian = caller.guardian();
    let tid = TopicId::parse(&id).ok_or(AppError::NotFound)?;
    let (topic, community) = load_topic(&state, &guardian, &tid).await?;
    let banners = state
        .db(move |conn| Ok(edb::banners(conn, &topic.id)?))
        .await?;
    let me = guardian.user_id();
    let items = banners
        .iter()
        .map(|b| {
            let member = me.is_some_and(|u| b.team_members.contains(u));
            EscalationJson::of(
                &b.escalation,
                b.team.as_ref().map(|(n, s)| (n.as_str(), s.as_str())),
                b.owner.as_ref().map(|o| o.username.as_str()),
                guardian.can_read_escalation_note(&community, member),
            )
        })
        .collect();
    Ok(HttpResponse::Ok().json(EscalationList { items }))
}

/// Escalating a topic: a team covering its sub-community and/or an external reference.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalateBody {
    /// The team's slug or id.
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub external_id: String,
    /// An http(s) URL.
    #[serde(default)]
    pub external_url: String,
    #[serde(default)]
    pub internal_note: String,
}

/// The escalation as `guardian`'s caller sees it.
async fn shown(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &EscalationId,
) -> AppResult<EscalationJson> {
    let loaded = service::load(state, guardian, id).await?;
    let owner_id = loaded.escalation.owner_id.clone();
    let owner = match owner_id {
        Some(u) => state.db(move |conn| Ok(authors::find(conn, &u)?)).await?,
        None => None,
    };
    Ok(EscalationJson::of(
        &loaded.escalation,
        loaded
            .team
            .as_ref()
            .map(|t| (t.name.as_str(), t.slug.as_str())),
        owner.as_ref().map(|o| o.username.as_str()),
        guardian.can_read_escalation_note(&loaded.community, loaded.team_member),
    ))
}

/// Escalate a topic.
#[utoipa::path(
    post,
    path = "/api/v1/topics/{id}/escalations",
    tag = "escalations",
    params(("id" = String, Path, description = "The topic's id")),
    request_body = EscalateBody,
    responses(
        (status = 201, description = "Escalated; Location is the escalation", body = EscalationJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or its owner may not escalate here", content_type = "application/problem+json"),
        (status = 404, description = "No such topic the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "Unknown team, a team not covering the sub-community, a bad URL, or nothing to escalate to", content_type = "application/problem+json")
    )
)]
pub(crate) async fn create(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<EscalateBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let tid = TopicId::parse(&id).ok_or(AppError::NotFound)?;
    let (topic, community) = load_topic(&state, &guardian, &tid).await?;
    let b = body.into_inner();
    let input = EscalateInput {
        team: b.team,
        external_id: b.external_id,
        external_url: b.external_url,
        internal_note: b.internal_note,
    };
    let e = service::escalate(&state, &guardian, &me.user, &topic, &community, input).await?;
    let json = shown(&state, &guardian, &e.id).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, json.url.clone()))
        .json(json))
}

/// One escalation.
#[utoipa::path(
    get,
    path = "/api/v1/escalations/{id}",
    tag = "escalations",
    params(("id" = String, Path, description = "The escalation's id")),
    responses(
        (status = 200, description = "The escalation", body = EscalationJson),
        (status = 401, description = "Invalid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json"),
        (status = 404, description = "No such escalation on a topic the caller may see", content_type = "application/problem+json")
    )
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    let id = EscalationId::parse(&id).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok().json(shown(&state, &caller.guardian(), &id).await?))
}

/// Changing an escalation: only the fields sent change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    /// `open`, `in_progress`, `resolved` or `declined`.
    pub status: Option<String>,
    /// A username; empty to clear.
    pub owner: Option<String>,
    pub internal_note: Option<String>,
    pub resolution_note: Option<String>,
    pub external_id: Option<String>,
    pub external_url: Option<String>,
    /// Why, kept in the escalation's history.
    pub note: Option<String>,
}

/// Change an escalation (status, owner, notes, external reference).
#[utoipa::path(
    patch,
    path = "/api/v1/escalations/{id}",
    tag = "escalations",
    params(("id" = String, Path, description = "The escalation's id")),
    request_body = UpdateBody,
    responses(
        (status = 200, description = "The escalation as changed", body = EscalationJson),
        (status = 400, description = "Malformed JSON, wrong types or unknown fields", content_type = "application/problem+json"),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:write, or its owner may not change this escalation", content_type = "application/problem+json"),
        (status = 404, description = "No such escalation on a topic the caller may see", content_type = "application/problem+json"),
        (status = 422, description = "An unknown status or owner, a bad URL, a note too long", content_type = "application/problem+json")
    )
)]
pub(crate) async fn update(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: ApiJson<UpdateBody>,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsWrite)?;
    let me = caller.viewer.require()?;
    let guardian = caller.guardian();
    let id = EscalationId::parse(&id).ok_or(AppError::NotFound)?;
    let loaded = service::load(&state, &guardian, &id).await?;
    let b = body.into_inner();
    let input = UpdateInput {
        status: b.status,
        owner: b.owner,
        internal_note: b.internal_note,
        resolution_note: b.resolution_note,
        external_id: b.external_id,
        external_url: b.external_url,
        note: b.note,
    };
    service::update(&state, &guardian, &me.user, &loaded, input).await?;
    Ok(HttpResponse::Ok().json(shown(&state, &guardian, &id).await?))
}

/// A product team and the sub-communities it covers that the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamJson {
    pub id: String,
    pub name: String,
    pub slug: String,
    /// Slugs of the covered sub-communities the caller may see.
    pub communities: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TeamList {
    pub items: Vec<TeamJson>,
}

/// The product teams covering a sub-community the caller may see (admins: every team).
#[utoipa::path(
    get,
    path = "/api/v1/teams",
    tag = "escalations",
    responses(
        (status = 200, description = "The teams", body = TeamList),
        (status = 401, description = "No valid token", content_type = "application/problem+json"),
        (status = 403, description = "The token lacks topics:read", content_type = "application/problem+json")
    )
)]
pub(crate) async fn teams(
    state: web::Data<AppState>,
    caller: ApiCaller,
) -> AppResult<HttpResponse> {
    caller.require(Scope::TopicsRead)?;
    caller.viewer.require()?;
    let guardian = caller.guardian();
    let (all, covered) = state
        .db(|conn| {
            let all: Vec<Community> = communities::all(conn)?;
            let mut covered = vec![];
            for t in teams::all(conn)? {
                let cs = teams::communities_of(conn, &t.id)?;
                covered.push((t, cs));
            }
            Ok((all, covered))
        })
        .await?;
    let visible = guardian.visible_communities(all);
    let items = covered
        .into_iter()
        .filter_map(|(t, cs)| {
            let slugs: Vec<String> = visible
                .iter()
                .filter(|c| cs.contains(&c.id))
                .map(|c| c.slug.clone())
                .collect();
            (guardian.can_manage_teams() || !slugs.is_empty()).then(|| TeamJson {
                id: t.id.to_string(),
                name: t.name,
                slug: t.slug,
                communities: slugs,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(TeamList { items }))
}
