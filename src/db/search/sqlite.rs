//! The SQLite engine: FTS5, stems computed in Rust (issue 19).
//!
//! `search_fts` (FTS5, `unicode61 remove_diacritics 2`, prefix indexes 2 and 3) holds one
//! row per post: title, tags, plain text, and the stems of title + tags and of the text in
//! the topic's language (`index.rs`). A query is parsed once (`query.rs`), turned into an
//! FTS5 expression of quoted words only (`fts.rs`), ranked by bm25 (title > tags > body)
//! with boosts, and filtered at query time by joining `posts` and `topics`: published,
//! undeleted posts of listed, undeleted topics of the given sub-communities. Snippets are
//! cut in Rust (`snippet.rs`): escaped first, then marked.

mod fts;
mod index;
mod snippet;

use super::query::{Query, Term};
use super::stem::{fold, is_stop_word, plain_text, words};
use super::{SearchHit, SearchRequest, SearchResults, SearchSort, SimilarHit};
use crate::db::models::{posts, topics};
use crate::db::{CommunityId, DbConn, Language, PostId, TopicId};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text};
use std::collections::HashMap;

pub use index::{index_post, index_topic, reindex};

/// Bounded work: at most this many matching posts are ranked, the most recently indexed
/// ones (FTS5 walks its rowids backwards and stops). A query matching more posts ranks
/// and counts only these, so its `total` and facets are a lower bound.
const CANDIDATES: &str = "2000";

/// bm25 column weights: title, tags, text, title and tag stems, text stems.
const WEIGHTS: &str = "10.0, 6.0, 1.0, 8.0, 0.8";
/// For similar questions the title counts even more.
const SIMILAR_WEIGHTS: &str = "12.0, 3.0, 0.5, 10.0, 0.4";

/// The matching, visible posts of a search with their boosted score. `?1` MATCH, `?2`
/// the sub-communities (JSON array), `?3`..`?8` the filters (NULL: any), `?9` now.
const HITS: &str = "WITH f AS MATERIALIZED (
    SELECT rowid AS doc_id, bm25(search_fts, {weights}) AS r
    FROM search_fts WHERE search_fts MATCH ?1 ORDER BY rowid DESC LIMIT {cap}
), m AS (
    SELECT d.post_id AS post_id, f.r AS r FROM f JOIN search_docs d ON d.doc_id = f.doc_id
), h AS (
    SELECT p.id AS post_id, p.topic_id AS topic_id, t.community_id AS community_id,
        p.created_at AS created_at,
        -m.r * (1.0
            + CASE WHEN t.accepted_post_id = p.id THEN 0.6 ELSE 0.0 END
            + CASE WHEN p.as_brand THEN 0.4 ELSE 0.0 END
            + CASE WHEN t.accepted_post_id IS NOT NULL THEN 0.2 ELSE 0.0 END
            + 0.2 / (1.0 + MAX(?9 - p.created_at, 0) / 7776000000000.0)) AS score
    FROM m
    JOIN posts p ON p.id = m.post_id
    JOIN topics t ON t.id = p.topic_id
    WHERE p.deleted_at IS NULL AND p.moderation_state = 'published'
      AND t.deleted_at IS NULL AND t.held = 0
      AND t.community_id IN (SELECT value FROM json_each(?2))
      AND (?3 IS NULL OR t.kind = ?3)
      AND (?4 IS NULL OR (t.kind = 'question' AND ?4 = CASE
            WHEN t.accepted_post_id IS NOT NULL THEN 'solved'
            WHEN t.reply_count > 0 THEN 'answered'
            ELSE 'unanswered' END))
      AND (?5 IS NULL OR instr(t.tags, ' ' || ?5 || ' ') > 0)
      AND (?6 IS NULL OR p.author_id = ?6)
      AND (?7 IS NULL OR p.created_at >= ?7)
      AND (?8 IS NULL OR p.created_at < ?8)
      {extra}
)";

/// One matching, visible post.
#[derive(QueryableByName)]
struct Matched {
    #[diesel(sql_type = Text)]
    post_id: PostId,
    #[diesel(sql_type = Text)]
    topic_id: TopicId,
    #[diesel(sql_type = Text)]
    community_id: CommunityId,
    #[diesel(sql_type = BigInt)]
    created_at: i64,
    #[diesel(sql_type = Double)]
    score: f64,
}

fn json_ids(ids: &[CommunityId]) -> String {
    serde_json::to_string(&ids.iter().map(|c| c.as_str()).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into())
}

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Binds the eight common parameters of [`HITS`] (`?2`..`?9` after the expression).
macro_rules! bind_filters {
    ($query:expr, $expr:expr, $req:expr, $communities:expr, $now:expr) => {
        $query
            .bind::<Text, _>($expr)
            .bind::<Text, _>($communities)
            .bind::<Nullable<Text>, _>($req.kind.map(|k| k.as_str()))
            .bind::<Nullable<Text>, _>($req.state.map(|s| s.as_str()))
            .bind::<Nullable<Text>, _>($req.tag)
            .bind::<Nullable<Text>, _>($req.author.map(|a| a.as_str()))
            .bind::<Nullable<BigInt>, _>($req.since.map(|t| t.micros()))
            .bind::<Nullable<BigInt>, _>($req.until.map(|t| t.micros()))
            .bind::<BigInt, _>($now)
    };
}

pub fn search(conn: &mut DbConn, req: &SearchRequest<'_>) -> QueryResult<SearchResults> {
    let query = Query::parse(req.text);
    let Some(expr) = fts::search_expression(&query) else {
        return Ok(SearchResults::default());
    };
    if req.communities.is_empty() {
        return Ok(SearchResults::default());
    }
    let DbConn::Sqlite(c) = conn else {
        return Ok(SearchResults::default());
    };
    let hits_cte = HITS
        .replace("{weights}", WEIGHTS)
        .replace("{extra}", "")
        .replace("{cap}", CANDIDATES);
    // One pass over the (bounded) candidates; topics, facets and the page in Rust.
    let matched: Vec<Matched> = bind_filters!(
        diesel::sql_query(format!(
            "{hits_cte} SELECT post_id, topic_id, community_id, created_at, score FROM h"
        )),
        &expr,
        req,
        &json_ids(req.communities),
        now_micros()
    )
    .load(c)?;
    let better = |a: &Matched, b: &Matched| match req.sort {
        SearchSort::Relevance => a.score > b.score,
        SearchSort::Newest => a.created_at > b.created_at,
    };
    let mut best: HashMap<TopicId, Matched> = HashMap::new();
    for m in matched {
        match best.get(&m.topic_id) {
            Some(old) if !better(&m, old) => {}
            _ => {
                best.insert(m.topic_id.clone(), m);
            }
        }
    }
    let mut facets: HashMap<CommunityId, i64> = HashMap::new();
    for m in best.values() {
        *facets.entry(m.community_id.clone()).or_default() += 1;
    }
    let mut by_community: Vec<(CommunityId, i64)> = facets.into_iter().collect();
    by_community.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total = best.len() as i64;
    let mut ranked: Vec<Matched> = best.into_values().collect();
    ranked.sort_by(|a, b| {
        let order = match req.sort {
            SearchSort::Relevance => b.score.total_cmp(&a.score),
            SearchSort::Newest => b.created_at.cmp(&a.created_at),
        };
        order.then_with(|| a.topic_id.cmp(&b.topic_id))
    });
    let page: Vec<Matched> = ranked
        .into_iter()
        .skip(req.offset as usize)
        .take(req.limit as usize)
        .collect();
    let hits = hydrate(conn, &page, &query)?;
    Ok(SearchResults {
        hits,
        total,
        by_community,
    })
}

/// The page's posts and topics, in the page's order, with their snippets.
fn hydrate(conn: &mut DbConn, page: &[Matched], query: &Query) -> QueryResult<Vec<SearchHit>> {
    let post_ids: Vec<PostId> = page.iter().map(|b| b.post_id.clone()).collect();
    let topic_ids: Vec<TopicId> = page.iter().map(|b| b.topic_id.clone()).collect();
    let mut found_posts: HashMap<PostId, posts::Post> = posts::find_plain(conn, &post_ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let mut found_topics: HashMap<TopicId, topics::Topic> = topics::find_many(conn, &topic_ids)?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut hits = Vec::with_capacity(page.len());
    for (pid, tid) in post_ids.iter().zip(&topic_ids) {
        let (Some(p), Some(t)) = (found_posts.remove(pid), found_topics.remove(tid)) else {
            continue;
        };
        let lang: Language = t.language;
        hits.push(SearchHit {
            snippet: snippet::snippet(&plain_text(&p.body_markdown), query, lang),
            accepted: t.accepted_post_id.as_ref() == Some(&p.id),
            official: p.as_brand,
            state: t.question_state(),
            topic_id: t.id,
            post_id: p.id,
            post_number: p.post_number,
            community_id: t.community_id,
            title: t.title,
            kind: t.kind,
            author_id: p.author_id,
            created_at: p.created_at,
            wiki: t.wiki,
            tags: t.tags,
        });
    }
    Ok(hits)
}

/// Longest title considered, in words kept.
const SIMILAR_WORDS: usize = 8;

#[derive(QueryableByName)]
struct SimilarRow {
    #[diesel(sql_type = Text)]
    topic_id: TopicId,
    #[diesel(sql_type = Double)]
    score: f64,
}

pub fn similar(
    conn: &mut DbConn,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    let terms = similar_terms(title);
    let Some(words) = fts::any_expression(&terms) else {
        return Ok(vec![]);
    };
    let expr = format!("{{title_stems}} : \"{}\" AND {words}", index::OPENING);
    if communities.is_empty() || limit == 0 {
        return Ok(vec![]);
    }
    let DbConn::Sqlite(c) = conn else {
        return Ok(vec![]);
    };
    // Opening posts only (the question), title first; solved and official topics are
    // strongly boosted so they lead among comparable matches.
    let hits_cte = HITS
        .replace("{weights}", SIMILAR_WEIGHTS)
        .replace("{extra}", "AND p.post_number = 1")
        .replace("{cap}", CANDIDATES);
    let sql = format!(
        "{hits_cte} SELECT h.topic_id AS topic_id, h.score * (1.0
            + CASE WHEN t.accepted_post_id IS NOT NULL THEN 1.0 ELSE 0.0 END
            + CASE WHEN t.official_reply THEN 0.5 ELSE 0.0 END) AS score
         FROM h JOIN topics t ON t.id = h.topic_id
         ORDER BY score DESC, h.topic_id LIMIT ?10"
    );
    let none: Option<&str> = None;
    let rows: Vec<SimilarRow> = diesel::sql_query(sql)
        .bind::<Text, _>(&expr)
        .bind::<Text, _>(json_ids(communities))
        .bind::<Nullable<Text>, _>(none)
        .bind::<Nullable<Text>, _>(none)
        .bind::<Nullable<Text>, _>(none)
        .bind::<Nullable<Text>, _>(none)
        .bind::<Nullable<BigInt>, _>(None::<i64>)
        .bind::<Nullable<BigInt>, _>(None::<i64>)
        .bind::<BigInt, _>(now_micros())
        .bind::<BigInt, _>(i64::from(limit))
        .load(c)?;
    let ids: Vec<TopicId> = rows.iter().map(|r| r.topic_id.clone()).collect();
    let mut found: HashMap<TopicId, topics::Topic> = topics::find_many(conn, &ids)?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    debug_assert!(rows.iter().all(|r| r.score.is_finite()));
    let mut hits: Vec<topics::Topic> = ids.iter().filter_map(|id| found.remove(id)).collect();
    // Of the closest matches, solved and official ones first (stable: by score within).
    hits.sort_by_key(|t| !(t.accepted_post_id.is_some() || t.official_reply));
    Ok(hits
        .into_iter()
        .map(|t| SimilarHit {
            state: t.question_state(),
            official: t.official_reply,
            topic_id: t.id,
            community_id: t.community_id,
            title: t.title,
            kind: t.kind,
        })
        .collect())
}

/// The title's significant words, each an alternative; the last one, still being typed,
/// also as a prefix.
fn similar_terms(title: &str) -> Vec<Term> {
    let mut seen: Vec<String> = Vec::new();
    let mut terms = Vec::new();
    let all: Vec<String> = words(title).map(|w| w.2).collect();
    let typing = !title.ends_with(|c: char| !crate::db::search::stem::is_word_char(c));
    for (i, w) in all.iter().enumerate() {
        let f = fold(w);
        if is_stop_word(&f) || f.chars().count() < 2 || seen.contains(&f) {
            continue;
        }
        seen.push(f);
        let last = i + 1 == all.len();
        terms.push(Term::Word {
            word: w.clone(),
            prefix: false,
        });
        if last && typing && w.chars().count() >= 3 {
            terms.push(Term::Word {
                word: w.clone(),
                prefix: true,
            });
        }
        if seen.len() >= SIMILAR_WORDS {
            break;
        }
    }
    terms
}
