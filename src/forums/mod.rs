//! Forums and Q&A inside each sub-community: categories, topics (discussion, question,
//! idea, announcement), replies and comments, votes, accepted answers, brand voice, the
//! employee queue, moderator basics and reputation.
pub mod page_cache;
pub mod read;
pub mod routes;
pub mod service;
pub mod topic_page;
pub mod views;
