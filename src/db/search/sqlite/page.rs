//! The page's hits: one statement for the page's posts, their topics and their plain text
//! as indexed (the FTS5 row's `body`, `plain_text` of the Markdown when it was written),
//! so the snippet needs neither the whole post rows nor a second Markdown parse.

use super::snippet;
use crate::db::prepared::Prepared;
use crate::db::search::query::Query;
use crate::db::search::SearchHit;
use crate::db::{
    CommunityId, Language, PostId, QuestionState, Timestamp, TopicId, TopicKind, UserId,
};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Text};
use diesel::sqlite::{Sqlite, SqliteConnection};
use std::collections::HashMap;

/// `?1`: the page's post ids (a JSON array), so one cached statement serves every page.
const PAGE: &str = "SELECT p.id AS post_id, p.topic_id AS topic_id,
    t.community_id AS community_id, t.title AS title, t.kind AS kind, t.tags AS tags,
    t.wiki AS wiki, t.language AS language, t.reply_count AS reply_count,
    t.accepted_post_id IS NOT NULL AS solved, t.accepted_post_id IS p.id AS accepted,
    p.author_id AS author_id, p.post_number AS post_number, p.as_brand AS official,
    p.created_at AS created_at, s.body AS body
FROM json_each(?1) j
JOIN posts p ON p.id = j.value
JOIN topics t ON t.id = p.topic_id
JOIN search_docs d ON d.post_id = p.id
JOIN search_fts s ON s.rowid = d.doc_id";

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    post_id: PostId,
    #[diesel(sql_type = Text)]
    topic_id: TopicId,
    #[diesel(sql_type = Text)]
    community_id: CommunityId,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    kind: TopicKind,
    #[diesel(sql_type = Text)]
    tags: String,
    #[diesel(sql_type = Bool)]
    wiki: bool,
    #[diesel(sql_type = Text)]
    language: Language,
    #[diesel(sql_type = Integer)]
    reply_count: i32,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    accepted: bool,
    #[diesel(sql_type = Text)]
    author_id: UserId,
    #[diesel(sql_type = Integer)]
    post_number: i32,
    #[diesel(sql_type = Bool)]
    official: bool,
    #[diesel(sql_type = BigInt)]
    created_at: i64,
    #[diesel(sql_type = Text)]
    body: String,
}

/// The hits of the page's posts, in the page's order, with their snippets. A post gone
/// since its candidate was read is left out.
pub(super) fn hits(
    c: &mut SqliteConnection,
    page: &[PostId],
    query: &Query,
) -> QueryResult<Vec<SearchHit>> {
    if page.is_empty() {
        return Ok(vec![]);
    }
    let ids = crate::db::prepared::json_ids(page.iter().map(|p| p.as_str()));
    let rows: Vec<Row> = Prepared::<Sqlite>::new(PAGE).bind::<Text, _>(ids).load(c)?;
    let mut by_post: HashMap<PostId, Row> =
        rows.into_iter().map(|r| (r.post_id.clone(), r)).collect();
    Ok(page
        .iter()
        .filter_map(|id| by_post.remove(id))
        .map(|r| SearchHit {
            snippet: snippet::snippet(&r.body, query, r.language),
            state: QuestionState::of(r.kind, r.solved, r.reply_count),
            accepted: r.accepted,
            official: r.official,
            topic_id: r.topic_id,
            post_id: r.post_id,
            post_number: r.post_number,
            community_id: r.community_id,
            title: r.title,
            kind: r.kind,
            author_id: r.author_id,
            created_at: Timestamp::from_micros(r.created_at),
            wiki: r.wiki,
            tags: r.tags,
        })
        .collect())
}
