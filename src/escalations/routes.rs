//! Handlers: `/t/{id}/escalate` (the page and escalating), `/t/{id}/escalations/{eid}`
//! (changing one), `/admin/teams` (teams), `/teams/{slug}` (a team's queue). Each
//! extracts, calls a service and renders.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{InTopic, MemberAt};
use crate::db::models::escalations::QueueCursor;
use crate::db::{EscalationId, EscalationStatus, TeamId};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

use super::service::{self, EscalateInput, UpdateInput};
use super::team_hook::HookChange;
use super::teams::{self, TeamInput};
use super::views::{self, EscalateValues};
use super::{page, queue, team_views};

async fn render_escalate(
    state: &AppState,
    at: &MemberAt<InTopic>,
    values: &EscalateValues,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let guardian = at.guardian();
    let data = page::load(state, &guardian, &at.topic, &at.community).await?;
    Ok(html_status(
        status,
        views::escalate_page(
            &at.page,
            &at.topic,
            &at.community,
            &data.teams,
            &data.existing,
            data.may_escalate,
            values,
            errors,
        ),
    ))
}

pub(crate) async fn escalate_form(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    let values = EscalateValues::default();
    render_escalate(&state, &at, &values, &FieldErrors::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct EscalateForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    external_id: String,
    #[serde(default)]
    external_url: String,
    #[serde(default)]
    internal_note: String,
}

pub(crate) async fn escalate(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<EscalateForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let input = EscalateInput {
        team: form.team.clone(),
        external_id: form.external_id.clone(),
        external_url: form.external_url.clone(),
        internal_note: form.internal_note.clone(),
    };
    let guardian = at.guardian();
    match service::escalate(&state, &guardian, at.me(), &at.topic, &at.community, input).await {
        Ok(_) => Ok(see_other(&at.topic.path())),
        Err(AppError::Validation(errors)) => {
            let values = EscalateValues {
                team: form.team,
                external_id: form.external_id,
                external_url: form.external_url,
                internal_note: form.internal_note,
            };
            render_escalate(
                &state,
                &at,
                &values,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    status: Option<String>,
    owner: Option<String>,
    internal_note: Option<String>,
    resolution_note: Option<String>,
    external_id: Option<String>,
    external_url: Option<String>,
    note: Option<String>,
}

pub(crate) async fn update(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    path: web::Path<(String, String)>,
    form: web::Form<UpdateForm>,
) -> AppResult<HttpResponse> {
    let id = EscalationId::parse(&path.1).ok_or(AppError::NotFound)?;
    let guardian = at.guardian();
    let loaded = service::load(&state, &guardian, &id).await?;
    if loaded.topic.id != at.topic.id {
        return Err(AppError::NotFound);
    }
    let f = form.into_inner();
    let input = UpdateInput {
        status: f.status,
        owner: f.owner,
        internal_note: f.internal_note,
        resolution_note: f.resolution_note,
        external_id: f.external_id,
        external_url: f.external_url,
        note: f.note,
    };
    match service::update(&state, &guardian, at.me(), &loaded, input).await {
        Ok(_) => Ok(see_other(&at.topic.path())),
        Err(AppError::Validation(errors)) => {
            let values = EscalateValues::default();
            render_escalate(
                &state,
                &at,
                &values,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The team form's fields; `communities` comes once per ticked box.
fn team_input(body: &[u8]) -> TeamInput {
    let mut v = TeamInput::default();
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "name" => v.name = value.into_owned(),
            "slug" => v.slug = value.into_owned(),
            "members" => v.members = value.into_owned(),
            "communities" => v.communities.push(value.into_owned()),
            "notify_email" => v.notify_email = value.into_owned(),
            "webhook_url" => v.webhook_url = value.into_owned(),
            _ => {}
        }
    }
    v
}

async fn render_admin(
    state: &AppState,
    page: &Page,
    editing: Option<TeamId>,
    values: Option<TeamInput>,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let errors = &errors.in_lang(page.lang);
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_teams())?;
    let list = teams::list(state).await?;
    let all = teams::all_communities(state).await?;
    let editing = match editing {
        Some(id) => Some(
            list.iter()
                .find(|t| t.team.id == id)
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let values = values
        .or_else(|| editing.map(|t| t.input(&all)))
        .unwrap_or_default();
    Ok(html_status(
        status,
        team_views::admin_page(page, &list, &all, editing, &values, errors),
    ))
}

pub(crate) async fn admin_teams(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    render_admin(
        &state,
        &page,
        None,
        None,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn edit_team_form(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = TeamId::parse(&path).ok_or(AppError::NotFound)?;
    render_admin(
        &state,
        &page,
        Some(id),
        None,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

async fn save_team(
    state: &AppState,
    page: Page,
    id: Option<TeamId>,
    body: &[u8],
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?.user.id.clone();
    let input = team_input(body);
    let guardian = Guardian::new(&page.viewer);
    match teams::save(state, &guardian, &me, id.clone(), &input).await {
        Ok(teams::Saved {
            team,
            hook: HookChange::Created { id, secret },
        }) => {
            // The signing secret is shown once, as /admin/webhooks does.
            let mut response = html(team_views::hook_secret(&page, &team, &id, &secret));
            response.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("no-store"),
            );
            Ok(response)
        }
        Ok(_) => Ok(see_other("/admin/teams")),
        Err(AppError::Validation(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_admin(state, &page, id, Some(input), &errors, status).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn create_team(
    state: web::Data<AppState>,
    page: Page,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    save_team(&state, page, None, &body).await
}

pub(crate) async fn update_team(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let id = TeamId::parse(&path).ok_or(AppError::NotFound)?;
    save_team(&state, page, Some(id), &body).await
}

pub(crate) async fn delete_team(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?.user.id.clone();
    let id = TeamId::parse(&path).ok_or(AppError::NotFound)?;
    teams::delete(&state, &Guardian::new(&page.viewer), &me, &id).await?;
    Ok(see_other("/admin/teams"))
}

#[derive(Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    c: String,
    /// The keyset position (`QueueCursor`); one that does not parse starts at the head.
    #[serde(default)]
    after: String,
}

pub(crate) async fn team_queue(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
    query: web::Query<QueueQuery>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let status = query.status.parse::<EscalationStatus>().ok();
    let c = Some(query.c.clone()).filter(|c| !c.is_empty());
    let after = QueueCursor::decode(&query.after);
    let q = queue::team_queue(&state, &guardian, &path, status, c, after).await?;
    Ok(html(team_views::queue_page(&page, &q)))
}
