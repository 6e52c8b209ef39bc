//! Topic pages as anonymous visitors see them, rendered once and served to every visitor
//! who is not signed in until something the page shows changes.
//!
//! A cached page is only ever served after the request has loaded the topic and its
//! sub-community and the guardian has let an anonymous visitor see them, exactly as for
//! an uncached page (so a topic moved into a private sub-community, deleted or held is
//! refused at once). The entry must then still match:
//! - the topic row as loaded now (title, states, counters, category, sub-community ...),
//!   including `version`, which a trigger moves on every change to any of its posts
//!   (new, edited, voted, hidden, deleted, comments);
//! - the sub-community row (name, visibility, accent ...);
//! - the content epoch, which triggers move when how a member is shown (name, title,
//!   employee badge, suspension) or a category changes;
//! - the brand's version.
//!
//! Every check reads the database, so a change made through any node is seen by all
//! nodes on their next request. Entries also expire after [`TTL_SECS`], so the relative
//! times ("5 min ago") and the authors' reputation figures on a cached page are never
//! older than that. Pages are rendered with no CSRF token (an anonymous page has no form
//! that needs one), so no visitor's token is ever served to another.

use std::sync::Arc;

use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::Timestamp;

/// Longest a cached page is served, whatever else happens.
pub const TTL_SECS: i64 = 10;

/// One page of one topic at one path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    path: String,
    after: Option<(i32, i32)>,
}

impl PageKey {
    pub fn new(path: &str, after: Option<(i32, i32)>) -> Self {
        Self {
            path: path.to_string(),
            after,
        }
    }
}

/// What a cached page was rendered from; it is served only while all of it is unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Validity {
    pub topic: Topic,
    pub community: Community,
    pub epoch: i64,
    pub brand_version: i64,
}

struct Entry {
    validity: Validity,
    stored_at: Timestamp,
    body: Bytes,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<PageKey, Arc<Entry>> for ByBytes {
    fn weight(&self, key: &PageKey, entry: &Arc<Entry>) -> u64 {
        // The body dominates; the rest is a fixed allowance for the rows kept beside it.
        (key.path.len() + entry.body.len() + 2048) as u64
    }
}

/// Bounded by bytes; `None` inside when switched off (`page_cache_mib = 0`).
#[derive(Clone)]
pub struct PageCache {
    inner: Option<Arc<Cache<PageKey, Arc<Entry>, ByBytes>>>,
}

impl PageCache {
    pub fn new(mib: u64) -> Self {
        let bytes = mib.saturating_mul(1024 * 1024);
        Self {
            inner: (bytes > 0).then(|| {
                // quick_cache wants an estimate of the number of items: ~30 KB per page.
                let items = usize::try_from(bytes / 30_000)
                    .unwrap_or(usize::MAX)
                    .max(16);
                Arc::new(Cache::with_weighter(items, bytes, ByBytes))
            }),
        }
    }

    /// The page stored under `key`, if it was rendered from exactly `now_valid` and is
    /// younger than [`TTL_SECS`].
    pub fn get(&self, key: &PageKey, now_valid: &Validity, now: Timestamp) -> Option<Bytes> {
        let entry = self.inner.as_ref()?.get(key)?;
        let fresh = now.micros() - entry.stored_at.micros() < TTL_SECS * 1_000_000
            && now.micros() >= entry.stored_at.micros();
        (fresh && entry.validity == *now_valid).then(|| entry.body.clone())
    }

    pub fn put(&self, key: PageKey, validity: Validity, now: Timestamp, body: Bytes) {
        if let Some(cache) = &self.inner {
            cache.insert(
                key,
                Arc::new(Entry {
                    validity,
                    stored_at: now,
                    body,
                }),
            );
        }
    }
}
