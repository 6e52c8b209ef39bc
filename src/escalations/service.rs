//! Escalating a topic and changing an escalation: the two write use cases. Each checks
//! the guardian, parses, and writes in one transaction the escalation, its history row,
//! the audit row, the outcome event, the notifications, the team's mail and the webhook
//! event, and moves the topic's `version` so every cached page of the topic (anonymous
//! pages, templates, shared data) is rebuilt with the new banner.

use diesel::prelude::*;

use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::communities::{self, Community};
use crate::db::models::escalations::{self as edb, Change, Escalation};
use crate::db::models::outcome_events::{self, NewEvent};
use crate::db::models::teams::{self, Team};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::{self, User};
use crate::db::schema::topics as topics_table;
use crate::db::{
    DbConn, EscalationChangeId, EscalationId, EscalationStatus, EventKind, TeamId, Timestamp,
    TopicId, UserId,
};
use crate::domain::Username;
use crate::error::{AppError, AppResult, FieldErrors, MsgArg};
use crate::state::AppState;

use super::notify;

/// Longest internal or resolution note, and longest external reference.
const NOTE_MAX: usize = 5_000;
const REFERENCE_MAX: usize = 120;

/// What the escalate form and `POST /api/v1/topics/{id}/escalations` send.
#[derive(Debug, Clone, Default)]
pub struct EscalateInput {
    /// A team's slug or id; empty for none.
    pub team: String,
    pub external_id: String,
    pub external_url: String,
    pub internal_note: String,
}

/// What the update form and `PATCH /api/v1/escalations/{id}` send (`None`: unchanged).
#[derive(Debug, Clone, Default)]
pub struct UpdateInput {
    pub status: Option<String>,
    /// A username; empty to clear.
    pub owner: Option<String>,
    pub internal_note: Option<String>,
    pub resolution_note: Option<String>,
    pub external_id: Option<String>,
    pub external_url: Option<String>,
    /// Why, kept in the history.
    pub note: Option<String>,
}

/// An http(s) URL, or empty.
pub fn parse_url(raw: &str) -> Result<String, crate::error::Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u.to_string()),
        _ => Err(crate::error::Msg::key("validation-full-web-address")),
    }
}

fn bounded(errors: &mut FieldErrors, field: &'static str, raw: &str, max: usize) -> String {
    let v = raw.trim().to_string();
    if v.chars().count() > max {
        errors.insert(
            field,
            crate::error::Msg::key("validation-at-most-chars").with("max", max),
        );
    }
    v
}

/// The team named by `raw` (slug or id) that covers `community`, or the field error.
fn covering_team(conn: &mut DbConn, raw: &str, community: &Community) -> AppResult<Team> {
    let team = match TeamId::parse(raw) {
        Some(id) => teams::find(conn, &id)?,
        None => teams::find_by_slug(conn, raw)?,
    }
    .ok_or_else(|| AppError::field_t("team", "validation-team-unknown", &[]))?;
    if !teams::communities_of(conn, &team.id)?.contains(&community.id) {
        return Err(AppError::field_t(
            "team",
            "validation-team-not-covering",
            &[
                ("team", MsgArg::Str(team.name.clone())),
                ("community", MsgArg::Str(community.name.clone())),
            ],
        ));
    }
    Ok(team)
}

/// Moves the topic's version: cached pages of the topic are no longer served.
fn touch_topic(conn: &mut DbConn, topic: &TopicId) -> QueryResult<usize> {
    diesel::update(topics_table::table.find(topic))
        .set(topics_table::version.eq(topics_table::version + 1))
        .execute(conn)
}

/// Escalates `topic` to a team covering its sub-community and/or an external tracker.
pub async fn escalate(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    input: EscalateInput,
) -> AppResult<Escalation> {
    guardian.ensure(guardian.can_escalate(community))?;
    let mut errors = FieldErrors::new();
    let external_id = bounded(
        &mut errors,
        "external_id",
        &input.external_id,
        REFERENCE_MAX,
    );
    let external_url = parse_url(&input.external_url).unwrap_or_else(|e| {
        errors.insert("external_url", e);
        String::new()
    });
    let internal_note = bounded(&mut errors, "internal_note", &input.internal_note, NOTE_MAX);
    let team_ref = input.team.trim().to_string();
    if team_ref.is_empty() && external_id.is_empty() && external_url.is_empty() {
        errors.insert(
            "team",
            crate::error::Msg::key("validation-team-or-reference"),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = state.clock.now();
    let (cfg, base_url) = (state.settings.notifications.clone(), state.base_url());
    let (tid, actor_id, actor_employee) = (topic.id.clone(), actor.id.clone(), actor.is_employee);
    let place = community.clone();
    let escalation = state
        .write(move |conn| {
            let topic = topics::find(conn, &tid)?.ok_or(AppError::NotFound)?;
            let team = if team_ref.is_empty() {
                None
            } else {
                Some(covering_team(conn, &team_ref, &place)?)
            };
            let e = Escalation {
                id: EscalationId::new(),
                topic_id: topic.id.clone(),
                community_id: topic.community_id.clone(),
                team_id: team.as_ref().map(|t| t.id.clone()),
                external_id,
                external_url,
                status: EscalationStatus::Open,
                is_open: true,
                owner_id: None,
                internal_note,
                resolution_note: String::new(),
                opened_by: Some(actor_id.clone()),
                created_at: now,
                updated_at: now,
                resolved_at: None,
            };
            edb::insert(conn, &e)?;
            edb::record_change(
                conn,
                &Change {
                    id: EscalationChangeId::new(),
                    escalation_id: e.id.clone(),
                    actor_id: Some(actor_id.clone()),
                    from_status: None,
                    to_status: EscalationStatus::Open,
                    note: String::new(),
                    created_at: now,
                },
            )?;
            let team_name = team.as_ref().map(|t| t.name.as_str()).unwrap_or("");
            let after = format!(
                "status=open team={} external_id={} external_url={}",
                team.as_ref().map(|t| t.slug.as_str()).unwrap_or(""),
                e.external_id,
                e.external_url
            );
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "escalation.open",
                    target_type: "escalation",
                    target_id: e.id.as_str(),
                    community: Some(&e.community_id),
                    details: topic.id.as_str(),
                    before: "",
                    after: &after,
                },
                now,
            )?;
            outcome_events::record(
                conn,
                &NewEvent::new(EventKind::EscalationOpened)
                    .community(&e.community_id)
                    .topic(&topic.id)
                    .actor(&actor_id, actor_employee)
                    .subject(e.id.as_str())
                    .detail(team_name),
                now,
            )?;
            touch_topic(conn, &topic.id)?;
            let members = match &team {
                Some(t) => teams::member_ids(conn, &t.id)?,
                None => vec![],
            };
            let notice = crate::notifications::Notice::Escalated {
                team: team.as_ref().map(|t| t.name.clone()),
            };
            notify::followers(
                conn, &cfg, &place, &topic, &actor_id, &members, &notice, now,
            )?;
            if let Some(t) = &team {
                notify::team_address(conn, t, &topic, &e, &base_url, now)?;
            }
            crate::webhooks::events::topic_escalated(
                conn,
                &e,
                team.as_ref().map(|t| t.slug.as_str()),
                now,
            )?;
            Ok(e)
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(escalation)
}

/// An escalation with its topic and sub-community, if the viewer may see the topic
/// (404 otherwise), and whether the viewer is a member of its team.
pub struct Loaded {
    pub escalation: Escalation,
    pub topic: Topic,
    pub community: Community,
    pub team: Option<Team>,
    pub team_member: bool,
}

pub async fn load(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &EscalationId,
) -> AppResult<Loaded> {
    let (id, me) = (id.clone(), guardian.user_id().cloned());
    let loaded = state
        .db(move |conn| {
            let escalation = edb::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let topic = topics::find(conn, &escalation.topic_id)?.ok_or(AppError::NotFound)?;
            let community =
                communities::find(conn, &topic.community_id)?.ok_or(AppError::NotFound)?;
            let team = match &escalation.team_id {
                Some(t) => teams::find(conn, t)?,
                None => None,
            };
            let team_member = match (&team, &me) {
                (Some(t), Some(u)) => teams::is_member(conn, &t.id, u)?,
                _ => false,
            };
            Ok(Loaded {
                escalation,
                topic,
                community,
                team,
                team_member,
            })
        })
        .await?;
    guardian.ensure_can_see_topic(&loaded.community, &loaded.topic)?;
    Ok(loaded)
}

/// The owner named by `raw` (a username; empty: nobody).
fn owner_of(conn: &mut DbConn, raw: &str) -> AppResult<Option<UserId>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    users::find_by_username_key(conn, &Username::lookup_key(raw))?
        .map(|u| Some(u.id))
        .ok_or_else(|| AppError::field_t("owner", "validation-member-unknown", &[]))
}

/// Changes an escalation: status, owner, notes, external reference.
pub async fn update(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    loaded: &Loaded,
    input: UpdateInput,
) -> AppResult<Escalation> {
    guardian.ensure(guardian.can_update_escalation(&loaded.community, loaded.team_member))?;
    let mut errors = FieldErrors::new();
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<EscalationStatus>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.insert(
                    "status",
                    crate::error::Msg::key("validation-choose-escalation-status"),
                );
                None
            }
        },
    };
    let mut text = |field: &'static str, v: &Option<String>, max: usize| {
        v.as_ref().map(|v| bounded(&mut errors, field, v, max))
    };
    let internal_note = text("internal_note", &input.internal_note, NOTE_MAX);
    let resolution_note = text("resolution_note", &input.resolution_note, NOTE_MAX);
    let external_id = text("external_id", &input.external_id, REFERENCE_MAX);
    let note = text("note", &input.note, NOTE_MAX).unwrap_or_default();
    let external_url = match &input.external_url {
        None => None,
        Some(raw) => match parse_url(raw) {
            Ok(u) => Some(u),
            Err(e) => {
                errors.insert("external_url", e);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = state.clock.now();
    let cfg = state.settings.notifications.clone();
    let (id, actor_id, actor_employee) = (
        loaded.escalation.id.clone(),
        actor.id.clone(),
        actor.is_employee,
    );
    let (place, team) = (loaded.community.clone(), loaded.team.clone());
    let owner = input.owner.clone();
    state
        .write(move |conn| {
            let before = edb::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let topic = topics::find(conn, &before.topic_id)?.ok_or(AppError::NotFound)?;
            let mut e = before.clone();
            if let Some(raw) = &owner {
                e.owner_id = owner_of(conn, raw)?;
            }
            if let Some(s) = status {
                e.status = s;
                e.is_open = s.is_open();
                e.resolved_at = if s.is_open() {
                    None
                } else {
                    before.resolved_at.or(Some(now))
                };
            }
            if let Some(v) = internal_note {
                e.internal_note = v;
            }
            if let Some(v) = resolution_note {
                e.resolution_note = v;
            }
            if let Some(v) = external_id {
                e.external_id = v;
            }
            if let Some(v) = external_url {
                e.external_url = v;
            }
            e.updated_at = now;
            edb::update(conn, &e)?;
            let status_changed = e.status != before.status;
            edb::record_change(
                conn,
                &Change {
                    id: EscalationChangeId::new(),
                    escalation_id: e.id.clone(),
                    actor_id: Some(actor_id.clone()),
                    from_status: Some(before.status),
                    to_status: e.status,
                    note: note.clone(),
                    created_at: now,
                },
            )?;
            let (was, is) = (describe(conn, &before)?, describe(conn, &e)?);
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "escalation.update",
                    target_type: "escalation",
                    target_id: e.id.as_str(),
                    community: Some(&e.community_id),
                    details: &note,
                    before: &was,
                    after: &is,
                },
                now,
            )?;
            if status_changed {
                record_status(conn, &e, &actor_id, actor_employee, now)?;
                let notice = crate::notifications::Notice::Escalation {
                    status: e.status,
                    team: team.as_ref().map(|t| t.name.clone()),
                };
                notify::followers(conn, &cfg, &place, &topic, &actor_id, &[], &notice, now)?;
            }
            touch_topic(conn, &topic.id)?;
            crate::webhooks::events::escalation_updated(
                conn,
                &e,
                team.as_ref().map(|t| t.slug.as_str()),
                now,
            )?;
            Ok(e)
        })
        .await
}

/// The outcome events of a status change (the contract in the brief of issue 20).
fn record_status(
    conn: &mut DbConn,
    e: &Escalation,
    actor: &UserId,
    actor_employee: bool,
    now: Timestamp,
) -> QueryResult<()> {
    let base = NewEvent::new(EventKind::EscalationUpdated)
        .community(&e.community_id)
        .topic(&e.topic_id)
        .actor(actor, actor_employee)
        .subject(e.id.as_str())
        .detail(e.status.as_str());
    outcome_events::record(conn, &base, now)?;
    if !e.status.is_open() {
        let mut resolved = base.clone();
        resolved.kind = EventKind::EscalationResolved;
        outcome_events::record(conn, &resolved, now)?;
    }
    Ok(())
}

/// The audit log's before/after text of an escalation (the owner by username).
fn describe(conn: &mut DbConn, e: &Escalation) -> AppResult<String> {
    let owner = match &e.owner_id {
        Some(u) => users::find(conn, u)?
            .map(|u| u.username)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(format!(
        "status={} owner={} external_id={} external_url={} resolution_note={}",
        e.status, owner, e.external_id, e.external_url, e.resolution_note
    ))
}
