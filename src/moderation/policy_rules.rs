//! Policy rules (words, phrases, regular expressions) for the deployment or one
//! sub-community: added once they compile within the limits, deleted, or tried on sample
//! text first.

use std::sync::Arc;

use crate::auth::Guardian;
use crate::db::models::audit::{self, Change};
use crate::db::models::communities::{self, Community};
use crate::db::models::moderation::{self as mdb, NewPolicyRule};
use crate::db::models::users::User;
use crate::db::{PolicyAction, PolicyRuleId, RuleKind, Visibility};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::moderation::gate;
use crate::moderation::policy::{self, Policy, Screening};
use crate::state::AppState;

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
        .map_err(|_| {
            errors.insert(
                "kind",
                crate::error::Msg::key("validation-choose-rule-kind"),
            )
        })
        .ok();
    let action = input
        .action
        .parse::<PolicyAction>()
        .map_err(|_| {
            errors.insert(
                "action",
                crate::error::Msg::key("validation-choose-rule-action"),
            )
        })
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
    let employee_only = community.is_some_and(|c| c.visibility == Visibility::Employees);
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
        Arc::new(
            Policy::single_rule(kind, &pattern, action)
                .map_err(|e| AppError::field("pattern", e))?,
        )
    };
    policy
        .screen(sample, employee_only)
        .map_err(|e| AppError::field("sample", e))
}
