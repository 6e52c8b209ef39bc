//! Host sites and their Parley Connect secrets at `/admin/embedding` (admins only,
//! `Guardian::can_manage_embed_sites`): create, rotate the secret, revoke. A secret is
//! shown once, after create or rotate; every change is audit-logged.

use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::secret::random_token;
use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::embed::{self, EmbedSite};
use crate::db::Timestamp;
use crate::domain::BoundedText;
use crate::embed::sites_views::{self, SiteRow};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::state::AppState;
use crate::views::Page;

/// What a Connect secret starts with, so leaked ones can be found by scanners.
pub const SECRET_PREFIX: &str = "pcs_";

/// The create form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SiteInput {
    #[serde(default)]
    pub name: String,
    /// One origin per line.
    #[serde(default)]
    pub origins: String,
}

/// Normalises one origin to `scheme://host[:port]` (default ports dropped, host
/// lower-cased); anything with a path, query, fragment or credentials is refused.
pub fn normalise_origin(text: &str) -> Result<String, crate::error::Msg> {
    let text = text.trim();
    let bad = || {
        crate::error::Msg::key("validation-origins-invalid").with("origins", format!("“{text}”"))
    };
    let url = url::Url::parse(text).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none_or(str::is_empty)
        || !url.username().is_empty()
        || url.password().is_some()
        || url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

/// Parses the form: a name (1..80 characters) and 1..20 origins, each normalised.
pub fn parse(input: &SiteInput) -> Result<(String, Vec<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = BoundedText::parse(&input.name, "validation-field-name", 1, 80, true)
        .map_err(|e| errors.insert("name", e))
        .ok();
    let mut origins: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for line in input
        .origins
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match normalise_origin(line) {
            Ok(o) if !origins.contains(&o) => origins.push(o),
            Ok(_) => {}
            Err(_) => bad.push(format!("“{line}”")),
        }
    }
    if !bad.is_empty() {
        errors.insert(
            "origins",
            crate::error::Msg::key("validation-origins-invalid").with("origins", bad.join(", ")),
        );
    } else if origins.is_empty() {
        errors.insert(
            "origins",
            crate::error::Msg::key("validation-origins-required"),
        );
    } else if origins.len() > 20 {
        errors.insert(
            "origins",
            crate::error::Msg::key("validation-origins-too-many"),
        );
    }
    match name {
        Some(n) if errors.is_empty() => Ok((n.as_str().to_string(), origins)),
        _ => Err(errors),
    }
}

fn new_secret() -> String {
    format!("{SECRET_PREFIX}{}", random_token())
}

fn rows(sites: Vec<EmbedSite>) -> Vec<SiteRow> {
    sites.into_iter().map(SiteRow::from).collect()
}

async fn load(state: &AppState) -> AppResult<Vec<SiteRow>> {
    Ok(rows(state.db(|conn| Ok(embed::list_sites(conn)?)).await?))
}

fn secret_page(mut res: HttpResponse) -> HttpResponse {
    // The secret is on this page only: no cache (or back button) may keep it.
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub async fn list(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let sites = load(&state).await?;
    Ok(html(sites_views::page(
        &page,
        &sites,
        &SiteInput::default(),
        &FieldErrors::new(),
        &state.base_url(),
    )))
}

pub async fn create(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<SiteInput>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let input = form.into_inner();
    let (name, origins) = match parse(&input) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let sites = load(&state).await?;
            let markup = sites_views::page(&page, &sites, &input, &errors, &state.base_url());
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let actor = guardian.user_id().cloned();
    let now = state.clock.now();
    let site = EmbedSite {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        origins: origins.join("\n"),
        secret: new_secret(),
        created_at: now,
        revoked_at: None,
    };
    let stored = site.clone();
    state
        .write(move |conn| {
            embed::insert_site(conn, &stored)?;
            audit::record(
                conn,
                actor.as_ref(),
                "embed_site.create",
                "embed_site",
                &stored.id,
                &format!("{} ({})", stored.name, stored.origin_list().join(", ")),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(secret_page(html(sites_views::secret(
        &page,
        &SiteRow::from(site.clone()),
        &site.secret,
        &state.base_url(),
    ))))
}

/// A new secret for a live site: the old one stops working at once.
pub async fn rotate(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let actor = guardian.user_id().cloned();
    let id = id.into_inner();
    let secret = new_secret();
    let stored = secret.clone();
    let now = state.clock.now();
    let site = state
        .write(move |conn| {
            if embed::set_secret(conn, &id, &stored)? == 0 {
                return Err(AppError::NotFound);
            }
            let site = embed::find_site(conn, &id)?.ok_or(AppError::NotFound)?;
            audit::record(
                conn,
                actor.as_ref(),
                "embed_site.rotate",
                "embed_site",
                &id,
                &site.name,
                now,
            )?;
            Ok(site)
        })
        .await?;
    Ok(secret_page(html(sites_views::secret(
        &page,
        &SiteRow::from(site),
        &secret,
        &state.base_url(),
    ))))
}

/// A site that is not revoked; 404 otherwise.
async fn live_site(state: &AppState, id: String) -> AppResult<EmbedSite> {
    state
        .db(move |conn| Ok(embed::find_site(conn, &id)?))
        .await?
        .filter(|s| !s.is_revoked())
        .ok_or(AppError::NotFound)
}

/// The edit form of a live site (name and origins; the secret is rotated, not edited).
pub async fn edit_form(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let site = live_site(&state, id.into_inner()).await?;
    let input = SiteInput {
        name: site.name.clone(),
        origins: site.origin_list().join("\n"),
    };
    let row = SiteRow::from(site);
    Ok(html(sites_views::edit_page(
        &page,
        &row,
        &input,
        &FieldErrors::new(),
    )))
}

/// Changes a live site's name and origins, checked as on creation; its secret stays.
/// Frames and Connect read the origins on each request, so the change holds at once.
pub async fn update(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
    form: web::Form<SiteInput>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let id = id.into_inner();
    let input = form.into_inner();
    let site = live_site(&state, id.clone()).await?;
    let (name, origins) = match parse(&input) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let markup = sites_views::edit_page(&page, &SiteRow::from(site), &input, &errors);
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let actor = guardian.user_id().cloned();
    let now = state.clock.now();
    let before = format!("{} ({})", site.name, site.origin_list().join(", "));
    state
        .write(move |conn| {
            if embed::update_site(conn, &id, &name, &origins.join("\n"))? == 0 {
                return Err(AppError::NotFound);
            }
            audit::record_change(
                conn,
                &audit::Change {
                    actor: actor.as_ref(),
                    action: "embed_site.update",
                    target_type: "embed_site",
                    target_id: &id,
                    community: None,
                    details: &name,
                    before: &before,
                    after: &format!("{name} ({})", origins.join(", ")),
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/embedding#sites"))
}

/// Revokes a site: its assertions are refused from now on (its linked accounts stay).
pub async fn delete(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_embed_sites())?;
    let actor = guardian.user_id().cloned();
    let id = id.into_inner();
    let now: Timestamp = state.clock.now();
    state
        .write(move |conn| {
            let site = embed::find_site(conn, &id)?.ok_or(AppError::NotFound)?;
            if embed::revoke_site(conn, &id, now)? == 1 {
                audit::record(
                    conn,
                    actor.as_ref(),
                    "embed_site.revoke",
                    "embed_site",
                    &id,
                    &site.name,
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/embedding"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            normalise_origin("HTTPS://WWW.Acme.example:443/").as_deref(),
            Ok("https://www.acme.example")
        );
        assert_eq!(
            normalise_origin("http://localhost:8081").as_deref(),
            Ok("http://localhost:8081")
        );
        assert!(normalise_origin("https://acme.example/blog").is_err());
        assert!(normalise_origin("ftp://acme.example").is_err());
        assert!(normalise_origin("acme.example").is_err());
    }
}
