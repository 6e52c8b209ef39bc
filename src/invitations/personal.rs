//! Personal invitations: a manager mails a list of addresses, each its own single-use
//! token, through the outbox, with the sender's note and a source label. An address that
//! already has an account is mailed all the same and the page says nothing about it, so
//! the form cannot be used to learn who is a member.

use crate::auth::secret::{hash_token, random_token};
use crate::auth::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::invitations::{self, NewInvitation};
use crate::db::models::users::{self, User};
use crate::db::models::{audit, settings};
use crate::db::{InvitationId, InvitationKind};
use crate::domain::Email;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::mail::{outbox, templates};
use crate::state::AppState;
use crate::t;

/// Addresses in one send.
pub const MAX_PER_SEND: usize = 200;
pub const NOTE_MAX: usize = 2_000;
/// A personal invitation stays valid for 30 days.
const TTL_SECS: i64 = 30 * 86_400;

#[derive(Debug, Default, Clone)]
pub struct PersonalInput {
    pub addresses: String,
    pub note: String,
    pub source: String,
}

/// Splits on commas, semicolons and line breaks; every address must parse (the errors
/// name the ones that do not); duplicates are sent once.
pub fn parse_addresses(lang: Lang, raw: &str) -> Result<Vec<Email>, String> {
    let mut out: Vec<Email> = Vec::new();
    let mut bad = Vec::new();
    for part in raw.split([',', ';', '\n', '\r']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match Email::parse(part) {
            Ok(e) if out.iter().any(|o| o.key() == e.key()) => {}
            Ok(e) => out.push(e),
            Err(_) => bad.push(part.to_string()),
        }
    }
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().take(5).cloned().collect();
        return Err(t!(
            lang,
            "invitations-error-not-email",
            addresses = shown.join(", ")
        ));
    }
    if out.is_empty() {
        return Err(lang.t("invitations-error-no-address"));
    }
    if out.len() > MAX_PER_SEND {
        return Err(t!(
            lang,
            "invitations-error-too-many",
            max = MAX_PER_SEND as i64,
            given = out.len() as i64
        ));
    }
    Ok(out)
}

/// Mails the invitations; returns how many were queued. Each is written in the language
/// its recipient chose if the address already has an account, else in `lang`, the
/// language of the manager's request.
pub async fn send(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    c: &Community,
    input: &PersonalInput,
    lang: Lang,
) -> AppResult<usize> {
    super::links::ensure_manager(guardian, c)?;
    let mut errors = FieldErrors::new();
    let addresses = parse_addresses(lang, &input.addresses)
        .map_err(|e| errors.insert("addresses", e))
        .ok();
    let source = super::parse_source(lang, &input.source)
        .map_err(|e| errors.insert("source", e))
        .ok();
    let note = input.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        errors.insert(
            "note",
            t!(lang, "invitations-error-note-long", max = NOTE_MAX as i64),
        );
    }
    let (Some(addresses), Some(source)) = (addresses, source) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = state.clock.now();
    let base = state.base_url();
    let (cid, cname, by) = (c.id.clone(), c.name.clone(), actor.clone());
    let inviter = if by.display_name.is_empty() {
        by.username.clone()
    } else {
        by.display_name.clone()
    };
    let n = addresses.len();
    state
        .write(move |conn| {
            let brand = settings::load(conn, now)?;
            for address in &addresses {
                let raw = random_token();
                invitations::insert(
                    conn,
                    &NewInvitation {
                        id: &InvitationId::new(),
                        community_id: &cid,
                        kind: InvitationKind::Personal,
                        token_hash: &hash_token(&raw),
                        source: &source,
                        email: Some(address.as_str()),
                        note: &note,
                        max_uses: Some(1),
                        use_count: 0,
                        expires_at: Some(now.plus_secs(TTL_SECS)),
                        revoked_at: None,
                        created_by: Some(&by.id),
                        created_at: now,
                    },
                )?;
                let link = format!("{base}/invite/{raw}");
                let lang = users::find_by_email_key(conn, address.key())?
                    .and_then(|u| u.language)
                    .map_or(lang, Lang::from);
                outbox::enqueue(
                    conn,
                    &templates::invitation(
                        &brand,
                        lang,
                        address.as_str(),
                        &cname,
                        &inviter,
                        &note,
                        &link,
                    ),
                    now,
                )?;
            }
            // On record without the addresses (personal data the audit log keeps no
            // copy of): how many, from whom, with which source.
            let details = format!(
                "personal invitations: {}; source: {source}",
                addresses.len()
            );
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&by.id),
                    action: "invitation.send",
                    target_type: "community",
                    target_id: cid.as_str(),
                    community: Some(&cid),
                    details: &details,
                    before: "",
                    after: "",
                },
                now,
            )?;
            Ok(())
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_on_lines_and_commas_and_dedupe() -> Result<(), String> {
        let list = parse_addresses(Lang::En, "a@example.com, b@example.com\nA@example.com;\n\n")?;
        assert_eq!(list.len(), 2);
        assert!(parse_addresses(Lang::En, "a@example.com, nope").is_err());
        assert!(parse_addresses(Lang::En, "  ").is_err());
        let many: Vec<String> = (0..201).map(|i| format!("u{i}@example.com")).collect();
        assert!(parse_addresses(Lang::En, &many.join(",")).is_err());
        Ok(())
    }
}
