//! The digest's one-click actions (issue 24): "this answer helped me", "vote for this
//! idea", "follow this topic". Each link carries a token bound to the member, the action,
//! its target and an expiry, signed with HMAC-SHA256 under the member's own mail key (the
//! unsubscribe key), so it cannot be forged for another member, action or target.
//!
//! - `GET /mail/action/{token}` only shows a confirmation page with one button: a mail
//!   scanner that follows every link changes nothing.
//! - `POST` performs the action once, as the member as they are now, through the same
//!   services and guardian as the site (`votes::accept`, `votes::vote`,
//!   `notifications::service::watch_topic`): suspended → 403, target no longer visible →
//!   404. It never signs the visitor in. The token's hash goes into `one_click_used`
//!   before the action runs (its primary key: a second use fails on any node).
//!
//! "This answer helped me" accepts the answer when the member asked the question (and may
//! accept there), and is an upvote of the answer for everyone else.
//!
//! "Answer this question" is a plain link to the reply form (shown only to members who
//! may reply): writing needs a signed-in session, so it needs no token.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::secret::hash_token;
use crate::auth::{Guardian, Viewer};
use crate::db::models::communities;
use crate::db::models::invitations as used_tokens;
use crate::db::models::notification_prefs;
use crate::db::models::users::{self, User};
use crate::db::{OneClickAction, PostId, Timestamp, TopicId, TopicKind, UserId};
use crate::error::{AppError, AppResult};
use crate::forums::load::{load_post, load_topic};
use crate::i18n::Lang;
use crate::state::AppState;

type HmacSha256 = Hmac<Sha256>;

/// How long a digest's links work.
pub const TTL_SECS: i64 = 14 * 86_400;

fn mac(
    key: &str,
    action: OneClickAction,
    target: &str,
    user: &UserId,
    exp: i64,
) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).ok()?;
    m.update(b"one-click\0");
    m.update(action.as_str().as_bytes());
    m.update(b"\0");
    m.update(target.as_bytes());
    m.update(b"\0");
    m.update(user.as_str().as_bytes());
    m.update(b"\0");
    m.update(exp.to_string().as_bytes());
    Some(m)
}

/// `{action}.{target}.{user}.{expiry in seconds}.{signature}`.
pub fn token(
    key: &str,
    user: &UserId,
    action: OneClickAction,
    target: &str,
    expires: Timestamp,
) -> String {
    let exp = expires.micros() / 1_000_000;
    let sig = mac(key, action, target, user, exp)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("{action}.{target}.{user}.{exp}.{sig}")
}

pub fn url(
    base: &str,
    key: &str,
    user: &UserId,
    action: OneClickAction,
    target: &str,
    expires: Timestamp,
) -> String {
    format!(
        "{base}/mail/action/{}",
        token(key, user, action, target, expires)
    )
}

/// A token's parts, before its signature is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub action: OneClickAction,
    pub target: String,
    pub user: UserId,
    pub expires_secs: i64,
    sig: String,
}

pub fn parse(token: &str) -> Option<Parsed> {
    let mut parts = token.splitn(5, '.');
    let action = parts.next()?.parse::<OneClickAction>().ok()?;
    let target = parts.next()?;
    uuid::Uuid::parse_str(target).ok()?;
    let user = UserId::parse(parts.next()?)?;
    let expires_secs = parts.next()?.parse::<i64>().ok()?;
    let sig = parts.next()?;
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(Parsed {
        action,
        target: target.to_string(),
        user,
        expires_secs,
        sig: sig.to_string(),
    })
}

pub fn verify(key: &str, p: &Parsed) -> bool {
    let Ok(bytes) = hex::decode(&p.sig) else {
        return false;
    };
    mac(key, p.action, &p.target, &p.user, p.expires_secs)
        .is_some_and(|m| m.verify_slice(&bytes).is_ok())
}

/// What the confirmation page shows.
pub struct Confirm {
    pub action: OneClickAction,
    pub topic_title: String,
    pub topic_path: String,
    /// For "helped": whether pressing the button accepts the answer (the asker) rather
    /// than upvoting it.
    pub accepts: bool,
}

fn invalid(lang: Lang) -> AppError {
    AppError::BadRequest(lang.t("invitations-oc-invalid").into())
}

/// Checks the token (signature, expiry, not used) and loads the member as they are now.
async fn check(state: &AppState, raw: &str, lang: Lang) -> AppResult<(Parsed, User, Viewer)> {
    let p = parse(raw).ok_or_else(|| invalid(lang))?;
    let now = state.clock.now();
    if p.expires_secs.saturating_mul(1_000_000) <= now.micros() {
        return Err(invalid(lang));
    }
    let (uid, hash) = (p.user.clone(), hash_token(raw));
    let (prefs, user, memberships, used) = state
        .db(move |conn| {
            Ok((
                notification_prefs::find(conn, &uid)?,
                users::find(conn, &uid)?,
                communities::memberships_of(conn, &uid)?,
                used_tokens::one_click_was_used(conn, &hash)?,
            ))
        })
        .await?;
    let (Some(prefs), Some(user)) = (prefs, user) else {
        return Err(invalid(lang));
    };
    if !verify(&prefs.unsubscribe_key, &p) {
        return Err(invalid(lang));
    }
    if used {
        return Err(AppError::Conflict(lang.t("invitations-oc-used").into()));
    }
    let viewer = Viewer::of_member(user.clone(), memberships, now);
    Ok((p, user, viewer))
}

/// `GET`: what the button would do. Changes nothing.
pub async fn inspect(state: &AppState, raw: &str, lang: Lang) -> AppResult<Confirm> {
    let (p, user, viewer) = check(state, raw, lang).await?;
    let guardian = Guardian::new(&viewer);
    describe(state, &guardian, &user, &p, lang).await
}

async fn describe(
    state: &AppState,
    guardian: &Guardian<'_>,
    user: &User,
    p: &Parsed,
    lang: Lang,
) -> AppResult<Confirm> {
    match p.action {
        OneClickAction::Helped | OneClickAction::VoteIdea => {
            let pid = PostId::parse(&p.target).ok_or_else(|| invalid(lang))?;
            let (_, topic, community) = load_post(state, guardian, &pid).await?;
            let accepts = p.action == OneClickAction::Helped
                && topic.kind == TopicKind::Question
                && topic.author_id == user.id
                && guardian.can_accept(&community, &topic);
            Ok(Confirm {
                action: p.action,
                topic_title: topic.title.clone(),
                topic_path: topic.path(),
                accepts,
            })
        }
        OneClickAction::Follow => {
            let tid = TopicId::parse(&p.target).ok_or_else(|| invalid(lang))?;
            let (topic, _) = load_topic(state, guardian, &tid).await?;
            Ok(Confirm {
                action: p.action,
                topic_title: topic.title.clone(),
                topic_path: topic.path(),
                accepts: false,
            })
        }
    }
}

/// `POST`: performs the action once. Returns what was done, for the page.
pub async fn perform(state: &AppState, raw: &str, lang: Lang) -> AppResult<Confirm> {
    let (p, user, viewer) = check(state, raw, lang).await?;
    let now = state.clock.now();
    if user.is_suspended_at(now) {
        return Err(AppError::Forbidden);
    }
    let guardian = Guardian::new(&viewer);
    // Visibility and permission first (404 / 403 leave the link unused).
    let confirm = describe(state, &guardian, &user, &p, lang).await?;
    let (hash, uid, exp) = (
        hash_token(raw),
        user.id.clone(),
        Timestamp::from_micros(p.expires_secs.saturating_mul(1_000_000)),
    );
    let first = state
        .write(move |conn| {
            Ok(used_tokens::mark_one_click_used(
                conn, &hash, &uid, exp, now,
            )?)
        })
        .await?;
    if !first {
        return Err(AppError::Conflict(lang.t("invitations-oc-used").into()));
    }
    match p.action {
        OneClickAction::Helped | OneClickAction::VoteIdea => {
            let pid = PostId::parse(&p.target).ok_or_else(|| invalid(lang))?;
            let (post, topic, community) = load_post(state, &guardian, &pid).await?;
            if confirm.accepts {
                crate::forums::votes::accept(state, &guardian, &user, &topic, &community, &post)
                    .await?;
            } else {
                crate::forums::votes::vote(state, &guardian, &user, &post, &community, 1).await?;
            }
        }
        OneClickAction::Follow => {
            let tid = TopicId::parse(&p.target).ok_or_else(|| invalid(lang))?;
            let (topic, _) = load_topic(state, &guardian, &tid).await?;
            crate::notifications::service::watch_topic(state, &user, &topic, "watching").await?;
        }
    }
    Ok(confirm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_bind_member_action_target() -> Result<(), &'static str> {
        let (u, other) = (UserId::new(), UserId::new());
        let target = PostId::new().to_string();
        let exp = Timestamp::from_micros(1_900_000_000_000_000);
        let t = token("k", &u, OneClickAction::Helped, &target, exp);
        let p = parse(&t).ok_or("the token parses")?;
        assert!(verify("k", &p));
        assert!(!verify("k2", &p), "another key");
        let mut q = p.clone();
        q.user = other;
        assert!(!verify("k", &q), "another member");
        let mut q = p.clone();
        q.action = OneClickAction::VoteIdea;
        assert!(!verify("k", &q), "another action");
        let mut q = p.clone();
        q.target = TopicId::new().to_string();
        assert!(!verify("k", &q), "another target");
        let mut q = p;
        q.expires_secs += 1;
        assert!(!verify("k", &q), "another expiry");
        assert!(parse("helped.x.y.1.z").is_none());
        Ok(())
    }
}
