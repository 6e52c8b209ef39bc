//! The benchmark data generator at a small size, on whichever backend the suite runs.

use diesel::prelude::*;
use parley::bench_data::{generate, Size};
use parley::db::schema::{posts, topics, watches};

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn bench_data_builds_the_promised_shapes_with_watchers() {
    let app = spawn_app_with(|s| s.mail.worker = false).await;
    let size = Size {
        members: 60,
        communities: 3,
        topics: 40,
        posts: 400,
        seed: 7,
    };
    let clock = app.clock.clone();
    let (generated, topic_count, post_count, t50_replies, t50_watchers, community_watchers) = app
        .state
        .db(move |conn| {
            let g = generate(conn, &size, &clock, false)?;
            let t50 = g.topic_50.trim_start_matches("/t/").to_string();
            let topic_count: i64 = topics::table.count().get_result(conn)?;
            let post_count: i64 = posts::table.count().get_result(conn)?;
            let t50_replies: i32 = topics::table
                .filter(topics::id.eq(&t50))
                .select(topics::reply_count)
                .first(conn)?;
            let t50_watchers: i64 = watches::table
                .filter(watches::target_kind.eq("topic"))
                .filter(watches::target_id.eq(&t50))
                .count()
                .get_result(conn)?;
            let community_watchers: i64 = watches::table
                .filter(watches::target_kind.eq("community"))
                .count()
                .get_result(conn)?;
            Ok((
                g,
                topic_count,
                post_count,
                t50_replies,
                t50_watchers,
                community_watchers,
            ))
        })
        .await
        .expect("generate");
    assert_eq!(
        topic_count, 41,
        "40 topics and the embed bench's page thread"
    );
    assert!(post_count >= 400, "{post_count} posts");
    assert_eq!(t50_replies, 50, "the W1 topic has exactly 50 replies");
    assert!(
        t50_watchers > 1,
        "the W5 topic has watchers besides its author"
    );
    assert!(community_watchers > 0, "some members watch sub-communities");
    assert_eq!(
        generated.session_tokens.len(),
        60,
        "a session per member, up to 200"
    );
    assert!(generated.w3_community.starts_with("/c/bench-"));
    assert!(generated.embed_community.starts_with("bench-"));
    assert_eq!(generated.embed_page, parley::bench_data::EMBED_PAGE);
}
