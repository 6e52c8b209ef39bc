//! The forums' HTTP routes: handlers extract, call a service, and render.
//! `lists` (sub-community pages and topic lists), `topics` (the topic page and what is
//! done to a topic), `posts` (what is done to one post), `wiki` (a topic's wiki state), `assign` (an open
//! question handed to a colleague).

use crate::db::{PostId, TopicId};
use crate::domain::{render_markdown, PostBody};
use crate::error::{AppError, AppResult, FieldErrors};

pub mod assign;
pub mod lists;
pub mod posts;
pub mod topics;
pub mod wiki;

/// Renders a preview exactly as a saved post would be (same length check and sanitiser).
fn preview(body: &str) -> (Option<String>, FieldErrors) {
    match PostBody::parse(body) {
        Ok(b) => (Some(render_markdown(b.as_str()).html), FieldErrors::new()),
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.insert("body", e);
            (None, errors)
        }
    }
}

fn topic_id(raw: &str) -> AppResult<TopicId> {
    TopicId::parse(raw).ok_or(AppError::NotFound)
}

fn post_id(raw: &str) -> AppResult<PostId> {
    PostId::parse(raw).ok_or(AppError::NotFound)
}
