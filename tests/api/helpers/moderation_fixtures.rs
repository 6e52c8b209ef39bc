//! Moderation fixtures: the policy settings form as an admin sends it, review items and
//! audit rows from the database, and topics or replies that may have been held.

use diesel::prelude::*;
use parley::db::models::audit::AuditEntry;
use parley::db::models::moderation::{self, ReviewItem};
use parley::db::schema::{audit_log, review_items};
use parley::db::{PostId, ReviewStatus};
use reqwest::{Response, StatusCode};

use super::fixtures::db;
use super::forum_fixtures::{post_by_number, PostRef, TopicRef};
use super::{location, TestApp, TestClient};

/// The deployment's policy form with the seeded defaults, `overrides` applied last.
/// Detector fields are `det_<detector>_enabled|action|skip`.
pub async fn save_policy(admin: &TestClient, overrides: &[(&str, &str)]) -> Response {
    let mut fields: Vec<(String, String)> = vec![
        ("flag_threshold".into(), "3".into()),
        ("new_account_hours".into(), "24".into()),
        ("new_account_posts_per_hour".into(), "30".into()),
        ("new_account_max_links".into(), "5".into()),
        ("code_names".into(), String::new()),
        (
            "markers".into(),
            "confidential\ninternal only\ndo not distribute".into(),
        ),
    ];
    for (d, action, skip) in [
        ("email", "flag", false),
        ("phone", "flag", false),
        ("card", "hold", false),
        ("iban", "hold", false),
        ("secret", "block", false),
        ("code_name", "hold", true),
        ("marker", "hold", true),
    ] {
        fields.push((format!("det_{d}_enabled"), "true".into()));
        fields.push((format!("det_{d}_action"), action.into()));
        if skip {
            fields.push((format!("det_{d}_skip"), "true".into()));
        }
    }
    for (k, v) in overrides {
        fields.retain(|(name, _)| name != k);
        if !v.is_empty() || !k.starts_with("det_") {
            fields.push((k.to_string(), v.to_string()));
        }
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    admin.post_form("/admin/moderation", &borrowed).await
}

/// Saves the policy and asserts the app took it.
pub async fn policy(admin: &TestClient, overrides: &[(&str, &str)]) {
    let response = save_policy(admin, overrides).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "saving the policy"
    );
    assert_eq!(
        location(&response).as_deref(),
        Some("/admin/moderation?notice=saved")
    );
}

/// The topic a `303 → /t/{id}/{slug}[?notice=held]` answer points to, and whether it
/// was held.
#[track_caller]
pub fn topic_after_post(response: &Response) -> (TopicRef, bool) {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected 303 to the new topic"
    );
    let to = location(response).expect("303 without Location");
    let (path, query) = match to.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (
            to.split('#').next().unwrap_or_default().to_string(),
            String::new(),
        ),
    };
    let id = path
        .strip_prefix("/t/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("not a topic redirect: {to}"))
        .to_string();
    (TopicRef { id, path }, query.starts_with("notice=held"))
}

/// The reply a `303 → /t/..[?notice=held]#p{n}` answer points to, and whether it was held.
pub async fn reply_after_post(
    app: &TestApp,
    topic: &TopicRef,
    response: &Response,
) -> (PostRef, bool) {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected 303 to the reply"
    );
    let to = location(response).expect("303 without Location");
    let (before, number) = to
        .split_once("#p")
        .unwrap_or_else(|| panic!("no #p in {to}"));
    let number: i32 = number.parse().expect("post number");
    let post = post_by_number(app, &topic.id, number).await;
    (
        PostRef {
            id: post.id.to_string(),
            number,
        },
        before.ends_with("notice=held"),
    )
}

pub async fn all_review_items(app: &TestApp) -> Vec<ReviewItem> {
    db(app, |conn| {
        Ok(review_items::table
            .order(review_items::created_at.asc())
            .select(ReviewItem::as_select())
            .load(conn)?)
    })
    .await
}

/// The open review item of a post; panics if there is none.
pub async fn open_item(app: &TestApp, post: &str) -> ReviewItem {
    let id = PostId::parse(post).expect("post id");
    db(app, move |conn| {
        Ok(moderation::open_item_for_post(conn, &id)?)
    })
    .await
    .unwrap_or_else(|| panic!("no open review item for post {post}"))
}

pub async fn item_status(app: &TestApp, item: &ReviewItem) -> ReviewStatus {
    let id = item.id.clone();
    db(app, move |conn| Ok(moderation::find_item(conn, &id)?))
        .await
        .expect("item exists")
        .status
}

/// `POST /review/{id}` with `action` and `extra` fields.
pub async fn review(
    client: &TestClient,
    item: &ReviewItem,
    action: &str,
    extra: &[(&str, &str)],
) -> Response {
    let mut fields = vec![("action", action)];
    fields.extend_from_slice(extra);
    client
        .post_form(&format!("/review/{}", item.id), &fields)
        .await
}

pub async fn audit_rows(app: &TestApp, action: &str) -> Vec<AuditEntry> {
    let action = action.to_string();
    db(app, move |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.eq(action))
            .select(AuditEntry::as_select())
            .load(conn)?)
    })
    .await
}
