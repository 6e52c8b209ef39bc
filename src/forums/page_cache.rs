//! Topic pages as anonymous visitors see them, rendered once and served to every visitor
//! who is not signed in until something the page shows changes; for signed-in members, a
//! template per set of permissions (`auth::TopicPerms`) whose holes take each member's
//! own parts (header, tokens, votes, watching; see `views::holes`); and the part of a
//! topic page that is the same for everyone (posts, authors, comments, categories), so
//! only the viewer's own part is read per request.
//!
//! A cached page is only ever served after the request has loaded the topic and its
//! sub-community and the guardian has let the viewer see them, exactly as for an
//! uncached page (so a topic moved into a private sub-community, deleted or held is
//! refused at once). The entry must then still match:
//! - the topic row as loaded now (title, states, counters, category, sub-community ...),
//!   including `version`, which a trigger moves on every change to any of its posts
//!   (new, edited, voted, hidden, deleted, comments);
//! - the sub-community row (name, visibility, accent ...);
//! - the content epoch, which triggers move when how a member is shown (name, title,
//!   employee badge, suspension) or a category changes;
//! - for a template, the viewer's permissions on the page, compared whole.
//!
//! Rendered pages and templates are also keyed by the brand's version.
//!
//! Every check reads the database, so a change made through any node is seen by all
//! nodes on their next request. Entries also expire after [`TTL_SECS`], so the relative
//! times ("5 min ago") and the authors' reputation figures on a cached page are never
//! older than that. Anonymous pages are rendered with no CSRF token (an anonymous page
//! has no form that needs one) and templates with a hole where each token goes, so no
//! visitor's token is ever served to another.

use std::sync::Arc;

use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use crate::auth::TopicPerms;
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicId};
use crate::forums::read::TopicData;
use crate::forums::views::TopicTemplate;

/// Longest a cached page is served, whatever else happens.
pub const TTL_SECS: i64 = 10;

/// One page of one topic at one path, rendered with one version of the brand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    path: String,
    after: Option<(i32, i32)>,
    brand_version: i64,
}

impl PageKey {
    pub fn new(path: &str, after: Option<(i32, i32)>, brand_version: i64) -> Self {
        Self {
            path: path.to_string(),
            after,
            brand_version,
        }
    }
}

/// What a cached page was rendered from; it is served only while all of it is unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Validity {
    pub topic: Topic,
    pub community: Community,
    pub epoch: i64,
}

/// One topic page rendered as a template for every signed-in viewer to whom the guardian
/// gives exactly `perms` there (see `views::holes`), showing the same duplicate link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateKey {
    page: PageKey,
    perms: TopicPerms,
    duplicate_of: Option<TopicId>,
}

impl TemplateKey {
    pub fn new(page: PageKey, perms: TopicPerms, duplicate_of: Option<TopicId>) -> Self {
        Self {
            page,
            perms,
            duplicate_of,
        }
    }
}

/// One page of one topic's data, whoever looks at it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataKey {
    topic: TopicId,
    after: Option<(i32, i32)>,
}

impl DataKey {
    pub fn new(topic: &TopicId, after: Option<(i32, i32)>) -> Self {
        Self {
            topic: topic.clone(),
            after,
        }
    }
}

struct Entry<T> {
    validity: Validity,
    stored_at: Timestamp,
    value: T,
    weight: u64,
}

#[derive(Clone)]
struct ByWeight;

impl<K, T> Weighter<K, Arc<Entry<T>>> for ByWeight {
    fn weight(&self, _key: &K, entry: &Arc<Entry<T>>) -> u64 {
        entry.weight
    }
}

/// A bounded map whose entries are served only while valid and young enough.
struct Validated<K, T> {
    cache: Cache<K, Arc<Entry<T>>, ByWeight>,
}

impl<K: Eq + std::hash::Hash + Clone, T: Clone> Validated<K, T> {
    fn new(bytes: u64, typical: u64) -> Self {
        let items = usize::try_from(bytes / typical)
            .unwrap_or(usize::MAX)
            .max(16);
        Self {
            cache: Cache::with_weighter(items, bytes, ByWeight),
        }
    }

    fn get(&self, key: &K, now_valid: &Validity, now: Timestamp) -> Option<T> {
        let entry = self.cache.get(key)?;
        let age = now.micros() - entry.stored_at.micros();
        let fresh = (0..TTL_SECS * 1_000_000).contains(&age);
        (fresh && entry.validity == *now_valid).then(|| entry.value.clone())
    }

    fn put(&self, key: K, validity: Validity, now: Timestamp, value: T, weight: u64) {
        self.cache.insert(
            key,
            Arc::new(Entry {
                validity,
                stored_at: now,
                value,
                weight,
            }),
        );
    }
}

/// Rendered anonymous pages and the viewer-independent data of topic pages (shared by
/// signed-in members too), each bounded by half of `page_cache_mib`; switched off at 0.
#[derive(Clone)]
pub struct PageCache {
    inner: Option<Arc<Caches>>,
}

struct Caches {
    pages: Validated<PageKey, Bytes>,
    templates: Validated<TemplateKey, Arc<TopicTemplate>>,
    data: Validated<DataKey, Arc<TopicData>>,
}

impl PageCache {
    pub fn new(mib: u64) -> Self {
        let third = mib.saturating_mul(1024 * 1024) / 3;
        Self {
            inner: (third > 0).then(|| {
                Arc::new(Caches {
                    pages: Validated::new(third, 30_000),
                    templates: Validated::new(third, 50_000),
                    data: Validated::new(third, 60_000),
                })
            }),
        }
    }

    /// The page stored under `key`, if it was rendered from exactly `now_valid` and is
    /// younger than [`TTL_SECS`].
    pub fn get(&self, key: &PageKey, now_valid: &Validity, now: Timestamp) -> Option<Bytes> {
        self.inner.as_ref()?.pages.get(key, now_valid, now)
    }

    pub fn put(&self, key: PageKey, validity: Validity, now: Timestamp, body: Bytes) {
        if let Some(c) = &self.inner {
            let weight = (key.path.len() + body.len() + 2048) as u64;
            c.pages.put(key, validity, now, body, weight);
        }
    }

    /// A signed-in topic page's template, on the same terms as [`PageCache::get`].
    pub fn get_template(
        &self,
        key: &TemplateKey,
        now_valid: &Validity,
        now: Timestamp,
    ) -> Option<Arc<TopicTemplate>> {
        self.inner.as_ref()?.templates.get(key, now_valid, now)
    }

    pub fn put_template(
        &self,
        key: TemplateKey,
        validity: Validity,
        now: Timestamp,
        template: Arc<TopicTemplate>,
    ) {
        if let Some(c) = &self.inner {
            let weight = (template.weight() + key.perms.posts.len() * 64 + 2048) as u64;
            c.templates.put(key, validity, now, template, weight);
        }
    }

    /// A topic page's shared data, on the same terms as [`PageCache::get`].
    pub fn get_data(
        &self,
        key: &DataKey,
        now_valid: &Validity,
        now: Timestamp,
    ) -> Option<Arc<TopicData>> {
        self.inner.as_ref()?.data.get(key, now_valid, now)
    }

    pub fn put_data(&self, key: DataKey, validity: Validity, now: Timestamp, data: Arc<TopicData>) {
        if let Some(c) = &self.inner {
            let weight = data.weight() as u64;
            c.data.put(key, validity, now, data, weight);
        }
    }
}
