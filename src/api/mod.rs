//! The JSON API under `/api/v1`: handlers extract the [`crate::auth::ApiCaller`] (a
//! bearer token), require the scope the route needs, call the same services as the HTML
//! pages, and answer JSON. Errors are `application/problem+json` (`http::errors`).
//!
//! Every route is one row of [`table`]: the routing table registers exactly these, and
//! the OpenAPI test checks that each row is in the document (`openapi.rs`).
pub mod body;
pub mod me;
pub mod openapi;
pub mod paging;
pub mod repr;
pub mod webhooks;

use actix_web::http::Method;
use actix_web::web;
use actix_web::Route;

/// One `/api/v1` route: its method, its path under `/api/v1` (actix syntax, which is also
/// OpenAPI's: `/topics/{id}`), and the handler.
pub struct ApiRoute {
    pub method: Method,
    pub path: &'static str,
    pub route: Route,
}

fn row(method: Method, path: &'static str, route: Route) -> ApiRoute {
    ApiRoute {
        method,
        path,
        route,
    }
}

/// Every `/api/v1` route. Add a row here and a `#[utoipa::path]` on its handler (listed
/// in `openapi::ApiDoc`); the drift test fails when one is missing.
pub fn table() -> Vec<ApiRoute> {
    vec![
        row(Method::GET, "/me", web::get().to(me::me)),
        row(Method::POST, "/webhooks", web::post().to(webhooks::create)),
        row(Method::GET, "/webhooks", web::get().to(webhooks::list)),
        row(Method::GET, "/webhooks/{id}", web::get().to(webhooks::get)),
        row(
            Method::DELETE,
            "/webhooks/{id}",
            web::delete().to(webhooks::delete),
        ),
        row(
            Method::GET,
            "/webhooks/{id}/deliveries",
            web::get().to(webhooks::deliveries),
        ),
        row(
            Method::POST,
            "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            web::post().to(webhooks::redeliver),
        ),
        row(
            Method::GET,
            "/openapi.json",
            web::get().to(openapi::document),
        ),
    ]
}
