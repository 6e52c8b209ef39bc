//! The JSON API under `/api/v1`: handlers extract the [`crate::auth::ApiCaller`] (a
//! bearer token, or an anonymous caller), require the scope the route needs, call the
//! same services as the HTML pages with `caller.guardian()`, and answer JSON. Errors are
//! `application/problem+json` (`http::errors`). Around every route (registered in
//! `http::routes`): [`cors`], [`ratelimit`], [`idempotency`] (POST), [`etag`] (GET).
//!
//! Every route is one row of [`table`]: the routing table registers exactly these, and
//! the OpenAPI test checks that each row is in the document (`openapi.rs`).
pub mod body;
pub mod communities;
pub mod cors;
pub mod docs_page;
pub mod escalations; // issue 20
pub mod etag;
pub mod idempotency;
pub mod me;
pub mod members;
pub mod moderation;
pub mod notifications;
pub mod openapi;
pub mod paging;
pub mod posts;
pub mod queue;
pub mod ratelimit;
pub mod repr;
pub mod search; // issue 19 (search-ui)
pub mod topics;
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
            Method::PUT,
            "/webhooks/{id}",
            web::put().to(webhooks::update),
        ),
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
            Method::POST,
            "/topics/{id}/posts",
            web::post().to(posts::reply),
        ),
        row(Method::GET, "/posts/{id}", web::get().to(posts::get)),
        row(Method::PATCH, "/posts/{id}", web::patch().to(posts::edit)),
        row(
            Method::DELETE,
            "/posts/{id}",
            web::delete().to(posts::delete),
        ),
        row(
            Method::POST,
            "/posts/{id}/comments",
            web::post().to(posts::comment),
        ),
        row(
            Method::POST,
            "/posts/{id}/vote",
            web::post().to(posts::vote),
        ),
        row(
            Method::POST,
            "/posts/{id}/accept",
            web::post().to(posts::accept),
        ),
        row(
            Method::DELETE,
            "/posts/{id}/accept",
            web::delete().to(posts::unaccept),
        ),
        row(
            Method::POST,
            "/posts/{id}/flags",
            web::post().to(posts::flag),
        ),
        row(
            Method::GET,
            "/moderation/queue",
            web::get().to(moderation::list),
        ),
        row(
            Method::POST,
            "/moderation/queue/{item_id}",
            web::post().to(moderation::act),
        ),
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
            Method::POST,
            "/topics/{id}/merge",
            web::post().to(topics::write::merge),
        ),
        // A moderator's topic tools, as on the topic page.
        row(
            Method::POST,
            "/topics/{id}/pin",
            web::post().to(topics::moderate::pin),
        ),
        row(
            Method::DELETE,
            "/topics/{id}/pin",
            web::delete().to(topics::moderate::unpin),
        ),
        row(
            Method::POST,
            "/topics/{id}/lock",
            web::post().to(topics::moderate::lock),
        ),
        row(
            Method::DELETE,
            "/topics/{id}/lock",
            web::delete().to(topics::moderate::unlock),
        ),
        row(
            Method::POST,
            "/topics/{id}/move",
            web::post().to(topics::moderate::move_topic),
        ),
        row(
            Method::POST,
            "/topics/{id}/duplicate",
            web::post().to(topics::moderate::duplicate),
        ),
        // The employees' queue: open questions they cover, claims, assignment.
        row(Method::GET, "/queue", web::get().to(queue::list)),
        row(
            Method::POST,
            "/topics/{id}/claim",
            web::post().to(queue::claim),
        ),
        row(
            Method::DELETE,
            "/topics/{id}/claim",
            web::delete().to(queue::release),
        ),
        row(
            Method::POST,
            "/topics/{id}/assign",
            web::post().to(queue::assign),
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
        // Issue 19 (search-ui).
        row(Method::GET, "/search", web::get().to(search::search)),
        row(
            Method::GET,
            "/search/similar",
            web::get().to(search::similar),
        ),
        // Issue 20 (escalations).
        row(
            Method::GET,
            "/topics/{id}/escalations",
            web::get().to(escalations::of_topic),
        ),
        row(
            Method::POST,
            "/topics/{id}/escalations",
            web::post().to(escalations::create),
        ),
        row(
            Method::GET,
            "/escalations/{id}",
            web::get().to(escalations::get),
        ),
        row(
            Method::PATCH,
            "/escalations/{id}",
            web::patch().to(escalations::update),
        ),
        row(Method::GET, "/teams", web::get().to(escalations::teams)),
    ]
}
