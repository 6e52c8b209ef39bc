//! Deployment-wide moderation settings and detectors, and a sub-community's
//! pre-moderation: read for the policy pages, saved with their audit row.

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::Community;
use crate::db::models::moderation::{self as mdb, DetectorSetting, ModerationSettings, PolicyRule};
use crate::db::models::users::User;
use crate::db::{Detector, PolicyAction};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

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
            crate::error::Msg::key("validation-list-lines")
                .with("lines", 500)
                .with("chars", 100),
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
                errors.insert(
                    "detectors",
                    crate::error::Msg::key("validation-choose-detector-actions"),
                );
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
