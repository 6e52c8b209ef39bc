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
//! - `session`: embed sessions (Parley Connect, the sign-in popup, a first-party session);
//! - `sites`: `/admin/embedding`, host sites and their Connect secrets;
//! - `settings`: a sub-community's Embedding section;
//! - `demo_host`: `parley serve --demo`'s example corporate page on a second port.

pub mod comments;
pub mod demo_host;
pub mod fragments;
pub mod frames;
pub mod loader;
pub mod session;
pub mod settings;
pub mod sites;
pub mod threads;
