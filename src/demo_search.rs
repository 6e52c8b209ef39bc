//! The demo's search log (issue 19): three weeks of believable searches, some finding
//! nothing, some with a result opened, so `/admin/search` and the sub-communities'
//! search insights have something to show.

use diesel::prelude::*;

use crate::db::models::communities;
use crate::db::models::search_log::{self, NewSearchLog};
use crate::db::schema::topics;
use crate::db::{write_batch, DbConn, SearchLogId, Timestamp, TopicId};
use crate::error::AppResult;

/// (query, sub-community slug or none, results, searches over the period, share clicked in %).
const SEARCHES: &[(&str, Option<&str>, i32, u32, u32)] = &[
    ("reset w3000", Some("widgets"), 4, 14, 70),
    ("api token", Some("widgets"), 6, 11, 60),
    ("widget rattles", Some("widgets"), 2, 8, 50),
    ("firmware update failed", Some("gadgets"), 3, 9, 40),
    ("bluetooth pairing", Some("gadgets"), 0, 7, 0),
    ("warranty extension", None, 0, 6, 0),
    ("export csv", Some("widgets"), 5, 6, 0),
    ("réinitialiser", Some("widgets-fr"), 2, 5, 60),
    ("dark mode", None, 3, 5, 0),
    ("invoice vat number", None, 0, 4, 0),
    ("gadget battery life", Some("gadgets"), 4, 4, 25),
    ("sso okta", Some("widgets"), 0, 3, 0),
    ("webhook retries", Some("widgets"), 1, 3, 34),
    ("partner discount", Some("partners"), 0, 2, 0),
];

/// Writes the rows (spread over the last 21 days, deterministic).
pub fn seed(conn: &mut DbConn, now: Timestamp) -> AppResult<()> {
    write_batch(conn, |conn| -> AppResult<()> {
        let mut n: i64 = 0;
        for &(query, slug, results, times, clicked_pct) in SEARCHES {
            let community = match slug {
                Some(s) => communities::find_by_slug(conn, s)?,
                None => None,
            };
            if slug.is_some() && community.is_none() {
                continue;
            }
            let topic: Option<TopicId> = match &community {
                Some(c) if results > 0 => topics::table
                    .filter(topics::community_id.eq(&c.id))
                    .filter(topics::deleted_at.is_null())
                    .select(topics::id)
                    .first(conn)
                    .optional()?,
                _ => None,
            };
            for i in 0..times {
                n += 1;
                // Spread over 21 days, at different hours.
                let at = now.plus_secs(-((n * 7919) % (21 * 86_400)) - 600);
                let id = SearchLogId::new();
                search_log::insert(
                    conn,
                    &NewSearchLog {
                        id: &id,
                        query,
                        community_id: community.as_ref().map(|c| &c.id),
                        result_count: results,
                        member: i % 3 != 0,
                        source: if i % 4 == 3 { "similar" } else { "page" },
                        created_at: at,
                    },
                )?;
                if let Some(t) = &topic {
                    if i * 100 < times * clicked_pct {
                        search_log::record_click(conn, &id, t)?;
                    }
                }
            }
        }
        Ok(())
    })
}
