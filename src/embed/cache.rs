//! Rendered read-only fragments (`/embed/v1/topics.html`), kept for one second.
//!
//! A corporate page's widgets are fetched by every visitor of that page, so the same list
//! is asked for many times a second. A rendered fragment is reused for at most
//! [`FRESH_FOR_MICROS`] (on the app's clock) and only while what it was rendered from is
//! unchanged (the [`Validator`]): the sub-community row (`updated_at`), which the handler
//! loads on every request, so a sub-community made private or no longer embeddable
//! answers 404 at once; for a page thread also its topic's `version`, so a new, edited or
//! hidden comment shows at once. A list (`topics.html`) shows a new, changed, held or
//! deleted topic within one second; authors' new names within one second.
//! The staleness bound is the same on every node (each keeps its own copy).
//!
//! The same cache, holding whole pages ([`crate::http::CachedPage`]), keeps a
//! sub-community's topic lists as anonymous visitors see them (`forums::routes::lists`,
//! issue 22), with the same bound.

use std::sync::Arc;

use crate::db::{CommunityId, Timestamp};

/// How long a rendered fragment is reused.
pub const FRESH_FOR_MICROS: i64 = 1_000_000;
/// Fragments kept (each a few kilobytes).
const CAPACITY: usize = 2_000;

/// A rendered fragment and its ETag (hashed once per rendering, not per request).
#[derive(Clone)]
pub struct Rendered {
    pub body: bytes::Bytes,
    pub etag: Arc<str>,
}

#[derive(Clone)]
struct Entry<V> {
    body: V,
    rendered_at: Timestamp,
    validator: Validator,
}

/// What a fragment was rendered from: the sub-community row's `updated_at` and, for a
/// page thread, its topic's `version` (0 for lists).
pub type Validator = (Timestamp, i64);

#[derive(Clone)]
pub struct FragmentCache<V = Rendered>(
    Arc<quick_cache::sync::Cache<(CommunityId, String), Entry<V>>>,
);

impl<V: Clone> Default for FragmentCache<V> {
    fn default() -> Self {
        FragmentCache(Arc::new(quick_cache::sync::Cache::new(CAPACITY)))
    }
}

impl<V: Clone> FragmentCache<V> {
    /// The fragment rendered for `key` in this sub-community (as of `community_version`)
    /// less than a second ago.
    pub fn get(
        &self,
        community: &CommunityId,
        key: &str,
        validator: Validator,
        now: Timestamp,
    ) -> Option<V> {
        let e = self.0.get(&(community.clone(), key.to_string()))?;
        (e.validator == validator
            && now.micros() - e.rendered_at.micros() < FRESH_FOR_MICROS
            && now.micros() >= e.rendered_at.micros())
        .then_some(e.body)
    }

    pub fn put(
        &self,
        community: &CommunityId,
        key: String,
        validator: Validator,
        now: Timestamp,
        body: V,
    ) {
        self.0.insert(
            (community.clone(), key),
            Entry {
                body,
                rendered_at: now,
                validator,
            },
        );
    }
}
