use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::admin::service::{self, BrandInput};
use crate::admin::views;
use crate::auth::Guardian;
use crate::db::models::{audit, communities, outbox, settings, users};
use crate::db::{OutboxId, OutboxStatus, SiteRole, UserId};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

fn require_admin(page: &Page) -> AppResult<()> {
    let g = Guardian::new(&page.viewer);
    g.ensure(g.can_administer_site())
}

pub(crate) async fn index(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    require_admin(&page)?;
    let overview = state
        .db(|conn| {
            Ok(views::Overview {
                members: users::count(conn)?,
                communities: communities::all(conn)?.len(),
                queued: outbox::count_by_status(conn, OutboxStatus::Queued)?,
                failed: outbox::count_by_status(conn, OutboxStatus::Failed)?,
            })
        })
        .await?;
    Ok(html(views::index(&page, &overview)))
}

pub(crate) async fn settings_form(
    state: web::Data<AppState>,
    page: Page,
) -> AppResult<HttpResponse> {
    require_admin(&page)?;
    let now = state.clock.now();
    let s = state.db(move |conn| Ok(settings::load(conn, now)?)).await?;
    let input = BrandInput {
        site_name: s.site_name,
        tagline: s.tagline,
        logo_url: s.logo_url,
        primary_color: s.primary_color,
        employee_domains: s.employee_domains,
        api_cors_origins: s.api_cors_origins,
        default_language: Some(s.default_language.as_str().to_string()),
    };
    Ok(html(views::settings(&page, &input, &FieldErrors::new())))
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    site_name: String,
    #[serde(default)]
    tagline: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    primary_color: String,
    #[serde(default)]
    employee_domains: String,
    #[serde(default)]
    api_cors_origins: String,
    /// Issue 21: absent leaves the deployment's default language unchanged.
    #[serde(default)]
    default_language: Option<String>,
}

pub(crate) async fn save_settings(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<SettingsForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let f = form.into_inner();
    let input = BrandInput {
        site_name: f.site_name,
        tagline: f.tagline,
        logo_url: f.logo_url,
        primary_color: f.primary_color,
        employee_domains: f.employee_domains,
        api_cors_origins: f.api_cors_origins,
        default_language: f.default_language,
    };
    match service::save_settings(&state, &guardian, &me.user, input.clone(), page.lang).await {
        Ok(()) => Ok(see_other("/admin/settings?notice=saved")),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::settings(&page, &input, &errors),
        )),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct UserQuery {
    q: Option<String>,
}

pub(crate) async fn user_list(
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<UserQuery>,
) -> AppResult<HttpResponse> {
    require_admin(&page)?;
    let q = query.into_inner().q.unwrap_or_default();
    let prefix = q.trim().to_lowercase();
    let list = state
        .db(move |conn| Ok(users::list(conn, Some(&prefix), 100)?))
        .await?;
    // Issue 22: whose account the admin may delete on request (not an admin's).
    let guardian = Guardian::new(&page.viewer);
    let deletable: Vec<bool> = list
        .iter()
        .map(|u| guardian.can_delete_account(u))
        .collect();
    Ok(html(views::users(&page, &list, &deletable, &q)))
}

fn parse_user_id(raw: &str) -> AppResult<UserId> {
    UserId::parse(raw).ok_or(AppError::NotFound)
}

#[derive(Deserialize)]
pub struct EmployeeForm {
    employee: String,
}

pub(crate) async fn set_employee(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<EmployeeForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let employee = form.employee == "true";
    service::set_employee(&state, &guardian, &me.user, parse_user_id(&id)?, employee).await?;
    Ok(see_other("/admin/users?notice=saved"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub(crate) async fn set_role(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<RoleForm>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let role = form
        .role
        .parse::<SiteRole>()
        .map_err(|_| AppError::field_t("role", "validation-role-unknown", &[]))?;
    service::set_role(
        &state,
        &guardian,
        &me.user,
        parse_user_id(&id)?,
        role,
        page.lang,
    )
    .await?;
    Ok(see_other("/admin/users?notice=saved"))
}

#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
}

pub(crate) async fn outbox_list(
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    require_admin(&page)?;
    let filter = query
        .status
        .as_deref()
        .and_then(|s| s.parse::<OutboxStatus>().ok());
    let (list, notification_mail) = state
        .db(move |conn| {
            Ok((
                outbox::list(conn, filter, 200)?,
                crate::db::models::notifications::email_state_counts(conn)?,
            ))
        })
        .await?;
    Ok(html(views::outbox(
        &page,
        &list,
        filter,
        &notification_mail,
    )))
}

pub(crate) async fn retry(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let me = page.viewer.require()?;
    let guardian = Guardian::new(&page.viewer);
    let id = OutboxId::parse(&id).ok_or(AppError::NotFound)?;
    service::retry_mail(&state, &guardian, &me.user, id).await?;
    Ok(see_other("/admin/outbox?notice=saved"))
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub community: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

impl AuditQuery {
    /// The query string of these filters (for the CSV link).
    pub fn encoded(&self) -> String {
        serde_urlencoded::to_string([
            ("actor", &self.actor),
            ("action", &self.action),
            ("target", &self.target),
            ("community", &self.community),
            ("from", &self.from),
            ("to", &self.to),
        ])
        .unwrap_or_default()
    }
}

/// "2026-11-23" as the start of that day (UTC).
fn parse_day(s: &str, lang: crate::i18n::Lang) -> AppResult<Option<crate::db::Timestamp>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(s, &format)
        .map_err(|_| AppError::BadRequest(lang.t("admin-error-date").into()))?;
    let micros = date.midnight().assume_utc().unix_timestamp() * 1_000_000;
    Ok(Some(crate::db::Timestamp::from_micros(micros)))
}

async fn audit_rows(
    state: &AppState,
    q: &AuditQuery,
    limit: i64,
    lang: crate::i18n::Lang,
) -> AppResult<
    Vec<(
        audit::AuditEntry,
        Option<crate::db::models::authors::AuthorView>,
    )>,
> {
    let mut filter = audit::AuditFilter {
        action: Some(q.action.trim().to_string()).filter(|a| !a.is_empty()),
        target_id: Some(q.target.trim().to_string()).filter(|t| !t.is_empty()),
        since: parse_day(&q.from, lang)?,
        until: parse_day(&q.to, lang)?.map(|t| t.plus_secs(86_400)),
        ..Default::default()
    };
    let (actor, community) = (q.actor.trim().to_string(), q.community.trim().to_string());
    state
        .db(move |conn| {
            if !actor.is_empty() {
                let key = crate::domain::Username::lookup_key(&actor);
                // An unknown name matches nothing rather than everything.
                filter.actor = Some(
                    users::find_by_username_key(conn, &key)?
                        .map(|u| u.id)
                        .unwrap_or_default(),
                );
            }
            if !community.is_empty() {
                filter.community = Some(
                    communities::find_by_slug(conn, &community)?
                        .map(|c| c.id)
                        .unwrap_or_default(),
                );
            }
            Ok(audit::filtered(conn, &filter, limit)?)
        })
        .await
}

pub(crate) async fn audit_list(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    let g = Guardian::new(&page.viewer);
    g.ensure(g.can_view_audit_log())?;
    let q = q.into_inner();
    let list = audit_rows(&state, &q, 200, page.lang).await?;
    Ok(html(views::audit(&page, &list, &q)))
}

/// The filtered log as CSV (at most 100,000 rows), for spreadsheets and archives.
pub(crate) async fn audit_csv(
    state: web::Data<AppState>,
    page: Page,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    let g = Guardian::new(&page.viewer);
    g.ensure(g.can_view_audit_log())?;
    let list = audit_rows(&state, &q, 100_000, page.lang).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit-log.csv\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(views::audit_csv(&list)))
}
