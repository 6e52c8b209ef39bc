//! The corporate website (issue 18): widgets, fragments, page comment threads and signing
//! in from a host page. Every permission is the guardian's (`is_embeddable`,
//! `embed_origin_allowed`, `can_start_page_thread`, and the usual post and topic checks);
//! every write goes through the forum services the HTML pages and the API use.
//!
//! - `loader`: `/embed/v1/parley.js`, the web components (read-only parts in Shadow DOM,
//!   interactive parts in an iframe on Parley's origin);
//! - `fragments`: `/embed/v1/topics.html`, `/embed/v1/count.json`;
//! - `comments` and `threads`: page threads, `/embed/v1/comments.html`;
//! - `frames`: the comments and ask frames and their cookie-less calls;
//! - `session` (+ `session_views`): embed sessions (the sign-in popup, a first-party
//!   session), with `connect` checking Parley Connect assertions and linking visitors;
//! - `sites` (+ `sites_views`): `/admin/embedding`, host sites and their Connect secrets;
//! - `settings`: a sub-community's Embedding section;
//! - `demo_host`: `parley serve --demo`'s example corporate page on a second port.

pub mod cache;
pub mod comments;
pub mod connect;
pub mod demo_host;
pub mod fragments;
pub mod frame_views;
pub mod frames;
pub mod loader;
pub mod session;
pub mod session_views;
pub mod settings;
pub mod sites;
pub mod sites_views;
pub mod threads;
