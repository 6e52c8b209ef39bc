//! What search engines and link previews read: JSON-LD (`QAPage`,
//! `DiscussionForumPosting`), OpenGraph and Twitter card metadata, canonical links.
//! Shared by the HTML pages and the embed fragments (`embed::fragments`).

pub mod head;
pub mod jsonld;
pub mod text;
