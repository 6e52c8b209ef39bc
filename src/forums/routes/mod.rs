//! The forums' HTTP routes: handlers extract, call a service, and render.
//! `lists` (sub-community pages and topic lists), `topics` (the topic page and what is
//! done to a topic), `posts` (what is done to one post).

use actix_web::web;

use crate::db::{PostId, TopicId};
use crate::domain::{render_markdown, PostBody};
use crate::error::{AppError, AppResult, FieldErrors};

pub mod lists;
mod posts;
mod topics;

use lists::{category, create_category, latest, leaderboard, official, queue};
use posts::{comment_form, delete, edit, edit_form, history, permalink, restore, vote};
use topics::{
    accept, claim, create_topic, duplicate, idea_status, lock, move_topic, new_topic_form, pin,
    release, reply, reply_form, topic, topic_with_slug, unlock, unpin,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/latest", web::get().to(latest))
        .route("/queue", web::get().to(queue))
        .route("/c/{slug}/new", web::get().to(new_topic_form))
        .route("/c/{slug}/new", web::post().to(create_topic))
        .route("/c/{slug}/categories", web::post().to(create_category))
        .route("/c/{slug}/cat/{cat}", web::get().to(category))
        .route("/c/{slug}/official", web::get().to(official))
        .route("/c/{slug}/leaderboard", web::get().to(leaderboard))
        .route("/t/{id}", web::get().to(topic))
        .route("/t/{id}/reply", web::get().to(reply_form))
        .route("/t/{id}/reply", web::post().to(reply))
        .route("/t/{id}/accept", web::post().to(accept))
        .route("/t/{id}/status", web::post().to(idea_status))
        .route("/t/{id}/claim", web::post().to(claim))
        .route("/t/{id}/release", web::post().to(release))
        .route("/t/{id}/pin", web::post().to(pin))
        .route("/t/{id}/unpin", web::post().to(unpin))
        .route("/t/{id}/lock", web::post().to(lock))
        .route("/t/{id}/unlock", web::post().to(unlock))
        .route("/t/{id}/move", web::post().to(move_topic))
        .route("/t/{id}/duplicate", web::post().to(duplicate))
        .route("/t/{id}/{slug}", web::get().to(topic_with_slug))
        .route("/p/{id}", web::get().to(permalink))
        .route("/p/{id}/vote", web::post().to(vote))
        .route("/p/{id}/edit", web::get().to(edit_form))
        .route("/p/{id}/edit", web::post().to(edit))
        .route("/p/{id}/history", web::get().to(history))
        .route("/p/{id}/comment", web::get().to(comment_form))
        .route("/p/{id}/delete", web::post().to(delete))
        .route("/p/{id}/restore", web::post().to(restore));
}

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
