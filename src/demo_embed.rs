//! The demo's corporate website (`serve --demo`): the demo sub-communities allow the
//! example host page, and its Parley Connect site gets a fresh secret at every start.

use crate::db::models::communities;
use crate::db::{write_batch, DbConn, Timestamp};
use crate::error::AppResult;

/// The demo sub-communities the host page embeds allow its origin and URL prefix (added
/// beside whatever is already listed, so a changed port keeps working).
pub fn allow_demo_host(
    conn: &mut DbConn,
    host: &crate::embed::demo_host::HostSite,
    now: Timestamp,
) -> AppResult<()> {
    use crate::embed::demo_host::{COMMUNITY, FRENCH_COMMUNITY};
    let add = |list: Vec<&str>, item: &str| {
        let mut list: Vec<String> = list.into_iter().map(str::to_string).collect();
        if !list.iter().any(|l| l == item) {
            list.push(item.to_string());
        }
        list.join("\n")
    };
    write_batch(conn, |conn| -> AppResult<()> {
        for slug in [COMMUNITY, FRENCH_COMMUNITY] {
            let Some(c) = communities::find_by_slug(conn, slug)? else {
                continue;
            };
            let origins = add(c.embed_origin_list(), &host.origin);
            let prefixes = add(c.embed_prefix_list(), &host.url_prefix());
            communities::set_embedding(conn, &c.id, &origins, &prefixes, true, now)?;
        }
        Ok(())
    })
}

/// The demo host page's Parley Connect site (`/admin/embedding`): its origin, and a new
/// random secret at every start, handed only to the in-process host page so it can sign
/// its demo visitor in. Returns (site id, secret).
pub fn demo_connect_site(
    conn: &mut DbConn,
    host: &crate::embed::demo_host::HostSite,
    now: Timestamp,
) -> AppResult<(String, String)> {
    use crate::db::models::embed::{self as sites, EmbedSite};
    const SITE_ID: &str = "acme-demo-site";
    let secret = format!("pcs_{}", crate::auth::secret::random_token());
    write_batch(conn, |conn| -> AppResult<()> {
        match sites::find_site(conn, SITE_ID)? {
            Some(_) => {
                sites::set_origins(conn, SITE_ID, &host.origin)?;
                sites::set_secret(conn, SITE_ID, &secret)?;
            }
            None => sites::insert_site(
                conn,
                &EmbedSite {
                    id: SITE_ID.into(),
                    name: "Acme website (demo host page)".into(),
                    origins: host.origin.clone(),
                    secret: secret.clone(),
                    created_at: now,
                    revoked_at: None,
                },
            )?,
        }
        Ok(())
    })?;
    Ok((SITE_ID.into(), secret))
}
