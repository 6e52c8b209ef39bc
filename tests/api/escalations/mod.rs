//! Issue 20: escalations to product teams, end to end over HTTP on a real database, with
//! the real SMTP sink and a real webhook receiver.
//!
//! `life_cycle`: escalate, update, resolve (banner, notifications, mail, audit, history,
//! outcome events) and the team queue; `refusals`: who may not, private sub-communities,
//! bad input; `api`: the JSON API and the webhooks; `team_webhook`: a team's own
//! webhook URL as a managed subscription.

mod api;
mod life_cycle;
mod refusals;
mod team_webhook;

use diesel::prelude::*;
use parley::db::models::escalations::{Change, Escalation};
use parley::db::schema::{audit_log, escalation_history, escalations, notifications};
use parley::db::{CommunityRole, UserId, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::{ask, TopicRef};
use crate::helpers::{
    location, spawn_app_with, CommunityBuilder, TestApp, TestClient, TestCommunity, TestUser,
    UserBuilder,
};

/// The cast: an admin, the public `widgets` and `gadgets`, an asker, a watcher, an
/// employee (covers what they see), a Billing team member, a moderator of gadgets
/// only, a plain member; the Billing team covers widgets and mails billing@example.com.
pub(super) struct Scene {
    pub app: TestApp,
    pub admin: TestClient,
    pub widgets: TestCommunity,
    pub gadgets: TestCommunity,
    pub asker: (TestUser, TestClient),
    pub watcher: (TestUser, TestClient),
    pub employee: (TestUser, TestClient),
    pub tara: (TestUser, TestClient),
    pub gadgets_mod: (TestUser, TestClient),
    pub member: (TestUser, TestClient),
}

pub(super) async fn scene() -> Scene {
    let app = spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.webhooks.allow_hosts = "127.0.0.1".into();
        s.webhooks.poll_interval_ms = 25;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    let widgets = CommunityBuilder::new("widgets").build(&app, &admin).await;
    let gadgets = CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let asker = UserBuilder::new("ana").signed_in(&app).await;
    let watcher = UserBuilder::new("walt").signed_in(&app).await;
    let employee = UserBuilder::new("erin").employee().signed_in(&app).await;
    let tara = UserBuilder::new("tara").employee().signed_in(&app).await;
    let gadgets_mod = UserBuilder::new("gus")
        .role_in(&gadgets, CommunityRole::Moderator)
        .signed_in(&app)
        .await;
    let member = UserBuilder::new("mel").signed_in(&app).await;
    save_team(
        &admin,
        None,
        &[
            ("name", "Billing"),
            ("slug", "billing"),
            ("members", "tara"),
            ("communities", "widgets"),
            ("notify_email", "billing@example.com"),
        ],
        StatusCode::SEE_OTHER,
    )
    .await;
    Scene {
        app,
        admin,
        widgets,
        gadgets,
        asker,
        watcher,
        employee,
        tara,
        gadgets_mod,
        member,
    }
}

/// `POST /admin/teams` (or `/admin/teams/{id}`), expecting `status`.
pub(super) async fn save_team(
    admin: &TestClient,
    id: Option<&str>,
    fields: &[(&str, &str)],
    status: StatusCode,
) -> String {
    let path = match id {
        Some(id) => format!("/admin/teams/{id}"),
        None => "/admin/teams".to_string(),
    };
    let response = admin.post_form(&path, fields).await;
    assert_eq!(response.status(), status, "saving a team at {path}");
    response.text().await.unwrap_or_default()
}

/// `POST /t/{id}/escalate` with `fields`.
pub(super) async fn escalate(
    client: &TestClient,
    topic: &TopicRef,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post_form(&format!("/t/{}/escalate", topic.id), fields)
        .await
}

/// Escalates to Billing and returns the escalation's id.
pub(super) async fn escalate_ok(app: &TestApp, client: &TestClient, topic: &TopicRef) -> String {
    let response = escalate(
        client,
        topic,
        &[
            ("team", "billing"),
            ("external_id", "BIL-7"),
            ("external_url", "https://tracker.example.com/BIL-7"),
            ("internal_note", "Refund needs finance sign-off"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response).as_deref(), Some(topic.path.as_str()));
    escalations_of(app, topic)
        .await
        .first()
        .map(|e| e.id.to_string())
        .expect("an escalation row")
}

/// `POST /t/{id}/escalations/{eid}` with `fields`.
pub(super) async fn update(
    client: &TestClient,
    topic: &TopicRef,
    eid: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post_form(&format!("/t/{}/escalations/{eid}", topic.id), fields)
        .await
}

/// The topic's escalations, newest first.
pub(super) async fn escalations_of(app: &TestApp, topic: &TopicRef) -> Vec<Escalation> {
    let tid = topic.id.clone();
    db(app, move |conn| {
        Ok(escalations::table
            .filter(escalations::topic_id.eq(&tid))
            .order(escalations::created_at.desc())
            .select(Escalation::as_select())
            .load(conn)?)
    })
    .await
}

pub(super) async fn escalation_count(app: &TestApp) -> i64 {
    db(app, |conn| {
        Ok(escalations::table.count().get_result(conn)?)
    })
    .await
}

pub(super) async fn history_of(app: &TestApp, eid: &str) -> Vec<Change> {
    let eid = eid.to_string();
    db(app, move |conn| {
        Ok(escalation_history::table
            .filter(escalation_history::escalation_id.eq(&eid))
            .order((
                escalation_history::created_at.asc(),
                escalation_history::id.asc(),
            ))
            .select(Change::as_select())
            .load(conn)?)
    })
    .await
}

/// Audit actions recorded with `prefix`, oldest first.
pub(super) async fn audit_actions(app: &TestApp, prefix: &str) -> Vec<String> {
    let pattern = format!("{prefix}%");
    db(app, move |conn| {
        Ok(audit_log::table
            .filter(audit_log::action.like(&pattern))
            .order((audit_log::created_at.asc(), audit_log::id.asc()))
            .select(audit_log::action)
            .load(conn)?)
    })
    .await
}

/// Summaries of `user`'s escalation notifications, oldest first.
/// Each as the member reads it in English (the stored notice, written out).
pub(super) async fn escalation_notifications(app: &TestApp, user: &UserId) -> Vec<String> {
    let uid = user.to_string();
    let rows: Vec<parley::db::models::notifications::Notification> = db(app, move |conn| {
        Ok(notifications::table
            .filter(notifications::user_id.eq(&uid))
            .filter(notifications::kind.eq("escalation"))
            .order((notifications::created_at.asc(), notifications::id.asc()))
            .select(parley::db::models::notifications::Notification::as_select())
            .load(conn)?)
    })
    .await;
    rows.iter()
        .map(|n| parley::notifications::summary_text(n, parley::i18n::Lang::En))
        .collect()
}

/// The asker's question in `slug`.
pub(super) async fn question(s: &Scene, slug: &str, title: &str) -> TopicRef {
    ask(&s.asker.1, slug, title).await
}

/// An invite-only sub-community `vault` with a moderator who is an employee, and a
/// Vault team covering it.
pub(super) async fn vault(s: &Scene) -> (TestCommunity, (TestUser, TestClient)) {
    let vault = CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&s.app, &s.admin)
        .await;
    let keeper = UserBuilder::new("vera")
        .employee()
        .role_in(&vault, CommunityRole::Moderator)
        .signed_in(&s.app)
        .await;
    save_team(
        &s.admin,
        None,
        &[
            ("name", "Vault"),
            ("slug", "vault-team"),
            ("members", "vera"),
            ("communities", "vault"),
        ],
        StatusCode::SEE_OTHER,
    )
    .await;
    (vault, keeper)
}
