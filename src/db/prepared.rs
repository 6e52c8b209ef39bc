//! Hand-written SQL that is prepared once per connection (issue 19).
//!
//! `diesel::sql_query` marks its statement as never cached, so every call parsed and
//! planned it again: 7 % of a search's CPU on SQLite. [`Prepared`] is the same raw SQL,
//! with its numbered placeholders (`?1` or `$1`) bound by number, but diesel keeps it in
//! the connection's statement cache, keyed by the SQL text. So only SQL
//! whose text takes a small, fixed number of shapes belongs here; a value always goes in
//! a bind, never in the text.
//!
//! On PostgreSQL a prepared statement switches to a generic plan after five runs when
//! the planner guesses it costs no more. Search guessed wrong with its query as text
//! (`to_tsquery('…', $1)` is parsed again on every row a generic plan checks: similar
//! questions for a common title went from 4.5 ms to 20-40 ms), so the search statement
//! passes its tsqueries as values and asks for the generic plan itself
//! (`search::pg::tsq`); similar questions stay unprepared, on custom plans.

use diesel::backend::Backend;
use diesel::expression::AsExpression;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::{HasSqlType, SingleValue, Untyped};
use diesel::QueryResult;

/// Ids as a JSON array for SQLite's `json_each` (`… IN (SELECT value FROM json_each(?1))`):
/// one cached statement for any number of them, where diesel's `eq_any` writes one
/// placeholder per id on SQLite and so never caches its statement.
pub fn json_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    serde_json::to_string(&ids.into_iter().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

type Param<'a, DB> = Box<dyn QueryFragment<DB> + Send + 'a>;

/// One piece of the SQL: text, or the placeholder of the n-th bind (from 0).
enum Piece {
    Text(String),
    Bind(usize),
}

/// Raw SQL with numbered binds, cached as a prepared statement per connection.
pub struct Prepared<'a, DB: Backend> {
    pieces: Vec<Piece>,
    params: Vec<Param<'a, DB>>,
}

/// The SQL cut at each `?N` / `$N` placeholder (N from 1).
fn pieces(sql: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let is_marker =
            (c == '?' || c == '$') && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        if !is_marker {
            text.push(c);
            continue;
        }
        let mut n = 0usize;
        while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
            n = n * 10 + d.to_digit(10).map_or(0, |d| d as usize);
            chars.next();
        }
        out.push(Piece::Text(std::mem::take(&mut text)));
        out.push(Piece::Bind(n.saturating_sub(1)));
    }
    out.push(Piece::Text(text));
    out
}

impl<'a, DB: Backend> Prepared<'a, DB> {
    /// `sql` with placeholders `?1`, `?2`... (or `$1`...): each may appear any number of
    /// times; each `bind` call gives the next one its value.
    pub fn new(sql: &str) -> Self {
        Prepared {
            pieces: pieces(sql),
            params: Vec::new(),
        }
    }

    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        DB: HasSqlType<ST>,
        ST: SingleValue,
        V: AsExpression<ST>,
        V::Expression: QueryFragment<DB> + Send + 'a,
    {
        self.params.push(Box::new(value.as_expression()));
        self
    }
}

impl<DB: Backend> QueryFragment<DB> for Prepared<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_sql(t),
                Piece::Bind(n) => match self.params.get(*n) {
                    Some(p) => p.walk_ast(out.reborrow())?,
                    None => {
                        return Err(diesel::result::Error::QueryBuilderError(
                            format!("placeholder {} has no bind", n + 1).into(),
                        ))
                    }
                },
            }
        }
        Ok(())
    }
}

impl<DB: Backend> QueryId for Prepared<'_, DB> {
    type QueryId = ();
    /// No static id: diesel keys the cache by the SQL text (and the binds' types).
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB: Backend> Query for Prepared<'_, DB> {
    type SqlType = Untyped;
}

impl<DB: Backend, Conn> RunQueryDsl<Conn> for Prepared<'_, DB> {}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::InstrumentationEvent;
    use diesel::sql_types::{BigInt, Text};
    use diesel::sqlite::{Sqlite, SqliteConnection};
    use diesel::{Connection, QueryableByName};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = Text)]
        a: String,
        #[diesel(sql_type = BigInt)]
        b: i64,
    }

    #[test]
    fn numbered_placeholders_repeat_and_bind_in_order() -> Result<(), Box<dyn std::error::Error>> {
        let mut c = SqliteConnection::establish(":memory:")?;
        let cached = Arc::new(AtomicUsize::new(0));
        let count = cached.clone();
        c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if matches!(event, InstrumentationEvent::CacheQuery { .. }) {
                count.fetch_add(1, Ordering::SeqCst);
            }
        });
        let q = || {
            Prepared::<Sqlite>::new("SELECT ?2 || ?1 || ?2 AS a, ?3 + ?3 AS b")
                .bind::<Text, _>("x")
                .bind::<Text, _>("-")
                .bind::<BigInt, _>(20_i64)
        };
        // Twice: the first run caches the statement, the second reuses it.
        for _ in 0..2 {
            let rows: Vec<Row> = q().load(&mut c)?;
            assert_eq!(
                rows,
                vec![Row {
                    a: "-x-".into(),
                    b: 40
                }]
            );
            assert_eq!(cached.load(Ordering::SeqCst), 1);
        }
        let missing: QueryResult<Vec<Row>> = Prepared::<Sqlite>::new("SELECT ?1 AS a, ?2 AS b")
            .bind::<Text, _>("x")
            .load(&mut c);
        assert!(missing.is_err());
        Ok(())
    }
}
