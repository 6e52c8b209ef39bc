//! JSON-LD for topics and topic lists (owner: the feeds & SEO engineer).
//!
//! The returned strings are the *content* of a `<script type="application/ld+json">`
//! element, already safe to put inside it (`<`, `>` and `&` written as `\u003c`, `\u003e`,
//! `\u0026`), so callers write `script type="application/ld+json" { (PreEscaped(s)) }`.

use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;

/// `QAPage` for a question (accepted answer and suggested answers), else
/// `DiscussionForumPosting` (page threads included: their comments as `comment`).
/// `base` is the public base URL without a trailing slash; `posts` are the published
/// posts to describe, the opening post first (it may be absent for a page thread's
/// fragment, in which case the first entry is the first comment).
pub fn topic(
    base: &str,
    community: &Community,
    topic: &Topic,
    posts: &[(&Post, &AuthorView)],
) -> String {
    let _ = (base, community, topic, posts);
    "{}".to_string()
}

/// An `ItemList` of the listed topics (each a `DiscussionForumPosting` with its URL,
/// headline, author and date).
pub fn topic_list(base: &str, topics: &[(&Topic, &AuthorView)]) -> String {
    let _ = (base, topics);
    "{}".to_string()
}
