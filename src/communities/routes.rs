use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{At, InCommunity, MemberAt};
use crate::communities::service::{self, CommunityInput};
use crate::communities::views;
use crate::db::models::communities::Community;
use crate::db::CommunityRole;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::views::categories::CategoryPanel;
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

#[derive(Deserialize, Default)]
pub struct CommunityForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    accent_color: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    default_watch_level: String,
    #[serde(default)]
    default_language: String,
    #[serde(default)]
    wiki_min_reputation: String,
    #[serde(default)]
    logo_url: String,
}

impl From<CommunityForm> for CommunityInput {
    fn from(f: CommunityForm) -> Self {
        CommunityInput {
            slug: f.slug,
            name: f.name,
            description: f.description,
            accent_color: f.accent_color,
            visibility: f.visibility,
            position: f.position,
            default_watch_level: f.default_watch_level,
            default_language: f.default_language,
            wiki_min_reputation: f.wiki_min_reputation,
            logo_url: f.logo_url,
        }
    }
}

fn input_of(c: &Community) -> CommunityInput {
    CommunityInput {
        slug: c.slug.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        accent_color: c.accent_color.clone(),
        visibility: c.visibility.as_str().into(),
        position: c.position.to_string(),
        default_watch_level: c.default_watch_level.as_str().into(),
        default_language: c.default_language.as_str().into(),
        wiki_min_reputation: c.wiki_min_reputation.to_string(),
        logo_url: c.logo_url.clone(),
    }
}

pub(crate) async fn home(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let list = service::visible(&state, &guardian).await?;
    Ok(html(views::home(
        &page,
        &list,
        guardian.can_create_community(),
    )))
}

pub(crate) async fn show(
    state: web::Data<AppState>,
    at: At<InCommunity>,
    q: web::Query<crate::forums::routes::lists::ListQueryParams>,
    gzip: crate::http::AcceptsGzip,
) -> AppResult<HttpResponse> {
    crate::forums::routes::lists::community_home(&state, &at, &q, gzip).await
}

pub(crate) async fn new_form(page: Page) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_create_community())?;
    let input = CommunityInput {
        accent_color: "#3355cc".into(),
        visibility: "public".into(),
        position: "0".into(),
        ..Default::default()
    };
    Ok(html(views::form(
        &page,
        None,
        &input,
        &FieldErrors::new(),
        true,
        &CategoryPanel::default(),
    )))
}

pub(crate) async fn create(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<CommunityForm>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let me = page.viewer.require()?;
    let input: CommunityInput = form.into_inner().into();
    match service::create(&state, &guardian, &me.user, input.clone()).await {
        Ok(c) => Ok(see_other(&format!("/c/{}?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::form(
                &page,
                None,
                &input,
                &errors,
                true,
                &CategoryPanel::default(),
            ),
        )),
        Err(e) => Err(e),
    }
}

pub(crate) async fn edit_form(
    state: web::Data<AppState>,
    at: At<InCommunity>,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    guardian.ensure(guardian.can_edit_community(c))?;
    let cats = crate::forums::read::categories_of(&state, c).await?;
    Ok(html(views::form(
        &at.page,
        Some(c),
        &input_of(c),
        &FieldErrors::new(),
        guardian.can_change_visibility(c),
        &CategoryPanel::of(cats),
    )))
}

/// The settings page again with a category form the service refused (`panel.new` or
/// `panel.edit`), its values and errors in place: 422, as for the settings form itself.
pub(crate) async fn settings_with_refused_category(
    state: &AppState,
    at: &At<InCommunity>,
    mut panel: CategoryPanel,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    panel.categories = crate::forums::read::categories_of(state, c).await?;
    Ok(html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::form(
            &at.page,
            Some(c),
            &input_of(c),
            &FieldErrors::new(),
            guardian.can_change_visibility(c),
            &panel,
        ),
    ))
}

pub(crate) async fn update(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<CommunityForm>,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    let mut input: CommunityInput = form.into_inner().into();
    input.slug = c.slug.clone();
    match service::update(&state, &guardian, at.me(), c, input.clone()).await {
        Ok(()) => Ok(see_other(&format!("/c/{}?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            let cats = crate::forums::read::categories_of(&state, c).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(
                    &at.page,
                    Some(c),
                    &input,
                    &errors,
                    guardian.can_change_visibility(c),
                    &CategoryPanel::of(cats),
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn members(
    state: web::Data<AppState>,
    at: At<InCommunity>,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    guardian.ensure(guardian.can_invite_members(c))?;
    let staff = service::staff(&state, c).await?;
    Ok(html(views::members(
        &at.page,
        c,
        &staff,
        guardian.role_changes(c),
        &FieldErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
}

pub(crate) async fn add_member(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<RoleForm>,
) -> AppResult<HttpResponse> {
    let (c, guardian) = (&at.community, at.guardian());
    let role = form
        .role
        .parse::<CommunityRole>()
        .map_err(|_| AppError::field_t("role", "validation-choose-role", &[]))?;
    match service::set_member_role(&state, &guardian, at.me(), c, &form.username, Some(role)).await
    {
        Ok(()) => Ok(see_other(&format!("/c/{}/members?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            let staff = service::staff(&state, c).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::members(&at.page, c, &staff, guardian.role_changes(c), &errors),
            ))
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn remove_member(
    state: web::Data<AppState>,
    at: MemberAt<InCommunity>,
    form: web::Form<RoleForm>,
) -> AppResult<HttpResponse> {
    let c = &at.community;
    service::set_member_role(&state, &at.guardian(), at.me(), c, &form.username, None).await?;
    Ok(see_other(&format!("/c/{}/members?notice=saved", c.slug)))
}
