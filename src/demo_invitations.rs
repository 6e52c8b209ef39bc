//! Demo content for issue 24: invitation links with the sources `twitter`, `linkedin`,
//! `newsletter-2026-12` and `event-paris` on the demo sub-communities, demo members who
//! came in through them (back-dated), and a few personal invitations, so that
//! `/admin/invitations` has something to show. The demo links' tokens are random and
//! printed nowhere (a manager creates a fresh one to try the flow).

use crate::auth::secret::{hash_token, random_token};
use crate::db::models::invitations::{self, NewInvitation, NewUse};
use crate::db::{write_batch, DbConn, InvitationId, InvitationKind, Timestamp};
use crate::demo_more::DemoIds;
use crate::error::{AppError, AppResult};

const DAY: i64 = 86_400;

/// A demo link: sub-community, source, days ago, use limit, members who came through it.
type DemoLink = (
    &'static str,
    &'static str,
    i64,
    Option<i32>,
    &'static [&'static str],
);

pub fn seed(conn: &mut DbConn, ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    let creator = ids.user("erin").or_else(|| ids.user("ada"));
    let links: [DemoLink; 5] = [
        ("widgets", "twitter", 40, None, &["chen"]),
        ("widgets", "linkedin", 35, Some(200), &["carla"]),
        ("widgets", "newsletter-2026-12", 3, None, &[]),
        ("gadgets", "event-paris", 20, Some(50), &["pat"]),
        ("widgets-fr", "event-paris", 20, Some(50), &[]),
    ];
    write_batch(conn, |conn| -> AppResult<()> {
        for (slug, source, days, limit, members) in links {
            let Some(cid) = ids.community(slug) else {
                continue;
            };
            let id = InvitationId::new();
            let at = now.plus_secs(-days * DAY);
            invitations::insert(
                conn,
                &NewInvitation {
                    id: &id,
                    community_id: &cid,
                    kind: InvitationKind::Link,
                    token_hash: &hash_token(&random_token()),
                    source,
                    email: None,
                    note: "",
                    max_uses: limit,
                    use_count: members.len() as i32,
                    expires_at: limit.map(|_| now.plus_secs(60 * DAY)),
                    revoked_at: None,
                    created_by: creator.as_ref(),
                    created_at: at,
                },
            )?;
            if let Some(by) = &creator {
                let uses = limit.map(i64::from);
                let days = limit.map(|_| 60 + days);
                crate::invitations::links::audit_created(
                    conn, &id, &cid, by, source, uses, days, at,
                )?;
            }
            for (i, name) in members.iter().enumerate() {
                let Some(uid) = ids.user(name) else { continue };
                invitations::record_use(
                    conn,
                    &NewUse {
                        invitation_id: &id,
                        user_id: &uid,
                        community_id: &cid,
                        source,
                        signed_up: true,
                        used_at: at.plus_secs((i as i64 + 1) * DAY),
                    },
                )?;
            }
        }
        if let Some(cid) = ids.community("widgets") {
            for (i, address) in [
                "lina.meyer@example.com",
                "tom.ito@example.com",
                "sofia.r@example.com",
            ]
            .iter()
            .enumerate()
            {
                invitations::insert(
                    conn,
                    &NewInvitation {
                        id: &InvitationId::new(),
                        community_id: &cid,
                        kind: InvitationKind::Personal,
                        token_hash: &hash_token(&random_token()),
                        source: "event-paris",
                        email: Some(address),
                        note: "Great to meet you at the Paris meetup: questions welcome here.",
                        max_uses: Some(1),
                        use_count: 0,
                        expires_at: Some(now.plus_secs(20 * DAY)),
                        revoked_at: None,
                        created_by: creator.as_ref(),
                        created_at: now.plus_secs(-(10 + i as i64) * DAY),
                    },
                )?;
            }
        }
        Ok(())
    })
    .map_err(|e: AppError| e)
}
