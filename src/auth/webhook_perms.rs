//! The guardian's answers about webhooks, kept beside `guardian.rs` (already at its size
//! limit) and built only from its public questions, so the rules stay the guardian's.

use crate::auth::{Guardian, Viewer};
use crate::db::models::communities::{Community, Membership};
use crate::db::models::users::User;
use crate::db::{Timestamp, WebhookEvent};

impl Guardian<'_> {
    /// Webhook subscriptions and their delivery logs: site admins (through a token, with
    /// `webhooks:manage` too, which the API handlers ask first).
    pub fn can_manage_webhooks(&self) -> bool {
        self.is_admin()
    }

    /// Whether a subscription owned by `owner` may receive `event` of `community` (none:
    /// a site-wide event) at `now`, asked at delivery time so a demotion, a suspension or
    /// a sub-community made private since the event counts. Moderation events go to
    /// those who moderate there; the others to those who may read there.
    pub fn webhook_recipient_may_receive(
        owner: &User,
        memberships: Vec<Membership>,
        event: WebhookEvent,
        community: Option<&Community>,
        now: Timestamp,
    ) -> bool {
        if owner.is_suspended_at(now) {
            return false;
        }
        let viewer = Viewer::of_member(owner.clone(), memberships, now);
        let guardian = Guardian::new(&viewer);
        let moderation = matches!(
            event,
            WebhookEvent::FlagCreated | WebhookEvent::PostHeld | WebhookEvent::MemberSanctioned
        );
        match (community, moderation) {
            (Some(c), true) => guardian.can_moderate(c),
            (Some(c), false) => guardian.can_see_community(c),
            (None, true) => guardian.is_site_staff(),
            (None, false) => true,
        }
    }
}
