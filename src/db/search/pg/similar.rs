//! Similar questions on PostgreSQL (issue 19): titles only (`topics.title_vector`, its own
//! GIN index over live, listed topics), solved and official questions boosted.

use diesel::pg::PgConnection;
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, Text};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::query::{clean, ids, literal};
use crate::db::search::SimilarHit;
use crate::db::{CommunityId, QuestionState, TopicId, TopicKind};

/// The newest this many questions with every word of the title, and as many with any of
/// them (100, as on SQLite: S2 +13 % against 200).
const SIMILAR_FILL: u32 = 100;
/// Words of a title used to look for similar questions.
const MAX_SIMILAR_WORDS: usize = 12;

/// A topic's title matched in its own language: any of the title's words ($1), all of
/// them ($4).
const TITLE_MATCH: &str =
    "((t.language = 'fr' AND t.title_vector @@ to_tsquery('parley_french', $1)) \
     OR (t.language <> 'fr' AND t.title_vector @@ to_tsquery('parley_english', $1)))";
const TITLE_MATCH_ALL: &str =
    "((t.language = 'fr' AND t.title_vector @@ to_tsquery('parley_french', $4)) \
     OR (t.language <> 'fr' AND t.title_vector @@ to_tsquery('parley_english', $4)))";

/// What may be found, read from a topic (`t`) and its opening post (`p`) themselves.
const LIVE_VISIBLE: &str = "t.community_id = ANY($2) AND t.deleted_at IS NULL AND NOT t.held \
     AND p.deleted_at IS NULL AND p.moderation_state = 'published'";

/// The significant words of a title, for websearch queries (`a or b`, `a b`): letters and
/// digits only, so no operator of the reader's survives (stop words are dropped by the
/// configuration).
fn similar_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in clean(title).split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if w.chars().count() < 2 || w == "or" || words.contains(&w) {
            continue;
        }
        words.push(w);
        if words.len() == MAX_SIMILAR_WORDS {
            break;
        }
    }
    words
}

#[derive(QueryableByName)]
struct SimilarRow {
    #[diesel(sql_type = Text)]
    topic_id: TopicId,
    #[diesel(sql_type = Text)]
    community_id: CommunityId,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    kind: TopicKind,
    #[diesel(sql_type = Integer)]
    reply_count: i32,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    official: bool,
    #[diesel(sql_type = Double)]
    score: f64,
}

pub fn similar(
    conn: &mut PgConnection,
    title: &str,
    communities: &[CommunityId],
    limit: u32,
) -> QueryResult<Vec<SimilarHit>> {
    let words = similar_words(title);
    if words.is_empty() || communities.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // The candidates: the newest questions with all the title's words (a near-duplicate
    // is among them however common its words are) and the newest with any of them.
    // Visibility is then decided as for a search, on the live topic and its opening post.
    // One sub-community (the composer's): an equality, so the planner can walk
    // `topics_community_created_idx` backwards and stop at the newest matches (with
    // `= ANY` it read every topic of the sub-community and sorted them: 15 ms against
    // 4.5 ms for "configure feature" in a sub-community of 2,000 questions).
    let in_scope = if communities.len() == 1 {
        "t.community_id = ($2)[1]"
    } else {
        "t.community_id = ANY($2)"
    };
    let sql = format!(
        "WITH c AS (
            (SELECT t.id FROM topics t
             WHERE t.deleted_at IS NULL AND NOT t.held AND {in_scope}
               AND {TITLE_MATCH_ALL}
             ORDER BY t.created_at DESC LIMIT {SIMILAR_FILL})
            UNION
            (SELECT t.id FROM topics t
             WHERE t.deleted_at IS NULL AND NOT t.held AND {in_scope}
               AND {TITLE_MATCH}
             ORDER BY t.created_at DESC LIMIT {SIMILAR_FILL})
        )
        SELECT t.id AS topic_id, t.community_id, t.title, t.kind, t.reply_count,
                t.accepted_post_id IS NOT NULL AS solved, t.official_reply AS official,
                (ts_rank_cd(t.title_vector, CASE WHEN t.language = 'fr'
                    THEN to_tsquery('parley_french', $1)
                    ELSE to_tsquery('parley_english', $1) END)
                 * (CASE WHEN t.accepted_post_id IS NOT NULL THEN 1.5 ELSE 1.0 END)
                 * (CASE WHEN t.official_reply THEN 1.3 ELSE 1.0 END))::float8 AS score
         FROM c
         JOIN topics t ON t.id = c.id
         JOIN posts p ON p.topic_id = t.id AND p.post_number = 1
         WHERE {LIVE_VISIBLE}
         ORDER BY score DESC, t.created_at DESC
         LIMIT $3"
    );
    let joined = |op: &str| {
        words
            .iter()
            .map(|w| literal(w))
            .collect::<Vec<_>>()
            .join(op)
    };
    let mut rows: Vec<SimilarRow> = diesel::sql_query(sql)
        .bind::<Text, _>(joined(" | "))
        .bind::<Array<Text>, _>(ids(communities))
        .bind::<BigInt, _>(i64::from(limit))
        .bind::<Text, _>(joined(" & "))
        .load(conn)?;
    // The closest few, with the solved and official ones first.
    rows.sort_by(|a, b| {
        (b.solved || b.official)
            .cmp(&(a.solved || a.official))
            .then(b.score.total_cmp(&a.score))
    });
    Ok(rows
        .into_iter()
        .map(|r| SimilarHit {
            state: QuestionState::of(r.kind, r.solved, r.reply_count),
            topic_id: r.topic_id,
            community_id: r.community_id,
            title: r.title,
            kind: r.kind,
            official: r.official,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_query_keeps_words_only() {
        assert_eq!(
            similar_words("How do I \"reset\" -the (widget) or OR it?").join(" or "),
            "how or do or reset or the or widget or it"
        );
        assert_eq!(similar_words("\"-*( )").join(" or "), "");
    }
}
