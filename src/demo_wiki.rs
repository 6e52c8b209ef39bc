//! The demo's wiki (issue 19, `serve --demo`): a "Getting started with Widgets" topic
//! made a wiki, with three versions by different members, so the history, the diff of
//! each version and the revert button can be seen at once.

use crate::db::models::{posts, wiki};
use crate::db::{write_batch, CommunityId, DbConn, Timestamp, TopicKind, UserId};
use crate::error::{AppError, AppResult};
use crate::forums::write_core::{insert_topic, render, TopicDraft};

const TITLE: &str = "Getting started with Widgets";

const VERSIONS: [&str; 3] = [
    "Welcome! This page collects what new Widget owners ask first.\n\n1. Unpack the widget.\n2. Plug it in.",
    "Welcome! This page collects what new Widget owners ask first.\n\n1. Unpack the widget and keep the box.\n2. Plug it in.\n3. Hold the power button for two seconds.",
    "Welcome! This page collects what new Widget owners ask first: anyone with enough reputation may improve it.\n\n1. Unpack the widget and keep the box (returns need it).\n2. Plug it in.\n3. Hold the power button for two seconds.\n4. Pair it from the app: *Settings → Devices*.",
];

/// Writes the wiki topic in `widgets`: version 0 by `first`, then edits by `second` and
/// `third`, an hour apart.
pub fn seed(
    conn: &mut DbConn,
    widgets: &CommunityId,
    (first, second, third): (&UserId, &UserId, &UserId),
    now: Timestamp,
) -> AppResult<()> {
    write_batch(conn, |conn| -> AppResult<()> {
        let draft = TopicDraft {
            community: widgets,
            category: None,
            kind: TopicKind::Discussion,
            title: TITLE,
            body: VERSIONS[0],
            tags: "getting-started",
            as_brand: false,
            page: None,
            language: None,
        };
        let tid = insert_topic(conn, &draft, first, now.plus_secs(-3 * 3600))?;
        wiki::set_wiki(conn, &tid, true)?;
        let opening = posts::opening(conn, &tid)?
            .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("demo wiki has no post")))?
            .0;
        for (i, (editor, text)) in [(second, VERSIONS[1]), (third, VERSIONS[2])]
            .into_iter()
            .enumerate()
        {
            let at = now.plus_secs(-(2 - i as i64) * 3600);
            let previous = if i == 0 { VERSIONS[0] } else { VERSIONS[1] };
            posts::add_revision(conn, &opening.id, editor, Some(TITLE), previous, at)?;
            let rendered = render(conn, text)?;
            posts::set_body(conn, &opening.id, &rendered.source, &rendered.html, at)?;
        }
        Ok(())
    })
}
