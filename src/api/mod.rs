//! The JSON API under `/api/v1`: handlers extract the [`crate::auth::ApiCaller`] (a
//! bearer token), require the scope the route needs, call the same services as the HTML
//! pages, and answer JSON. Errors are `application/problem+json` (`http::errors`).
pub mod me;
