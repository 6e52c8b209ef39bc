//! Forums and Q&A inside each sub-community: categories, topics (discussion, question,
//! idea, announcement), replies and comments, votes, accepted answers, brand voice, the
//! employee queue, moderator basics and reputation.
//!
//! Use cases, one file per action: `load` (finding a topic or post the viewer may see),
//! `categories`, `posting` (topics, replies, comments), `editing` (edits, history,
//! deletion), `votes` (votes, accepted answers, idea statuses), `topic_moderation` (pin,
//! lock, move, duplicate), `queue` (the employees' queue); `write_core` holds the
//! transaction cores they and the demo loader share. Reads: `topic_page` (the topic
//! page's read model), `topic_view` (serving it through `page_cache`), `read` (lists).
pub mod categories;
pub mod editing;
pub mod load;
pub mod open_cache;
pub mod page_cache;
pub mod posting;
pub mod queue;
pub mod read;
pub mod routes;
pub mod topic_moderation;
pub mod topic_page;
pub mod topic_view;
pub mod views;
pub mod votes;
pub mod wiki;
pub mod write_core;
