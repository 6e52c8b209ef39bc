//! Which of a query's words the GIN index is asked for (issue 19).
//!
//! A GIN index answers an AND by reading the posting list of every word in it, and the
//! list of a word in nearly every post is nearly the whole table: `topic & 12345 & plan`
//! read 250 pages and took 22 ms in the index where `12345` alone took 0.05 ms, for the
//! same 25 posts. So the index is asked for the words that narrow the search (in at most
//! [`COMMON`] of the posts, or else the rarest one; exclusions too), and the whole query
//! is then checked on the rows it returns: the same results, without reading the common
//! words' lists.
//!
//! How common a word is comes from PostgreSQL's own statistics on `post_search.vector`
//! (`pg_stats.most_common_elems`, written by `ANALYZE` and autovacuum), read at most once
//! per [`REFRESH`] per process and database. A word absent from them is rarer than every listed one.
//! The words are stemmed here as the configurations stem them (Snowball English and
//! French, accents folded); a stem that differs only costs speed, never a result, since
//! the whole query is checked on every row.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::sql_types::{Array, Float4, Nullable, Text};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::kept::Kept;
use crate::db::search::query::{Query, Term};
use crate::db::search::stem::{fold, stem};
use crate::db::Language;

/// A word in more than this share of the posts does not narrow an index search.
const COMMON: f32 = 0.3;
/// How long the statistics read are used before they are read again.
const REFRESH: Duration = Duration::from_secs(600);

/// The share of posts each common lexeme is in.
pub(super) type Frequencies = Arc<HashMap<String, f32>>;

/// Per database (a deployment has one; the tests have one each).
static KEPT: Kept<String, Frequencies> = Kept::new(REFRESH, 1_000);

#[derive(QueryableByName)]
struct Stats {
    #[diesel(sql_type = Nullable<Array<Text>>)]
    elems: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<Array<Float4>>)]
    freqs: Option<Vec<f32>>,
}

/// The lexemes' frequencies in `database` (the connection's), from the cache or read now.
pub(super) fn frequencies(conn: &mut PgConnection, database: &str) -> QueryResult<Frequencies> {
    if let Some(freqs) = KEPT.get(database) {
        return Ok(freqs);
    }
    let rows: Vec<Stats> = diesel::sql_query(
        "SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs \
         FROM pg_stats WHERE tablename = 'post_search' AND attname = 'vector' \
         AND schemaname = current_schema()",
    )
    .load(conn)?;
    let mut map = HashMap::new();
    for row in rows {
        if let (Some(elems), Some(freqs)) = (row.elems, row.freqs) {
            map.extend(elems.into_iter().zip(freqs));
        }
    }
    let freqs = Arc::new(map);
    KEPT.put(database.to_string(), freqs.clone());
    Ok(freqs)
}

/// The share of posts a term is in, at most: a word's English or French stem, whichever
/// is more common; a phrase, its rarest word; a prefix, none (its lexemes are unknown
/// here, so it is always asked for).
fn frequency(term: &Term, freqs: &HashMap<String, f32>) -> f32 {
    let word = |w: &str| {
        [Language::En, Language::Fr]
            .iter()
            .map(|l| freqs.get(&fold(&stem(w, *l))).copied().unwrap_or(0.0))
            .fold(0.0f32, f32::max)
    };
    match term {
        Term::Word { prefix: true, .. } => 0.0,
        Term::Word { word: w, .. } => word(w),
        Term::Phrase(ws) => ws.iter().map(|w| word(w)).fold(1.0f32, f32::min),
    }
}

/// The `to_tsquery` text the index is asked for: each branch's required terms that are
/// in at most [`COMMON`] of the posts, or its rarest one, and its exclusions (the index
/// drops an excluded word's posts while it reads: `restart -systemctl` took 8 ms so, and
/// 115 ms when the 100,000 posts with "restart" were each checked afterwards). It matches
/// every post the whole query matches, and usually few more.
pub(super) fn index_tsquery(
    text: &str,
    freqs: &HashMap<String, f32>,
    operand: impl Fn(&Term) -> String,
) -> Option<String> {
    let query = Query::parse(text);
    let branches: Vec<String> = query
        .branches
        .iter()
        .filter_map(|b| {
            let rated: Vec<(f32, &Term)> = b
                .required
                .iter()
                .map(|t| (frequency(t, freqs), t))
                .collect();
            let mut kept: Vec<&Term> = rated
                .iter()
                .filter(|(f, _)| *f <= COMMON)
                .map(|(_, t)| *t)
                .collect();
            if kept.is_empty() {
                kept.extend(
                    rated
                        .iter()
                        .min_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, t)| *t),
                );
            }
            (!kept.is_empty()).then(|| {
                let mut parts: Vec<String> = kept.into_iter().map(&operand).collect();
                parts.extend(b.excluded.iter().map(|t| format!("!{}", operand(t))));
                format!("({})", parts.join(" & "))
            })
        })
        .collect();
    (!branches.is_empty()).then(|| branches.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(t: &Term) -> String {
        t.words().join(" <-> ")
    }

    #[test]
    fn common_words_are_left_to_the_check_on_the_rows() {
        let freqs: HashMap<String, f32> = [("topic", 0.99), ("plan", 0.99), ("timeout", 0.2)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        // The rare word alone; absent from the statistics means rarer than all of them.
        assert_eq!(
            index_tsquery("topic 12345 plans", &freqs, op).as_deref(),
            Some("(12345)")
        );
        // Every word common: the rarest one.
        assert_eq!(
            index_tsquery("topic plan", &freqs, op).as_deref(),
            Some("(topic)")
        );
        // Words under the line stay, and so do exclusions.
        assert_eq!(
            index_tsquery("timeout topic -zebra", &freqs, op).as_deref(),
            Some("(timeout & !zebra)")
        );
        assert_eq!(
            index_tsquery("topic 7 or timeout", &freqs, op).as_deref(),
            Some("(7) | (timeout)")
        );
        assert_eq!(index_tsquery("-only", &freqs, op), None);
    }
}
