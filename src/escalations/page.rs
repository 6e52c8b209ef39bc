//! What the escalate page (`/t/{id}/escalate`) shows a viewer: the teams covering the
//! topic's sub-community, the topic's escalations with their history and whether the
//! viewer may change each, and whether they may escalate it again.

use crate::auth::Guardian;
use crate::db::models::communities::Community;
use crate::db::models::escalations as edb;
use crate::db::models::teams::{self, Team};
use crate::db::models::topics::Topic;
use crate::db::models::users;
use crate::error::AppResult;
use crate::state::AppState;

use super::views::Existing;

pub struct EscalatePage {
    pub teams: Vec<Team>,
    pub existing: Vec<Existing>,
    pub may_escalate: bool,
}

/// 403 unless the viewer may escalate the topic or change one of its escalations.
pub async fn load(
    state: &AppState,
    guardian: &Guardian<'_>,
    topic: &Topic,
    community: &Community,
) -> AppResult<EscalatePage> {
    let (tid, cid) = (topic.id.clone(), community.id.clone());
    let (teams, banners, histories) = state
        .db(move |conn| {
            let teams = teams::covering(conn, &cid)?;
            let banners = edb::banners(conn, &tid)?;
            let mut histories = vec![];
            for b in &banners {
                let mut named = vec![];
                for c in edb::history(conn, &b.escalation.id)? {
                    let who = match &c.actor_id {
                        Some(u) => users::find(conn, u)?
                            .map(|u| u.name_to_show().to_string())
                            .unwrap_or_default(),
                        None => String::new(),
                    };
                    named.push((c, who));
                }
                histories.push(named);
            }
            Ok((teams, banners, histories))
        })
        .await?;
    let me = guardian.user_id();
    let existing: Vec<Existing> = banners
        .into_iter()
        .zip(histories)
        .map(|(banner, history)| {
            let member = me.is_some_and(|u| banner.team_members.contains(u));
            Existing {
                may_update: guardian.can_update_escalation(community, member),
                banner,
                history,
            }
        })
        .filter(|x| x.may_update)
        .collect();
    let may_escalate = guardian.can_escalate(community);
    guardian.ensure(may_escalate || !existing.is_empty())?;
    Ok(EscalatePage {
        teams,
        existing,
        may_escalate,
    })
}
