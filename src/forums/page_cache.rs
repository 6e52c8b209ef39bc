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

use quick_cache::sync::Cache;
use quick_cache::{Equivalent, Weighter};

use crate::auth::TopicPerms;
use crate::db::models::communities::Community;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicId};
use crate::forums::topic_page::TopicData;
use crate::forums::views::topic::TopicTemplate;
pub use crate::http::CachedPage;

/// Longest a cached page is served, whatever else happens.
pub const TTL_SECS: i64 = 10;

/// One page of one topic at one path, rendered with one version of the brand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    path: String,
    after: Option<(i32, i32)>,
    brand_version: i64,
    /// Issue 21: one rendering per language.
    lang: crate::i18n::Lang,
}

impl PageKey {
    pub fn new(
        path: &str,
        after: Option<(i32, i32)>,
        brand_version: i64,
        lang: crate::i18n::Lang,
    ) -> Self {
        Self {
            path: path.to_string(),
            after,
            brand_version,
            lang,
        }
    }
}

/// What a cached page was rendered from; it is served only while all of it is unchanged.
#[derive(Debug, Clone, PartialEq)]
struct Validity {
    topic: Topic,
    community: Community,
    epoch: i64,
}

/// The topic row, sub-community row and content epoch as read on this request: what a
/// cached entry must have been made from to be served. Borrowed, so a look-up copies
/// nothing; an entry stores its own copy.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    pub topic: &'a Topic,
    pub community: &'a Community,
    pub epoch: i64,
}

impl Current<'_> {
    fn matches(&self, v: &Validity) -> bool {
        v.epoch == self.epoch && v.topic == *self.topic && v.community == *self.community
    }

    fn to_validity(self) -> Validity {
        Validity {
            topic: self.topic.clone(),
            community: self.community.clone(),
            epoch: self.epoch,
        }
    }
}

/// One topic page rendered as a template for every signed-in viewer to whom the guardian
/// gives exactly `perms` there (see `views::holes`), showing the same duplicate link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateKey {
    page: PageKey,
    perms: TopicPerms,
    duplicate_of: Option<TopicId>,
}

/// A [`TemplateKey`] borrowed from the request, to look a template up without copying
/// the permissions (one entry per shown post). It hashes as the owned key does: the
/// same fields in the same order, a reference hashing as what it points to.
#[derive(Debug, Clone, Copy, Hash)]
pub struct TemplateKeyRef<'a> {
    page: &'a PageKey,
    perms: &'a TopicPerms,
    duplicate_of: Option<&'a TopicId>,
}

impl<'a> TemplateKeyRef<'a> {
    pub fn new(
        page: &'a PageKey,
        perms: &'a TopicPerms,
        duplicate_of: Option<&'a TopicId>,
    ) -> Self {
        Self {
            page,
            perms,
            duplicate_of,
        }
    }

    fn to_key(self) -> TemplateKey {
        TemplateKey {
            page: self.page.clone(),
            perms: self.perms.clone(),
            duplicate_of: self.duplicate_of.cloned(),
        }
    }
}

impl Equivalent<TemplateKey> for TemplateKeyRef<'_> {
    fn equivalent(&self, key: &TemplateKey) -> bool {
        *self.page == key.page
            && *self.perms == key.perms
            && self.duplicate_of == key.duplicate_of.as_ref()
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
    // Issue 22 (metrics): lookups served from the cache, and the others.
    hits: std::sync::atomic::AtomicU64,
    misses: std::sync::atomic::AtomicU64,
}

impl<K: Eq + std::hash::Hash, T: Clone> Validated<K, T> {
    fn new(bytes: u64, typical: u64) -> Self {
        let items = usize::try_from(bytes / typical)
            .unwrap_or(usize::MAX)
            .max(16);
        Self {
            cache: Cache::with_weighter(items, bytes, ByWeight),
            hits: Default::default(),
            misses: Default::default(),
        }
    }

    fn get<Q>(&self, key: &Q, current: Current<'_>, now: Timestamp) -> Option<T>
    where
        Q: std::hash::Hash + Equivalent<K> + ?Sized,
    {
        let found = self.cache.get(key).and_then(|entry| {
            let age = now.micros() - entry.stored_at.micros();
            let fresh = (0..TTL_SECS * 1_000_000).contains(&age);
            (fresh && current.matches(&entry.validity)).then(|| entry.value.clone())
        });
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        found
    }

    fn put(&self, key: K, current: Current<'_>, now: Timestamp, value: T, weight: u64) {
        self.cache.insert(
            key,
            Arc::new(Entry {
                validity: current.to_validity(),
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
    pages: Validated<PageKey, CachedPage>,
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

    /// Issue 22 (metrics): (cache, hits, misses) of each cache since start; empty when off.
    pub fn stats(&self) -> Vec<(&'static str, u64, u64)> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(c) = &self.inner else {
            return Vec::new();
        };
        vec![
            (
                "pages",
                c.pages.hits.load(Relaxed),
                c.pages.misses.load(Relaxed),
            ),
            (
                "templates",
                c.templates.hits.load(Relaxed),
                c.templates.misses.load(Relaxed),
            ),
            (
                "data",
                c.data.hits.load(Relaxed),
                c.data.misses.load(Relaxed),
            ),
        ]
    }

    /// The page stored under `key`, if it was rendered from exactly what `current` holds
    /// and is younger than [`TTL_SECS`].
    pub fn get(&self, key: &PageKey, current: Current<'_>, now: Timestamp) -> Option<CachedPage> {
        self.inner.as_ref()?.pages.get(key, current, now)
    }

    pub fn put(&self, key: PageKey, current: Current<'_>, now: Timestamp, page: CachedPage) {
        if let Some(c) = &self.inner {
            let weight = (key.path.len() + page.plain.len() + page.gzip.len() + 2048) as u64;
            c.pages.put(key, current, now, page, weight);
        }
    }

    /// A signed-in topic page's template, on the same terms as [`PageCache::get`].
    pub fn get_template(
        &self,
        key: TemplateKeyRef<'_>,
        current: Current<'_>,
        now: Timestamp,
    ) -> Option<Arc<TopicTemplate>> {
        self.inner.as_ref()?.templates.get(&key, current, now)
    }

    pub fn put_template(
        &self,
        key: TemplateKeyRef<'_>,
        current: Current<'_>,
        now: Timestamp,
        template: Arc<TopicTemplate>,
    ) {
        if let Some(c) = &self.inner {
            let weight = (template.weight() + key.perms.posts.len() * 64 + 2048) as u64;
            c.templates
                .put(key.to_key(), current, now, template, weight);
        }
    }

    /// A topic page's shared data, on the same terms as [`PageCache::get`].
    pub fn get_data(
        &self,
        key: &DataKey,
        current: Current<'_>,
        now: Timestamp,
    ) -> Option<Arc<TopicData>> {
        self.inner.as_ref()?.data.get(key, current, now)
    }

    pub fn put_data(
        &self,
        key: DataKey,
        current: Current<'_>,
        now: Timestamp,
        data: Arc<TopicData>,
    ) {
        if let Some(c) = &self.inner {
            let weight = data.weight() as u64;
            c.data.put(key, current, now, data, weight);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::*;
    use crate::auth::guardian::PostPerms;
    use crate::db::PostId;

    fn perms(posts: &[(PostId, bool)]) -> TopicPerms {
        TopicPerms {
            signed_in: true,
            reply: true,
            post_as_brand: false,
            covers: false,
            claimed_by_me: false,
            set_idea_status: false,
            moderate: false,
            review: false,
            restore: false,
            accept: false,
            make_wiki: false,
            request_wiki: false,
            escalate: false,
            update_escalation: false,
            posts: posts
                .iter()
                .map(|(id, edit)| {
                    (
                        id.clone(),
                        PostPerms {
                            vote: true,
                            edit: *edit,
                            delete: false,
                            flag: true,
                        },
                    )
                })
                .collect(),
        }
    }

    /// The borrowed key finds what the owned key stored: same hash, equivalent; and a
    /// key that differs in any part finds nothing.
    #[test]
    fn a_borrowed_template_key_hashes_and_compares_as_the_owned_one() {
        type Hasher = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
        let (a, b, dup) = (PostId::new(), PostId::new(), TopicId::new());
        let page = PageKey::new("/t/x/y", Some((3, 7)), 2, crate::i18n::Lang::En);
        let mine = perms(&[(a.clone(), true), (b.clone(), false)]);
        for duplicate_of in [None, Some(&dup)] {
            let borrowed = TemplateKeyRef::new(&page, &mine, duplicate_of);
            let owned = borrowed.to_key();
            let h = Hasher::default();
            assert_eq!(h.hash_one(borrowed), h.hash_one(&owned));
            assert!(borrowed.equivalent(&owned));

            let theirs = perms(&[(a.clone(), false), (b.clone(), false)]);
            assert!(!TemplateKeyRef::new(&page, &theirs, duplicate_of).equivalent(&owned));
            let other_page = PageKey::new("/t/x/y", None, 2, crate::i18n::Lang::En);
            assert!(!TemplateKeyRef::new(&other_page, &mine, duplicate_of).equivalent(&owned));
            let other_dup = TopicId::new();
            assert!(!TemplateKeyRef::new(&page, &mine, Some(&other_dup)).equivalent(&owned));
        }

        // Through the cache the templates live in.
        let cache: Cache<TemplateKey, u32> = Cache::new(16);
        let key = TemplateKeyRef::new(&page, &mine, None);
        cache.insert(key.to_key(), 7);
        assert_eq!(cache.get(&key), Some(7));
        let theirs = perms(&[(a, false), (b, false)]);
        assert_eq!(cache.get(&TemplateKeyRef::new(&page, &theirs, None)), None);
    }
}
