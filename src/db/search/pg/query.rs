//! The search statement (similar questions: `similar.rs`).
//!
//! The query is read by the shared parser and written as `to_tsquery` text from its words
//! only; a topic's vector is in its own language, so each row is matched with the
//! tsquery in its language's configuration: `(lang = 'fr' AND v @@ fr) OR (lang <> 'fr'
//! AND v @@ en)` (a BitmapOr of two GIN scans). One statement returns both the facet
//! (matching topics per sub-community, whose sum is `total`) and the page, so the matches
//! are found and ranked once; `ts_headline` runs on the page's rows only.

use diesel::pg::{Pg, PgConnection};
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text};
use diesel::{Connection, QueryResult, QueryableByName, RunQueryDsl};

use super::snippet;
use super::tsq::TsQuery;
use crate::db::prepared::Prepared;
use crate::db::search::{SearchHit, SearchRequest, SearchResults, SearchSort};
use crate::db::{CommunityId, PostId, QuestionState, Timestamp, TopicId, TopicKind, UserId};

/// Longer queries are cut (at a character boundary): nobody types more into a search box,
/// and a 10 KB paste must not become a 1,500-term query.
const MAX_QUERY_CHARS: usize = 500;
/// How many matching posts, newest first, are ranked. A query of common words matches a
/// large share of the forum (every fifth post of the bench data), and ranking and
/// de-duplicating 100,000 rows takes seconds; the newest few hundred take milliseconds
/// (the planner walks `post_search_created_idx` for common words, and takes rarer ones
/// from the GIN index, then keeps the newest). Below the cap results and counts are
/// exact; above it, they are those of the newest `CANDIDATES` matching posts (`total`
/// then counts their topics). Each candidate costs two primary-key lookups (its topic,
/// its post) and a rank: 1,000 took 18 ms. 200, as on SQLite: S1 +15 % against 300.
const CANDIDATES: u32 = 200;

/// The query text PostgreSQL may receive: no NUL (which `text` refuses), bounded length
/// (cut after the last whole word, so the cut leaves no half word to match).
pub(super) fn clean(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| *c != '\0').collect();
    if let Some((cut, _)) = out.char_indices().nth(MAX_QUERY_CHARS) {
        out.truncate(cut);
        if let Some(space) = out.rfind(char::is_whitespace) {
            out.truncate(space);
        }
    }
    out.trim().to_string()
}

/// Each row matched with the tsquery of its own language ($1 is the reader's text): the
/// probe's (`paths`), which runs once a minute per query and is not kept prepared.
pub(super) const MATCH: &str = "((s.lang = 'fr' AND s.vector @@ to_tsquery('parley_french', $1)) \
     OR (s.lang <> 'fr' AND s.vector @@ to_tsquery('parley_english', $1)))";
/// `f` applied to the tsquery of each row's language (the placeholders `en` and `fr`);
/// once, for every row, when both configurations read the query alike (one index scan).
fn by_lang(same: bool, en: &str, fr: &str, f: impl Fn(&str) -> String) -> String {
    if same {
        f(en)
    } else {
        format!(
            "((s.lang = 'fr' AND {}) OR (s.lang <> 'fr' AND {}))",
            f(fr),
            f(en)
        )
    }
}

/// Text rank (cover density; title A 1.0, tags B 0.4, body D 0.1), times the
/// boosts: the topic's accepted answer ×2, an official (brand) answer ×1.6, any post of a
/// solved topic ×1.2, and a mild recency bonus (up to ×1.25, half of it after 90 days).
/// The boosts' facts are columns of the search row, kept by triggers (migration 000045).
/// `$1`/`$2`: the query's tsqueries; `$6`: now.
fn score(same: bool) -> String {
    let query = if same {
        "$1"
    } else {
        "CASE WHEN s.lang = 'fr' THEN $2 ELSE $1 END"
    };
    format!(
        "ts_rank_cd(s.vector, {query}) \
         * (CASE WHEN s.accepted THEN 2.0 ELSE 1.0 END) \
         * (CASE WHEN s.official THEN 1.6 ELSE 1.0 END) \
         * (CASE WHEN s.solved THEN 1.2 ELSE 1.0 END) \
         * (1.0 + 0.25 / (1.0 + GREATEST(0, $6 - s.created_at)::float8 / (90.0 * 86400e6)))"
    )
}

/// What may be found: a post published and not deleted, in a topic neither deleted nor
/// held (`findable`, written by triggers in the same transaction as each of those
/// changes, from the live rows), in one of the reader's sub-communities (decided here, at
/// query time: a sub-community made private counts at once, without reindexing).
const VISIBLE: &str = "s.findable AND s.community_id = ANY($3)";

/// Markers `ts_headline` puts around matches; the snippet is escaped, then they become
/// `<mark>`. Control characters, removed from the body first, so no text can fake one.
const HEADLINE_OPTIONS: &str = "StartSel=\"\u{1}\", StopSel=\"\u{2}\", MaxWords=35, MinWords=15, \
     ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";

#[derive(QueryableByName)]
struct Row {
    /// 'f': a facet row (community_id, n); 'h': a hit on the page.
    #[diesel(sql_type = Text)]
    row_kind: String,
    #[diesel(sql_type = Text)]
    community_id: CommunityId,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Nullable<Text>)]
    topic_id: Option<TopicId>,
    #[diesel(sql_type = Nullable<Text>)]
    post_id: Option<PostId>,
    #[diesel(sql_type = Nullable<Integer>)]
    post_number: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    kind: Option<TopicKind>,
    #[diesel(sql_type = Nullable<Integer>)]
    reply_count: Option<i32>,
    #[diesel(sql_type = Nullable<Bool>)]
    solved: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    author_id: Option<UserId>,
    #[diesel(sql_type = Nullable<BigInt>)]
    created_at: Option<i64>,
    #[diesel(sql_type = Nullable<Bool>)]
    accepted: Option<bool>,
    #[diesel(sql_type = Nullable<Bool>)]
    official: Option<bool>,
    #[diesel(sql_type = Nullable<Bool>)]
    wiki: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    tags: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    headline: Option<String>,
}

/// The recency boost's "now" (the engine has no clock of its own to be given).
fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub(super) fn ids(communities: &[CommunityId]) -> Vec<String> {
    communities.iter().map(|c| c.as_str().to_string()).collect()
}

pub fn search(conn: &mut PgConnection, req: &SearchRequest<'_>) -> QueryResult<SearchResults> {
    let Some(text) = tsquery(&clean(req.text)) else {
        return Ok(SearchResults::default());
    };
    if req.communities.is_empty() || req.limit == 0 {
        return Ok(SearchResults::default());
    }
    // Filters are appended with their own placeholders; $1-$9 are fixed.
    let mut filters = String::new();
    let mut dates = String::new();
    let mut next = 10;
    let mut param = |sql: &str, filters: &mut String| {
        filters.push_str(&sql.replace('?', &format!("${next}")));
        next += 1;
    };
    if req.kind.is_some() {
        param(" AND t.kind = ?", &mut filters);
    }
    match req.state {
        None => {}
        Some(QuestionState::Unanswered) => {
            filters.push_str(" AND t.kind = 'question' AND t.reply_count = 0")
        }
        Some(QuestionState::Answered) => filters.push_str(
            " AND t.kind = 'question' AND t.reply_count > 0 AND t.accepted_post_id IS NULL",
        ),
        Some(QuestionState::Solved) => {
            filters.push_str(" AND t.kind = 'question' AND t.accepted_post_id IS NOT NULL")
        }
    }
    if req.tag.is_some() {
        // Stored tags are " a b ": a whole-word match, no LIKE wildcards to escape.
        param(" AND strpos(t.tags, ' ' || ? || ' ') > 0", &mut filters);
    }
    if req.author.is_some() {
        param(" AND p.author_id = ?", &mut filters);
    }
    if req.since.is_some() {
        param(" AND s.created_at >= ?", &mut dates);
    }
    if req.until.is_some() {
        param(" AND s.created_at < ?", &mut dates);
    }
    // The candidates are picked with every filter applied, so a filter never empties a
    // page that has matches; only the topic and author filters need the live rows.
    let candidate_joins = if filters.is_empty() {
        ""
    } else {
        " JOIN posts p ON p.id = s.post_id JOIN topics t ON t.id = s.topic_id"
    };
    // One hit per topic: its best post by score, or its newest matching post.
    let key = match req.sort {
        SearchSort::Relevance => "score",
        SearchSort::Newest => "created_at",
    };
    let (dense, database) = super::paths::is_dense(conn, &text, req.communities)?;
    // What the GIN index is asked for on the sparse path: the query's narrowing words.
    let index = if dense {
        text.clone()
    } else {
        let freqs = super::lexemes::frequencies(conn, &database)?;
        super::lexemes::index_tsquery(&clean(req.text), &freqs, operand)
            .unwrap_or_else(|| text.clone())
    };
    // Common words: the newest matching posts, walking `post_search_created_idx`. Rarer
    // ones: every match from the GIN index, of which only the newest are joined and
    // ranked (`+ 0` keeps the planner off the date index: for a word in 1 % of the posts
    // that walk would read 100 rows per candidate; a query with 4,700 matches, joined
    // and ranked in full, took 85 ms, and 16 ms when only the newest 300 are).
    // Walking the date index, each row is checked against the whole query; searching the
    // GIN index, it is asked for the narrowing words and the rows it returns are checked
    // (`ts_match_vq` is `@@` as a function: the planner cannot take it into the index).
    // The index's words in a configuration that drops them all as stop words: the query.
    let (query, narrowing) = if index == text {
        let Some(query) = super::tsq::pairs(conn, &[&text])?.into_iter().next() else {
            return Ok(SearchResults::default());
        };
        (query, None)
    } else {
        let mut q = super::tsq::pairs(conn, &[&text, &index])?.into_iter();
        let (Some(query), Some(mut narrowing)) = (q.next(), q.next()) else {
            return Ok(SearchResults::default());
        };
        if narrowing.en.is_empty() {
            narrowing.en = query.en.clone();
        }
        if narrowing.fr.is_empty() {
            narrowing.fr = query.fr.clone();
        }
        (query, Some(narrowing))
    };
    let matched = match &narrowing {
        None => by_lang(query.same(), "$1", "$2", |q| format!("s.vector @@ {q}")),
        Some(n) => format!(
            "{} AND {}",
            by_lang(n.same(), "$8", "$9", |q| format!("s.vector @@ {q}")),
            by_lang(query.same(), "$1", "$2", |q| format!(
                "ts_match_vq(s.vector, {q})"
            ))
        ),
    };
    let score = score(query.same());
    let candidates = if dense {
        format!("ORDER BY s.created_at DESC LIMIT {CANDIDATES}")
    } else {
        format!("ORDER BY s.created_at + 0 DESC LIMIT {CANDIDATES}")
    };
    let headline_query = if query.same() {
        "$1"
    } else {
        "CASE WHEN t.language = 'fr' THEN $2 ELSE $1 END"
    };
    let sql = format!(
        "WITH c AS (
            SELECT s.post_id, s.topic_id, s.community_id, s.created_at, s.post_number, s.lang,
                   s.vector, s.accepted, s.official, s.solved
            FROM post_search s{candidate_joins}
            WHERE {matched} AND {VISIBLE}{dates}{filters}
            {candidates}
        ), m AS (
            SELECT s.topic_id, s.post_id, s.community_id, s.created_at, s.post_number,
                   {score} AS score
            FROM c s
        ), b AS MATERIALIZED (
            SELECT DISTINCT ON (topic_id) topic_id, post_id, community_id, created_at, score
            FROM m ORDER BY topic_id, {key} DESC, post_number
        ), f AS (
            SELECT community_id, count(*) AS n FROM b GROUP BY community_id
        ), page AS (
            SELECT b.*, row_number() OVER (ORDER BY {key} DESC, topic_id) AS ord
            FROM b ORDER BY {key} DESC, topic_id LIMIT $4 OFFSET $5
        )
        SELECT 'f' AS row_kind, f.community_id, f.n, NULL::text AS topic_id,
               NULL::text AS post_id, NULL::int AS post_number, NULL::text AS title,
               NULL::text AS kind, NULL::int AS reply_count, NULL::bool AS solved,
               NULL::text AS author_id, NULL::bigint AS created_at, NULL::bool AS accepted,
               NULL::bool AS official, NULL::bool AS wiki, NULL::text AS tags,
               NULL::text AS headline
        FROM f
        UNION ALL
        SELECT 'h', t.community_id, page.ord, page.topic_id, page.post_id, p.post_number,
               t.title, t.kind, t.reply_count, t.accepted_post_id IS NOT NULL,
               p.author_id, p.created_at, t.accepted_post_id IS NOT DISTINCT FROM p.id,
               p.as_brand, t.wiki, t.tags,
               ts_headline(post_search_config(t.language),
                   translate(p.body_markdown, E'<>\\x01\\x02\\x03\\x04', E'\\x03\\x04'),
                   {headline_query}, $7)
        FROM page JOIN posts p ON p.id = page.post_id JOIN topics t ON t.id = page.topic_id"
    );
    let (narrow_en, narrow_fr) = match narrowing {
        Some(n) => (n.en, n.fr),
        None => (query.en.clone(), query.fr.clone()),
    };
    let mut q = Prepared::<Pg>::new(&sql)
        .bind::<TsQuery, _>(query.en)
        .bind::<TsQuery, _>(query.fr)
        .bind::<Array<Text>, _>(ids(req.communities))
        .bind::<BigInt, _>(i64::from(req.limit))
        .bind::<BigInt, _>(i64::from(req.offset))
        .bind::<BigInt, _>(now_micros())
        .bind::<Text, _>(HEADLINE_OPTIONS)
        .bind::<TsQuery, _>(narrow_en)
        .bind::<TsQuery, _>(narrow_fr);
    if let Some(kind) = req.kind {
        q = q.bind::<Text, _>(kind.as_str());
    }
    if let Some(tag) = req.tag {
        q = q.bind::<Text, _>(tag.trim().to_lowercase());
    }
    if let Some(author) = req.author {
        q = q.bind::<Text, _>(author.as_str().to_string());
    }
    if let Some(since) = req.since {
        q = q.bind::<BigInt, _>(since.micros());
    }
    if let Some(until) = req.until {
        q = q.bind::<BigInt, _>(until.micros());
    }
    // Transaction-local: the pooled connection's other statements keep their settings.
    // No parallel workers: starting them costs more than the few hundred rows they share.
    // The generic plan, made once per connection and statement text (the path is in the
    // text, and these settings decide it when the plan is made): see `tsq`.
    let path = if dense {
        "SELECT set_config('enable_bitmapscan', 'off', true), \
         set_config('enable_seqscan', 'off', true), \
         set_config('max_parallel_workers_per_gather', '0', true), \
         set_config('plan_cache_mode', 'force_generic_plan', true)"
    } else {
        "SELECT set_config('enable_seqscan', 'off', true), \
         set_config('max_parallel_workers_per_gather', '0', true), \
         set_config('plan_cache_mode', 'force_generic_plan', true)"
    };
    let rows: Vec<Row> = conn.transaction(|c| {
        diesel::sql_query(path).execute(c)?;
        q.load(c)
    })?;

    let mut out = SearchResults::default();
    let mut hits = Vec::new();
    for r in rows {
        if r.row_kind == "f" {
            out.total += r.n;
            out.by_community.push((r.community_id, r.n));
            continue;
        }
        let (Some(topic_id), Some(post_id), Some(kind), Some(author_id)) =
            (r.topic_id, r.post_id, r.kind, r.author_id)
        else {
            continue;
        };
        hits.push((
            r.n,
            SearchHit {
                topic_id,
                post_id,
                post_number: r.post_number.unwrap_or(1),
                community_id: r.community_id,
                title: r.title.unwrap_or_default(),
                kind,
                state: QuestionState::of(
                    kind,
                    r.solved.unwrap_or(false),
                    r.reply_count.unwrap_or(0),
                ),
                author_id,
                created_at: Timestamp::from_micros(r.created_at.unwrap_or(0)),
                snippet: snippet::mark(r.headline.as_deref().unwrap_or("")),
                accepted: r.accepted.unwrap_or(false),
                official: r.official.unwrap_or(false),
                wiki: r.wiki.unwrap_or(false),
                tags: r.tags.unwrap_or_default(),
            },
        ));
    }
    hits.sort_by_key(|(ord, _)| *ord);
    out.hits = hits.into_iter().map(|(_, h)| h).collect();
    // Largest sub-community first, then a stable order.
    out.by_community
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// A word as a tsquery operand: quoted, so nothing in it is an operator (the shared
/// parser's words are letters and digits already; quotes and backslashes are doubled
/// all the same).
pub(super) fn literal(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// One term as `to_tsquery` text: a quoted word, `word:*` for a prefix, a phrase's words
/// joined by `<->`.
fn operand(t: &crate::db::search::query::Term) -> String {
    use crate::db::search::query::Term;
    match t {
        Term::Word { word, prefix: true } => format!("{}:*", literal(word)),
        Term::Word { word, .. } => literal(word),
        Term::Phrase(ws) => format!(
            "({})",
            ws.iter()
                .map(|w| literal(w))
                .collect::<Vec<_>>()
                .join(" <-> ")
        ),
    }
}

/// The reader's query as `to_tsquery` text, built from the shared parser's words only
/// (`db::search::query`, the same reading as on SQLite): `or` branches joined by `|`,
/// required terms by `&`, exclusions as `!`, phrases with `<->`, `word*` as a prefix
/// (`:*`). `None`: nothing to look for (empty, stop words only, exclusions only).
pub(super) fn tsquery(text: &str) -> Option<String> {
    use crate::db::search::query::Query;
    let query = Query::parse(text);
    if query.is_empty() {
        return None;
    }
    let branches: Vec<String> = query
        .branches
        .iter()
        .map(|b| {
            let mut parts: Vec<String> = b.required.iter().map(operand).collect();
            parts.extend(b.excluded.iter().map(|t| format!("!{}", operand(t))));
            format!("({})", parts.join(" & "))
        })
        .collect();
    Some(branches.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsquery_is_built_from_words_only() {
        assert_eq!(
            tsquery("calib* \"red widget\" -paint or monday").as_deref(),
            Some("('calib':* & ('red' <-> 'widget') & !'paint') | ('monday')")
        );
        assert_eq!(tsquery("the"), None);
        assert_eq!(tsquery("-paint"), None);
        assert!(tsquery("' OR 1=1 --").is_none_or(|q| !q.contains("--") && !q.contains("OR")));
    }

    #[test]
    fn clean_drops_nul_and_bounds_length() {
        assert_eq!(clean(" a\0b "), "ab");
        assert_eq!(clean(&"é".repeat(10_000)).chars().count(), MAX_QUERY_CHARS);
        let cut = clean(&"kraken ".repeat(1_000));
        assert!(cut.ends_with("kraken") && cut.chars().count() <= MAX_QUERY_CHARS);
    }
}
