//! A sub-community's invitation links: created by its managers (and admins) with a source
//! label, an optional expiry and use limit; revocable. The token is shown once, when the
//! link is created; only its SHA-256 is stored.

use crate::auth::secret::{hash_token, random_token};
use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::communities::Community;
use crate::db::models::invitations::{self, Invitation, NewInvitation, SourceStats};
use crate::db::models::users::User;
use crate::db::{InvitationId, InvitationKind};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;

/// Links and personal invitations listed on the page (newest first).
const LISTED: i64 = 200;
const MAX_DAYS: i64 = 366;
const MAX_USES: i64 = 100_000;

#[derive(Debug, Default, Clone)]
pub struct LinkInput {
    pub source: String,
    pub expires_in_days: String,
    pub max_uses: String,
}

/// What the management page shows.
pub struct ManagePage {
    pub links: Vec<Invitation>,
    pub personal: Vec<Invitation>,
    pub stats: Vec<SourceStats>,
}

pub fn ensure_manager(guardian: &Guardian<'_>, c: &Community) -> AppResult<()> {
    if guardian.can_manage_invitations(c) {
        Ok(())
    } else {
        // Invisible to those who may not manage it: not even that the page exists.
        Err(AppError::NotFound)
    }
}

pub async fn manage_page(
    state: &AppState,
    guardian: &Guardian<'_>,
    c: &Community,
) -> AppResult<ManagePage> {
    ensure_manager(guardian, c)?;
    let cid = c.id.clone();
    state
        .db(move |conn| {
            Ok(ManagePage {
                links: invitations::list(conn, &cid, InvitationKind::Link, LISTED)?,
                personal: invitations::list(conn, &cid, InvitationKind::Personal, LISTED)?,
                stats: invitations::stats(conn, std::slice::from_ref(&cid))?,
            })
        })
        .await
}

/// Creates a link; returns its URL (shown once).
pub async fn create_link(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    c: &Community,
    input: &LinkInput,
    lang: Lang,
) -> AppResult<String> {
    ensure_manager(guardian, c)?;
    let mut errors = FieldErrors::new();
    let source = super::parse_source(lang, &input.source)
        .map_err(|e| errors.insert("source", e))
        .ok();
    let days = super::parse_optional_count(lang, &input.expires_in_days, MAX_DAYS)
        .map_err(|e| errors.insert("expires_in_days", e))
        .ok();
    let uses = super::parse_optional_count(lang, &input.max_uses, MAX_USES)
        .map_err(|e| errors.insert("max_uses", e))
        .ok();
    let (Some(source), Some(days), Some(uses)) = (source, days, uses) else {
        return Err(AppError::Validation(errors));
    };
    let now = state.clock.now();
    let raw = random_token();
    let (hash, cid, by) = (hash_token(&raw), c.id.clone(), actor.id.clone());
    state
        .write(move |conn| {
            let id = InvitationId::new();
            invitations::insert(
                conn,
                &NewInvitation {
                    id: &id,
                    community_id: &cid,
                    kind: InvitationKind::Link,
                    token_hash: &hash,
                    source: &source,
                    email: None,
                    note: "",
                    max_uses: uses.map(|n| n as i32),
                    use_count: 0,
                    expires_at: days.map(|d| now.plus_secs(d * 86_400)),
                    revoked_at: None,
                    created_by: Some(&by),
                    created_at: now,
                },
            )?;
            audit_created(conn, &id, &cid, &by, &source, uses, days, now)?;
            Ok(())
        })
        .await?;
    Ok(format!("{}/invite/{raw}", state.base_url()))
}

/// The audit row of a new link: it opens an invite-only sub-community, so who made it
/// stays on record (the token never does). `uses` and `days`: its limits, if any.
#[allow(clippy::too_many_arguments)]
pub fn audit_created(
    conn: &mut crate::db::DbConn,
    id: &InvitationId,
    community: &crate::db::CommunityId,
    by: &crate::db::UserId,
    source: &str,
    uses: Option<i64>,
    days: Option<i64>,
    now: crate::db::Timestamp,
) -> diesel::QueryResult<()> {
    let details = format!(
        "source: {source}; uses: {}; expires in days: {}",
        uses.map_or("unlimited".to_string(), |n| n.to_string()),
        days.map_or("never".to_string(), |d| d.to_string()),
    );
    audit::record_change(
        conn,
        &audit::Change {
            actor: Some(by),
            action: "invitation.link_create",
            target_type: "invitation",
            target_id: id.as_str(),
            community: Some(community),
            details: &details,
            before: "",
            after: "",
        },
        now,
    )
}

pub async fn revoke(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    c: &Community,
    id: &str,
) -> AppResult<()> {
    ensure_manager(guardian, c)?;
    let id = InvitationId::parse(id).ok_or(AppError::NotFound)?;
    let (cid, now, by) = (c.id.clone(), state.clock.now(), actor.id.clone());
    let n = state
        .write(move |conn| {
            let n = invitations::revoke(conn, &cid, &id, now)?;
            if n > 0 {
                audit::record_change(
                    conn,
                    &audit::Change {
                        actor: Some(&by),
                        action: "invitation.revoke",
                        target_type: "invitation",
                        target_id: id.as_str(),
                        community: Some(&cid),
                        details: "",
                        before: "",
                        after: "",
                    },
                    now,
                )?;
            }
            Ok(n)
        })
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
