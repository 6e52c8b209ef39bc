//! The reader's query as `tsquery` values, in both configurations, bound to the search
//! statement as parameters of type `tsquery` (issue 19).
//!
//! That statement is prepared once per connection and runs with PostgreSQL's generic
//! plan (`plan_cache_mode = force_generic_plan` in its transaction): parsing and
//! planning it was about 0.9 ms of PostgreSQL's 2.6 ms per search. Its path is decided
//! by `paths` and written into its text, so one plan per text fits every query. (Similar
//! questions are not done so: which of their two look-ups walks the dates and which asks
//! the GIN index depends on the title's words, which only a custom plan sees; a generic
//! plan took 8-12 ms where custom ones take 3.) A generic plan cannot fold `to_tsquery('…', $1)` into a
//! constant (it would parse the query again on every row it checks), so the tsqueries
//! are made here, by PostgreSQL (its configurations stem the words), and passed as
//! values: they travel in PostgreSQL's own binary form, which this module never reads.
//!
//! Most words stem alike in English and French; when both configurations give the same
//! tsquery, the statements ask for it once, as one index scan (two scans of the same
//! words read the same posting lists twice: 10.5 against 6.1 ms for `restart
//! -systemctl`).
//!
//! The values are kept per query text for [`KEEP`], like a plan: the configurations are
//! those of the migrations, the same in every database.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgConnection, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Array, BigInt, Text};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::kept::Kept;
use crate::db::prepared::Prepared;

/// PostgreSQL's `tsquery` (a built-in type: its oid is fixed).
#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(oid = 3615, array_oid = 3645))]
pub struct TsQuery;

/// A `tsquery` value in PostgreSQL's binary form (`tsquerysend`), passed back unread.
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = TsQuery)]
pub struct TsQueryValue(Vec<u8>);

impl TsQueryValue {
    /// No lexeme: every word was a stop word (the binary form starts with the item count).
    pub fn is_empty(&self) -> bool {
        self.0.get(..4).is_none_or(|n| n == [0, 0, 0, 0])
    }
}

impl FromSql<TsQuery, Pg> for TsQueryValue {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        Ok(TsQueryValue(bytes.as_bytes().to_vec()))
    }
}

impl ToSql<TsQuery, Pg> for TsQueryValue {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(&self.0)?;
        Ok(IsNull::No)
    }
}

/// One query text in each configuration.
#[derive(Debug, Clone)]
pub struct Pair {
    pub en: TsQueryValue,
    pub fr: TsQueryValue,
}

impl Pair {
    /// Both configurations read the text alike: one index scan serves every row.
    pub fn same(&self) -> bool {
        self.en == self.fr
    }
}

/// How long a text's tsqueries are used.
const KEEP: Duration = Duration::from_secs(600);
/// Texts kept at most (about; the least used are evicted first).
const MAX_KEPT: usize = 10_000;

static KEPT: Kept<String, Pair> = Kept::new(KEEP, MAX_KEPT);

#[derive(QueryableByName)]
struct Made {
    #[diesel(sql_type = BigInt)]
    ord: i64,
    #[diesel(sql_type = TsQuery)]
    en: TsQueryValue,
    #[diesel(sql_type = TsQuery)]
    fr: TsQueryValue,
}

/// `to_tsquery` text (as `query::tsquery` writes it) -> its tsqueries, in the order given:
/// kept ones from memory, the others made by PostgreSQL in one statement.
pub fn pairs(conn: &mut PgConnection, texts: &[&str]) -> QueryResult<Vec<Pair>> {
    let mut out: Vec<Option<Pair>> = texts.iter().map(|t| KEPT.get(*t)).collect();
    let missing: Vec<String> = texts
        .iter()
        .zip(&out)
        .filter(|(_, p)| p.is_none())
        .map(|(t, _)| (*t).to_string())
        .collect();
    if !missing.is_empty() {
        let made: Vec<Made> = Prepared::<Pg>::new(
            "SELECT u.ord, to_tsquery('parley_english', u.t) AS en, \
             to_tsquery('parley_french', u.t) AS fr \
             FROM unnest($1::text[]) WITH ORDINALITY AS u(t, ord)",
        )
        .bind::<Array<Text>, _>(missing)
        .load(conn)?;
        let mut made: HashMap<usize, Pair> = made
            .into_iter()
            .map(|m| {
                let i = usize::try_from(m.ord).unwrap_or(0).saturating_sub(1);
                (i, Pair { en: m.en, fr: m.fr })
            })
            .collect();
        let mut next = 0;
        for (slot, text) in out.iter_mut().zip(texts) {
            if slot.is_some() {
                continue;
            }
            let pair = made.remove(&next).ok_or_else(|| {
                diesel::result::Error::DeserializationError("to_tsquery returned no row".into())
            })?;
            next += 1;
            KEPT.put((*text).to_string(), pair.clone());
            *slot = Some(pair);
        }
    }
    Ok(out.into_iter().flatten().collect())
}
