//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` annotations
//! and served at `/api/v1/openapi.json`. A copy is committed as `docs/openapi.json`;
//! the drift test fails when a route of [`super::table`] is missing from the document or
//! the copy is stale.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Parley API",
        version = "1",
        description = "The JSON API of a Parley community. Authenticate with \
            `Authorization: Bearer <token>` (personal tokens at /settings/tokens, service \
            tokens at /admin/tokens). Errors are application/problem+json (RFC 9457) with a \
            stable `code`. Lists are cursor-paginated (`?cursor=`, `next`)."
    ),
    paths(
        super::me::me,
        document,
        super::posts::reply,
        super::posts::get,
        super::posts::edit,
        super::posts::delete,
        super::posts::comment,
        super::posts::vote,
        super::posts::accept,
        super::posts::unaccept,
        super::posts::flag,
        super::moderation::list,
        super::moderation::act,
        super::webhooks::create,
        super::webhooks::list,
        super::webhooks::get,
        super::webhooks::update,
        super::webhooks::delete,
        super::webhooks::deliveries,
        super::webhooks::redeliver,
        super::communities::list,
        super::communities::get,
        super::topics::list::all,
        super::topics::list::of_community,
        super::topics::show::get,
        super::topics::show::posts,
        super::topics::write::create,
        super::topics::write::edit,
        super::topics::write::merge,
        super::topics::moderate::pin,
        super::topics::moderate::unpin,
        super::topics::moderate::lock,
        super::topics::moderate::unlock,
        super::topics::moderate::move_topic,
        super::topics::moderate::duplicate,
        super::queue::list,
        super::queue::claim,
        super::queue::release,
        super::queue::assign,
        super::members::profile,
        super::notifications::list,
        super::notifications::mark_read,
        // Issue 19 (search-ui).
        super::search::search,
        super::search::similar,
        // Issue 20 (escalations).
        super::escalations::of_topic,
        super::escalations::create,
        super::escalations::get,
        super::escalations::update,
        super::escalations::teams
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("parley_pat_… or parley_svc_…"))
                    .build(),
            ),
        );
    }
}

/// The document as JSON text (pretty, stable order: what is committed).
pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}

/// `GET /api/v1/openapi.json`: this API's OpenAPI 3.1 document (no token needed).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub(crate) async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(json())
}
