//! Answers kept in memory for a while, per process (issue 19): the path a query takes
//! (`paths`), its tsqueries (`tsq`) and the lexemes' frequencies (`lexemes`). Each is
//! a fact about how to run a search, never a result, so a stale one costs speed only.
//!
//! Bounded: when `max` entries are held, all are dropped (a bound, not an LRU; each
//! entry is cheap to make again). A poisoned lock is treated as an empty cache.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(super) struct Kept<K, V> {
    entries: Mutex<Option<HashMap<K, (Instant, V)>>>,
    keep: Duration,
    max: usize,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    /// Keeps each entry for `keep`, at most `max` of them.
    pub(super) const fn new(keep: Duration, max: usize) -> Self {
        Kept {
            entries: Mutex::new(None),
            keep,
            max,
        }
    }

    /// The value kept for `key`, if it is younger than `keep`.
    pub(super) fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.as_ref()?.get(key)?;
        (at.elapsed() < self.keep).then(|| value.clone())
    }

    /// Keeps `value` for `key` from now.
    pub(super) fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            let entries = entries.get_or_insert_with(HashMap::new);
            if entries.len() >= self.max {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_for_its_time_and_within_its_bound() {
        let kept: Kept<String, u32> = Kept::new(Duration::from_secs(60), 2);
        assert_eq!(kept.get("a"), None);
        kept.put("a".into(), 1);
        kept.put("b".into(), 2);
        assert_eq!(kept.get("a"), Some(1));
        assert_eq!(kept.get("b"), Some(2));
        // The bound is reached: everything is dropped before the third is kept.
        kept.put("c".into(), 3);
        assert_eq!(kept.get("a"), None);
        assert_eq!(kept.get("c"), Some(3));

        let expired: Kept<String, u32> = Kept::new(Duration::ZERO, 10);
        expired.put("a".into(), 1);
        assert_eq!(expired.get("a"), None);
    }
}
