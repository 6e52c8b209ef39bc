//! The demo content: what it shows, and that its votes follow the voting rules.

use diesel::prelude::*;
use parley::db::schema::{posts as posts_table, votes as votes_table};
use parley::db::UserId;

use super::sorted_titles;
use crate::helpers::fixtures::{db, sorted};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{html_select, TestApp};

async fn load_demo(app: &TestApp) {
    let clock = app.clock.clone();
    let created = db(app, move |conn| {
        Ok(parley::demo::load(conn, &clock, false)?.created)
    })
    .await;
    assert!(created, "the demo loads into an empty database");
}

#[tokio::test]
async fn demo_shows_solved_and_unanswered_questions_an_idea_status_and_a_leaderboard() {
    let app = forum_app().await;
    load_demo(&app).await;

    let html = page(&app, "/c/widgets").await;
    assert!(
        row_badges(&html, "How do I rotate a Widgets API key without downtime?")
            .contains(&"Solved".into())
    );
    assert!(
        row_badges(&html, "Which Widgets plan includes single sign-on?")
            .contains(&"Unanswered".into())
    );
    assert!(row_badges(&html, "Dark mode for the Widgets dashboard").contains(&"Planned".into()));
    assert_eq!(
        sorted_titles(&page(&app, "/c/widgets?state=solved").await),
        sorted(&["How do I rotate a Widgets API key without downtime?"])
    );

    let board = page(&app, "/c/widgets/leaderboard").await;
    let names = html_select(&board, "ol.leaderboard li a");
    assert!(!names.is_empty(), "the demo leaderboard has entries");
    assert!(
        names.contains(&"Erin Engineer".to_string())
            && names.contains(&"Carla Customer".to_string()),
        "the demo's answerers are on the board: {names:?}"
    );
    assert!(
        html_select(&board, "ol.leaderboard li span.points")
            .iter()
            .all(|p| p.ends_with(" points") && !p.starts_with('0') && !p.starts_with('-')),
        "every entry has earned points"
    );
    let latest = page(&app, "/latest").await;
    assert!(
        !html_select(&latest, "a.topic-title")
            .contains(&"Pairing questions after 2.8: use the canned answer".to_string()),
        "the employees-only demo space stays private"
    );
}

#[tokio::test]
async fn demo_votes_follow_the_voting_rules() {
    let app = forum_app().await;
    load_demo(&app).await;
    let self_votes: Vec<(UserId, String)> = db(&app, |conn| {
        Ok(votes_table::table
            .inner_join(posts_table::table.on(posts_table::id.eq(votes_table::post_id)))
            .filter(posts_table::author_id.eq(votes_table::user_id))
            .select((votes_table::user_id, posts_table::body_markdown))
            .load(conn)?)
    })
    .await;
    let mut names = Vec::new();
    for (user, body) in &self_votes {
        let u = db(&app, {
            let user = user.clone();
            move |conn| Ok(parley::db::models::users::find(conn, &user)?)
        })
        .await
        .expect("voter exists");
        names.push(format!("{} on {:?}", u.username, body));
    }
    assert!(
        names.is_empty(),
        "members cannot vote on their own posts (the app answers 403), yet the demo \
         records self-votes that earn their authors reputation: {names:?}"
    );
}

#[tokio::test]
async fn demo_queue_has_a_claimed_and_an_assigned_question() {
    let app = forum_app().await;
    load_demo(&app).await;
    let eli = app.new_client();
    let response = eli.login("eli", parley::demo::DEMO_PASSWORD).await;
    assert!(response.status().is_redirection(), "{}", response.status());

    let queue = page(&eli, "/queue").await;
    let claimers = html_select(&queue, "table.table tbody tr td:last-child");
    assert!(
        claimers.iter().any(|c| c.contains("Erin")) && claimers.iter().any(|c| c.contains("Eli")),
        "claimed by erin and assigned to eli: {claimers:?}"
    );
    let mine = page(&eli, "/queue?who=mine").await;
    assert_eq!(html_select(&mine, "table.table tbody tr").len(), 1);
    let notes = page(&eli, "/notifications").await;
    assert!(notes.contains("assigned you a question"), "{notes}");
}

#[tokio::test]
async fn demo_has_a_merged_question_whose_address_leads_to_the_one_it_joined() {
    use parley::demo_merge::{KEPT, MERGED};
    let app = forum_app().await;
    load_demo(&app).await;
    let (kept, merged) = db(&app, |conn| {
        use parley::db::schema::topics as t;
        let id = |conn: &mut parley::db::DbConn, title: &str| {
            t::table
                .filter(t::title.eq(title))
                .select(t::id)
                .first::<String>(conn)
        };
        Ok((id(conn, KEPT)?, id(conn, MERGED)?))
    })
    .await;
    let response = app.get(&format!("/t/{merged}")).await;
    assert_eq!(response.status(), reqwest::StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        crate::helpers::location(&response),
        Some(format!("/t/{kept}"))
    );
    let html = page(&app, &format!("/t/{kept}")).await;
    assert!(
        html.contains("We overlap them for a day"),
        "the merged answer is there"
    );
    assert!(!listed_titles(&page(&app, "/c/widgets").await).contains(&MERGED.to_string()));
}

#[tokio::test]
async fn demo_product_groups_have_their_own_logos() {
    let app = forum_app().await;
    load_demo(&app).await;
    let home = page(&app, "/").await;
    let logos = crate::helpers::html_attr(&home, ".community-card img.community-logo", "src");
    assert!(
        logos.contains(&"/assets/demo/widgets.svg".to_string()),
        "{logos:?}"
    );
    assert!(
        logos.contains(&"/assets/demo/gadgets.svg".to_string()),
        "{logos:?}"
    );
    let svg = app.get("/assets/demo/widgets.svg").await;
    assert_eq!(svg.status(), reqwest::StatusCode::OK);
    assert_eq!(
        svg.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
}
