//! A post's versions, rebuilt from its revisions: each revision row keeps the text as it
//! was *before* an edit, with the editor who made that edit, so version 0 is the first
//! revision's text (or the current text when never edited) and the last version is the
//! post as it is now. `posts.revision_count` is the number of the current version, the
//! base an edit form carries.

use crate::db::models::authors::{self, AuthorView};
use crate::db::models::posts::{self, Post};
use crate::db::models::topics::Topic;
use crate::db::{DbConn, Timestamp};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// One version of a post.
#[derive(Debug, Clone)]
pub struct Version {
    /// 0 for the text as first posted.
    pub number: i32,
    /// The topic's title at this version (opening posts only).
    pub title: Option<String>,
    pub body: String,
    /// Who wrote this version (the author for version 0, then each editor).
    pub by: Option<AuthorView>,
    pub at: Timestamp,
}

/// Every version of `post`, oldest first; the last one is the current text.
pub fn versions_in(conn: &mut DbConn, post: &Post, topic: &Topic) -> AppResult<Vec<Version>> {
    let revisions = posts::revisions(conn, &post.id)?;
    let author = authors::find(conn, &post.author_id)?;
    let opening = post.is_opening();
    let mut out = Vec::with_capacity(revisions.len() + 1);
    let (mut by, mut at) = (author, post.created_at);
    for (number, (revision, editor)) in (0..).zip(revisions) {
        out.push(Version {
            number,
            title: revision.title.filter(|_| opening),
            body: revision.body_markdown,
            by,
            at,
        });
        by = editor;
        at = revision.created_at;
    }
    out.push(Version {
        number: i32::try_from(out.len()).unwrap_or(i32::MAX),
        title: opening.then(|| topic.title.clone()),
        body: post.body_markdown.clone(),
        by,
        at,
    });
    Ok(out)
}

pub async fn versions(state: &AppState, post: &Post, topic: &Topic) -> AppResult<Vec<Version>> {
    let (post, topic) = (post.clone(), topic.clone());
    state.db(move |conn| versions_in(conn, &post, &topic)).await
}

/// Version `number` and the one before it (`None` for version 0).
pub fn with_previous(versions: &[Version], number: i32) -> AppResult<(Option<&Version>, &Version)> {
    let i = usize::try_from(number).map_err(|_| AppError::NotFound)?;
    let this = versions.get(i).ok_or(AppError::NotFound)?;
    Ok((i.checked_sub(1).and_then(|p| versions.get(p)), this))
}
