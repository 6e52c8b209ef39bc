//! Moderation use cases: flags, the review queue and its one-step actions, sanctions,
//! policy settings and rules. Each asks the guardian, parses, and writes in one
//! transaction with its audit row.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::{self, Community};
use crate::db::models::moderation::{
    self as mdb, DetectorSetting, FlagRow, ModerationSettings, NewFlag, NewPolicyRule, PolicyRule,
    ReviewItem,
};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::{self, User};
use crate::db::models::{sessions, settings as site_settings};
use crate::db::schema::topics as topics_table;
use crate::db::{
    CommunityId, DbConn, Detector, FlagId, FlagReason, ModerationState, PolicyAction, PolicyRuleId,
    PostId, ReviewItemId, ReviewReason, ReviewStatus, RuleKind, SanctionKind, Timestamp, UserId,
};
use crate::domain::{BoundedText, PostBody};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::{outbox, templates};
use crate::moderation::gate::{self, is_new_account};
use crate::moderation::policy::{self, decode_matches, Match, Policy, Screening};
use crate::moderation::publish::{publish_post, withdraw_post};
use crate::state::AppState;

/// A ban is a suspension until the last second of year 9999 (still a printable date).
pub const BAN_UNTIL: Timestamp = Timestamp::from_micros(253_402_300_799_000_000);

/// Opens a review item for a post, or adds what matched to the one already open: one
/// open item per post however many reasons.
pub fn open_review(
    conn: &mut DbConn,
    post: &PostId,
    community: &CommunityId,
    reason: ReviewReason,
    matches: &str,
    now: Timestamp,
) -> AppResult<ReviewItemId> {
    // Serialises concurrent flags and edits of one post (a row lock on PostgreSQL), so
    // two of them never both open an item: the partial unique index backs this up.
    posts::lock(conn, post)?;
    match mdb::open_item_for_post(conn, post)? {
        Some(item) => {
            mdb::append_matches(conn, &item.id, matches)?;
            Ok(item.id)
        }
        None => Ok(mdb::insert_item(
            conn, post, community, reason, matches, now,
        )?),
    }
}

// ----- Flags -----

/// What a member reports; `note` is required for "other".
pub struct FlagInput {
    pub reason: String,
    pub note: String,
}

/// Flags a post. Repeating a flag changes nothing; enough open flags from trusted members
/// hide the post until a moderator reviews it.
pub async fn flag_post(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    (post, community): (&Post, &Community),
    input: FlagInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_flag(community, post))?;
    let reason: FlagReason = input
        .reason
        .parse()
        .map_err(|_| AppError::field("reason", "Choose why you are flagging this post."))?;
    let min = if reason == FlagReason::Other { 3 } else { 0 };
    let note = BoundedText::parse(&input.note, "Explanation", min, 500, false)
        .map_err(|e| AppError::field("note", e))?;
    let staff = guardian.is_community_staff(community);
    let (pid, cid, me, now) = (
        post.id.clone(),
        community.id.clone(),
        actor.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            posts::lock(conn, &pid)?;
            if let Some(existing) = mdb::find_flag(conn, &pid, &me.id)? {
                if existing.resolved_at.is_none() {
                    return Ok(());
                }
                mdb::delete_flag(conn, &existing.id)?;
            }
            let settings = mdb::settings(conn)?;
            let trusted =
                staff || (me.email_confirmed_at.is_some() && !is_new_account(&me, &settings, now));
            mdb::insert_flag(
                conn,
                &NewFlag {
                    id: &FlagId::new(),
                    post_id: &pid,
                    user_id: &me.id,
                    reason,
                    note: note.as_str(),
                    trusted,
                    created_at: now,
                },
            )?;
            open_review(conn, &pid, &cid, ReviewReason::Flagged, "", now)?;
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            let trusted_flags = mdb::open_trusted_flag_count(conn, &pid)?;
            if current.is_published() && trusted_flags >= i64::from(settings.flag_threshold.max(1))
            {
                withdraw_post(conn, &current, ModerationState::Hidden)?;
                audit::record_change(
                    conn,
                    &Change {
                        actor: None,
                        action: "post.auto_hide",
                        target_type: "post",
                        target_id: pid.as_str(),
                        community: Some(&cid),
                        details: &format!("{trusted_flags} flags from trusted members"),
                        before: "published",
                        after: "hidden",
                    },
                    now,
                )?;
            }
            Ok(())
        })
        .await
}

// ----- Review queue -----

pub struct QueueEntry {
    pub item: ReviewItem,
    pub post: Post,
    pub author: User,
    pub topic: Topic,
    pub community: Community,
    pub flags: Vec<(FlagRow, User)>,
    pub matches: Vec<Match>,
}

/// Sub-communities whose queue the viewer works: all for site staff, their own for
/// moderators of sub-communities.
pub async fn reviewable_communities(
    state: &AppState,
    guardian: &Guardian<'_>,
) -> AppResult<Vec<Community>> {
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    Ok(guardian
        .visible_communities(all)
        .into_iter()
        .filter(|c| guardian.can_review(c))
        .collect())
}

/// Open review items, oldest first, in `only` or in every queue the viewer works.
pub async fn queue(
    state: &AppState,
    guardian: &Guardian<'_>,
    only: Option<&Community>,
) -> AppResult<Vec<QueueEntry>> {
    let scope = match only {
        Some(c) => {
            guardian.ensure_can_see_community(c)?;
            guardian.ensure(guardian.can_review(c))?;
            vec![c.clone()]
        }
        None => {
            let mine = reviewable_communities(state, guardian).await?;
            guardian.ensure(!mine.is_empty())?;
            mine
        }
    };
    let ids: Vec<CommunityId> = scope.iter().map(|c| c.id.clone()).collect();
    let by_community: HashMap<CommunityId, Community> =
        scope.into_iter().map(|c| (c.id.clone(), c)).collect();
    state
        .db(move |conn| {
            let items = mdb::open_items(conn, &ids, 200)?;
            let post_ids: Vec<PostId> = items.iter().map(|i| i.post_id.clone()).collect();
            let posts: HashMap<PostId, (Post, User)> = posts::find_many(conn, &post_ids)?
                .into_iter()
                .map(|(p, u)| (p.id.clone(), (p, u)))
                .collect();
            let topic_ids: Vec<_> = posts.values().map(|(p, _)| p.topic_id.clone()).collect();
            let topics: HashMap<_, Topic> = topics::find_many(conn, &topic_ids)?
                .into_iter()
                .map(|t| (t.id.clone(), t))
                .collect();
            let mut flags: HashMap<PostId, Vec<(FlagRow, User)>> = HashMap::new();
            for (f, u) in mdb::open_flags_for(conn, &post_ids)? {
                flags.entry(f.post_id.clone()).or_default().push((f, u));
            }
            Ok(items
                .into_iter()
                .filter_map(|item| {
                    let (post, author) = posts.get(&item.post_id)?.clone();
                    let topic = topics.get(&post.topic_id)?.clone();
                    let community = by_community.get(&item.community_id)?.clone();
                    Some(QueueEntry {
                        matches: decode_matches(&item.matches),
                        flags: flags.remove(&item.post_id).unwrap_or_default(),
                        item,
                        post,
                        author,
                        topic,
                        community,
                    })
                })
                .collect())
        })
        .await
}

/// Why the viewer's own posts are held or hidden, for the notice on the topic page.
pub async fn pending_reasons(
    state: &AppState,
    unpublished: Vec<PostId>,
) -> AppResult<HashMap<PostId, String>> {
    if unpublished.is_empty() {
        return Ok(HashMap::new());
    }
    state
        .db(move |conn| {
            let mut out = HashMap::new();
            for item in mdb::open_items_for_posts(conn, &unpublished)? {
                let why = match item.reason {
                    ReviewReason::NewMember => {
                        "the first posts of new members are reviewed by a moderator".to_string()
                    }
                    ReviewReason::Flagged => {
                        "members flagged it and a moderator will review it".to_string()
                    }
                    ReviewReason::Policy => {
                        let mut labels: Vec<String> = decode_matches(&item.matches)
                            .into_iter()
                            .filter(|m| m.action >= PolicyAction::Hold)
                            .map(|m| m.label)
                            .collect();
                        labels.sort();
                        labels.dedup();
                        format!("it appears to contain: {}", labels.join(", "))
                    }
                };
                out.insert(item.post_id, why);
            }
            Ok(out)
        })
        .await
}

/// One-step actions on a review item.
pub enum ReviewAction {
    Approve,
    Hide,
    Delete,
    Ignore,
    Edit { body: String, reason: String },
    Sanction(SanctionInput),
}

pub struct SanctionInput {
    pub kind: String,
    pub days: String,
    pub reason: String,
}

struct ParsedSanction {
    kind: SanctionKind,
    days: i64,
    reason: String,
}

fn parse_sanction(input: &SanctionInput) -> AppResult<ParsedSanction> {
    let mut errors = FieldErrors::new();
    let kind = input
        .kind
        .parse::<SanctionKind>()
        .map_err(|_| errors.insert("kind", "Choose a sanction.".into()))
        .ok();
    let days = match kind {
        Some(SanctionKind::Silence | SanctionKind::Suspend) => input
            .days
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| errors.insert("days", "Give a number of days from 1 to 3650.".into()))
            .ok(),
        _ => Some(0),
    };
    let min = if kind == Some(SanctionKind::Lift) {
        0
    } else {
        3
    };
    let reason = BoundedText::parse(&input.reason, "Reason", min, 500, false)
        .map_err(|e| errors.insert("reason", e))
        .ok();
    match (kind, days, reason) {
        (Some(kind), Some(days), Some(reason)) if errors.is_empty() => Ok(ParsedSanction {
            kind,
            days,
            reason: reason.into_string(),
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Loads an item with its post and sub-community; 404 unless the viewer may see it.
pub async fn load_item(
    state: &AppState,
    guardian: &Guardian<'_>,
    id: &ReviewItemId,
) -> AppResult<(ReviewItem, Post, Community)> {
    let id = id.clone();
    let (item, post, community) = state
        .db(move |conn| {
            let item = mdb::find_item(conn, &id)?.ok_or(AppError::NotFound)?;
            let post = posts::find(conn, &item.post_id)?.ok_or(AppError::NotFound)?;
            let c = communities::find(conn, &post.community_id)?.ok_or(AppError::NotFound)?;
            Ok((item, post, c))
        })
        .await?;
    guardian.ensure_can_see_community(&community)?;
    Ok((item, post, community))
}

/// Resolves an open item with one action, in one transaction with its audit row.
pub async fn act(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    item_id: &ReviewItemId,
    action: ReviewAction,
) -> AppResult<Community> {
    let (item, post, community) = load_item(state, guardian, item_id).await?;
    guardian.ensure(guardian.can_review(&community))?;
    let edit = match &action {
        ReviewAction::Edit { body, reason } => {
            let mut errors = FieldErrors::new();
            let b = if post.is_comment() {
                PostBody::parse_comment(body)
            } else {
                PostBody::parse(body)
            }
            .map_err(|e| errors.insert("body", e))
            .ok();
            let r = BoundedText::parse(reason, "Reason", 3, 500, false)
                .map_err(|e| errors.insert("reason", e))
                .ok();
            match (b, r) {
                (Some(b), Some(r)) => Some((b, r)),
                _ => return Err(AppError::Validation(errors)),
            }
        }
        _ => None,
    };
    let sanction = match &action {
        ReviewAction::Sanction(input) => {
            let parsed = parse_sanction(input)?;
            let aid = post.author_id.clone();
            let author = state
                .db(move |conn| users::find(conn, &aid)?.ok_or(AppError::NotFound))
                .await?;
            guardian.ensure(guardian.can_sanction(&author, Some(&community)))?;
            Some((parsed, author))
        }
        _ => None,
    };
    let (iid, actor_id, now, cid) = (
        item.id.clone(),
        actor.id.clone(),
        state.clock.now(),
        community.id.clone(),
    );
    let pid = post.id.clone();
    let mail = sanction.is_some();
    let (community_row, actor_row) = (community.clone(), actor.clone());
    let notify = state.settings.notifications.clone();
    state
        .write(move |conn| {
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            let before = current.moderation_state.as_str();
            let (status, name, after, details, before_v, after_v): (
                ReviewStatus,
                &str,
                &str,
                String,
                String,
                String,
            ) = match action {
                ReviewAction::Approve => {
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Approved,
                        "review.approve",
                        "published",
                        String::new(),
                        before.into(),
                        "published".into(),
                    )
                }
                ReviewAction::Ignore => {
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Ignored,
                        "review.ignore",
                        "published",
                        String::new(),
                        before.into(),
                        "published".into(),
                    )
                }
                ReviewAction::Hide => {
                    withdraw_post(conn, &current, ModerationState::Hidden)?;
                    (
                        ReviewStatus::Hidden,
                        "review.hide",
                        "hidden",
                        String::new(),
                        before.into(),
                        "hidden".into(),
                    )
                }
                ReviewAction::Delete => {
                    soft_delete(conn, &current, &actor_id, now)?;
                    (
                        ReviewStatus::Deleted,
                        "review.delete",
                        "deleted",
                        String::new(),
                        before.into(),
                        "deleted".into(),
                    )
                }
                ReviewAction::Edit { .. } => {
                    let (body, reason) =
                        edit.ok_or(AppError::BadRequest("Nothing to edit.".into()))?;
                    // The moderator's text passes the policy too: an edit that still holds
                    // what was found is refused rather than published.
                    let decision = gate::decide(
                        conn,
                        &gate::Submission {
                            community: &community_row,
                            author: &actor_row,
                            fields: vec![("body", body.as_str().to_string())],
                            new_post: false,
                            staff: true,
                        },
                        now,
                    )?;
                    if decision.state == ModerationState::Held {
                        let what: Vec<String> = decision
                            .matches
                            .iter()
                            .filter(|m| m.action >= PolicyAction::Hold)
                            .map(policy::describe)
                            .collect();
                        return Err(AppError::field(
                            "body",
                            format!("The edited text still contains {}.", what.join(", ")),
                        ));
                    }
                    let body = decision.field("body").unwrap_or(body.as_str()).to_string();
                    posts::add_revision(conn, &pid, &actor_id, None, &current.body_markdown, now)?;
                    let rendered = crate::forums::write_core::render(conn, &body)?;
                    posts::set_body(conn, &pid, &rendered.source, &rendered.html, now)?;
                    publish_post(conn, &pid, now)?;
                    (
                        ReviewStatus::Edited,
                        "review.edit",
                        "published",
                        reason.into_string(),
                        current.body_markdown.clone(),
                        rendered.source,
                    )
                }
                ReviewAction::Sanction(_) => {
                    let (parsed, author) =
                        sanction.ok_or(AppError::BadRequest("No sanction.".into()))?;
                    withdraw_post(conn, &current, ModerationState::Hidden)?;
                    apply_sanction(conn, &actor_id, &author, &parsed, Some(&cid), now)?;
                    (
                        ReviewStatus::Hidden,
                        "review.sanction",
                        "hidden",
                        parsed.kind.as_str().to_string(),
                        before.into(),
                        "hidden".into(),
                    )
                }
            };
            if mdb::resolve_item(conn, &iid, status, &actor_id, now)? == 0 {
                return Err(AppError::Conflict(
                    "Another moderator already resolved this item.".into(),
                ));
            }
            mdb::resolve_flags(conn, &pid, now)?;
            let _ = after;
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: name,
                    target_type: "post",
                    target_id: pid.as_str(),
                    community: Some(&cid),
                    details: &details,
                    before: &before_v,
                    after: &after_v,
                },
                now,
            )?;
            // The author hears the outcome (approved, edited, hidden, deleted), unless the
            // flags were merely dismissed on a post that was already public.
            let outcome = match status {
                ReviewStatus::Approved if before != "published" => Some("approved and published"),
                ReviewStatus::Edited => Some("edited by a moderator"),
                ReviewStatus::Hidden => Some("hidden by a moderator"),
                ReviewStatus::Deleted => Some("removed by a moderator"),
                _ => None,
            };
            if let (Some(outcome), Some(topic)) = (outcome, topics::find(conn, &current.topic_id)?)
            {
                let visible = matches!(status, ReviewStatus::Approved | ReviewStatus::Edited);
                crate::notifications::fanout::to_member(
                    conn,
                    &notify,
                    &current.author_id,
                    crate::db::NotificationKind::Moderation,
                    &community_row,
                    &topic,
                    visible.then_some(&pid),
                    &actor_id,
                    &format!("Your post in {} was {outcome}", topic.title),
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    if mail {
        state.outbox_wake.notify_one();
    }
    Ok(community)
}

/// Soft delete from the queue: the post (and, for an opening post, its topic).
fn soft_delete(conn: &mut DbConn, post: &Post, by: &UserId, now: Timestamp) -> AppResult<()> {
    use diesel::prelude::*;
    posts::set_deleted(conn, &post.id, Some(by), Some(now))?;
    if post.is_opening() {
        diesel::update(topics_table::table.find(&post.topic_id))
            .set(topics_table::deleted_at.eq(Some(now)))
            .execute(conn)?;
    }
    topics::recount_replies(conn, &post.topic_id)?;
    Ok(())
}

// ----- Sanctions -----

/// Silences, suspends, bans or lifts sanctions on a member, outside the queue.
pub async fn sanction(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    target: &User,
    input: SanctionInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_sanction(target, None))?;
    let parsed = parse_sanction(&input)?;
    let (actor_id, target, now) = (actor.id.clone(), target.clone(), state.clock.now());
    state
        .write(move |conn| apply_sanction(conn, &actor_id, &target, &parsed, None, now))
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}

fn fmt_until(t: Option<Timestamp>) -> String {
    t.map(|t| t.rfc3339()).unwrap_or_default()
}

/// Applies a sanction at once: sessions are deleted with a suspension or ban, and the
/// member is told by mail through the outbox, in the same transaction.
fn apply_sanction(
    conn: &mut DbConn,
    actor: &UserId,
    target: &User,
    s: &ParsedSanction,
    community: Option<&CommunityId>,
    now: Timestamp,
) -> AppResult<()> {
    let current = users::find(conn, &target.id)?.ok_or(AppError::NotFound)?;
    let (action, before, after) = match s.kind {
        SanctionKind::Silence => {
            let until = now.plus_secs(s.days * 86_400);
            users::set_silence(conn, &target.id, Some(until), now)?;
            (
                "user.silence",
                fmt_until(current.silenced_until),
                until.rfc3339(),
            )
        }
        SanctionKind::Suspend | SanctionKind::Ban => {
            let until = if s.kind == SanctionKind::Ban {
                BAN_UNTIL
            } else {
                now.plus_secs(s.days * 86_400)
            };
            users::set_suspension(conn, &target.id, Some(until), Some(&s.reason), now)?;
            sessions::delete_all_for_user(conn, &target.id)?;
            let brand = site_settings::load(conn, now)?;
            let shown = (s.kind == SanctionKind::Suspend).then(|| {
                let d = until.to_offset_datetime();
                format!("{} {:02}:{:02}", until.date_string(), d.hour(), d.minute())
            });
            let email = templates::account_suspended(
                &brand,
                &current.email,
                &current.username,
                shown.as_deref(),
                &s.reason,
            );
            outbox::enqueue(conn, &email, now)?;
            let name = if s.kind == SanctionKind::Ban {
                "user.ban"
            } else {
                "user.suspend"
            };
            (name, fmt_until(current.suspended_until), until.rfc3339())
        }
        SanctionKind::Lift => {
            users::set_silence(conn, &target.id, None, now)?;
            users::set_suspension(conn, &target.id, None, None, now)?;
            (
                "user.lift_sanctions",
                format!(
                    "silenced {}; suspended {}",
                    fmt_until(current.silenced_until),
                    fmt_until(current.suspended_until)
                ),
                String::new(),
            )
        }
    };
    audit::record_change(
        conn,
        &Change {
            actor: Some(actor),
            action,
            target_type: "user",
            target_id: target.id.as_str(),
            community,
            details: &s.reason,
            before: &before,
            after: &after,
        },
        now,
    )?;
    Ok(())
}

// ----- Policy settings and rules -----

pub struct DetectorInput {
    pub detector: Detector,
    pub enabled: bool,
    pub action: String,
    pub skip_employee_only: bool,
}

pub struct SettingsInput {
    pub flag_threshold: String,
    pub new_account_hours: String,
    pub new_account_posts_per_hour: String,
    pub new_account_max_links: String,
    pub code_names: String,
    pub markers: String,
    pub detectors: Vec<DetectorInput>,
}

pub struct PolicyOverview {
    pub settings: ModerationSettings,
    pub detectors: Vec<DetectorSetting>,
    pub rules: Vec<PolicyRule>,
}

pub async fn overview(
    state: &AppState,
    guardian: &Guardian<'_>,
    community: Option<&Community>,
) -> AppResult<PolicyOverview> {
    match community {
        Some(c) => guardian.ensure(guardian.can_manage_community_policy(c))?,
        None => guardian.ensure(guardian.can_manage_policy())?,
    }
    let cid = community.map(|c| c.id.clone());
    state
        .db(move |conn| {
            Ok(PolicyOverview {
                settings: mdb::settings(conn)?,
                detectors: mdb::detectors(conn)?,
                rules: mdb::rules_of(conn, cid.as_ref())?,
            })
        })
        .await
}

fn parse_number(
    errors: &mut FieldErrors,
    field: &'static str,
    raw: &str,
    range: std::ops::RangeInclusive<i32>,
) -> i32 {
    match raw.trim().parse::<i32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.insert(
                field,
                format!(
                    "Give a whole number from {} to {}.",
                    range.start(),
                    range.end()
                ),
            );
            0
        }
    }
}

fn parse_list(errors: &mut FieldErrors, field: &'static str, raw: &str) -> String {
    let lines: Vec<String> = raw
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 500 || lines.iter().any(|l| l.chars().count() > 100) {
        errors.insert(
            field,
            "Use at most 500 lines of at most 100 characters.".into(),
        );
    }
    lines.join("\n")
}

pub async fn save_settings(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    input: SettingsInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_policy())?;
    let mut errors = FieldErrors::new();
    let now = state.clock.now();
    let new = ModerationSettings {
        id: 1,
        flag_threshold: parse_number(
            &mut errors,
            "flag_threshold",
            &input.flag_threshold,
            1..=100,
        ),
        new_account_hours: parse_number(
            &mut errors,
            "new_account_hours",
            &input.new_account_hours,
            0..=8760,
        ),
        new_account_posts_per_hour: parse_number(
            &mut errors,
            "new_account_posts_per_hour",
            &input.new_account_posts_per_hour,
            1..=1000,
        ),
        new_account_max_links: parse_number(
            &mut errors,
            "new_account_max_links",
            &input.new_account_max_links,
            0..=100,
        ),
        code_names: parse_list(&mut errors, "code_names", &input.code_names),
        markers: parse_list(&mut errors, "markers", &input.markers),
        updated_at: now,
    };
    let mut detectors = Vec::new();
    for d in input.detectors {
        match d.action.parse::<PolicyAction>() {
            Ok(action) => detectors.push(DetectorSetting {
                detector: d.detector,
                enabled: d.enabled,
                action,
                skip_employee_only: d.skip_employee_only,
            }),
            Err(_) => {
                errors.insert("detectors", "Choose an action for every detector.".into());
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let actor_id = actor.id.clone();
    state
        .write(move |conn| {
            let old = mdb::settings(conn)?;
            let old_detectors = mdb::detectors(conn)?;
            mdb::save_settings(conn, &new)?;
            for d in &detectors {
                mdb::save_detector(conn, d)?;
            }
            let describe = |s: &ModerationSettings, ds: &[DetectorSetting]| {
                let dets: Vec<String> = ds
                    .iter()
                    .map(|d| {
                        format!(
                            "{}={}{}{}",
                            d.detector,
                            if d.enabled { d.action.as_str() } else { "off" },
                            if d.skip_employee_only { "/skip-employee-only" } else { "" },
                            ""
                        )
                    })
                    .collect();
                format!(
                    "flags={} new_hours={} posts_per_hour={} links={} code_names=[{}] markers=[{}] {}",
                    s.flag_threshold,
                    s.new_account_hours,
                    s.new_account_posts_per_hour,
                    s.new_account_max_links,
                    s.code_names.replace('\n', ", "),
                    s.markers.replace('\n', ", "),
                    dets.join(" ")
                )
            };
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: "moderation.settings",
                    target_type: "site",
                    target_id: "1",
                    community: None,
                    details: "",
                    before: &describe(&old, &old_detectors),
                    after: &describe(&new, &detectors),
                },
                now,
            )?;
            Ok(())
        })
        .await
}

pub struct RuleInput {
    pub kind: String,
    pub pattern: String,
    pub action: String,
    pub skip_employee_only: bool,
}

fn parse_rule(input: &RuleInput) -> AppResult<(RuleKind, String, PolicyAction)> {
    let mut errors = FieldErrors::new();
    let kind = input
        .kind
        .parse::<RuleKind>()
        .map_err(|_| errors.insert("kind", "Choose word, phrase or regular expression.".into()))
        .ok();
    let action = input
        .action
        .parse::<PolicyAction>()
        .map_err(|_| errors.insert("action", "Choose what happens on a match.".into()))
        .ok();
    if let Some(k) = kind {
        if let Err(e) = policy::compile_rule(k, &input.pattern) {
            errors.insert("pattern", e);
        }
    }
    match (kind, action) {
        (Some(k), Some(a)) if errors.is_empty() => Ok((k, input.pattern.trim().to_string(), a)),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Adds a rule for the deployment (`community` None) or one sub-community, after
/// checking that it compiles within the limits.
pub async fn add_rule(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: Option<&Community>,
    input: RuleInput,
) -> AppResult<()> {
    match community {
        Some(c) => guardian.ensure(guardian.can_manage_community_policy(c))?,
        None => guardian.ensure(guardian.can_manage_policy())?,
    }
    let (kind, pattern, action) = parse_rule(&input)?;
    let skip = input.skip_employee_only;
    let (cid, actor_id, now) = (
        community.map(|c| c.id.clone()),
        actor.id.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            let id = PolicyRuleId::new();
            mdb::insert_rule(
                conn,
                &NewPolicyRule {
                    id: &id,
                    community_id: cid.as_ref(),
                    kind,
                    pattern: &pattern,
                    action,
                    skip_employee_only: skip,
                    created_by: Some(&actor_id),
                    created_at: now,
                },
            )?;
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: "policy.rule_add",
                    target_type: "policy_rule",
                    target_id: id.as_str(),
                    community: cid.as_ref(),
                    details: "",
                    before: "",
                    after: &format!(
                        "{kind} {pattern:?} -> {action}{}",
                        if skip { " (not in employee-only)" } else { "" }
                    ),
                },
                now,
            )?;
            Ok(())
        })
        .await
}

/// Deletes a rule; answers the sub-community it belonged to (None: deployment).
pub async fn delete_rule(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    id: &PolicyRuleId,
) -> AppResult<Option<Community>> {
    let rid = id.clone();
    let (rule, community) = state
        .db(move |conn| {
            let rule = mdb::find_rule(conn, &rid)?.ok_or(AppError::NotFound)?;
            let c = match &rule.community_id {
                Some(c) => Some(communities::find(conn, c)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            Ok((rule, c))
        })
        .await?;
    match &community {
        Some(c) => {
            guardian.ensure_can_see_community(c)?;
            guardian.ensure(guardian.can_manage_community_policy(c))?
        }
        None => guardian.ensure(guardian.can_manage_policy())?,
    }
    let (actor_id, now) = (actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            mdb::delete_rule(conn, &rule.id)?;
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: "policy.rule_delete",
                    target_type: "policy_rule",
                    target_id: rule.id.as_str(),
                    community: rule.community_id.as_ref(),
                    details: "",
                    before: &format!("{} {:?} -> {}", rule.kind, rule.pattern, rule.action),
                    after: "",
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(community)
}

/// Tries sample text against a rule being written (when a pattern is given) or against
/// the policy in force, without saving anything.
pub async fn test_sample(
    state: &AppState,
    guardian: &Guardian<'_>,
    community: Option<&Community>,
    sample: &str,
    candidate: &RuleInput,
) -> AppResult<Screening> {
    match community {
        Some(c) => guardian.ensure(guardian.can_manage_community_policy(c))?,
        None => guardian.ensure(guardian.can_manage_policy())?,
    }
    let employee_only = community.is_some_and(|c| c.visibility == crate::db::Visibility::Employees);
    let policy = if candidate.pattern.trim().is_empty() {
        let c = community.cloned();
        state
            .db(move |conn| match &c {
                Some(c) => gate::policy_for(conn, c),
                None => {
                    let s = mdb::settings(conn)?;
                    let d = mdb::detectors(conn)?;
                    let r = mdb::rules_of(conn, None)?;
                    Ok(Policy::cached(&r, &d, &s))
                }
            })
            .await?
    } else {
        let (kind, pattern, action) = parse_rule(candidate)?;
        std::sync::Arc::new(
            Policy::single_rule(kind, &pattern, action)
                .map_err(|e| AppError::field("pattern", e))?,
        )
    };
    policy
        .screen(sample, employee_only)
        .map_err(|e| AppError::field("sample", e))
}

/// Sets how many first posts of each new member a sub-community holds for approval.
pub async fn set_hold_first_posts(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    raw: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_community_policy(community))?;
    let mut errors = FieldErrors::new();
    let n = parse_number(&mut errors, "hold_first_posts", raw, 0..=100);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (cid, actor_id, now) = (community.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            let before = mdb::hold_first_posts(conn, &cid)?;
            mdb::set_hold_first_posts(conn, &cid, n, now)?;
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action: "community.premoderation",
                    target_type: "community",
                    target_id: cid.as_str(),
                    community: Some(&cid),
                    details: "",
                    before: &before.to_string(),
                    after: &n.to_string(),
                },
                now,
            )?;
            Ok(())
        })
        .await
}

pub async fn hold_first_posts(state: &AppState, community: &Community) -> AppResult<i32> {
    let cid = community.id.clone();
    state
        .db(move |conn| Ok(mdb::hold_first_posts(conn, &cid)?))
        .await
}

/// A moderator publishes or hides a post straight from the topic page; an open review
/// item of the post is resolved with it.
pub async fn set_published(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    post: &Post,
    community: &Community,
    publish: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_review(community))?;
    let (pid, cid, actor_id, now) = (
        post.id.clone(),
        community.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    state
        .write(move |conn| {
            posts::lock(conn, &pid)?;
            let current = posts::find(conn, &pid)?.ok_or(AppError::NotFound)?;
            let before = current.moderation_state;
            let (action, status) = if publish {
                publish_post(conn, &pid, now)?;
                ("post.publish", ReviewStatus::Approved)
            } else {
                withdraw_post(conn, &current, ModerationState::Hidden)?;
                ("post.hide", ReviewStatus::Hidden)
            };
            if let Some(item) = mdb::open_item_for_post(conn, &pid)? {
                mdb::resolve_item(conn, &item.id, status, &actor_id, now)?;
                mdb::resolve_flags(conn, &pid, now)?;
            }
            let after = if publish { "published" } else { "hidden" };
            audit::record_change(
                conn,
                &Change {
                    actor: Some(&actor_id),
                    action,
                    target_type: "post",
                    target_id: pid.as_str(),
                    community: Some(&cid),
                    details: "",
                    before: before.as_str(),
                    after,
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    crate::notifications::fanout::drain_all(state).await?;
    Ok(())
}
