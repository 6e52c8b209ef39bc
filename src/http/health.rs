use actix_web::{web, HttpResponse};

use crate::state::AppState;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers; 503 otherwise, so a load balancer stops sending traffic.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.db.clone();
    match web::block(move || pool.ping()).await {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        _ => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unavailable"),
    }
}
