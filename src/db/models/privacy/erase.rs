//! What goes at once when a deletion is asked for, and the erasure at the end of its
//! grace period.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::schema::{
    api_token_communities, api_tokens, community_members, embed_codes, embed_identities,
    inbound_mail, invitations, mail_bounces, notification_prefs, notifications, one_click_used,
    outbox, outcome_mail_optouts, post_revisions, posts, privacy_requests, reply_mail_answers,
    reply_tokens, sessions, sso_identities, sso_pending_links, sso_role_grants, team_members,
    tokens, users, watches,
};
use crate::db::{DbConn, Language, PostId, Timestamp, UserId};

/// What goes at once when a deletion is asked for: every session (signed out
/// everywhere), API token, account and reply token, embed sign-in code, the mail to
/// them that is not sent yet, and any export being prepared or waiting to be
/// downloaded (with its archive).
pub fn revoke_access(conn: &mut DbConn, user: &UserId, email: &str) -> QueryResult<()> {
    diesel::update(
        privacy_requests::table
            .filter(privacy_requests::user_id.eq(user))
            .filter(privacy_requests::kind.eq(super::EXPORT))
            .filter(privacy_requests::status.eq_any([super::PENDING, super::READY])),
    )
    .set((
        privacy_requests::status.eq(super::CANCELLED),
        privacy_requests::archive.eq(None::<String>),
    ))
    .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)?;
    diesel::delete(tokens::table.filter(tokens::user_id.eq(user))).execute(conn)?;
    let own_tokens = api_tokens::table
        .filter(api_tokens::user_id.eq(user))
        .select(api_tokens::id);
    diesel::delete(
        api_token_communities::table.filter(api_token_communities::token_id.eq_any(own_tokens)),
    )
    .execute(conn)?;
    diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user))).execute(conn)?;
    diesel::delete(reply_tokens::table.filter(reply_tokens::user_id.eq(user))).execute(conn)?;
    diesel::delete(embed_codes::table.filter(embed_codes::user_id.eq(user))).execute(conn)?;
    diesel::delete(
        outbox::table
            .filter(outbox::status.ne("sent"))
            .filter(outbox::user_id.eq(user).or(outbox::recipient.eq(email))),
    )
    .execute(conn)?;
    Ok(())
}

/// Who the account becomes: the "deleted-member-…" username (display form, key and
/// skeleton, parsed by the caller) and the notice that replaces the posts' bodies when
/// the member asked for their removal.
pub struct Erasure<'a> {
    pub name: &'a str,
    pub key: &'a str,
    pub skeleton: &'a str,
    /// `(markdown, html)` of the removal notice, when the posts go too.
    pub notice: Option<(&'a str, &'a str)>,
}

/// Free text written by Parley itself that may name the member: other members'
/// notifications and mail, the audit log's details, webhook payloads and what their
/// deliveries sent, bounce diagnostics. Each occurrence of the old name or address is
/// replaced; the rows stay.
const NAMING_COLUMNS: &[(&str, &str)] = &[
    ("notifications", "summary"),
    ("outbox", "subject"),
    ("outbox", "body_text"),
    ("outbox", "body_html"),
    ("audit_log", "details"),
    ("audit_log", "before_value"),
    ("audit_log", "after_value"),
    ("webhook_events", "payload"),
    ("webhook_attempts", "request_body"),
    ("webhook_attempts", "response_body"),
    ("webhook_deliveries", "last_error"),
    ("outbox", "last_error"),
];

/// Replaces `from` with `to` in every [`NAMING_COLUMNS`] column (the tables' and
/// columns' names are constants above, never input).
fn replace_everywhere(conn: &mut DbConn, from: &str, to: &str) -> QueryResult<()> {
    if from.is_empty() {
        return Ok(());
    }
    // `instr` on SQLite, `strpos` on PostgreSQL: an exact, case-sensitive match (LIKE
    // would read `_` and `%` in a name as wildcards).
    for (table, column) in NAMING_COLUMNS {
        match conn {
            DbConn::Pg(c) => diesel::sql_query(format!(
                "UPDATE {table} SET {column} = replace({column}, $1, $2) \
                 WHERE strpos({column}, $1) > 0"
            ))
            .bind::<Text, _>(from)
            .bind::<Text, _>(to)
            .execute(c)?,
            DbConn::Sqlite(c) => diesel::sql_query(format!(
                "UPDATE {table} SET {column} = replace({column}, ?1, ?2) \
                 WHERE instr({column}, ?1) > 0"
            ))
            .bind::<Text, _>(from)
            .bind::<Text, _>(to)
            .execute(c)?,
        };
    }
    Ok(())
}

/// The sign-in, sign-up and reset limits keyed by the member's name or address.
fn forget_rate_limits(conn: &mut DbConn, keys: &[&str]) -> QueryResult<()> {
    for key in keys.iter().filter(|k| !k.is_empty()) {
        let suffix = format!(":{key}");
        match conn {
            DbConn::Pg(c) => diesel::sql_query(
                "DELETE FROM rate_limit_state WHERE right(rate_key, length($1)) = $1",
            )
            .bind::<Text, _>(&suffix)
            .execute(c)?,
            DbConn::Sqlite(c) => diesel::sql_query(
                "DELETE FROM rate_limit_state WHERE substr(rate_key, -length(?1)) = ?1",
            )
            .bind::<Text, _>(&suffix)
            .execute(c)?,
        };
    }
    Ok(())
}

/// The erasure at the end of the grace period: the account keeps its id (posts, votes
/// and the audit log refer to it) and nothing that identifies the person. False when
/// the account does not exist.
pub fn erase(conn: &mut DbConn, user: &UserId, to: &Erasure<'_>) -> QueryResult<bool> {
    let Some((old_name, old_key, email, email_key)) = users::table
        .find(user)
        .select((
            users::username,
            users::username_key,
            users::email,
            users::email_key,
        ))
        .first::<(String, String, String, String)>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    revoke_access(conn, user, &email)?;
    let addresses = [email.as_str(), email_key.as_str()];
    // Mail to them, sent or not, holds their address and name.
    diesel::delete(
        outbox::table.filter(
            outbox::user_id
                .eq(user)
                .or(outbox::recipient.eq_any(addresses)),
        ),
    )
    .execute(conn)?;
    // Mail from them (replies by mail, bounces) holds their address.
    diesel::delete(
        inbound_mail::table.filter(
            inbound_mail::envelope_from
                .eq_any(addresses)
                .or(inbound_mail::from_header.like(format!("%{email_key}%"))),
        ),
    )
    .execute(conn)?;
    diesel::delete(reply_mail_answers::table.filter(reply_mail_answers::sender.eq_any(addresses)))
        .execute(conn)?;
    diesel::delete(
        mail_bounces::table.filter(
            mail_bounces::user_id
                .eq(user)
                .or(mail_bounces::email_key.eq(&email_key)),
        ),
    )
    .execute(conn)?;
    // Invitations addressed to them keep their count, not the address.
    diesel::update(invitations::table.filter(invitations::email.eq_any(addresses)))
        .set(invitations::email.eq(None::<String>))
        .execute(conn)?;
    diesel::delete(notifications::table.filter(notifications::user_id.eq(user))).execute(conn)?;
    diesel::delete(watches::table.filter(watches::user_id.eq(user))).execute(conn)?;
    diesel::delete(notification_prefs::table.filter(notification_prefs::user_id.eq(user)))
        .execute(conn)?;
    diesel::delete(sso_identities::table.filter(sso_identities::user_id.eq(user))).execute(conn)?;
    diesel::delete(sso_pending_links::table.filter(sso_pending_links::user_id.eq(user)))
        .execute(conn)?;
    diesel::delete(sso_role_grants::table.filter(sso_role_grants::user_id.eq(user)))
        .execute(conn)?;
    diesel::delete(embed_identities::table.filter(embed_identities::user_id.eq(user)))
        .execute(conn)?;
    diesel::delete(one_click_used::table.filter(one_click_used::user_id.eq(user))).execute(conn)?;
    diesel::delete(outcome_mail_optouts::table.filter(outcome_mail_optouts::user_id.eq(user)))
        .execute(conn)?;
    diesel::delete(team_members::table.filter(team_members::user_id.eq(user))).execute(conn)?;
    diesel::delete(community_members::table.filter(community_members::user_id.eq(user)))
        .execute(conn)?;
    forget_rate_limits(conn, &[&old_key, &email_key])?;
    // Other members' notifications and mail, the audit log, webhook payloads: the new
    // name for the old, an erased address for the old one.
    let erased_address = format!("{}@deleted.invalid", to.key);
    for old in [&old_name, &old_key] {
        replace_everywhere(conn, old, to.name)?;
    }
    for old in addresses {
        replace_everywhere(conn, old, &erased_address)?;
    }
    if let Some((markdown, html)) = to.notice {
        let own = posts::table
            .filter(posts::author_id.eq(user))
            .select(posts::id);
        diesel::update(post_revisions::table.filter(post_revisions::post_id.eq_any(own)))
            .set(post_revisions::body_markdown.eq(markdown))
            .execute(conn)?;
        diesel::update(posts::table.filter(posts::author_id.eq(user)))
            .set((posts::body_markdown.eq(markdown), posts::body_html.eq(html)))
            .execute(conn)?;
        // Search forgets the old text in the same transaction.
        let ids: Vec<PostId> = posts::table
            .filter(posts::author_id.eq(user))
            .select(posts::id)
            .load(conn)?;
        for id in &ids {
            crate::db::search::index_post(conn, id)?;
        }
    }
    diesel::update(users::table.find(user))
        .set((
            users::username.eq(to.name),
            users::username_key.eq(to.key),
            users::username_skeleton.eq(to.skeleton),
            users::email.eq(&erased_address),
            users::email_key.eq(&erased_address),
            users::email_confirmed_at.eq(None::<Timestamp>),
            // Not a hash: no password verifies against it.
            users::password_hash.eq("!deleted"),
            users::display_name.eq(""),
            users::title.eq(""),
            users::bio_markdown.eq(""),
            users::bio_html.eq(""),
            users::is_employee.eq(false),
            users::language.eq(None::<Language>),
            users::email_bouncing_at.eq(None::<Timestamp>),
            users::unread_notifications.eq(0),
        ))
        .execute(conn)?;
    Ok(true)
}
