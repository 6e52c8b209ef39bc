//! In-app notifications and watching levels, through the real HTTP app: who hears of
//! which event (one notification per member and event, the strongest reason winning),
//! muting and the other levels, the defaults (creators watch, repliers track, managers'
//! level for new members), privacy, reading (one, all, by opening the topic), the list's
//! keyset pagination, the watch endpoints and the header's unread badge.
//!
//! Outcomes are read from pages (`/notifications`, the header) and, for exact counts and
//! kinds, from the `notifications` and `watches` rows written in each event's transaction.
//!
//! Submodules, by theme (the tests the old file gathered under "More" went to their
//! themes):
//! - `events`: each kind of event reaches exactly the right member, once, never the actor.
//! - `privacy`: who hears nothing: members who may not see the place, the uninvited,
//!   the suspended, and names inside code.
//! - `levels`: muted, tracking, normal, the watch endpoints and the controls that show
//!   and set the levels.
//! - `defaults`: creators watch, repliers track, the manager's level for new members, and
//!   the levels a new account starts at.
//! - `reading`: marking read, the list's pagination, unread markers on lists, and
//!   bounded queries.
//! - `fan_out`: the fan-out queue, and concurrent replies.

mod defaults;
mod events;
mod fan_out;
mod levels;
mod privacy;
mod reading;

use diesel::prelude::*;
use parley::db::models::users;
use parley::db::models::watches::Watch;
use parley::db::schema::watches as watches_table;
use parley::db::UserId;
use reqwest::Response;

use crate::helpers::fixtures::db;
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::notifications_of;
use crate::helpers::{assert_see_other, html_select, TestApp, TestClient};

/// `users.unread_notifications` of the member.
pub async fn unread_counter(app: &TestApp, user: &UserId) -> i32 {
    let user = user.clone();
    db(app, move |conn| Ok(users::find(conn, &user)?))
        .await
        .expect("user exists")
        .unread_notifications
}

/// Asserts the stored counter equals the member's unread rows, and returns it.
pub async fn counter_in_step(app: &TestApp, user: &UserId) -> i32 {
    let counter = unread_counter(app, user).await;
    let unread = notifications_of(app, user)
        .await
        .iter()
        .filter(|n| n.read_at.is_none())
        .count();
    assert_eq!(
        usize::try_from(counter).expect("counter is not negative"),
        unread,
        "users.unread_notifications ({counter}) and the unread rows ({unread})"
    );
    counter
}

/// The header's unread badge on a page, if shown.
pub fn badge(html: &str) -> Option<String> {
    html_select(html, "a.notifications-link span.count-badge")
        .into_iter()
        .next()
}

/// The badge on `/` for this browser.
pub async fn badge_of(client: &TestClient) -> Option<String> {
    badge(&page(client, "/").await)
}

/// Every watch row of the member.
pub async fn watch_rows_of(app: &TestApp, user: &UserId) -> Vec<Watch> {
    let user = user.clone();
    db(app, move |conn| {
        Ok(watches_table::table
            .filter(watches_table::user_id.eq(&user))
            .select(Watch::as_select())
            .load(conn)?)
    })
    .await
}

pub async fn watch_topic(client: &TestClient, topic: &TopicRef, level: &str) -> Response {
    client
        .post_form(&format!("/t/{}/watch", topic.id), &[("level", level)])
        .await
}

/// Sets a level on a topic and asserts the app took it.
pub async fn watch_topic_ok(client: &TestClient, topic: &TopicRef, level: &str) {
    let response = watch_topic(client, topic, level).await;
    assert_see_other(&response, &format!("{}?notice=saved", topic.path));
}

pub async fn watch_community_ok(client: &TestClient, slug: &str, level: &str) {
    let response = client
        .post_form(&format!("/c/{slug}/watch"), &[("level", level)])
        .await;
    assert_see_other(&response, &format!("/c/{slug}?notice=saved"));
}

pub async fn watch_category_ok(client: &TestClient, slug: &str, cat: &str, level: &str) {
    let response = client
        .post_form(&format!("/c/{slug}/cat/{cat}/watch"), &[("level", level)])
        .await;
    assert_see_other(&response, &format!("/c/{slug}/cat/{cat}?notice=saved"));
}
