//! The page cache (`src/forums/page_cache.rs`): visitors who are not signed in share one
//! rendering of a topic page, signed-in members one template per set of permissions with
//! their own parts filled in, and every change that page shows reaches them on their next
//! request: new, edited, voted and deleted posts, a topic moved into a private
//! sub-community, a suspended or renamed author, a new role, and time.
//!
//! Submodules, by theme:
//! - `visitors`: anonymous visitors share renderings (pages, gzip, later pages, lists).
//! - `freshness`: every change a page shows reaches it at once, or within the open
//!   cache's bound when written elsewhere.
//! - `members`: signed-in members share templates, each with their own parts.

mod freshness;
mod members;
mod visitors;

use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{spawn_app_with, CommunityBuilder, TestApp, TestClient};

/// A public sub-community `widgets` with a question by ana and an answer by bob, and the
/// topic page already seen once by a visitor (so it is cached).
pub struct Scene {
    pub app: TestApp,
    pub admin: TestClient,
    pub ana: TestClient,
    pub bob: TestClient,
    pub q: TopicRef,
    pub answer: PostRef,
    pub visitor: TestClient,
}

pub async fn scene() -> Scene {
    // Three tests here count statements, so no background worker polls the pool.
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Why does my widget hum at night").await;
    let answer = reply(&app, &bob, &q, "Night mode raises the fan speed.").await;
    let visitor = app.new_client();
    let first = page(&visitor, &q.path).await;
    assert!(first.contains("Night mode raises the fan speed."));
    Scene {
        app,
        admin,
        ana,
        bob,
        q,
        answer,
        visitor,
    }
}
