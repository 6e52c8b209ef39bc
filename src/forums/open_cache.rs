//! The rows a topic page opens with (the topic, its sub-community and the content epoch,
//! `topics::open`), and the sub-community row a sub-community's pages open with, shared by
//! anonymous visitors for at most [`FRESH_FOR_MICROS`] on the app's clock, and only while
//! this process has committed no write since they were read.
//!
//! The topic page cache (`page_cache`) already serves a rendered page to every anonymous
//! visitor, but it asked the database for these rows on every view to check the page
//! against them: one statement per view, which on PostgreSQL is a round trip to another
//! process and the largest part of a cached view. With this cache:
//! - a change written through this process (any write, through `db`'s write path) is
//!   seen on the next view, as before: every commit moves the pool's
//!   [`crate::db::DbPool::write_generation`], and an entry read before that commit is not
//!   used again;
//! - a change written by another node, or by another process such as the CLI, is seen
//!   within [`FRESH_FOR_MICROS`] (a quarter of a second): the staleness bound the README
//!   states for this cache;
//! - the guardian still decides on the rows for every request, and signed-in members
//!   (whose own reads come with the same trip) always read them.

use std::hash::Hash;
use std::sync::Arc;

use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicId};

/// How long rows read for one anonymous view serve the next ones.
pub const FRESH_FOR_MICROS: i64 = 250_000;
/// Topics kept (each entry two rows).
const CAPACITY: usize = 10_000;

/// What a topic view opens with: the topic, its sub-community, the content epoch.
pub type Rows = (Topic, Community, i64);

#[derive(Clone)]
struct Entry<V> {
    rows: V,
    read_at: Timestamp,
    generation: u64,
}

/// Rows kept per key (a topic's id, or a sub-community's slug).
#[derive(Clone)]
pub struct OpenCache<V = Rows, K = TopicId>(Arc<quick_cache::sync::Cache<K, Entry<V>>>);

/// A sub-community's row by its slug, for the anonymous pages inside it
/// (`communities::service::get_visible`).
pub type CommunityOpens = OpenCache<Community, String>;

impl<V: Clone, K: Eq + Hash + Clone> Default for OpenCache<V, K> {
    fn default() -> Self {
        OpenCache(Arc::new(quick_cache::sync::Cache::new(CAPACITY)))
    }
}

impl<V: Clone, K: Eq + Hash + Clone> OpenCache<V, K> {
    /// The rows read for `id` less than [`FRESH_FOR_MICROS`] before `now`, with no write
    /// committed by this process since (`generation`: the pool's write generation now).
    pub fn get<Q>(&self, id: &Q, now: Timestamp, generation: u64) -> Option<V>
    where
        Q: Hash + quick_cache::Equivalent<K> + ?Sized,
    {
        let e = self.0.get(id)?;
        let fresh = now.micros() - e.read_at.micros() < FRESH_FOR_MICROS
            && now.micros() >= e.read_at.micros()
            && e.generation == generation;
        fresh.then_some(e.rows)
    }

    /// Keeps rows read at `read_at`; `generation` is the pool's write generation as it
    /// was before the read began, so a write that committed during the read leaves the
    /// entry unused.
    pub fn put(&self, id: K, rows: V, read_at: Timestamp, generation: u64) {
        self.0.insert(
            id,
            Entry {
                rows,
                read_at,
                generation,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_serve_until_the_bound_or_the_next_commit() {
        let cache = OpenCache::<&str>::default();
        let topic = TopicId::new();
        let t0 = Timestamp::from_micros(1_000_000);
        cache.put(topic.clone(), "rows", t0, 3);
        let at = |us: i64| Timestamp::from_micros(t0.micros() + us);
        assert_eq!(cache.get(&topic, at(FRESH_FOR_MICROS - 1), 3), Some("rows"));
        assert_eq!(cache.get(&topic, at(FRESH_FOR_MICROS), 3), None, "aged");
        assert_eq!(cache.get(&topic, at(1), 4), None, "a commit since");
        assert_eq!(cache.get(&topic, at(-1), 3), None, "a clock that went back");
        assert_eq!(cache.get(&TopicId::new(), at(1), 3), None, "another topic");
    }
}
