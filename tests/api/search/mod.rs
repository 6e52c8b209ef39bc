//! Issue 19 tests.

// The engines through db::search (search-sqlite).
mod engine;
