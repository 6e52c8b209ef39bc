//! What the API answers: the JSON shapes of sub-communities, members, topics and posts,
//! built from the same read models as the HTML pages. Times are RFC 3339; ids are the
//! typed ids' text; every resource carries its `url` in the API.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;

/// A sub-community.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommunityJson {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub accent_color: String,
    /// Its logo: an HTTPS address, a path on this site (`/assets/…`), or empty for none.
    pub logo_url: String,
    /// public, members, employees or invite_only.
    pub visibility: String,
    pub url: String,
    pub html_url: String,
}

impl CommunityJson {
    pub fn of(c: &Community) -> CommunityJson {
        CommunityJson {
            id: c.id.as_str().to_string(),
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            accent_color: c.accent_color.clone(),
            logo_url: c.logo_url.clone(),
            visibility: c.visibility.as_str().to_string(),
            url: format!("/api/v1/communities/{}", c.slug),
            html_url: format!("/c/{}", c.slug),
        }
    }
}

/// A member as shown beside their posts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorJson {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub title: String,
    pub is_employee: bool,
    pub reputation: i32,
    pub url: String,
}

impl AuthorJson {
    pub fn of(a: &AuthorView) -> AuthorJson {
        AuthorJson {
            id: a.id.as_str().to_string(),
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            title: a.title.clone(),
            is_employee: a.is_employee,
            reputation: a.reputation,
            url: format!("/api/v1/members/{}", a.username),
        }
    }
}

impl AuthorJson {
    /// A member from their own row (the caller, as author of what they just wrote).
    pub fn of_user(u: &crate::db::models::users::User) -> AuthorJson {
        AuthorJson {
            id: u.id.as_str().to_string(),
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            title: u.title.clone(),
            is_employee: u.is_employee,
            reputation: u.reputation,
            url: format!("/api/v1/members/{}", u.username),
        }
    }
}

/// A topic without its posts (lists); `GET /api/v1/topics/{id}` adds them.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicJson {
    pub id: String,
    /// The sub-community's slug.
    pub community: String,
    /// question, discussion, idea or announcement.
    pub kind: String,
    pub title: String,
    pub tags: Vec<String>,
    pub category_id: Option<String>,
    /// For questions: unanswered, answered or solved.
    pub state: Option<String>,
    pub author: Option<AuthorJson>,
    pub created_at: String,
    pub bumped_at: String,
    pub reply_count: i32,
    pub score: i32,
    pub accepted_post_id: Option<String>,
    pub official_reply: bool,
    pub pinned: bool,
    pub locked: bool,
    /// Closed as a duplicate of this topic (its id), or null.
    pub duplicate_of: Option<String>,
    /// For ideas: the status product teams gave it.
    pub idea_status: Option<String>,
    /// published, or held while its opening post awaits review (only its author and
    /// moderators see a held topic).
    pub moderation_state: String,
    pub url: String,
    pub html_url: String,
}

impl TopicJson {
    pub fn of(t: &Topic, community_slug: &str, author: Option<&AuthorView>) -> TopicJson {
        TopicJson {
            id: t.id.as_str().to_string(),
            community: community_slug.to_string(),
            kind: t.kind.as_str().to_string(),
            title: t.title.clone(),
            tags: t.tags.split_whitespace().map(str::to_string).collect(),
            category_id: t.category_id.as_ref().map(|c| c.as_str().to_string()),
            state: t.question_state().map(|s| s.as_str().to_string()),
            author: author.map(AuthorJson::of),
            created_at: t.created_at.rfc3339(),
            bumped_at: t.bumped_at.rfc3339(),
            reply_count: t.reply_count,
            score: t.score,
            accepted_post_id: t.accepted_post_id.as_ref().map(|p| p.as_str().to_string()),
            official_reply: t.official_reply,
            pinned: t.pinned,
            locked: t.locked,
            duplicate_of: t.duplicate_of.as_ref().map(|d| d.as_str().to_string()),
            idea_status: t.idea_status.map(|s| s.as_str().to_string()),
            moderation_state: if t.held { "held" } else { "published" }.to_string(),
            url: format!("/api/v1/topics/{}", t.id.as_str()),
            html_url: format!("/t/{}", t.id.as_str()),
        }
    }
}

/// A post: the opening post, a reply, or a comment (`parent_id` set).
#[derive(Debug, Serialize, ToSchema)]
pub struct PostJson {
    pub id: String,
    pub topic_id: String,
    pub post_number: i32,
    pub parent_id: Option<String>,
    pub author: Option<AuthorJson>,
    /// Posted as the brand (an official answer).
    pub as_brand: bool,
    /// The Markdown as written.
    pub body: String,
    /// The sanitised HTML the pages show.
    pub body_html: String,
    pub score: i32,
    pub accepted: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
    /// published, held or hidden (only authors and moderators see the last two).
    pub moderation_state: String,
    pub url: String,
    /// Issue 19: the current version's number, the `base_revision` an edit sends to be
    /// refused (409) rather than overwrite someone else's newer save.
    pub revision: i32,
}

impl PostJson {
    pub fn of(p: &Post, accepted: bool, author: Option<&AuthorView>) -> PostJson {
        PostJson {
            id: p.id.as_str().to_string(),
            topic_id: p.topic_id.as_str().to_string(),
            post_number: p.post_number,
            parent_id: p.parent_id.as_ref().map(|x| x.as_str().to_string()),
            author: author.map(AuthorJson::of),
            as_brand: p.as_brand,
            body: p.body_markdown.clone(),
            body_html: p.body_html.clone(),
            score: p.score,
            accepted,
            created_at: p.created_at.rfc3339(),
            edited_at: p.edited_at.map(|t| t.rfc3339()),
            moderation_state: p.moderation_state.as_str().to_string(),
            url: format!("/api/v1/posts/{}", p.id.as_str()),
            revision: p.revision_count,
        }
    }
}

/// A member's flag on a post in the review queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagJson {
    /// spam, inappropriate, off_topic, confidential or other.
    pub reason: String,
    pub note: String,
    /// Whether the flag counts towards hiding the post automatically.
    pub trusted: bool,
    pub by: AuthorJson,
    pub created_at: String,
}

/// What the policy engine found in a post under review.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyMatchJson {
    pub label: String,
    /// censor, flag, hold or block.
    pub action: String,
    /// The matched text, as written.
    pub text: String,
}

/// An item of the review queue: a post waiting for a moderator, why, and its flags.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewItemJson {
    pub id: String,
    /// flagged, policy or new_member.
    pub reason: String,
    /// open, approved, ignored, hidden, deleted or edited.
    pub status: String,
    /// The sub-community's slug.
    pub community: String,
    pub topic_id: String,
    pub topic_title: String,
    pub post: PostJson,
    pub flags: Vec<FlagJson>,
    pub matches: Vec<PolicyMatchJson>,
    pub created_at: String,
    /// Where to act on it (`POST`).
    pub url: String,
}

impl ReviewItemJson {
    pub fn of(e: &crate::moderation::queue::QueueEntry) -> ReviewItemJson {
        let accepted = e.topic.accepted_post_id.as_ref() == Some(&e.post.id);
        ReviewItemJson {
            id: e.item.id.as_str().to_string(),
            reason: e.item.reason.as_str().to_string(),
            status: e.item.status.as_str().to_string(),
            community: e.community.slug.clone(),
            topic_id: e.topic.id.as_str().to_string(),
            topic_title: e.topic.title.clone(),
            post: PostJson::of(&e.post, accepted, Some(&e.author)),
            flags: e
                .flags
                .iter()
                .map(|(f, by)| FlagJson {
                    reason: f.reason.as_str().to_string(),
                    note: f.note.clone(),
                    trusted: f.trusted,
                    by: AuthorJson::of(by),
                    created_at: f.created_at.rfc3339(),
                })
                .collect(),
            matches: e
                .matches
                .iter()
                .map(|m| PolicyMatchJson {
                    label: m.label.clone(),
                    action: m.action.as_str().to_string(),
                    text: m.text.clone(),
                })
                .collect(),
            created_at: e.item.created_at.rfc3339(),
            url: format!("/api/v1/moderation/queue/{}", e.item.id.as_str()),
        }
    }
}

/// A review item once a moderator acted on it: how it was closed and the post as it is now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewOutcomeJson {
    pub id: String,
    /// approved, ignored, hidden, deleted or edited.
    pub status: String,
    /// The sub-community's slug.
    pub community: String,
    pub post: PostJson,
}

/// A webhook subscription (its secret only in the answer that created it).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookJson {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// The sub-community it is limited to, by slug.
    pub community: Option<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: String,
    /// `whsec_…`: shown once, when the subscription is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub deliveries_url: String,
    pub url_in_api: String,
}

impl WebhookJson {
    pub fn of(
        s: &crate::db::models::webhooks::Subscription,
        community: Option<&Community>,
        secret: Option<String>,
    ) -> WebhookJson {
        WebhookJson {
            id: s.id.as_str().to_string(),
            url: s.url.clone(),
            events: s.events.split_whitespace().map(str::to_string).collect(),
            community: community.map(|c| c.slug.clone()),
            enabled: s.enabled,
            disabled_reason: s.disabled_reason.clone(),
            created_at: s.created_at.rfc3339(),
            secret,
            deliveries_url: format!("/api/v1/webhooks/{}/deliveries", s.id),
            url_in_api: format!("/api/v1/webhooks/{}", s.id),
        }
    }
}

/// One delivery of an event to a subscription; `id` is its `webhook-id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryJson {
    pub id: String,
    pub event_id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    /// pending, delivered, failed or skipped.
    pub status: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    pub next_attempt_at: Option<String>,
    /// The body sent (the event's payload).
    pub payload: serde_json::Value,
}

impl WebhookDeliveryJson {
    pub fn of(
        d: &crate::db::models::webhooks::Delivery,
        e: &crate::db::models::webhooks::EventRow,
    ) -> WebhookDeliveryJson {
        let pending = d.status == crate::db::DeliveryStatus::Pending;
        WebhookDeliveryJson {
            id: d.id.as_str().to_string(),
            event_id: e.id.as_str().to_string(),
            event_type: e.event_type.clone(),
            status: d.status.as_str().to_string(),
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error.clone(),
            created_at: d.created_at.rfc3339(),
            delivered_at: d.delivered_at.map(|t| t.rfc3339()),
            next_attempt_at: pending.then(|| d.next_attempt_at.rfc3339()),
            payload: serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}
