use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::Guardian;
use crate::communities::scope::{InPost, MemberAt};
use crate::communities::service as communities;
use crate::db::models::users;
use crate::db::{Detector, PolicyRuleId, ReviewItemId};
use crate::domain::Username;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::moderation::flags::{self, FlagInput};
use crate::moderation::policy_rules::{self, RuleInput};
use crate::moderation::policy_settings::{self, DetectorInput, SettingsInput};
use crate::moderation::review::{self, ReviewAction};
use crate::moderation::sanctions::{self, SanctionInput};
use crate::moderation::views::{self, PolicyPage, RuleValues};
use crate::moderation::{post_visibility, queue};
use crate::state::AppState;
use crate::views::Page;

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

pub(crate) async fn flag_form(at: MemberAt<InPost>) -> AppResult<HttpResponse> {
    let (guardian, p) = (at.guardian(), &at.post);
    guardian.ensure(guardian.can_flag(&at.community, p))?;
    Ok(html(views::flag_page(
        &at.page,
        p,
        &at.topic,
        "",
        &FieldErrors::new(),
    )))
}

pub(crate) async fn flag(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
    form: web::Form<FlagForm>,
) -> AppResult<HttpResponse> {
    let (p, t) = (&at.post, &at.topic);
    let f = form.into_inner();
    let input = FlagInput {
        reason: f.reason,
        note: f.note.clone(),
    };
    match flags::flag_post(&state, &at.guardian(), at.me(), (p, &at.community), input).await {
        Ok(()) => {}
        Err(AppError::Validation(errors)) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::flag_page(&at.page, p, t, &f.note, &errors),
            ))
        }
        Err(e) => return Err(e),
    }
    Ok(see_other(&format!(
        "{}?notice=flagged#p{}",
        t.path(),
        p.post_number
    )))
}

async fn set_published(
    state: &AppState,
    at: &MemberAt<InPost>,
    on: bool,
) -> AppResult<HttpResponse> {
    let p = &at.post;
    post_visibility::set_published(state, &at.guardian(), at.me(), p, &at.community, on).await?;
    Ok(see_other(&format!(
        "{}#p{}",
        at.topic.path(),
        p.post_number
    )))
}

pub(crate) async fn publish(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
) -> AppResult<HttpResponse> {
    set_published(&state, &at, true).await
}

pub(crate) async fn hide(
    state: web::Data<AppState>,
    at: MemberAt<InPost>,
) -> AppResult<HttpResponse> {
    set_published(&state, &at, false).await
}

#[derive(Deserialize)]
pub struct QueueQuery {
    c: Option<String>,
}

pub(crate) async fn queue(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<QueueQuery>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let current = match q.c.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => Some(communities::get_visible(&state, &guardian, slug).await?),
        None => None,
    };
    let entries = queue::queue(&state, &guardian, current.as_ref()).await?;
    let mine = queue::reviewable_communities(&state, &guardian).await?;
    Ok(html(views::review_queue(
        &page,
        &entries,
        &mine,
        current.as_ref(),
        guardian.can_sanction_site_wide(),
        state.clock.now(),
    )))
}

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    days: String,
}

pub(crate) async fn act(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<ActForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let item = ReviewItemId::parse(&id).ok_or(AppError::NotFound)?;
    let f = form.into_inner();
    let action = match f.action.as_str() {
        "approve" => ReviewAction::Approve,
        "hide" => ReviewAction::Hide,
        "delete" => ReviewAction::Delete,
        "ignore" => ReviewAction::Ignore,
        "edit" => ReviewAction::Edit {
            body: f.body,
            reason: f.reason,
        },
        "sanction" => ReviewAction::Sanction(SanctionInput {
            kind: f.kind,
            days: f.days,
            reason: f.reason,
        }),
        _ => return Err(AppError::field("action", page.t("moderation-error-action"))),
    };
    let c = review::act(&state, &guardian, &me.user, &item, action).await?;
    Ok(see_other(&format!("/review?c={}&notice=saved", c.slug)))
}

async fn find_member(
    state: &AppState,
    username: &str,
) -> AppResult<crate::db::models::users::User> {
    let key = Username::lookup_key(username);
    state
        .db(move |conn| users::find_by_username_key(conn, &key)?.ok_or(AppError::NotFound))
        .await
}

pub(crate) async fn member(
    state: web::Data<AppState>,
    page: Page,
    username: web::Path<String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let target = find_member(&state, &username).await?;
    guardian.ensure(guardian.can_sanction(&target, None))?;
    Ok(html(views::member_page(
        &page,
        &target,
        state.clock.now(),
        &FieldErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct SanctionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

pub(crate) async fn sanction(
    state: web::Data<AppState>,
    page: Page,
    username: web::Path<String>,
    form: web::Form<SanctionForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let target = find_member(&state, &username).await?;
    let f = form.into_inner();
    let input = SanctionInput {
        kind: f.kind,
        days: f.days,
        reason: f.reason,
    };
    match sanctions::sanction(&state, &guardian, &me.user, &target, input).await {
        Ok(()) => Ok(see_other(&format!(
            "/mod/users/{}?notice=saved",
            target.username
        ))),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::member_page(&page, &target, state.clock.now(), &errors),
        )),
        Err(e) => Err(e),
    }
}

// ----- Policy pages -----

type RawForm = web::Form<HashMap<String, String>>;

fn get<'a>(f: &'a HashMap<String, String>, k: &str) -> &'a str {
    f.get(k).map(String::as_str).unwrap_or("")
}

fn rule_input(f: &HashMap<String, String>) -> RuleInput {
    RuleInput {
        kind: get(f, "kind").to_string(),
        pattern: get(f, "pattern").to_string(),
        action: get(f, "action").to_string(),
        skip_employee_only: get(f, "skip_employee_only") == "true",
    }
}

fn rule_values(f: &HashMap<String, String>) -> RuleValues<'_> {
    RuleValues {
        kind: get(f, "kind"),
        pattern: get(f, "pattern"),
        action: get(f, "action"),
        skip_employee_only: get(f, "skip_employee_only") == "true",
        sample: get(f, "sample"),
    }
}

async fn render_policy(
    state: &AppState,
    page: &Page,
    slug: Option<&str>,
    f: Option<&HashMap<String, String>>,
    errors: FieldErrors,
    test: Option<crate::moderation::policy::Screening>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    let community = match slug {
        Some(s) => Some(communities::get_visible(state, &guardian, s).await?),
        None => None,
    };
    let overview = policy_settings::overview(state, &guardian, community.as_ref()).await?;
    let hold = match &community {
        Some(c) => policy_settings::hold_first_posts(state, c).await?,
        None => 0,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let markup = views::policy_page(
        page,
        &PolicyPage {
            overview: &overview,
            community: community.as_ref(),
            hold_first_posts: hold,
            rule: f.map(rule_values).unwrap_or_default(),
            errors,
            test,
        },
    );
    Ok(html_status(status, markup))
}

pub(crate) async fn site_policy(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    render_policy(&state, &page, None, None, FieldErrors::new(), None).await
}

pub(crate) async fn community_policy(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    render_policy(&state, &page, Some(&slug), None, FieldErrors::new(), None).await
}

pub(crate) async fn save_site_policy(
    state: web::Data<AppState>,
    page: Page,
    form: RawForm,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let f = form.into_inner();
    let detectors = views::detector_names()
        .iter()
        .map(|d: &Detector| DetectorInput {
            detector: *d,
            enabled: get(&f, &format!("det_{d}_enabled")) == "true",
            action: get(&f, &format!("det_{d}_action")).to_string(),
            skip_employee_only: get(&f, &format!("det_{d}_skip")) == "true",
        })
        .collect();
    let input = SettingsInput {
        flag_threshold: get(&f, "flag_threshold").into(),
        new_account_hours: get(&f, "new_account_hours").into(),
        new_account_posts_per_hour: get(&f, "new_account_posts_per_hour").into(),
        new_account_max_links: get(&f, "new_account_max_links").into(),
        code_names: get(&f, "code_names").into(),
        markers: get(&f, "markers").into(),
        detectors,
    };
    match policy_settings::save_settings(&state, &guardian, &me.user, input).await {
        Ok(()) => Ok(see_other("/admin/moderation?notice=saved")),
        Err(AppError::Validation(errors)) => {
            render_policy(&state, &page, None, None, errors, None).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn save_community_policy(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    form: RawForm,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let c = communities::get_visible(&state, &guardian, &slug).await?;
    let f = form.into_inner();
    match policy_settings::set_hold_first_posts(
        &state,
        &guardian,
        &me.user,
        &c,
        get(&f, "hold_first_posts"),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("/c/{}/moderation?notice=saved", c.slug))),
        Err(AppError::Validation(errors)) => {
            render_policy(&state, &page, Some(&slug), None, errors, None).await
        }
        Err(e) => Err(e),
    }
}

async fn add_rule(
    state: &AppState,
    page: &Page,
    slug: Option<&str>,
    f: HashMap<String, String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let community = match slug {
        Some(s) => Some(communities::get_visible(state, &guardian, s).await?),
        None => None,
    };
    match policy_rules::add_rule(
        state,
        &guardian,
        &me.user,
        community.as_ref(),
        rule_input(&f),
    )
    .await
    {
        Ok(()) => Ok(see_other(&match &community {
            Some(c) => format!("/c/{}/moderation?notice=saved", c.slug),
            None => "/admin/moderation?notice=saved".into(),
        })),
        Err(AppError::Validation(errors)) => {
            render_policy(state, page, slug, Some(&f), errors, None).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn add_site_rule(
    state: web::Data<AppState>,
    page: Page,
    form: RawForm,
) -> AppResult<HttpResponse> {
    add_rule(&state, &page, None, form.into_inner()).await
}

pub(crate) async fn add_community_rule(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    form: RawForm,
) -> AppResult<HttpResponse> {
    add_rule(&state, &page, Some(&slug), form.into_inner()).await
}

async fn test_rule(
    state: &AppState,
    page: &Page,
    slug: Option<&str>,
    f: HashMap<String, String>,
) -> AppResult<HttpResponse> {
    page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let community = match slug {
        Some(s) => Some(communities::get_visible(state, &guardian, s).await?),
        None => None,
    };
    match policy_rules::test_sample(
        state,
        &guardian,
        community.as_ref(),
        get(&f, "sample"),
        &rule_input(&f),
    )
    .await
    {
        Ok(result) => {
            render_policy(
                state,
                page,
                slug,
                Some(&f),
                FieldErrors::new(),
                Some(result),
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            render_policy(state, page, slug, Some(&f), errors, None).await
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn test_site_rule(
    state: web::Data<AppState>,
    page: Page,
    form: RawForm,
) -> AppResult<HttpResponse> {
    test_rule(&state, &page, None, form.into_inner()).await
}

pub(crate) async fn test_community_rule(
    state: web::Data<AppState>,
    page: Page,
    slug: web::Path<String>,
    form: RawForm,
) -> AppResult<HttpResponse> {
    test_rule(&state, &page, Some(&slug), form.into_inner()).await
}

pub(crate) async fn delete_rule(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let rid = PolicyRuleId::parse(&id).ok_or(AppError::NotFound)?;
    let c = policy_rules::delete_rule(&state, &guardian, &me.user, &rid).await?;
    Ok(see_other(&match c {
        Some(c) => format!("/c/{}/moderation?notice=saved", c.slug),
        None => "/admin/moderation?notice=saved".into(),
    }))
}
