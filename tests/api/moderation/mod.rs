//! Moderation and governance: the policy engine on posts, titles and profiles (detectors,
//! rules, block / hold / censor / flag), pre-moderation, flags and the review queue with
//! its one-step actions, sanctions that take effect at once, limits for new accounts,
//! permissions across sub-communities, and the append-only, filterable audit log.
//!
//! Submodules, by theme:
//! - `policy`: the policy engine on posts, titles and profiles, pre-moderation, limits
//!   for new accounts.
//! - `rules`: testing, validating and scoping policy rules.
//! - `permissions_and_sanctions`: who may act where, and sanctions that take effect at once.
//! - `queue`: flags, the review queue and its actions, moderating from the topic page,
//!   and what moderation tells members.
//! - `audit_log`: the audit log, and moderation pages without active content.

mod audit_log;
mod permissions_and_sanctions;
mod policy;
mod queue;
mod rules;

use parley::db::ModerationState;

use crate::helpers::forum_fixtures::*;
use crate::helpers::{TestApp, TestClient, TestUser, DEFAULT_PASSWORD};

pub const VALID_CARD: &str = "4111 1111 1111 1111";

/// A fresh browser for an existing member (after a sanction or a role change).
pub async fn sign_in_again(app: &TestApp, username: &str) -> TestClient {
    let user = TestUser {
        id: user_named(app, username).await.id,
        username: username.into(),
        email: format!("{username}@example.com"),
        password: DEFAULT_PASSWORD.into(),
    };
    app.signed_in_client(&user).await
}

pub async fn opening_state(app: &TestApp, topic: &TopicRef) -> ModerationState {
    post_by_number(app, &topic.id, 1).await.moderation_state
}
