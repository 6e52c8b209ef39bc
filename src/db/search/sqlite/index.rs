//! Writing the FTS5 index: one row per post (its topic's title and tags, its plain text,
//! their stems in the topic's language), replaced whenever any of them changes; and for
//! an opening post, its topic's row in the titles-only table (`search_titles`, read by
//! similar questions) under the same rowid.

use crate::db::prepared::Prepared;
use crate::db::search::stem::{plain_text, stems_of};
use crate::db::{DbConn, Language, PostId, TopicId};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::{Sqlite, SqliteConnection};

/// A token only opening posts have (in their title stems).
pub const OPENING: &str = "0opening0";

/// Posts indexed per transaction by [`reindex`].
const BATCH: i64 = 1_000;

#[derive(QueryableByName)]
struct Source {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    post_id: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    tags: String,
    #[diesel(sql_type = Text)]
    language: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    number: i32,
}

const SOURCE: &str = "SELECT p.rowid AS seq, p.id AS post_id, p.body_markdown AS body, \
     t.title AS title, t.tags AS tags, t.language AS language, p.post_number AS number \
     FROM posts p JOIN topics t ON t.id = p.topic_id";

fn language(s: &str) -> Language {
    s.parse().unwrap_or(Language::En)
}

#[derive(QueryableByName)]
struct DocId {
    #[diesel(sql_type = BigInt)]
    doc_id: i64,
}

/// Replaces the post's index row.
fn write(c: &mut SqliteConnection, s: &Source) -> QueryResult<()> {
    let lang = language(&s.language);
    let body = plain_text(&s.body);
    let tags = s.tags.trim();
    let mut title_stems = stems_of(&format!("{} {}", s.title, tags), lang);
    if s.number == 1 {
        // Marks the opening post, so `similar` looks at questions only inside FTS5.
        title_stems = format!("{OPENING} {title_stems}");
    }
    let body_stems = stems_of(&body, lang);
    // Prepared once per connection: these run for every post in the single writer.
    // The post's facts (migration 000046's view) with it; triggers keep them after.
    let doc: DocId = Prepared::<Sqlite>::new(
        "INSERT INTO search_docs (post_id, topic_id, community_id, created_at, post_number, \
             findable, accepted, official, solved, official_topic) \
         SELECT post_id, topic_id, community_id, created_at, post_number, findable, accepted, \
             official, solved, official_topic FROM search_doc_facts WHERE post_id = ?1 \
         ON CONFLICT (post_id) DO UPDATE SET topic_id = excluded.topic_id, \
             community_id = excluded.community_id, created_at = excluded.created_at, \
             post_number = excluded.post_number, findable = excluded.findable, \
             accepted = excluded.accepted, official = excluded.official, \
             solved = excluded.solved, official_topic = excluded.official_topic \
         RETURNING doc_id",
    )
    .bind::<Text, _>(&s.post_id)
    .get_result(c)?;
    Prepared::<Sqlite>::new(
        "INSERT OR REPLACE INTO search_fts (rowid, title, tags, body, title_stems, body_stems) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind::<BigInt, _>(doc.doc_id)
    .bind::<Text, _>(&s.title)
    .bind::<Text, _>(tags)
    .bind::<Text, _>(&body)
    .bind::<Text, _>(&title_stems)
    .bind::<Text, _>(&body_stems)
    .execute(c)?;
    if s.number == 1 {
        // The question's title alone, for similar questions.
        Prepared::<Sqlite>::new(
            "INSERT OR REPLACE INTO search_titles (rowid, title, tags, title_stems) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .bind::<BigInt, _>(doc.doc_id)
        .bind::<Text, _>(&s.title)
        .bind::<Text, _>(tags)
        .bind::<Text, _>(&title_stems)
        .execute(c)?;
    }
    Ok(())
}

pub fn index_post(conn: &mut DbConn, post: &PostId) -> QueryResult<()> {
    let DbConn::Sqlite(c) = conn else {
        return Ok(());
    };
    let rows: Vec<Source> = Prepared::<Sqlite>::new(&format!("{SOURCE} WHERE p.id = ?1"))
        .bind::<Text, _>(post.as_str())
        .load(c)?;
    rows.iter().try_for_each(|s| write(c, s))
}

pub fn index_topic(conn: &mut DbConn, topic: &TopicId) -> QueryResult<()> {
    let DbConn::Sqlite(c) = conn else {
        return Ok(());
    };
    let rows: Vec<Source> = Prepared::<Sqlite>::new(&format!("{SOURCE} WHERE p.topic_id = ?1"))
        .bind::<Text, _>(topic.as_str())
        .load(c)?;
    rows.iter().try_for_each(|s| write(c, s))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rewrites every post's row, a batch per write transaction so the server keeps serving
/// (and writing) in between; posts written meanwhile are indexed by their own
/// transaction. Rows of posts that no longer exist are dropped at the end, then the
/// index is merged into one b-tree (faster queries).
pub fn reindex(conn: &mut DbConn, progress: &mut dyn FnMut(u64, u64)) -> QueryResult<u64> {
    let total: Count = crate::db::native!(conn, c => diesel::sql_query("SELECT COUNT(*) AS n FROM posts").get_result(c))?;
    let total = u64::try_from(total.n).unwrap_or(0);
    let mut after = 0i64;
    let mut done = 0u64;
    progress(0, total);
    loop {
        let n = crate::db::write_batch(conn, |conn: &mut DbConn| -> QueryResult<usize> {
            let DbConn::Sqlite(c) = conn else {
                return Ok(0);
            };
            let rows: Vec<Source> = diesel::sql_query(format!(
                "{SOURCE} WHERE p.rowid > ?1 ORDER BY p.rowid LIMIT ?2"
            ))
            .bind::<BigInt, _>(after)
            .bind::<BigInt, _>(BATCH)
            .load(c)?;
            for s in &rows {
                write(c, s)?;
            }
            if let Some(last) = rows.last() {
                after = last.seq;
            }
            Ok(rows.len())
        })?;
        if n == 0 {
            break;
        }
        done += n as u64;
        progress(done, total.max(done));
    }
    crate::db::write_batch(conn, |conn: &mut DbConn| -> QueryResult<()> {
        let DbConn::Sqlite(c) = conn else {
            return Ok(());
        };
        diesel::sql_query(
            "DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_docs d \
             WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = d.post_id))",
        )
        .execute(c)?;
        diesel::sql_query(
            "DELETE FROM search_titles WHERE rowid IN (SELECT doc_id FROM search_docs d \
             WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = d.post_id))",
        )
        .execute(c)?;
        diesel::sql_query(
            "DELETE FROM search_docs WHERE NOT EXISTS \
             (SELECT 1 FROM posts p WHERE p.id = search_docs.post_id)",
        )
        .execute(c)?;
        diesel::sql_query("INSERT INTO search_fts (search_fts) VALUES ('optimize')").execute(c)?;
        diesel::sql_query("INSERT INTO search_titles (search_titles) VALUES ('optimize')")
            .execute(c)
            .map(|_| ())
    })?;
    Ok(done)
}
