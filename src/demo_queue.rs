//! The employees' queue in the demo: of the widgets' open questions, the oldest is
//! claimed by erin, and the next is assigned by erin to eli (who is told), so `/queue`
//! shows both states and its "claimed by me" filter has something for each of them.

use diesel::prelude::*;

use crate::db::models::{audit, communities, topics};
use crate::db::schema::notifications as n;
use crate::db::{DbConn, NotificationKind, Timestamp};
use crate::demo_more::DemoIds;
use crate::error::AppResult;

pub fn seed(conn: &mut DbConn, ids: &DemoIds<'_>, now: Timestamp) -> AppResult<()> {
    let (Some(widgets), Some(erin), Some(eli)) =
        (ids.community("widgets"), ids.user("erin"), ids.user("eli"))
    else {
        return Ok(());
    };
    let Some(community) = communities::find(conn, &widgets)? else {
        return Ok(());
    };
    let q = topics::OpenQuestions {
        communities: std::slice::from_ref(&widgets),
        claimed: Some(None),
        unanswered: None,
        after: None,
        limit: 2,
    };
    let open = topics::open_questions(conn, &q)?;
    let at = now.plus_secs(-3_600);
    for (i, (topic, _)) in open.iter().enumerate() {
        let to = if i == 0 { &erin } else { &eli };
        topics::set_claim(conn, &topic.id, Some(to), None, at)?;
        if i == 1 {
            audit::record(
                conn,
                Some(&erin),
                "topic.assign",
                "topic",
                topic.id.as_str(),
                "eli",
                at,
            )?;
            crate::notifications::direct::to_member(
                conn,
                &crate::config::NotificationSettings::default(),
                &eli,
                NotificationKind::Assigned,
                &community,
                topic,
                None,
                &erin,
                Some(&crate::notifications::Notice::Assigned),
                at,
            )?;
            // History is not mailed (as in `demo::load_conversations`).
            diesel::update(
                n::table
                    .filter(n::topic_id.eq(&topic.id))
                    .filter(n::kind.eq("assigned")),
            )
            .set(n::email_status.eq(crate::db::EmailState::None))
            .execute(conn)?;
        }
    }
    Ok(())
}
