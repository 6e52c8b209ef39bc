//! What decides whether a post may be found, and what boosts its rank, follows every
//! change at once, on both backends (on PostgreSQL these are columns of the search row
//! written by triggers in the change's own transaction): a held topic is found once
//! approved and not before; a merged topic's posts are found under the topic that took
//! them in; an accepted answer taken back loses its boost.

use parley::db::search::SearchResults;
use parley::db::CommunityId;
use reqwest::StatusCode;

use crate::helpers::fixtures::{db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::{open_item, review, topic_after_post};
use crate::helpers::{TestApp, TopicBuilder};

async fn find(app: &TestApp, text: &str, community: &CommunityId) -> SearchResults {
    super::engine::find(app, text, std::slice::from_ref(community)).await
}

fn order(r: SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.topic_id.to_string()).collect()
}

async fn widgets_id(app: &TestApp) -> CommunityId {
    find_community(app, "widgets")
        .await
        .unwrap_or_else(|| panic!("no widgets"))
        .id
}

#[tokio::test]
async fn a_held_topic_is_found_once_approved_and_not_before() {
    let (app, admin) = widgets().await;
    let w = widgets_id(&app).await;
    let (_, ana) = member(&app, "ana").await;
    let (held, was_held) = topic_after_post(
        &TopicBuilder::discussion("Xylophone invoices")
            .body("Charge 4111 1111 1111 1111 for the xylophone, thanks")
            .in_("widgets")
            .by(&ana)
            .send()
            .await,
    );
    assert!(was_held);
    let results = find(&app, "xylophone", &w).await;
    assert!(
        results.hits.is_empty() && results.total == 0,
        "held: not found"
    );

    let opening = opening_post(&app, &held).await;
    let item = open_item(&app, &opening.id).await;
    assert_eq!(
        review(&admin, &item, "approve", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(!topic_row(&app, &held.id).await.held);
    let results = find(&app, "xylophone", &w).await;
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].topic_id.to_string(), held.id);
}

#[tokio::test]
async fn a_merged_topics_posts_are_found_under_the_topic_that_took_them() {
    let (app, admin) = widgets().await;
    let w = widgets_id(&app).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let kept = ask(&ana, "widgets", "Widget LED blinks red").await;
    let merged = ask(&ana, "widgets", "Red blinking light on the widget").await;
    reply(&app, &bob, &merged, "The marmalade battery is low.").await;
    assert_eq!(
        find(&app, "marmalade", &w).await.hits[0]
            .topic_id
            .to_string(),
        merged.id
    );
    let r = admin
        .post_form(
            &format!("/t/{}/merge", merged.id),
            &[("into", kept.id.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let results = find(&app, "marmalade", &w).await;
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].topic_id.to_string(), kept.id);
}

#[tokio::test]
async fn an_answer_accepted_then_taken_back_ranks_as_a_plain_one_again() {
    let (app, _admin) = widgets().await;
    let w = widgets_id(&app).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    // Two answers of the same length; the second says "sprocket" twice, so it matches
    // better, but less than the accepted answer's boost (and its topic's "solved") lifts
    // the first.
    let first = ask(&ana, "widgets", "Gear noise").await;
    let answer = reply(&app, &bob, &first, "Oil grease fixes the sprocket noise").await;
    let second = ask(&ana, "widgets", "Chain noise").await;
    reply(
        &app,
        &bob,
        &second,
        "Sprocket grease fixes the sprocket noise",
    )
    .await;
    assert_eq!(
        order(find(&app, "sprocket", &w).await),
        vec![second.id.clone(), first.id.clone()],
        "before any acceptance the better match leads"
    );
    assert_eq!(
        accept(&ana, &first, &answer).await.status(),
        StatusCode::SEE_OTHER
    );
    let accepted = find(&app, "sprocket", &w).await;
    assert_eq!(order(accepted), vec![first.id.clone(), second.id.clone()]);
    assert!(find(&app, "sprocket", &w).await.hits[0].accepted);

    assert_eq!(
        unaccept(&ana, &first, &answer).await.status(),
        StatusCode::SEE_OTHER
    );
    // No boost left: the better match leads again.
    let plain = find(&app, "sprocket", &w).await;
    assert!(!plain.hits.iter().any(|h| h.accepted));
    assert_eq!(order(plain), vec![second.id.clone(), first.id.clone()]);
}

/// On PostgreSQL, runs `ANALYZE` on the search rows, so the statistics call a word that
/// is in every post common (and the index is asked for the rarer words only), and
/// answers the share of rows `lexeme` is in by those statistics; on SQLite, `None`.
async fn analyze(app: &TestApp, lexeme: &str) -> Option<f32> {
    #[derive(diesel::QueryableByName)]
    struct Freq {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Float4>)]
        f: Option<f32>,
    }
    let lexeme = lexeme.to_string();
    db(app, move |conn| {
        use diesel::RunQueryDsl;
        if matches!(conn, parley::db::DbConn::Sqlite(_)) {
            return Ok(None);
        }
        diesel::sql_query("ANALYZE post_search").execute(conn)?;
        let row: Freq = diesel::sql_query(
            "SELECT (SELECT f FROM pg_stats, unnest(most_common_elems::text::text[], \
                     most_common_elem_freqs) AS e(lex, f) \
                     WHERE tablename = 'post_search' AND attname = 'vector' \
                     AND schemaname = current_schema() AND lex = $1) AS f",
        )
        .bind::<diesel::sql_types::Text, _>(lexeme)
        .get_result(conn)?;
        Ok(row.f)
    })
    .await
}

#[tokio::test]
async fn words_in_nearly_every_post_with_a_rare_one_find_exactly_the_matches() {
    let (app, _admin) = widgets().await;
    let w = widgets_id(&app).await;
    let (_, ana) = member(&app, "ana").await;
    let mut plain = Vec::new();
    for i in 0..12 {
        plain.push(
            ask(&ana, "widgets", &format!("Gizmo question number {i}"))
                .await
                .id,
        );
    }
    let rare = ask(&ana, "widgets", "Gizmo with a zanzibar adapter").await;
    // The rare word without the common one: the index finds it, the check drops it.
    let elsewhere = ask(&ana, "widgets", "Shipping to zanzibar").await;
    if let Some(share) = analyze(&app, "gizmo").await {
        assert!(
            share > 0.3,
            "gizmo is in {share} of the rows by the statistics"
        );
        assert!(analyze(&app, "zanzibar").await.unwrap_or(0.0) < 0.3);
    }
    // The rare word narrows the index search; the common one is still required.
    let r = find(&app, "gizmo zanzibar", &w).await;
    assert_eq!((r.total, order(r)), (1, vec![rare.id.clone()]));
    assert_eq!(find(&app, "zanzibar kumquat", &w).await.total, 0);
    // Every word common: the index is asked for one, the rest checked on its rows.
    let r = find(&app, "gizmo number", &w).await;
    let mut found = order(r);
    found.sort();
    plain.sort();
    assert_eq!(found, plain);
    let r = find(&app, "zanzibar", &w).await;
    assert_eq!(r.total, 2);
    assert!(order(r).contains(&elsewhere.id));
    // An exclusion still excludes.
    let r = find(&app, "gizmo -zanzibar", &w).await;
    assert_eq!(r.total, 12);
    assert!(!order(r).contains(&rare.id));
}

#[tokio::test]
async fn a_search_repeated_at_once_sees_what_was_written_in_between() {
    let (app, _admin) = widgets().await;
    let w = widgets_id(&app).await;
    let (_, ana) = member(&app, "ana").await;
    let first = ask(&ana, "widgets", "Quokka mounting bracket").await;
    assert_eq!(
        order(find(&app, "quokka", &w).await),
        vec![first.id.clone()]
    );
    // The engine may keep how it fetched this query's matches (on PostgreSQL, the
    // probe's path); never the matches themselves.
    let mut all = vec![first.id.clone()];
    for i in 0..5 {
        all.push(
            ask(&ana, "widgets", &format!("Quokka bracket size {i}"))
                .await
                .id,
        );
    }
    let mut found = order(find(&app, "quokka", &w).await);
    found.sort();
    all.sort();
    assert_eq!(found, all);
}
