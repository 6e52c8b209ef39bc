//! Forums and Q&A: questions and their states, answers ordered by acceptance and votes,
//! votes and reputation, brand voice, announcements, moderation, edits and soft deletes,
//! comments, ideas, the employee queue, privacy of closed sub-communities, sanitising,
//! keyset pagination, bounded queries per page and the demo content.
//!
//! Submodules, by theme:
//! - `questions`: question states and filters, answer order, votes, acceptance,
//!   reputation and the leaderboard.
//! - `staff`: brand voice, announcements, idea statuses and the employee queue.
//! - `moderation`: locked topics, moderators' actions, edits, soft deletes and the
//!   counters that must follow deletes.
//! - `content`: comments, privacy of closed sub-communities, mentions, sanitising,
//!   quoting.
//! - `paging`: keyset pagination and bounded queries per page.
//! - `categories`: renaming, reordering and deleting categories.
//! - `demo`: the demo content.

mod categories;
mod content;
mod demo;
mod merge;
mod moderation;
mod paging;
mod questions;
mod staff;

use crate::helpers::forum_fixtures::*;
use crate::helpers::TestApp;

/// Sorted titles of a list page, for comparing filters as sets.
pub fn sorted_titles(html: &str) -> Vec<String> {
    let mut titles = listed_titles(html);
    titles.sort();
    titles
}

/// Follows "More" links from `start`, returning every listed title in order.
pub async fn walk_list(app: &TestApp, start: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut next = Some(start.to_string());
    let mut pages = 0;
    while let Some(path) = next {
        pages += 1;
        assert!(
            pages <= 10,
            "more than 10 pages: the cursor does not advance"
        );
        let html = page(app, &path).await;
        titles.extend(listed_titles(&html));
        next = more_link(&html);
    }
    titles
}
