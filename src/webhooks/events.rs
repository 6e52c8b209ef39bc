//! Writing webhook events, inside the transaction of the change they tell of: when the
//! change rolls back, so does the event; when it commits, the deliveries are durable.
//!
//! Each use case calls one function here from its `state.write` closure. An event is
//! written only when some enabled subscription listens to its type (and, with a
//! sub-community filter, to its sub-community), so a site without webhooks pays one small
//! read per change. Payloads are thin: the type, the time, ids and a link to the API
//! resource; receivers fetch the rest with a token (which checks permissions again).

use serde_json::{json, Map, Value};

use crate::db::models::communities;
use crate::db::models::posts::Post;
use crate::db::models::users::User;
use crate::db::models::webhooks::{self, EventRow, NewDelivery};
use crate::db::{
    CommunityId, DbConn, DeliveryStatus, FlagId, SanctionKind, TeamId, Timestamp, TopicId,
    WebhookDeliveryId, WebhookEvent, WebhookEventId,
};

/// Writes `event` about `community` (none for site-wide events) with `data`, and one
/// pending delivery per subscription that listens; then wakes the delivery workers.
/// A product team's subscription hears none of these: see [`emit_for_team`].
pub fn emit(
    conn: &mut DbConn,
    event: WebhookEvent,
    community: Option<&CommunityId>,
    data: Map<String, Value>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    emit_for_team(conn, event, community, None, data, now)
}

/// [`emit`] for an event about an escalation to `team`: subscriptions without a team
/// listen as usual; a team's managed subscription (issue 20) only when it is `team`'s.
pub fn emit_for_team(
    conn: &mut DbConn,
    event: WebhookEvent,
    community: Option<&CommunityId>,
    team: Option<&TeamId>,
    mut data: Map<String, Value>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let listeners: Vec<_> = webhooks::enabled_subscriptions(conn)?
        .into_iter()
        .filter(|s| s.listens_to(event))
        .filter(|s| s.community_id.is_none() || s.community_id.as_ref() == community)
        .filter(|s| s.team_id.is_none() || (team.is_some() && s.team_id.as_ref() == team))
        .collect();
    if listeners.is_empty() {
        return Ok(());
    }
    let slug = match community {
        Some(id) => communities::find(conn, id)?.map(|c| c.slug),
        None => None,
    };
    data.insert("community".into(), slug.map_or(Value::Null, Value::String));
    let payload = json!({
        "type": event.as_str(),
        "timestamp": now.rfc3339(),
        "data": data,
    });
    let row = EventRow {
        id: WebhookEventId::new(),
        event_type: event.as_str().to_string(),
        community_id: community.cloned(),
        payload: payload.to_string(),
        created_at: now,
    };
    webhooks::insert_event(conn, &row)?;
    for sub in &listeners {
        webhooks::insert_delivery(
            conn,
            &NewDelivery {
                id: &WebhookDeliveryId::new(),
                event_id: &row.id,
                subscription_id: &sub.id,
                status: DeliveryStatus::Pending,
                attempts: 0,
                next_attempt_at: now,
                created_at: now,
            },
        )?;
    }
    super::deliver::wake();
    Ok(())
}

fn data(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// A post everyone may now read (called where it is published, so a held post is told
/// of only when a moderator approves it): `topic.created` for an opening post,
/// `post.created` for a reply or comment.
pub fn published(conn: &mut DbConn, post: &Post, now: Timestamp) -> diesel::QueryResult<()> {
    let topic = post.topic_id.as_str();
    if post.is_opening() {
        let d = data(&[
            ("id", json!(topic)),
            ("post_id", json!(post.id.as_str())),
            ("url", json!(format!("/api/v1/topics/{topic}"))),
        ]);
        emit(
            conn,
            WebhookEvent::TopicCreated,
            Some(&post.community_id),
            d,
            now,
        )
    } else {
        let d = data(&[
            ("id", json!(post.id.as_str())),
            ("topic_id", json!(topic)),
            ("url", json!(format!("/api/v1/posts/{}", post.id))),
        ]);
        emit(
            conn,
            WebhookEvent::PostCreated,
            Some(&post.community_id),
            d,
            now,
        )
    }
}

/// A topic moved to another sub-community or category: told as of the place it is in
/// now (a subscription limited to the one it left does not hear of it).
pub fn topic_moved(
    conn: &mut DbConn,
    topic: &TopicId,
    community: &CommunityId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(topic.as_str())),
        ("url", json!(format!("/api/v1/topics/{topic}"))),
    ]);
    emit(conn, WebhookEvent::TopicMoved, Some(community), d, now)
}

/// A topic merged into another (`into`, which took its posts): told as of the merged
/// topic's sub-community, where whoever followed it knew it; its old address answers 301.
pub fn topic_merged(
    conn: &mut DbConn,
    merged: &TopicId,
    community: &CommunityId,
    into: &TopicId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(merged.as_str())),
        ("into", json!(into.as_str())),
        ("url", json!(format!("/api/v1/topics/{into}"))),
    ]);
    emit(conn, WebhookEvent::TopicMerged, Some(community), d, now)
}

/// A new post held for review (moderation subscribers only).
pub fn held(conn: &mut DbConn, post: &Post, now: Timestamp) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(post.id.as_str())),
        ("topic_id", json!(post.topic_id.as_str())),
        ("url", json!(format!("/api/v1/posts/{}", post.id))),
    ]);
    emit(
        conn,
        WebhookEvent::PostHeld,
        Some(&post.community_id),
        d,
        now,
    )
}

pub fn answer_accepted(
    conn: &mut DbConn,
    topic: &TopicId,
    answer: &Post,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(topic.as_str())),
        ("post_id", json!(answer.id.as_str())),
        ("url", json!(format!("/api/v1/topics/{topic}"))),
    ]);
    emit(
        conn,
        WebhookEvent::AnswerAccepted,
        Some(&answer.community_id),
        d,
        now,
    )
}

pub fn idea_status_changed(
    conn: &mut DbConn,
    topic: &TopicId,
    community: &CommunityId,
    status: Option<&str>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(topic.as_str())),
        ("status", json!(status)),
        ("url", json!(format!("/api/v1/topics/{topic}"))),
    ]);
    emit(
        conn,
        WebhookEvent::IdeaStatusChanged,
        Some(community),
        d,
        now,
    )
}

pub fn flag_created(
    conn: &mut DbConn,
    flag: &FlagId,
    post: &Post,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(flag.as_str())),
        ("post_id", json!(post.id.as_str())),
        ("url", json!(format!("/api/v1/posts/{}", post.id))),
    ]);
    emit(
        conn,
        WebhookEvent::FlagCreated,
        Some(&post.community_id),
        d,
        now,
    )
}

pub fn member_sanctioned(
    conn: &mut DbConn,
    member: &User,
    kind: SanctionKind,
    community: Option<&CommunityId>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = data(&[
        ("id", json!(member.id.as_str())),
        ("username", json!(member.username)),
        ("sanction", json!(kind.as_str())),
        ("url", json!(format!("/api/v1/members/{}", member.username))),
    ]);
    emit(conn, WebhookEvent::MemberSanctioned, community, d, now)
}

/// Issue 20: the payload of an escalation event, without its internal note (receivers
/// fetch the rest through the API, which shows the note only to who may read it).
fn escalation_data(
    e: &crate::db::models::escalations::Escalation,
    team: Option<&str>,
) -> Map<String, Value> {
    data(&[
        ("id", json!(e.id.as_str())),
        ("topic_id", json!(e.topic_id.as_str())),
        ("team", json!(team)),
        ("status", json!(e.status.as_str())),
        ("external_id", json!(e.external_id)),
        ("external_url", json!(e.external_url)),
        ("url", json!(format!("/api/v1/escalations/{}", e.id))),
    ])
}

/// Issue 20: a topic was escalated (`team`: the team's slug, if any). The team's own
/// subscription hears it; other teams' do not.
pub fn topic_escalated(
    conn: &mut DbConn,
    e: &crate::db::models::escalations::Escalation,
    team: Option<&str>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = escalation_data(e, team);
    emit_for_team(
        conn,
        WebhookEvent::TopicEscalated,
        Some(&e.community_id),
        e.team_id.as_ref(),
        d,
        now,
    )
}

/// Issue 20: an escalation changed (status, owner, notes or reference).
pub fn escalation_updated(
    conn: &mut DbConn,
    e: &crate::db::models::escalations::Escalation,
    team: Option<&str>,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let d = escalation_data(e, team);
    emit_for_team(
        conn,
        WebhookEvent::EscalationUpdated,
        Some(&e.community_id),
        e.team_id.as_ref(),
        d,
        now,
    )
}
