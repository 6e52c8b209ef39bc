//! Keyset pagination of lists and discussions, and queries per page that do not grow.

use std::collections::HashSet;

use diesel::prelude::*;
use parley::db::models::topics::Topic;
use parley::db::schema::topics as topics_table;
use parley::db::{Timestamp, TopicId, TopicKind};

use super::walk_list;
use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    html_select, spawn_app_with, CommunityBuilder, PostBuilder, TopicBuilder, UserBuilder,
};

/// The first sort key of a topic order (ties are broken by id, newest first).
type SortKey = fn(&Topic) -> i64;

// ----- 17. Keyset pagination -----

#[tokio::test]
async fn community_list_pages_by_keyset_without_gaps_or_repeats() {
    let (app, _admin) = widgets().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let now = app.clock.now();
    // Four topics share each instant, so page edges fall inside ties.
    let specs: Vec<(String, Timestamp)> = (0..70)
        .map(|i| (format!("Bulk topic {i:02}"), now.plus_secs(-60 * (i / 4))))
        .collect();
    insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;
    // Scores for the "top" order, with ties as well.
    db(&app, |conn| {
        let all: Vec<(TopicId, String)> = topics_table::table
            .select((topics_table::id, topics_table::title))
            .load(conn)?;
        for (id, title) in all {
            let n: i32 = title[title.len() - 2..].parse().unwrap_or(0);
            diesel::update(topics_table::table.find(&id))
                .set(topics_table::score.eq(n % 3))
                .execute(conn)?;
        }
        Ok(())
    })
    .await;
    let rows: Vec<Topic> = db(&app, |conn| {
        Ok(topics_table::table.select(Topic::as_select()).load(conn)?)
    })
    .await;

    let first = page(&app, "/c/widgets").await;
    assert_eq!(listed_titles(&first).len(), 30, "30 topics per page");
    assert_eq!(
        html_select(&first, "p.pager a.button"),
        vec!["More topics →"]
    );

    let orders: [(&str, SortKey); 3] = [
        ("latest", |t| t.bumped_at.micros()),
        ("new", |t| t.created_at.micros()),
        ("top", |t| i64::from(t.score)),
    ];
    for (sort, key) in orders {
        let mut expected: Vec<&Topic> = rows.iter().collect();
        expected.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| b.id.as_str().cmp(a.id.as_str()))
        });
        let expected: Vec<String> = expected.iter().map(|t| t.title.clone()).collect();

        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        let mut next = Some(format!("/c/widgets?sort={sort}"));
        while let Some(path) = next {
            assert!(sizes.len() < 10, "{sort}: the cursor does not advance");
            let html = page(&app, &path).await;
            let titles = listed_titles(&html);
            sizes.push(titles.len());
            seen.extend(titles);
            next = more_link(&html);
            if let Some(link) = &next {
                assert!(
                    link.contains(&format!("sort={sort}")) && link.contains("after="),
                    "{sort}: the More link keeps the order: {link}"
                );
            }
        }
        assert_eq!(sizes, vec![30, 30, 10], "{sort}: page sizes");
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), 70, "{sort}: every topic exactly once");
        assert_eq!(seen, expected, "{sort}: in order");
    }
}

#[tokio::test]
async fn top_list_over_all_time_keeps_its_period_on_later_pages() {
    let (app, _admin) = widgets().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let long_ago = app.clock.now().plus_secs(-40 * 86_400);
    let specs = (0..35)
        .map(|i| (format!("Old topic {i:02}"), long_ago.plus_secs(i)))
        .collect();
    insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;

    let last_30_days = page(&app, "/c/widgets?sort=top").await;
    assert!(
        listed_titles(&last_30_days).is_empty(),
        "top of the last 30 days leaves 40-day-old topics out"
    );
    let first = page(&app, "/c/widgets?sort=top&period=all").await;
    assert_eq!(listed_titles(&first).len(), 30);
    let titles = walk_list(&app, "/c/widgets?sort=top&period=all").await;
    let unique: HashSet<&String> = titles.iter().collect();
    assert_eq!(
        (titles.len(), unique.len()),
        (35, 35),
        "top of all time lists all 35 topics once across pages; the \"More topics\" link \
         ({:?}) drops period=all, so later pages fall back to the last 30 days",
        more_link(&first)
    );
}

#[tokio::test]
async fn long_discussion_pages_to_its_last_reply() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let chat = TopicBuilder::discussion("A very long thread")
        .body("Go.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    insert_replies(&app, &chat.id, &bob.id, 100).await;
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 100);

    let mut numbers = Vec::new();
    let mut sizes = Vec::new();
    let mut next = Some(chat.path.clone());
    let mut last_page = String::new();
    while let Some(path) = next {
        assert!(sizes.len() < 10, "the reply cursor does not advance");
        let html = page(&app, &path).await;
        let replies: Vec<i32> = post_anchors(&html)
            .iter()
            .filter(|a| *a != "p1")
            .map(|a| a[1..].parse().expect("post number"))
            .collect();
        sizes.push(replies.len());
        numbers.extend(replies);
        next = more_link(&html);
        if sizes.len() == 1 {
            assert_eq!(
                html_select(&html, "p.pager a.button"),
                vec!["More replies →"]
            );
        }
        last_page = html;
    }
    assert_eq!(sizes, vec![30, 30, 30, 10], "30 replies per page");
    assert_eq!(
        numbers,
        (2..=101).collect::<Vec<i32>>(),
        "each reply once, in order"
    );
    assert!(text_by_id(&last_page, "p101")
        .unwrap_or_default()
        .contains("Reply 100 of the bulk thread."));
}

// ----- 18. Bounded queries -----

#[tokio::test]
async fn topic_page_queries_do_not_grow_with_replies() {
    // The rendering path itself: without the anonymous page cache (tested in page_cache).
    let app = spawn_app_with(|s| {
        quiet_background(s);
        s.page_cache_mib = 0;
    })
    .await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let cara = UserBuilder::new("cara").build(&app).await;

    let mut threads = Vec::new();
    for (title, replies) in [("Short question thread", 5), ("Long question thread", 100)] {
        let q = ask(&ana, "widgets", title).await;
        insert_replies(&app, &q.id, &cara.id, replies).await;
        // The same shape on both: a vote by the viewer and a comment on the first answer.
        let first = PostRef {
            id: post_by_number(&app, &q.id, 2).await.id.to_string(),
            number: 2,
        };
        vote_ok(&bob, &q, &first, 1).await;
        PostBuilder::reply("Thanks, that helped.")
            .under(&first)
            .to(&q)
            .by(&ana)
            .build(&app)
            .await;
        threads.push(q);
    }

    let anonymous = app.new_client();
    page(&anonymous, &threads[0].path).await; // warm-up
    page(&bob, &threads[0].path).await;
    for (who, client) in [("anonymous", &anonymous), ("member", &bob)] {
        assert_queries_do_not_grow(
            &app,
            (client, &threads[0].path),
            (client, &threads[1].path),
            &format!("{who}: a topic page with 5 replies, and with 100"),
        )
        .await;
    }
}

#[tokio::test]
async fn community_page_queries_do_not_grow_with_topics() {
    let app = spawn_app_with(quiet_background).await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("small").build(&app, &admin).await;
    CommunityBuilder::new("big").build(&app, &admin).await;
    let (ana_user, ana) = member(&app, "ana").await;
    let now = app.clock.now();
    for (slug, n) in [("small", 5), ("big", 60)] {
        let specs = (0..n)
            .map(|i| (format!("{slug} topic {i}"), now.plus_secs(-i)))
            .collect();
        insert_topics(&app, slug, &ana_user.id, TopicKind::Question, specs).await;
    }

    let anonymous = app.new_client();
    page(&anonymous, "/c/small").await; // warm-up
    page(&ana, "/c/small").await;
    for (who, client) in [("anonymous", &anonymous), ("member", &ana)] {
        assert_queries_do_not_grow(
            &app,
            (client, "/c/small"),
            (client, "/c/big"),
            &format!("{who}: a list of 5 topics, and of 60"),
        )
        .await;
    }
}
