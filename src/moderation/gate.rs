//! What stands between a submitted post and its publication: the limits for new
//! accounts, the policy engine, and pre-moderation of a sub-community. Runs inside the
//! write transaction before anything is written, so a refusal changes nothing.

use std::sync::Arc;

use crate::db::models::communities::Community;
use crate::db::models::moderation::{self, ModerationSettings};
use crate::db::models::posts;
use crate::db::models::users::User;
use crate::db::{DbConn, ModerationState, PolicyAction, ReviewReason, Timestamp, Visibility};
use crate::error::{AppError, Msg, MsgArg};
use crate::moderation::policy::{describe_msg, encode_matches, Match, Policy};

/// A post (and title) as submitted.
pub struct Submission<'a> {
    pub community: &'a Community,
    pub author: &'a User,
    /// Field name (as in the form) and text, e.g. `("title", ..)`, `("body", ..)`.
    pub fields: Vec<(&'static str, String)>,
    /// New posts count against rate limits and pre-moderation; edits do not.
    pub new_post: bool,
    /// Staff of the sub-community (from the guardian): no new-member limits or
    /// pre-moderation. The policy engine still runs.
    pub staff: bool,
}

/// What to publish and how.
pub struct Decision {
    /// The fields after censoring, in the order given.
    pub fields: Vec<(&'static str, String)>,
    pub state: ModerationState,
    /// A review item to open (or add to), with what matched.
    pub review: Option<(ReviewReason, String)>,
    pub matches: Vec<Match>,
}

impl Decision {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub fn is_new_account(author: &User, s: &ModerationSettings, now: Timestamp) -> bool {
    author.created_at > now.plus_secs(-i64::from(s.new_account_hours) * 3600)
}

fn count_links(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    lower.matches("http://").count()
        + lower.matches("https://").count()
        + lower.matches("www.").count()
        - lower.matches("://www.").count()
}

/// Compiles the policy that applies in a sub-community.
pub fn policy_for(conn: &mut DbConn, community: &Community) -> Result<Arc<Policy>, AppError> {
    let settings = moderation::settings(conn)?;
    let rules = moderation::rules_for(conn, &community.id)?;
    let detectors = moderation::detectors(conn)?;
    Ok(Policy::cached(&rules, &detectors, &settings))
}

/// Named fields after screening (censored), and everything that matched.
pub type Screened = (Vec<(&'static str, String)>, Vec<Match>);

/// Screens free text outside posts (profile fields): anything that would hold or block a
/// post is refused with the reason; censored text is returned.
pub fn screen_profile_fields(
    conn: &mut DbConn,
    fields: Vec<(&'static str, String)>,
) -> Result<Screened, AppError> {
    let settings = moderation::settings(conn)?;
    let detectors = moderation::detectors(conn)?;
    let rules = moderation::rules_of(conn, None)?;
    let policy = Policy::cached(&rules, &detectors, &settings);
    let mut out = Vec::new();
    let mut found = Vec::new();
    for (name, text) in fields {
        let screened = policy
            .screen(&text, false)
            .map_err(|m| AppError::field(name, m))?;
        if let Some(m) = screened
            .matches
            .iter()
            .find(|m| m.action >= PolicyAction::Hold)
        {
            return Err(AppError::field_t(
                name,
                "validation-text-blocked",
                &[("found", MsgArg::Msgs(vec![describe_msg(m)]))],
            ));
        }
        found.extend(screened.matches);
        out.push((name, screened.text));
    }
    Ok((out, found))
}

pub fn decide(conn: &mut DbConn, s: &Submission<'_>, now: Timestamp) -> Result<Decision, AppError> {
    let settings = moderation::settings(conn)?;
    if s.new_post && !s.staff && is_new_account(s.author, &settings, now) {
        let last_hour = posts::count_by_author_since(conn, &s.author.id, now.plus_secs(-3600))?;
        if last_hour >= i64::from(settings.new_account_posts_per_hour) {
            return Err(AppError::RateLimited {
                retry_after_secs: 3600,
            });
        }
        let max_links = usize::try_from(settings.new_account_max_links).unwrap_or(0);
        if let Some((name, _)) = s.fields.iter().find(|(_, t)| count_links(t) > max_links) {
            return Err(AppError::field_t(
                name,
                "validation-new-account-links",
                &[("max", MsgArg::from(max_links))],
            ));
        }
    }
    let rules = moderation::rules_for(conn, &s.community.id)?;
    let detectors = moderation::detectors(conn)?;
    let policy = Policy::cached(&rules, &detectors, &settings);
    let employee_only = s.community.visibility == Visibility::Employees;
    let mut fields = Vec::new();
    let mut matches: Vec<Match> = Vec::new();
    for (name, text) in &s.fields {
        let screened = policy
            .screen(text, employee_only)
            .map_err(|m| AppError::field(name, m))?;
        if let Some(m) = screened
            .matches
            .iter()
            .find(|m| m.action == PolicyAction::Block)
        {
            return Err(AppError::field_t(
                name,
                "validation-post-blocked",
                &[("found", MsgArg::Msgs(vec![describe_msg(m)]))],
            ));
        }
        matches.extend(screened.matches);
        fields.push((*name, screened.text));
    }
    let verdict = matches.iter().map(|m| m.action).max();
    let reviewable: Vec<Match> = matches
        .iter()
        .filter(|m| m.action >= PolicyAction::Flag)
        .cloned()
        .collect();
    let (mut state, mut review) = match verdict {
        Some(PolicyAction::Hold) => (
            ModerationState::Held,
            Some((ReviewReason::Policy, encode_matches(&reviewable))),
        ),
        Some(PolicyAction::Flag) => (
            ModerationState::Published,
            Some((ReviewReason::Policy, encode_matches(&reviewable))),
        ),
        _ => (ModerationState::Published, None),
    };
    if state == ModerationState::Published && s.new_post && !s.staff {
        let hold_first = moderation::hold_first_posts(conn, &s.community.id)?;
        if hold_first > 0 {
            let published =
                posts::count_published_by_author_in(conn, &s.author.id, &s.community.id)?;
            if published < i64::from(hold_first) {
                state = ModerationState::Held;
                review = Some((ReviewReason::NewMember, encode_matches(&reviewable)));
            }
        }
    }
    Ok(Decision {
        fields,
        state,
        review,
        matches,
    })
}

/// Screens a topic as the policy of `dest` would have screened it if written there,
/// before it moves: a topic moved out of an employee-only sub-community (where code names
/// may be allowed) or into one with rules of its own must not take past the policy what
/// that policy holds or blocks. Refuses, naming the title or the first such post, with an
/// error on the form's `community` field; nothing is moved. Flags are not refused.
pub fn check_move(
    conn: &mut DbConn,
    dest: &Community,
    title: &str,
    topic: &crate::db::TopicId,
    field: &'static str,
) -> Result<(), AppError> {
    let settings = moderation::settings(conn)?;
    let rules = moderation::rules_for(conn, &dest.id)?;
    let detectors = moderation::detectors(conn)?;
    let policy = Policy::cached(&rules, &detectors, &settings);
    let employee_only = dest.visibility == Visibility::Employees;
    let texts = std::iter::once((None, title.to_string())).chain(
        posts::published_bodies(conn, topic)?
            .into_iter()
            .map(|(n, body)| (Some(n), body)),
    );
    for (number, text) in texts {
        let what = match number {
            None => Msg::key("validation-move-title"),
            Some(1) => Msg::key("validation-move-opening"),
            Some(n) => Msg::key("validation-move-post").with("number", n),
        };
        let screened = policy.screen(&text, employee_only).map_err(|m| {
            AppError::field_t(
                field,
                "validation-move-unchecked",
                &[
                    ("what", MsgArg::Msgs(vec![what.clone()])),
                    ("reason", MsgArg::Str(m)),
                ],
            )
        })?;
        if let Some(m) = screened
            .matches
            .iter()
            .filter(|m| m.action >= PolicyAction::Hold)
            .max_by_key(|m| m.action)
        {
            return Err(AppError::field_t(
                field,
                "validation-move-blocked",
                &[
                    ("what", MsgArg::Msgs(vec![what])),
                    ("found", MsgArg::Msgs(vec![describe_msg(m)])),
                    ("community", MsgArg::Str(dest.name.clone())),
                ],
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::count_links;

    #[test]
    fn links_are_counted_once_each() {
        assert_eq!(
            count_links("see https://www.example.com and http://x.org, www.y.com"),
            3
        );
        assert_eq!(count_links("no links"), 0);
    }
}
