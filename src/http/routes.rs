//! The routing table: each feature registers its own routes.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(super::health::healthz))
        .route("/readyz", web::get().to(super::health::readyz))
        .route("/assets/{path:.*}", web::get().to(super::assets::serve))
        .route("/theme.css", web::get().to(theme_css))
        .route("/robots.txt", web::get().to(robots));
    // Before forums and communities: `/t/{id}/watch` must win over `/t/{id}/{slug}`.
    crate::notifications::routes::configure(cfg);
    crate::accounts::routes::configure(cfg);
    crate::members::routes::configure(cfg);
    crate::moderation::routes::configure(cfg);
    crate::forums::routes::configure(cfg);
    crate::communities::routes::configure(cfg);
    crate::admin::routes::configure(cfg);
    crate::setup::configure(cfg);
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Brand colour and sub-community accents as CSS (no inline styles under the CSP).
async fn theme_css(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, AppError> {
    let brand = state.brand.get(&state).await?;
    let versioned = req.query_string() == format!("v={}", brand.version);
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, cache))
        .body(brand.theme_css()))
}

async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain")
        .body("User-agent: *\nDisallow: /admin\nDisallow: /settings\n")
}
