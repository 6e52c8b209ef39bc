//! Roles from the company (issue 23): at every sign-in, the provider's mapping applied to
//! the verified groups gives the employee flag (the badge and brand voice: both are
//! `users.is_employee`, see `Guardian::can_post_as_brand`) and moderator or manager roles
//! per sub-community. What the mapping grants is added, what SSO granted earlier and the
//! mapping no longer gives is taken back (restoring what the member had before), and
//! every change is audited. Roles given by hand are left alone, except that an
//! SSO-required employee's flag comes only from the claims.

use std::collections::HashMap;

use crate::db::models::audit::{self, Change};
use crate::db::models::communities::{self};
use crate::db::models::settings;
use crate::db::models::sso::{self, ROLE_EMPLOYEE, ROLE_MANAGER, ROLE_MODERATOR};
use crate::db::models::sso_identities::{self as ids, RoleGrant};
use crate::db::models::users::{self, User};
use crate::db::{CommunityId, CommunityRole, DbConn, Timestamp};
use crate::error::AppResult;

/// Whether this member's employee flag is SSO's alone: SSO is required for the employee
/// domains and their address is in one.
pub fn employee_flag_from_claims_only(
    conn: &mut DbConn,
    user: &User,
    now: Timestamp,
) -> AppResult<bool> {
    if !sso::require_for_employee_domains(conn)? {
        return Ok(false);
    }
    Ok(settings::load(conn, now)?.is_employee_email(&user.email_key))
}

/// What the mapping gives for these groups: the employee flag, and the highest role per
/// sub-community.
pub fn desired_roles(
    mappings: &[sso::SsoMapping],
    groups: &[String],
) -> (bool, HashMap<CommunityId, CommunityRole>) {
    let mut employee = false;
    let mut roles: HashMap<CommunityId, CommunityRole> = HashMap::new();
    for m in mappings.iter().filter(|m| groups.contains(&m.group_name)) {
        let role = match m.role.as_str() {
            ROLE_EMPLOYEE => {
                employee = true;
                continue;
            }
            ROLE_MODERATOR => CommunityRole::Moderator,
            ROLE_MANAGER => CommunityRole::Manager,
            _ => continue,
        };
        if let Some(c) = &m.community_id {
            let e = roles.entry(c.clone()).or_insert(role);
            if role > *e {
                *e = role;
            }
        }
    }
    (employee, roles)
}

fn audit_role(
    conn: &mut DbConn,
    user: &User,
    action: &str,
    community: Option<&CommunityId>,
    provider: &str,
    (before, after): (&str, &str),
    now: Timestamp,
) -> AppResult<()> {
    audit::record_change(
        conn,
        &Change {
            actor: None,
            action,
            target_type: "user",
            target_id: user.id.as_str(),
            community,
            details: &format!("single sign-on: {provider}"),
            before,
            after,
        },
        now,
    )?;
    Ok(())
}

/// Brings the member's roles in line with `groups` under `provider`'s mapping. With
/// `groups` empty (access ended), every role SSO manages is taken back.
pub fn sync(
    conn: &mut DbConn,
    user: &User,
    provider: &str,
    groups: &[String],
    now: Timestamp,
) -> AppResult<()> {
    let mappings = sso::mappings_of(conn, provider)?;
    let (want_employee, want_roles) = desired_roles(&mappings, groups);
    let claims_only = employee_flag_from_claims_only(conn, user, now)?;
    let grants = ids::grants_of(conn, &user.id)?;
    sync_employee(
        conn,
        user,
        provider,
        want_employee,
        claims_only,
        &grants,
        now,
    )?;

    let memberships = communities::memberships_of(conn, &user.id)?;
    let current = |c: &CommunityId| {
        memberships
            .iter()
            .find(|m| &m.community_id == c)
            .map(|m| m.role)
    };
    for (community, role) in &want_roles {
        let had = current(community);
        let grant = grants
            .iter()
            .find(|g| g.community_id == community.as_str() && g.role != ROLE_EMPLOYEE);
        if had == Some(*role) {
            continue;
        }
        // A higher role given by hand stays as it is.
        if grant.is_none() && had.is_some_and(|h| h > *role) {
            continue;
        }
        communities::set_role(conn, community, &user.id, *role, now)?;
        let previous = match grant {
            Some(g) => g.previous_role.clone(),
            None => had.map(|h| h.as_str().to_string()).unwrap_or_default(),
        };
        if let Some(g) = grant {
            ids::delete_grant(conn, &user.id, &g.role, &g.community_id)?;
        }
        ids::insert_grant(
            conn,
            &RoleGrant {
                user_id: user.id.clone(),
                role: role.as_str().to_string(),
                community_id: community.as_str().to_string(),
                provider_id: provider.to_string(),
                previous_role: previous,
                created_at: now,
            },
        )?;
        let before = had.map(|h| h.as_str()).unwrap_or("none");
        audit_role(
            conn,
            user,
            "sso.role_granted",
            Some(community),
            provider,
            (before, role.as_str()),
            now,
        )?;
    }
    for g in grants
        .iter()
        .filter(|g| g.role != ROLE_EMPLOYEE && g.provider_id == provider)
    {
        let Some(community) = CommunityId::parse(&g.community_id) else {
            continue;
        };
        if want_roles.contains_key(&community) {
            continue;
        }
        let had = current(&community);
        if had.map(|h| h.as_str()) == Some(g.role.as_str()) {
            match g.previous_role.parse::<CommunityRole>() {
                Ok(previous) => communities::set_role(conn, &community, &user.id, previous, now)?,
                Err(_) => {
                    communities::remove(conn, &community, &user.id)?;
                }
            }
            let after = if g.previous_role.is_empty() {
                "none"
            } else {
                &g.previous_role
            };
            audit_role(
                conn,
                user,
                "sso.role_removed",
                Some(&community),
                provider,
                (&g.role, after),
                now,
            )?;
        }
        ids::delete_grant(conn, &user.id, &g.role, &g.community_id)?;
    }
    Ok(())
}

fn sync_employee(
    conn: &mut DbConn,
    user: &User,
    provider: &str,
    want: bool,
    claims_only: bool,
    grants: &[RoleGrant],
    now: Timestamp,
) -> AppResult<()> {
    let granted = grants.iter().find(|g| g.role == ROLE_EMPLOYEE);
    let is = users::find(conn, &user.id)?.is_some_and(|u| u.is_employee);
    if want && !is {
        users::set_employee(conn, &user.id, true, now)?;
        audit_role(
            conn,
            user,
            "sso.employee_granted",
            None,
            provider,
            ("false", "true"),
            now,
        )?;
    }
    if want && granted.is_none() && (!is || claims_only) {
        ids::insert_grant(
            conn,
            &RoleGrant {
                user_id: user.id.clone(),
                role: ROLE_EMPLOYEE.to_string(),
                community_id: String::new(),
                provider_id: provider.to_string(),
                previous_role: String::new(),
                created_at: now,
            },
        )?;
    }
    let managed = granted.is_some_and(|g| g.provider_id == provider) || claims_only;
    if !want && is && managed {
        users::set_employee(conn, &user.id, false, now)?;
        audit_role(
            conn,
            user,
            "sso.employee_removed",
            None,
            provider,
            ("true", "false"),
            now,
        )?;
    }
    if !want {
        if let Some(g) = granted.filter(|g| g.provider_id == provider) {
            ids::delete_grant(conn, &user.id, &g.role, &g.community_id)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(group: &str, role: &str, community: Option<&CommunityId>) -> sso::SsoMapping {
        sso::SsoMapping {
            id: String::new(),
            provider_id: "p".into(),
            group_name: group.into(),
            role: role.into(),
            community_id: community.cloned(),
            created_at: Timestamp::from_micros(0),
        }
    }

    #[test]
    fn the_highest_mapped_role_per_community_wins() {
        let c = CommunityId::new();
        let maps = vec![
            mapping("staff", ROLE_EMPLOYEE, None),
            mapping("mods", ROLE_MODERATOR, Some(&c)),
            mapping("leads", ROLE_MANAGER, Some(&c)),
        ];
        let groups = vec!["mods".to_string(), "leads".to_string()];
        let (employee, roles) = desired_roles(&maps, &groups);
        assert!(!employee);
        assert_eq!(roles.get(&c), Some(&CommunityRole::Manager));
        let (employee, roles) = desired_roles(&maps, &["staff".to_string()]);
        assert!(employee);
        assert!(roles.is_empty());
    }
}
