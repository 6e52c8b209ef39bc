//! Notification fixtures: a member's notification rows, as the event's transaction wrote
//! them.

use diesel::prelude::*;
use parley::db::models::notifications::Notification;
use parley::db::schema::notifications as notifications_table;
use parley::db::{NotificationKind, UserId};

use super::fixtures::db;
use super::TestApp;

/// Every notification of a member, oldest first.
pub async fn notifications_of(app: &TestApp, user: &UserId) -> Vec<Notification> {
    let user = user.clone();
    db(app, move |conn| {
        Ok(notifications_table::table
            .filter(notifications_table::user_id.eq(&user))
            .order((
                notifications_table::created_at.asc(),
                notifications_table::id.asc(),
            ))
            .select(Notification::as_select())
            .load(conn)?)
    })
    .await
}

/// The kinds of a member's notifications, oldest first.
pub async fn notification_kinds(app: &TestApp, user: &UserId) -> Vec<NotificationKind> {
    notifications_of(app, user)
        .await
        .iter()
        .map(|n| n.kind)
        .collect()
}
