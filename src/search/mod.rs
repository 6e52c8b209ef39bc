//! Search across every sub-community the reader may see (issue 19): the search page,
//! similar questions while asking, the search log and content gaps. The engines live in
//! `db::search`; every permission is the guardian's.
//!
//! - `query`: the page's and the API's parameters, parsed (lenient for the page, strict
//!   for the API), and the log's normalised form of a query;
//! - `service`: one function per use case (search, similar, click, suggestion click,
//!   deflection, pruning);
//! - `insights` + `insights_views`: content gaps (`/admin/search`, `/c/{slug}/search-insights`);
//! - `routes`, `views`: the handlers and the search page (and the header's search box).
pub mod insights;
pub mod insights_views;
pub mod log_buffer;
pub mod query;
pub mod routes;
pub mod service;
pub mod views;
