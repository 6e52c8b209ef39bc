//! Answers kept in memory for a while, per process (issue 19): the path a query takes
//! (`paths`), its tsqueries (`tsq`) and the lexemes' frequencies (`lexemes`). Each is
//! a fact about how to run a search, never a result, so a stale one costs speed only.
//!
//! Bounded by `quick_cache` (as the page and viewer caches are): past `max` entries the
//! least useful are evicted; an entry older than `keep` is not used, and is replaced by
//! the next `put`.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

pub(super) struct Kept<K, V> {
    entries: OnceLock<Cache<K, (Instant, V)>>,
    keep: Duration,
    max: usize,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    /// Keeps each entry for `keep`, at most about `max` of them.
    pub(super) const fn new(keep: Duration, max: usize) -> Self {
        Kept {
            entries: OnceLock::new(),
            keep,
            max,
        }
    }

    fn entries(&self) -> &Cache<K, (Instant, V)> {
        self.entries.get_or_init(|| Cache::new(self.max))
    }

    /// The value kept for `key`, if it is younger than `keep`.
    pub(super) fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let (at, value) = self.entries().get(key)?;
        (at.elapsed() < self.keep).then_some(value)
    }

    /// Keeps `value` for `key` from now.
    pub(super) fn put(&self, key: K, value: V) {
        self.entries().insert(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_for_its_time_and_within_its_bound() {
        let kept: Kept<String, u32> = Kept::new(Duration::from_secs(60), 100);
        assert_eq!(kept.get("a"), None);
        kept.put("a".into(), 1);
        assert_eq!(kept.get("a"), Some(1));
        kept.put("a".into(), 2);
        assert_eq!(kept.get("a"), Some(2));
        for i in 0..10_000u32 {
            kept.put(i.to_string(), i);
        }
        assert!(kept.entries().len() <= 100, "{}", kept.entries().len());

        let expired: Kept<String, u32> = Kept::new(Duration::ZERO, 10);
        expired.put("a".into(), 1);
        assert_eq!(expired.get("a"), None);
    }
}
