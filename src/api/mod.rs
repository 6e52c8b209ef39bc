//! The JSON API under `/api/v1`: handlers extract the [`crate::auth::ApiCaller`] (a
//! bearer token), require the scope the route needs, call the same services as the HTML
//! pages, and answer JSON. Errors are `application/problem+json` (`http::errors`).
//!
//! Every route is one row of [`table`]: the routing table registers exactly these, and
//! the OpenAPI test checks that each row is in the document (`openapi.rs`).
pub mod body;
pub mod communities;
pub mod me;
pub mod members;
pub mod notifications;
pub mod openapi;
pub mod paging;
pub mod repr;
pub mod topics;

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
        row(
            Method::GET,
            "/communities",
            web::get().to(communities::list),
        ),
        row(
            Method::GET,
            "/communities/{slug}",
            web::get().to(communities::get),
        ),
        row(
            Method::GET,
            "/communities/{slug}/topics",
            web::get().to(topics::list::of_community),
        ),
        row(Method::GET, "/topics", web::get().to(topics::list::all)),
        row(
            Method::POST,
            "/topics",
            web::post().to(topics::write::create),
        ),
        row(
            Method::GET,
            "/topics/{id}",
            web::get().to(topics::show::get),
        ),
        row(
            Method::PATCH,
            "/topics/{id}",
            web::patch().to(topics::write::edit),
        ),
        row(
            Method::GET,
            "/topics/{id}/posts",
            web::get().to(topics::show::posts),
        ),
        row(
            Method::GET,
            "/members/{username}",
            web::get().to(members::profile),
        ),
        row(
            Method::GET,
            "/notifications",
            web::get().to(notifications::list),
        ),
        row(
            Method::POST,
            "/notifications/read",
            web::post().to(notifications::mark_read),
        ),
        row(
            Method::GET,
            "/openapi.json",
            web::get().to(openapi::document),
        ),
    ]
}
