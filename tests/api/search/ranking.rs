//! The search engines through `parley::db::search` (backend-neutral): ranking boosts,
//! one hit per topic, counts and facets under filters, every filter, stemming in English
//! and French, odd input, escaped snippets, similar questions. Content is written through
//! the app's forms, so the index is what the normal write paths leave behind.

use diesel::prelude::*;
use parley::db::schema::communities as communities_table;
use parley::db::search::{self, SearchRequest, SearchResults, SearchSort, SimilarHit};
use parley::db::{CommunityId, QuestionState, Timestamp, TopicKind, UserId};
use reqwest::StatusCode;

use crate::helpers::fixtures::{db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{CommunityBuilder, PostBuilder, TestApp, TopicBuilder};

/// One search, owned so it can move to the database thread.
#[derive(Clone, Default)]
struct Find {
    text: String,
    communities: Vec<CommunityId>,
    kind: Option<TopicKind>,
    state: Option<QuestionState>,
    tag: Option<String>,
    author: Option<UserId>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    newest: bool,
}

impl Find {
    fn new(text: &str, communities: &[&CommunityId]) -> Find {
        Find {
            text: text.into(),
            communities: communities.iter().map(|c| (*c).clone()).collect(),
            ..Find::default()
        }
    }

    async fn run(&self, app: &TestApp) -> SearchResults {
        let f = self.clone();
        db(app, move |conn| {
            let req = SearchRequest {
                text: &f.text,
                communities: &f.communities,
                kind: f.kind,
                state: f.state,
                tag: f.tag.as_deref(),
                author: f.author.as_ref(),
                since: f.since,
                until: f.until,
                sort: if f.newest {
                    SearchSort::Newest
                } else {
                    SearchSort::Relevance
                },
                offset: 0,
                limit: 20,
            };
            Ok(search::search(conn, &req)?)
        })
        .await
    }

    async fn titles(&self, app: &TestApp) -> Vec<String> {
        self.run(app)
            .await
            .hits
            .into_iter()
            .map(|h| h.title)
            .collect()
    }
}

async fn community_id(app: &TestApp, slug: &str) -> CommunityId {
    find_community(app, slug).await.expect("community").id
}

async fn similar(app: &TestApp, title: &str, communities: &[&CommunityId]) -> Vec<SimilarHit> {
    let title = title.to_string();
    let communities: Vec<CommunityId> = communities.iter().map(|c| (*c).clone()).collect();
    db(app, move |conn| {
        Ok(search::similar(conn, &title, &communities, 5)?)
    })
    .await
}

#[tokio::test]
async fn accepted_and_official_answers_rank_above_an_equal_plain_match() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, erin) = employee(&app, "erin").await;
    let answer = "Recalibrate the flux capacitor after the firmware update.";

    let plain = ask(&ana, "widgets", "First gadget question").await;
    reply(&app, &bob, &plain, answer).await;
    let official = ask(&ana, "widgets", "Second gadget question").await;
    let response = post_reply(&erin, &official, &[("body", answer), ("as_brand", "true")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let solved = ask(&ana, "widgets", "Third gadget question").await;
    let accepted = reply(&app, &bob, &solved, answer).await;
    assert_eq!(
        accept(&ana, &solved, &accepted).await.status(),
        StatusCode::SEE_OTHER
    );

    let results = Find::new("flux capacitor", &[&widgets]).run(&app).await;
    let titles: Vec<&str> = results.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Third gadget question",
            "Second gadget question",
            "First gadget question"
        ]
    );
    assert!(results.hits[0].accepted && !results.hits[0].official);
    assert!(results.hits[1].official && !results.hits[1].accepted);
    assert!(!results.hits[2].official && !results.hits[2].accepted);
    assert_eq!(results.hits[0].state, Some(QuestionState::Solved));
    assert_eq!(
        results.hits[1].post_number, 2,
        "the hit is the answer, not the question"
    );
}

#[tokio::test]
async fn one_hit_per_topic_from_its_best_post_and_total_counts_topics() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let busy = ask(&ana, "widgets", "Where did the zeppelin land?").await;
    for body in [
        "A zeppelin was seen near the hangar.",
        "The zeppelin landed, zeppelin crew confirmed: zeppelin zeppelin.",
        "No idea about that zeppelin.",
    ] {
        reply(&app, &bob, &busy, body).await;
    }
    let quiet = TopicBuilder::discussion("Airships in general")
        .in_("widgets")
        .by(&bob)
        .body("Has anyone flown in a zeppelin?")
        .build(&app)
        .await;

    let results = Find::new("zeppelin", &[&widgets]).run(&app).await;
    assert_eq!(results.total, 2, "topics, not posts");
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.by_community, vec![(widgets.clone(), 2)]);
    let topics: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.topic_id.to_string())
        .collect();
    assert!(topics.contains(&busy.id) && topics.contains(&quiet.id));
    let busy_hit = results
        .hits
        .iter()
        .find(|h| h.topic_id.to_string() == busy.id)
        .expect("busy topic");
    assert_eq!(busy_hit.post_number, 3, "the reply that says it most");
    assert!(busy_hit.snippet.contains("<mark>"), "{}", busy_hit.snippet);
}

#[tokio::test]
async fn total_and_by_community_count_only_the_given_sub_communities_under_filters() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let widgets = community_id(&app, "widgets").await;
    let gadgets = community_id(&app, "gadgets").await;
    let (_, ana) = member(&app, "ana").await;
    for (slug, title) in [
        ("widgets", "Sprocket alignment one"),
        ("widgets", "Sprocket alignment two"),
        ("gadgets", "Sprocket alignment three"),
    ] {
        ask(&ana, slug, title).await;
    }
    TopicBuilder::discussion("Sprocket alignment chat")
        .in_("gadgets")
        .by(&ana)
        .build(&app)
        .await;

    let all = Find::new("sprocket", &[&widgets, &gadgets]).run(&app).await;
    assert_eq!(all.total, 4);
    assert_eq!(
        facet(&all),
        vec![(widgets.clone(), 2), (gadgets.clone(), 2)]
    );

    let questions = Find {
        kind: Some(TopicKind::Question),
        ..Find::new("sprocket", &[&widgets, &gadgets])
    };
    let results = questions.run(&app).await;
    assert_eq!(results.total, 3);
    assert_eq!(
        facet(&results),
        vec![(widgets.clone(), 2), (gadgets.clone(), 1)]
    );

    // Gadgets not given (private to this reader, or narrowed away): not counted at all.
    let only_widgets = Find::new("sprocket", &[&widgets]).run(&app).await;
    assert_eq!(only_widgets.total, 2);
    assert_eq!(only_widgets.by_community, vec![(widgets.clone(), 2)]);
    assert!(only_widgets.hits.iter().all(|h| h.community_id == widgets));
    assert_eq!(Find::new("sprocket", &[]).run(&app).await.total, 0);
}

/// The facet in a fixed order (by count, then creation order of the ids).
fn facet(results: &SearchResults) -> Vec<(CommunityId, i64)> {
    let mut f = results.by_community.clone();
    f.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    f
}

#[tokio::test]
async fn each_filter_narrows_the_results_and_newest_sorts_by_date() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let start = app.clock.now();
    let unanswered = TopicBuilder::question("Gearbox noise unanswered")
        .in_("widgets")
        .by(&ana)
        .tags("mechanics")
        .build(&app)
        .await;
    app.clock.advance_secs(3600);
    let middle = app.clock.now();
    let answered = ask(&bob, "widgets", "Gearbox noise answered").await;
    reply(&app, &ana, &answered, "Oil the gears.").await;
    app.clock.advance_secs(3600);
    let solved = ask(&bob, "widgets", "Gearbox noise solved").await;
    let fix = reply(&app, &ana, &solved, "Replace the bearing.").await;
    assert_eq!(
        accept(&bob, &solved, &fix).await.status(),
        StatusCode::SEE_OTHER
    );
    app.clock.advance_secs(3600);
    TopicBuilder::idea("Gearbox noise idea")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;

    let base = Find::new("gearbox", &[&widgets]);
    let with_state = |state| Find {
        state: Some(state),
        ..base.clone()
    };
    assert_eq!(
        with_state(QuestionState::Unanswered).titles(&app).await,
        ["Gearbox noise unanswered"]
    );
    assert_eq!(
        with_state(QuestionState::Answered).titles(&app).await,
        ["Gearbox noise answered"]
    );
    assert_eq!(
        with_state(QuestionState::Solved).titles(&app).await,
        ["Gearbox noise solved"]
    );
    let ideas = Find {
        kind: Some(TopicKind::Idea),
        ..base.clone()
    };
    assert_eq!(ideas.titles(&app).await, ["Gearbox noise idea"]);
    let tagged = Find {
        tag: Some("mechanics".into()),
        ..base.clone()
    };
    assert_eq!(tagged.titles(&app).await, ["Gearbox noise unanswered"]);
    // Only ana's posts: her question, and her replies in the other two.
    let by_ana = Find {
        author: Some(ana_user.id.clone()),
        ..base.clone()
    };
    let mut titles = by_ana.titles(&app).await;
    titles.sort();
    assert_eq!(
        titles,
        [
            "Gearbox noise answered",
            "Gearbox noise solved",
            "Gearbox noise unanswered"
        ]
    );
    assert!(by_ana
        .run(&app)
        .await
        .hits
        .iter()
        .all(|h| h.author_id == ana_user.id));
    let before_middle = Find {
        until: Some(middle),
        ..base.clone()
    };
    assert_eq!(
        before_middle.titles(&app).await,
        ["Gearbox noise unanswered"]
    );
    let since_middle = Find {
        since: Some(middle),
        ..base.clone()
    };
    assert_eq!(since_middle.run(&app).await.total, 3);
    assert!(since_middle
        .run(&app)
        .await
        .hits
        .iter()
        .all(|h| h.created_at >= middle));
    assert_eq!(
        Find {
            since: Some(start),
            ..base.clone()
        }
        .run(&app)
        .await
        .total,
        4
    );
    let newest = Find {
        newest: true,
        ..base.clone()
    };
    assert_eq!(
        newest.titles(&app).await,
        [
            "Gearbox noise idea",
            "Gearbox noise solved",
            "Gearbox noise answered",
            "Gearbox noise unanswered"
        ]
    );
    let dates: Vec<Timestamp> = newest
        .run(&app)
        .await
        .hits
        .iter()
        .map(|h| h.created_at)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(unanswered.id.len(), 36);
}

#[tokio::test]
async fn english_stemming_finds_other_forms_of_a_word() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Configuring the widget")
        .in_("widgets")
        .by(&ana)
        .body("The installer crashed twice.")
        .build(&app)
        .await;
    for query in ["widgets", "configured", "crashes", "install"] {
        assert_eq!(
            Find::new(query, &[&widgets]).titles(&app).await,
            ["Configuring the widget"],
            "{query}"
        );
    }
    assert!(Find::new("gadget", &[&widgets])
        .titles(&app)
        .await
        .is_empty());
}

#[tokio::test]
async fn french_stemming_in_a_french_sub_community() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("bidules").build(&app, &admin).await;
    let bidules = community_id(&app, "bidules").await;
    let id = bidules.clone();
    db(&app, move |conn| {
        diesel::update(communities_table::table.find(&id))
            .set(communities_table::default_language.eq("fr"))
            .execute(conn)?;
        Ok(())
    })
    .await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Comment réinitialiser le mot de passe ?")
        .in_("bidules")
        .by(&ana)
        .body("Les sauvegardes échouent sur les imprimantes installées.")
        .build(&app)
        .await;
    for query in [
        "réinitialisation",
        "sauvegarder",
        "imprimante",
        "installation",
    ] {
        let results = Find::new(query, &[&bidules]).run(&app).await;
        assert_eq!(results.total, 1, "{query}");
    }
    let hit = &Find::new("sauvegarder", &[&bidules]).run(&app).await.hits[0];
    assert!(
        hit.snippet.contains("<mark>sauvegardes</mark>"),
        "{}",
        hit.snippet
    );
}

#[tokio::test]
async fn a_topic_moved_to_a_sub_community_not_given_disappears() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let widgets = community_id(&app, "widgets").await;
    let gadgets = community_id(&app, "gadgets").await;
    let (_, ana) = member(&app, "ana").await;
    let q = ask(&ana, "widgets", "Hovercraft eel capacity").await;
    reply(&app, &ana, &q, "My hovercraft is full of eels.").await;
    assert_eq!(
        Find::new("hovercraft", &[&widgets]).run(&app).await.total,
        1
    );

    let response = admin
        .post_form(
            &format!("/t/{}/move", q.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let gone = Find::new("hovercraft eels", &[&widgets]).run(&app).await;
    assert_eq!((gone.total, gone.hits.len()), (0, 0));
    assert!(gone.by_community.is_empty());
    let moved = Find::new("hovercraft eels", &[&gadgets]).run(&app).await;
    assert_eq!(moved.total, 1);
    assert_eq!(moved.hits[0].community_id, gadgets);
}

#[tokio::test]
async fn deleted_posts_are_not_found() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Printer question").await;
    let regret = PostBuilder::reply("The marmalade jammed it.")
        .to(&q)
        .by(&bob)
        .build(&app)
        .await;
    assert_eq!(Find::new("marmalade", &[&widgets]).run(&app).await.total, 1);
    let response = bob
        .post_form(&format!("/p/{}/delete", regret.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(Find::new("marmalade", &[&widgets]).run(&app).await.total, 0);
}

#[tokio::test]
async fn odd_input_is_never_an_error_and_snippets_are_escaped_then_marked() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::question("Kraken release notes")
        .in_("widgets")
        .by(&ana)
        .body("Paste <script>alert('kraken')</script> & see the kraken.")
        .build(&app)
        .await;
    let long = "kraken ".repeat(1_500);
    for query in [
        "\"",
        "-",
        "*",
        "(",
        ")",
        "kraken\"",
        "\"kraken",
        "-kraken",
        "kraken -",
        "a & b | !c",
        "SELECT * FROM posts; DROP TABLE posts; --",
        "' OR 1=1 --",
        "🦑🦑",
        "kraken:*",
        "<->",
        "\\",
        "\0kraken",
        long.as_str(),
        "or",
        "and not",
    ] {
        // Ok is the whole point: any error here would be a 500 on the search page.
        let _ = Find::new(query, &[&widgets]).run(&app).await;
        let _ = similar(&app, query, &[&widgets]).await;
    }
    for empty in ["", "   ", "the", "\"\""] {
        let results = Find::new(empty, &[&widgets]).run(&app).await;
        assert_eq!((results.total, results.hits.len()), (0, 0), "{empty:?}");
    }
    assert_eq!(Find::new(&long, &[&widgets]).run(&app).await.total, 1);
    assert_eq!(
        Find::new("\"release notes\"", &[&widgets])
            .run(&app)
            .await
            .total,
        1
    );
    assert_eq!(
        Find::new("\"notes release\"", &[&widgets])
            .run(&app)
            .await
            .total,
        0
    );
    assert_eq!(
        Find::new("kraken -release", &[&widgets])
            .run(&app)
            .await
            .total,
        0
    );

    let hit = &Find::new("kraken", &[&widgets]).run(&app).await.hits[0];
    assert!(!hit.snippet.contains("<script"), "{}", hit.snippet);
    // PostgreSQL's parser drops tags from a headline; whatever is left is escaped, and
    // the only markup is the engine's own `<mark>`.
    let unmarked = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(!unmarked.contains(['<', '>', '"']), "{}", hit.snippet);
    assert!(
        hit.snippet.contains("<mark>kraken</mark>"),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("&amp;"), "{}", hit.snippet);
}

#[tokio::test]
async fn similar_questions_find_a_near_duplicate_title_solved_first() {
    let (app, _admin) = widgets().await;
    let widgets = community_id(&app, "widgets").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let original = ask(&ana, "widgets", "How do I reset my router password?").await;
    let other = ask(&ana, "widgets", "Router firmware password policy").await;
    let fix = reply(&app, &bob, &other, "Use the admin page.").await;
    assert_eq!(
        accept(&ana, &other, &fix).await.status(),
        StatusCode::SEE_OTHER
    );
    ask(&ana, "widgets", "Unrelated espresso machine").await;

    let hits = similar(&app, "how to reset the router password", &[&widgets]).await;
    let ids: Vec<String> = hits.iter().map(|h| h.topic_id.to_string()).collect();
    assert_eq!(
        ids,
        [other.id.clone(), original.id.clone()],
        "solved first, then the duplicate"
    );
    assert_eq!(hits[0].state, Some(QuestionState::Solved));
    assert!(similar(&app, "router password", &[]).await.is_empty());
    assert!(similar(&app, "", &[&widgets]).await.is_empty());
}

#[tokio::test]
async fn a_query_of_common_words_still_finds_one_hit_per_topic_and_respects_filters() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let widgets = community_id(&app, "widgets").await;
    let gadgets = community_id(&app, "gadgets").await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, _bob) = member(&app, "bob").await;
    // 150 posts saying "bulk" in one topic: more than the engines treat as rare.
    let busy = ask(&ana, "widgets", "Bulk thread").await;
    insert_replies(&app, &busy.id, &bob_user.id, 150).await;
    let other = ask(&ana, "widgets", "Another bulk question").await;
    let hidden = ask(&ana, "gadgets", "Bulk in gadgets").await;

    let results = Find::new("bulk", &[&widgets]).run(&app).await;
    assert_eq!(results.total, 2);
    let mut ids: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.topic_id.to_string())
        .collect();
    ids.sort();
    let mut want = vec![busy.id.clone(), other.id.clone()];
    want.sort();
    assert_eq!(ids, want);
    assert!(!ids.contains(&hidden.id));
    let by_ana = Find {
        author: Some(ana_user.id.clone()),
        ..Find::new("bulk thread", &[&widgets, &gadgets])
    };
    let hits = by_ana.run(&app).await.hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].post_number, hits[0].author_id.clone()),
        (1, ana_user.id)
    );
    let newest = Find {
        newest: true,
        ..Find::new("bulk", &[&widgets, &gadgets])
    };
    assert_eq!(newest.run(&app).await.total, 3);
}
