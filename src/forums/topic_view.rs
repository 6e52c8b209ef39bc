//! Serving a topic page: open the topic (the guardian decides on every request, in
//! `topic_page::open_topic`), then take the page from the page cache or render it.
//! Anonymous visitors share one rendering of each page, signed-in members one template
//! per set of permissions (see `page_cache`); pages with a notice, a quote or posts
//! awaiting review are rendered whole. The handler only turns the result into a response.

use std::sync::Arc;

use bytes::Bytes;
use maud::Markup;

use crate::auth::Guardian;
use crate::db::{PostId, TopicId};
use crate::error::{AppResult, FieldErrors};
use crate::forums::page_cache::{CachedPage, Current, PageKey, TemplateKeyRef};
use crate::forums::topic_page::{self, TopicPage};
use crate::forums::views;
use crate::state::AppState;
use crate::views::{Page, PendingPage};

/// A topic page ready to send.
pub enum RenderedTopic {
    /// The rendering every anonymous visitor shares, with its gzip.
    Shared(CachedPage),
    /// A signed-in member's template with their own parts filled in.
    Filled(Bytes),
    /// A page rendered for this request alone.
    Whole(Markup),
    /// The topic was merged: its address leads to this path.
    Moved(String),
}

/// One page of topic `id` (replies `after` a cursor) for the viewer `pending` resolves to,
/// its reply box prefilled with the post `quote` quoted.
pub async fn render_topic(
    state: &AppState,
    pending: PendingPage,
    id: &TopicId,
    after: Option<&str>,
    quote: Option<&str>,
) -> AppResult<RenderedTopic> {
    let (viewer, opened) = topic_page::open_topic(state, pending.viewer_key(), id).await?;
    if let Some(into) = &opened.leads_to {
        return Ok(RenderedTopic::Moved(format!("/t/{into}")));
    }
    // Issue 21: the topic's sub-community's default language takes part in the choice.
    let page = &pending
        .into_page(viewer)
        .in_community(opened.community.default_language);
    let guardian = Guardian::new(&page.viewer);
    let plain = quote.is_none() && page.notice.is_none();
    let epoch = opened.epoch;
    let now = state.clock.now();
    let key = PageKey::new(
        &page.path,
        after.and_then(topic_page::decode_reply_cursor),
        page.brand.version,
        page.lang,
    );
    if plain && page.viewer.auth().is_none() {
        let current = Current {
            topic: &opened.topic,
            community: &opened.community,
            epoch,
        };
        if let Some(cached) = state.pages.get(&key, current, now) {
            return Ok(RenderedTopic::Shared(cached));
        }
        let tp = topic_page::opened_page(state, &guardian, opened, after).await?;
        let current = Current {
            topic: &tp.topic,
            community: &tp.community,
            epoch,
        };
        // Rendered with no CSRF token: an anonymous page has no form that needs one.
        let anonymous = Page {
            csrf: String::new(),
            ..page.clone()
        };
        let rendered = CachedPage::new(Bytes::from(
            views::topic::topic(
                &anonymous,
                &tp,
                &tp.perms(&guardian),
                now,
                "",
                &FieldErrors::new(),
                None,
            )
            .into_string(),
        ));
        state.pages.put(key, current, now, rendered.clone());
        return Ok(RenderedTopic::Shared(rendered));
    }
    let tp = topic_page::opened_page(state, &guardian, opened, after).await?;
    let page = &page.after_reading_notifications(tp.marked_read);
    let perms = tp.perms(&guardian);
    if plain && tp.pending.is_empty() {
        let current = Current {
            topic: &tp.topic,
            community: &tp.community,
            epoch,
        };
        let key = TemplateKeyRef::new(&key, &perms, tp.duplicate_of.as_ref().map(|d| &d.id));
        let template = match state.pages.get_template(key, current, now) {
            Some(template) => template,
            None => {
                let template =
                    Arc::new(views::topic::TopicTemplate::render(page, &tp, &perms, now));
                state
                    .pages
                    .put_template(key, current, now, template.clone());
                template
            }
        };
        return Ok(RenderedTopic::Filled(Bytes::from(template.fill(page, &tp))));
    }
    let body = quote
        .and_then(PostId::parse)
        .and_then(|quoted| quoted_reply(&tp, &quoted))
        .unwrap_or_default();
    Ok(RenderedTopic::Whole(views::topic::topic(
        page,
        &tp,
        &perms,
        now,
        &body,
        &FieldErrors::new(),
        None,
    )))
}

/// A reply that starts by quoting `quoted`, when the page shows that post.
fn quoted_reply(tp: &TopicPage, quoted: &PostId) -> Option<String> {
    let pv = tp.post_views().find(|pv| &pv.post.id == quoted)?;
    let quoted_text: String = pv
        .post
        .body_markdown
        .lines()
        .map(|l| format!("> {l}\n"))
        .collect();
    Some(format!("@{} wrote:\n{quoted_text}\n", pv.author.username))
}

/// A topic's page as another representation (the API's JSON), rendered by `render` and
/// shared, like an anonymous page, by every viewer the guardian lets see the topic while
/// nothing it shows changes, when the page is the same for all of them (no held, hidden
/// or deleted post on it). The guardian decides on every request first (`open_for`);
/// `variant` names the representation and its options in the cache key.
pub async fn shared_rendering(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &TopicId,
    variant: &str,
    render: impl FnOnce(&TopicPage) -> AppResult<Bytes>,
) -> AppResult<Bytes> {
    let opened = topic_page::open_for(state, guardian, id).await?;
    let now = state.clock.now();
    let key = PageKey::new(variant, None, 0, crate::i18n::Lang::En);
    let epoch = opened.epoch;
    let current = Current {
        topic: &opened.topic,
        community: &opened.community,
        epoch,
    };
    if let Some(cached) = state.pages.get(&key, current, now) {
        return Ok(cached.plain);
    }
    let tp = topic_page::opened_page(state, guardian, opened, None).await?;
    let body = render(&tp)?;
    if tp.same_for_everyone {
        let current = Current {
            topic: &tp.topic,
            community: &tp.community,
            epoch,
        };
        state
            .pages
            .put(key, current, now, CachedPage::new(body.clone()));
    }
    Ok(body)
}
