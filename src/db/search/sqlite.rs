//! The SQLite engine: FTS5, stems computed in Rust (issue 19).
//!
//! `search_fts` (FTS5, `unicode61 remove_diacritics 2`, prefix indexes 2 and 3) holds one
//! row per post: title, tags, plain text, and the stems of title + tags and of the text in
//! the topic's language (`index.rs`). A query is parsed once (`query.rs`), turned into an
//! FTS5 expression of quoted words only (`fts.rs`); the newest matching posts are taken
//! without a rank (FTS5 walks its rowids backwards and stops), filtered at query time by
//! their facts in `search_docs` (may be found: published, undeleted posts of listed,
//! undeleted topics; in one of the given sub-communities), which triggers keep in the
//! same transaction as each change (migration 000046), and ranked in Rust from their
//! index rows (`rank.rs`:
//! title > tags > body, with the boosts). Snippets are cut in Rust (`snippet.rs`):
//! escaped first, then marked.

mod fts;
mod index;
mod page;
mod rank;
mod snippet;

use super::query::{Query, Term};
use super::stem::{fold, is_stop_word, words};
use super::{SearchRequest, SearchResults, SearchSort, SimilarHit};
use crate::db::models::topics;
use crate::db::prepared::Prepared;
use crate::db::{CommunityId, DbConn, PostId, TopicId};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::sqlite::Sqlite;
use std::collections::{HashMap, HashSet};

pub use index::{index_post, index_topic, reindex};

/// Bounded work: at most this many matching posts are ranked, the most recently indexed
/// ones (FTS5 walks its rowids backwards and stops). A query matching more posts ranks
/// and counts only these, so its `total` and facets are a lower bound.
const CANDIDATES: &str = "200";
/// Similar questions: the newest this many with all of the title's words, and as many
/// with any of them.
const SIMILAR_CANDIDATES: &str = "100";
/// A search with exclusions (one branch) looks among the newest this many posts with its
/// required words, and drops those among the newest [`EXCLUDED_WINDOW`] posts with an
/// excluded word in the same range (or, when there are more, keeps only those younger
/// than the last of them: a result never has an excluded word). FTS5's own `NOT` tests
/// each required match in turn, so when nearly all of them also have the excluded word
/// (`restart -systemctl`) it walked the whole doclist: 18 ms on the bench data.
const EXCLUSION_WINDOW: &str = "1000";
const EXCLUDED_WINDOW: &str = "5000";

/// The matching, visible posts of a search with what ranks them: their facts (kept in
/// `search_docs` by triggers, migration 000046) and their index row's columns. `?1`
/// MATCH, `?2` the sub-communities (JSON array), `?3`..`?8` the filters (NULL: any), `?9`
/// the excluded words (`{found}` with exclusions only). No `bm25()`: it would read each
/// term's whole doclist (see `rank.rs`). `{filters}` is [`LIVE_FILTERS`] when a filter
/// needs the live post or topic, else [`NO_LIVE_FILTERS`].
const HITS: &str = "WITH {found}, h AS MATERIALIZED (
    SELECT f.doc_id AS doc_id, d.post_id AS post_id, d.topic_id AS topic_id,
        d.community_id AS community_id, d.created_at AS created_at,
        d.accepted AS accepted, d.official AS official,
        d.solved AS solved, d.official_topic AS official_topic
    FROM f
    JOIN search_docs d ON d.doc_id = f.doc_id
    {filters}
    WHERE d.findable
      AND d.community_id IN (SELECT value FROM json_each(?2))
      AND (?7 IS NULL OR d.created_at >= ?7)
      AND (?8 IS NULL OR d.created_at < ?8)
      {extra}
)
SELECT h.post_id, h.topic_id, h.community_id, h.created_at, h.accepted, h.official,
    h.solved, h.official_topic, s.title, s.tags, s.title_stems, {body} AS body_stems
FROM h JOIN {fts} s ON s.rowid = h.doc_id";

/// The kind, state, tag and author filters, read from the live topic and post.
const LIVE_FILTERS: &str = "JOIN topics t ON t.id = d.topic_id
    JOIN posts p ON p.id = d.post_id
    AND (?3 IS NULL OR t.kind = ?3)
    AND (?4 IS NULL OR (t.kind = 'question' AND ?4 = CASE
          WHEN t.accepted_post_id IS NOT NULL THEN 'solved'
          WHEN t.reply_count > 0 THEN 'answered'
          ELSE 'unanswered' END))
    AND (?5 IS NULL OR instr(t.tags, ' ' || ?5 || ' ') > 0)
    AND (?6 IS NULL OR p.author_id = ?6)";

/// None of them: `?3`..`?6` are all NULL here (every statement binds the same nine).
const NO_LIVE_FILTERS: &str = "AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL";

/// The newest matches (`f`) of one expression.
const FOUND: &str = "f AS MATERIALIZED (
    SELECT rowid AS doc_id FROM {fts} WHERE {fts} MATCH ?1
    ORDER BY rowid DESC LIMIT {cap}
)";

/// The newest matches (`f`) of required words (`?1`) without any of the excluded (`?9`).
const FOUND_EXCLUDING: &str = "r AS MATERIALIZED (
    SELECT rowid AS doc_id FROM {fts} WHERE {fts} MATCH ?1
    ORDER BY rowid DESC LIMIT {window}
), x AS MATERIALIZED (
    SELECT rowid AS doc_id FROM {fts} WHERE {fts} MATCH ?9
      AND rowid >= (SELECT min(doc_id) FROM r)
    ORDER BY rowid DESC LIMIT {excluded}
), f AS MATERIALIZED (
    SELECT doc_id FROM r
    WHERE doc_id NOT IN (SELECT doc_id FROM x)
      AND doc_id >= CASE WHEN (SELECT count(*) FROM x) < {excluded} THEN 0
          ELSE (SELECT min(doc_id) FROM x) END
    ORDER BY doc_id DESC LIMIT {cap}
)";

/// One matching, visible post with its index row.
#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = Text)]
    post_id: PostId,
    #[diesel(sql_type = Text)]
    topic_id: TopicId,
    #[diesel(sql_type = Text)]
    community_id: CommunityId,
    #[diesel(sql_type = BigInt)]
    created_at: i64,
    #[diesel(sql_type = Bool)]
    accepted: bool,
    #[diesel(sql_type = Bool)]
    official: bool,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    official_topic: bool,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    tags: String,
    #[diesel(sql_type = Text)]
    title_stems: String,
    #[diesel(sql_type = Text)]
    body_stems: String,
}

impl Candidate {
    fn columns(&self) -> rank::Columns<'_> {
        rank::Columns {
            title: &self.title,
            tags: &self.tags,
            title_stems: &self.title_stems,
            body_stems: &self.body_stems,
        }
    }
}

/// One ranked post.
struct Matched {
    post_id: PostId,
    topic_id: TopicId,
    community_id: CommunityId,
    created_at: i64,
    score: f64,
}

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Which FTS5 table a MATCH expression reads.
#[derive(Clone, Copy)]
enum Table {
    /// Every post: the search page (with or without its body's stems for the rank).
    Posts { body: bool },
    /// Questions' titles only: similar questions.
    Titles,
}

/// The visible candidates of one MATCH expression under the filters.
fn candidates(
    c: &mut diesel::sqlite::SqliteConnection,
    table: Table,
    expr: &str,
    excluded: Option<&str>,
    req: &SearchRequest<'_>,
) -> QueryResult<Vec<Candidate>> {
    let (fts, body, extra, cap) = match table {
        Table::Posts { body: true } => ("search_fts", "s.body_stems", "", CANDIDATES),
        Table::Posts { body: false } => ("search_fts", "''", "", CANDIDATES),
        Table::Titles => (
            "search_titles",
            "''",
            "AND d.post_number = 1",
            SIMILAR_CANDIDATES,
        ),
    };
    let live =
        req.kind.is_some() || req.state.is_some() || req.tag.is_some() || req.author.is_some();
    let filters = if live { LIVE_FILTERS } else { NO_LIVE_FILTERS };
    let found = match excluded {
        Some(_) => FOUND_EXCLUDING
            .replace("{window}", EXCLUSION_WINDOW)
            .replace("{excluded}", EXCLUDED_WINDOW),
        None => FOUND.to_string(),
    };
    let sql = HITS
        .replace("{found}", &found)
        .replace("{filters}", filters)
        .replace("{extra}", extra)
        .replace("{cap}", cap)
        .replace("{fts}", fts)
        .replace("{body}", body);
    // Prepared once per connection: a handful of shapes, the values all bound.
    let query = Prepared::<Sqlite>::new(&sql)
        .bind::<Text, _>(expr)
        .bind::<Text, _>(crate::db::prepared::json_ids(
            req.communities.iter().map(|c| c.as_str()),
        ))
        .bind::<Nullable<Text>, _>(req.kind.map(|k| k.as_str()))
        .bind::<Nullable<Text>, _>(req.state.map(|s| s.as_str()))
        .bind::<Nullable<Text>, _>(req.tag)
        .bind::<Nullable<Text>, _>(req.author.map(|a| a.as_str()))
        .bind::<Nullable<BigInt>, _>(req.since.map(|t| t.micros()))
        .bind::<Nullable<BigInt>, _>(req.until.map(|t| t.micros()));
    match excluded {
        Some(x) => query.bind::<Text, _>(x).load(c),
        None => query.load(c),
    }
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
    // One pass over the (bounded) candidates; ranks, topics, facets and the page in Rust.
    // A count-only search (the facet) and a search by date need no rank.
    let ranked = req.sort == SearchSort::Relevance && req.limit > 0;
    let table = Table::Posts { body: ranked };
    let found = match fts::split_exclusions(&query) {
        Some((required, excluded)) => candidates(c, table, &required, Some(&excluded), req)?,
        None => candidates(c, table, &expr, None, req)?,
    };
    let scorer = rank::Scorer::for_query(&query, rank::SEARCH);
    let now = now_micros();
    let matched = found.into_iter().map(|m| Matched {
        score: if ranked {
            rank::boosted(
                scorer.score(&m.columns()),
                m.accepted,
                m.official,
                m.solved,
                now - m.created_at,
            )
        } else {
            0.0
        },
        post_id: m.post_id,
        topic_id: m.topic_id,
        community_id: m.community_id,
        created_at: m.created_at,
    });
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
    let page: Vec<PostId> = page.into_iter().map(|m| m.post_id).collect();
    let hits = page::hits(c, &page, &query)?;
    Ok(SearchResults {
        hits,
        total,
        by_community,
    })
}

/// Longest title considered, in words kept.
const SIMILAR_WORDS: usize = 8;

pub fn similar(
    conn: &mut DbConn,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    let terms = similar_terms(title);
    // The word still being typed counts as its prefix only among "all of the words".
    let typed: Vec<Term> = terms
        .iter()
        .filter(|t| {
            !matches!(t, Term::Word { word, prefix: false }
                if terms.iter().any(|o| matches!(o, Term::Word { word: w, prefix: true } if w == word)))
        })
        .cloned()
        .collect();
    let (Some(any), Some(all)) = (fts::any_in_title(&terms), fts::all_in_title(&typed)) else {
        return Ok(vec![]);
    };
    if communities.is_empty() || limit == 0 {
        return Ok(vec![]);
    }
    let DbConn::Sqlite(c) = conn else {
        return Ok(vec![]);
    };
    let req = SearchRequest {
        text: "",
        communities,
        kind: None,
        state: None,
        tag: None,
        author: None,
        since: None,
        until: None,
        sort: SearchSort::Relevance,
        offset: 0,
        limit,
    };
    // The newest questions with all of the words, then the newest with any of them: a
    // near-duplicate of an old question is among the first even when common words fill
    // the second.
    let mut found = candidates(c, Table::Titles, &all, None, &req)?;
    let mut seen: HashSet<TopicId> = found.iter().map(|f| f.topic_id.clone()).collect();
    for m in candidates(c, Table::Titles, &any, None, &req)? {
        if seen.insert(m.topic_id.clone()) {
            found.push(m);
        }
    }
    // Title first; solved and official topics are strongly boosted so they lead among
    // comparable matches.
    let scorer = rank::Scorer::for_terms(&terms, rank::SIMILAR);
    let now = now_micros();
    let mut scored: Vec<(f64, Candidate)> = found
        .into_iter()
        .map(|m| {
            let text = rank::boosted(
                scorer.score(&m.columns()),
                false,
                false,
                false,
                now - m.created_at,
            );
            let topic =
                1.0 + if m.solved { 1.0 } else { 0.0 } + if m.official_topic { 0.5 } else { 0.0 };
            (text * topic, m)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.topic_id.cmp(&b.1.topic_id))
    });
    let ids: Vec<TopicId> = scored
        .into_iter()
        .take(limit as usize)
        .map(|(_, m)| m.topic_id)
        .collect();
    let mut found: HashMap<TopicId, topics::Topic> = topics::find_many(conn, &ids)?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
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
    let all: Vec<String> = words(title).map(|w| w.2.into_owned()).collect();
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
