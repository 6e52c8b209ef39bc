//! Per-source figures: invitations sent (personal mails and links created), sign-ups,
//! members who posted, members who answered someone. `/admin/invitations` covers every
//! sub-community the admin may see; `/c/{slug}/invitations` one sub-community, for its
//! managers. Private sub-communities never reach a reader who may not see them: the list
//! is the guardian's `visible_communities`.

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::invitations::{self, SourceStats};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub struct Report {
    /// `None`: the whole site.
    pub community: Option<Community>,
    pub rows: Vec<SourceStats>,
}

pub async fn report(
    state: &AppState,
    guardian: &Guardian<'_>,
    scope: Option<&Community>,
) -> AppResult<Report> {
    let ids = match scope {
        Some(c) => {
            super::links::ensure_manager(guardian, c)?;
            vec![c.id.clone()]
        }
        None => {
            if !guardian.can_read_all_invitation_stats() {
                return Err(if guardian.is_signed_in() {
                    AppError::Forbidden
                } else {
                    AppError::SignInRequired
                });
            }
            let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
            guardian
                .visible_communities(all)
                .into_iter()
                .map(|c| c.id)
                .collect()
        }
    };
    let rows = state
        .db(move |conn| Ok(invitations::stats(conn, &ids)?))
        .await?;
    Ok(Report {
        community: scope.cloned(),
        rows,
    })
}

/// One CSV cell: quoted, quotes doubled, and a cell a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) prefixed with `'`.
pub fn csv_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub fn csv(rows: &[SourceStats]) -> String {
    let mut out =
        String::from("source,invitations_sent,signups,members_who_posted,members_who_answered\r\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            csv_cell(&r.source),
            r.sent,
            r.signups,
            r.posters,
            r.answerers
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_cell("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_cell("+x"), "\"'+x\"");
        assert_eq!(csv_cell("-x"), "\"'-x\"");
        assert_eq!(csv_cell("@x"), "\"'@x\"");
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("twitter"), "\"twitter\"");
    }
}
