//! Setting up product teams (`/admin/teams`, admins): name, address, members by
//! username, covered sub-communities, notification address, webhook URL (a managed
//! webhook subscription, see [`super::team_hook`]). Audited.

use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community};
use crate::db::models::teams::{self, Team};
use crate::db::models::users;
use crate::db::{CommunityId, TeamId, UserId};
use crate::domain::{Email, Slug, Username};
use crate::error::{AppError, AppResult, FieldErrors, MsgArg};
use crate::state::AppState;
use crate::webhooks::sign;

use super::team_hook::{self, HookChange};

/// What the team form sends (kept as typed on errors).
#[derive(Debug, Clone, Default)]
pub struct TeamInput {
    pub name: String,
    pub slug: String,
    /// Usernames separated by commas, spaces or lines.
    pub members: String,
    /// Sub-community slugs.
    pub communities: Vec<String>,
    pub notify_email: String,
    pub webhook_url: String,
}

/// A team with its members and covered sub-communities, for the admin page and the API.
#[derive(Debug, Clone)]
pub struct TeamView {
    pub team: Team,
    pub members: Vec<AuthorView>,
    pub communities: Vec<CommunityId>,
}

impl TeamView {
    pub fn input(&self, all: &[Community]) -> TeamInput {
        TeamInput {
            name: self.team.name.clone(),
            slug: self.team.slug.clone(),
            members: self
                .members
                .iter()
                .map(|m| m.username.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            communities: all
                .iter()
                .filter(|c| self.communities.contains(&c.id))
                .map(|c| c.slug.clone())
                .collect(),
            notify_email: self.team.notify_email.clone(),
            webhook_url: self.team.webhook_url.clone(),
        }
    }
}

/// Every team with its members and sub-communities (a handful of teams).
pub async fn list(state: &AppState) -> AppResult<Vec<TeamView>> {
    state
        .db(|conn| {
            let mut out = vec![];
            for team in teams::all(conn)? {
                out.push(TeamView {
                    members: teams::members(conn, &team.id)?,
                    communities: teams::communities_of(conn, &team.id)?,
                    team,
                });
            }
            Ok(out)
        })
        .await
}

pub async fn get(state: &AppState, id: &TeamId) -> AppResult<TeamView> {
    let id = id.clone();
    state
        .db(move |conn| {
            let team = teams::find(conn, &id)?.ok_or(AppError::NotFound)?;
            Ok(TeamView {
                members: teams::members(conn, &team.id)?,
                communities: teams::communities_of(conn, &team.id)?,
                team,
            })
        })
        .await
}

/// A saved team and what happened to its webhook subscription.
#[derive(Debug)]
pub struct Saved {
    pub team: Team,
    pub hook: HookChange,
}

/// Creates a team (`existing` none) or changes one; its webhook URL becomes (or stops
/// being) a managed webhook subscription in the same transaction.
pub async fn save(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &UserId,
    existing: Option<TeamId>,
    input: &TeamInput,
) -> AppResult<Saved> {
    guardian.ensure(guardian.can_manage_teams())?;
    let mut errors = FieldErrors::new();
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        errors.insert("name", crate::error::Msg::key("validation-team-name"));
    }
    let slug = match Slug::parse(input.slug.trim()) {
        Ok(s) => s.as_str().to_string(),
        Err(e) => {
            errors.insert("slug", e);
            String::new()
        }
    };
    let notify_email = match input.notify_email.trim() {
        "" => String::new(),
        raw => match Email::parse(raw) {
            Ok(e) => e.as_str().to_string(),
            Err(e) => {
                errors.insert("notify_email", e);
                String::new()
            }
        },
    };
    let webhook_url = team_hook::check_url(state, &input.webhook_url)
        .await
        .unwrap_or_else(|e| {
            errors.insert("webhook_url", e);
            String::new()
        });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    if !webhook_url.is_empty() {
        // The URL becomes a webhook subscription owned by the actor.
        guardian.ensure(guardian.can_manage_webhooks())?;
    }
    let secret = sign::new_secret().map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let names: Vec<String> = input
        .members
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|s| s.trim().trim_start_matches('@'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let slugs = input.communities.clone();
    let now = state.clock.now();
    let actor = actor.clone();
    state
        .write(move |conn| {
            let mut members: Vec<UserId> = vec![];
            let mut unknown = vec![];
            for n in &names {
                match users::find_by_username_key(conn, &Username::lookup_key(n))? {
                    Some(u) if !members.contains(&u.id) => members.push(u.id),
                    Some(_) => {}
                    None => unknown.push(n.clone()),
                }
            }
            if !unknown.is_empty() {
                return Err(AppError::field_t(
                    "members",
                    "validation-team-unknown-members",
                    &[("names", MsgArg::Str(unknown.join(", ")))],
                ));
            }
            let mut covered: Vec<CommunityId> = vec![];
            for s in &slugs {
                let c = communities::find_by_slug(conn, s)?.ok_or_else(|| {
                    AppError::field_t("communities", "validation-community-unknown", &[])
                })?;
                covered.push(c.id);
            }
            if let Some(other) = teams::find_by_slug(conn, &slug)? {
                if Some(&other.id) != existing.as_ref() {
                    return Err(AppError::field_t("slug", "validation-team-slug-taken", &[]));
                }
            }
            let before = match &existing {
                Some(id) => Some(teams::find(conn, id)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            let team = Team {
                id: existing.clone().unwrap_or_default(),
                name,
                slug,
                notify_email,
                webhook_url,
                created_at: before.as_ref().map_or(now, |b| b.created_at),
                updated_at: now,
            };
            if before.is_some() {
                teams::update(conn, &team)?;
            } else {
                teams::insert(conn, &team)?;
            }
            teams::set_members(conn, &team.id, &members, now)?;
            teams::set_communities(conn, &team.id, &covered)?;
            let hook = team_hook::sync(conn, &team.id, &team.webhook_url, &actor, &secret, now)?;
            let summary = |t: &Team| {
                format!(
                    "name={} slug={} notify_email={} webhook_url={}",
                    t.name, t.slug, t.notify_email, t.webhook_url
                )
            };
            let after = format!(
                "{} members={} communities={}",
                summary(&team),
                names.join(","),
                slugs.join(",")
            );
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor),
                    action: if before.is_some() {
                        "team.update"
                    } else {
                        "team.create"
                    },
                    target_type: "team",
                    target_id: team.id.as_str(),
                    community: None,
                    details: &team.name,
                    before: &before.as_ref().map(summary).unwrap_or_default(),
                    after: &after,
                },
                now,
            )?;
            Ok(Saved { team, hook })
        })
        .await
}

/// Deletes a team: its members and covered sub-communities go with it, its managed
/// webhook subscription is removed (audited as `webhook.delete`), and its escalations
/// stay, with no team. Audited as `team.delete`.
pub async fn delete(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &UserId,
    id: &TeamId,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_teams())?;
    let (id, actor, now) = (id.clone(), actor.clone(), state.clock.now());
    state
        .write(move |conn| {
            let team = teams::find(conn, &id)?.ok_or(AppError::NotFound)?;
            team_hook::sync(conn, &team.id, "", &actor, "", now)?;
            teams::delete(conn, &team.id)?;
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor),
                    action: "team.delete",
                    target_type: "team",
                    target_id: team.id.as_str(),
                    community: None,
                    details: &team.name,
                    before: &format!("name={} slug={}", team.name, team.slug),
                    after: "",
                },
                now,
            )?;
            Ok(())
        })
        .await
}

/// Every sub-community, for the team form's choices.
pub async fn all_communities(state: &AppState) -> AppResult<Vec<Community>> {
    state.db(|conn| Ok(communities::all(conn)?)).await
}
