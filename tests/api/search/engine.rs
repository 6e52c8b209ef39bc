//! The search engines through their one interface, `parley::db::search` (issue 19), on
//! content written through the app's normal paths (forms), so the index hooks run:
//! stemming (English, French), diacritics, prefixes, phrases, exclusions, odd input,
//! visibility applied at query time (held, deleted, other sub-communities), edits,
//! snippets escaped then marked, ranking boosts, similar questions, reindex.
//! Backend-neutral: the same tests run on SQLite and PostgreSQL.

use diesel::prelude::*;
use parley::db::schema::communities as communities_table;
use parley::db::search::{search, similar, SearchRequest, SearchResults, SearchSort};
use parley::db::{CommunityId, Language};
use reqwest::StatusCode;

use crate::helpers::fixtures::{db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::{open_item, reply_after_post, review};
use crate::helpers::{assert_see_other, CommunityBuilder, TestApp, TopicBuilder};

async fn community_id(app: &TestApp, slug: &str) -> CommunityId {
    find_community(app, slug)
        .await
        .unwrap_or_else(|| panic!("sub-community {slug}"))
        .id
}

/// Searches `communities` for `text`, by relevance, first 20 results.
pub(super) async fn find(app: &TestApp, text: &str, communities: &[CommunityId]) -> SearchResults {
    let (text, communities) = (text.to_string(), communities.to_vec());
    db(app, move |conn| {
        Ok(search(
            conn,
            &SearchRequest {
                text: &text,
                communities: &communities,
                kind: None,
                state: None,
                tag: None,
                author: None,
                since: None,
                until: None,
                sort: SearchSort::Relevance,
                offset: 0,
                limit: 20,
            },
        )?)
    })
    .await
}

/// The topics found, in order.
async fn found(app: &TestApp, text: &str, communities: &[CommunityId]) -> Vec<String> {
    find(app, text, communities)
        .await
        .hits
        .iter()
        .map(|h| h.topic_id.to_string())
        .collect()
}

async fn widgets_app() -> (TestApp, crate::helpers::TestClient, CommunityId) {
    let (app, admin) = widgets().await;
    let id = community_id(&app, "widgets").await;
    (app, admin, id)
}

#[tokio::test]
async fn english_stems_diacritics_and_prefixes_find_the_topic() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = TopicBuilder::question("Widget calibration drifts")
        .body("Calibrating the widget after the café firmware upgrade fails.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let other = TopicBuilder::discussion("Favourite colours")
        .body("Blue and green.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let w = [w];
    for query in [
        "widgets",        // plural of a title word
        "calibrate",      // another form of "calibrating"
        "drifting",       // another form of "drifts"
        "upgrades",       // another form of "upgrade"
        "cafe",           // without the diacritic
        "CAFÉ",           // upper case
        "calib*",         // prefix
        "widget upgrade", // all words, title and body
    ] {
        assert_eq!(
            found(&app, query, &w).await,
            vec![topic.id.clone()],
            "{query}"
        );
    }
    assert_eq!(found(&app, "colour", &w).await, vec![other.id.clone()]);
    let none = find(&app, "zeppelin", &w).await;
    assert!(none.hits.is_empty() && none.total == 0 && none.by_community.is_empty());
    // All words are required.
    assert!(found(&app, "widget zeppelin", &w).await.is_empty());
}

#[tokio::test]
async fn a_topic_of_a_french_sub_community_is_stemmed_in_french() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("outils").build(&app, &admin).await;
    let outils = community_id(&app, "outils").await;
    let id = outils.clone();
    db(&app, move |conn| {
        diesel::update(communities_table::table.find(&id))
            .set(communities_table::default_language.eq(Language::Fr))
            .execute(conn)?;
        Ok(())
    })
    .await;
    let (_, ana) = member(&app, "ana").await;
    let topic = TopicBuilder::question("Échec de la réinitialisation du boîtier")
        .body("Les réinitialisations échouent depuis la mise à jour.")
        .in_("outils")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(topic_row(&app, &topic.id).await.language, Language::Fr);
    let c = [outils];
    for query in [
        "réinitialiser",
        "reinitialiser",
        "réinitialisations",
        "boîtiers",
        "boitier",
        "mises à jour",
    ] {
        assert_eq!(
            found(&app, query, &c).await,
            vec![topic.id.clone()],
            "{query}"
        );
    }
    assert!(found(&app, "imprimante", &c).await.is_empty());
}

#[tokio::test]
async fn phrases_exclusions_and_or_follow_websearch_rules() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let broken = TopicBuilder::discussion("The red widget")
        .body("My red widget is broken since Monday.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let paint = TopicBuilder::discussion("Paint job")
        .body("Paint the widget red, then let it dry.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let w = [w];
    let mut both = vec![broken.id.clone(), paint.id.clone()];
    both.sort();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(found(&app, "widget red", &w).await), both);
    assert_eq!(
        found(&app, "\"red widget\"", &w).await,
        vec![broken.id.clone()]
    );
    assert_eq!(
        found(&app, "\"widget red\"", &w).await,
        vec![paint.id.clone()]
    );
    assert_eq!(
        found(&app, "widget -paint", &w).await,
        vec![broken.id.clone()]
    );
    assert_eq!(
        found(&app, "widget -\"is broken\"", &w).await,
        vec![paint.id.clone()]
    );
    // An excluded word is excluded in any form, and when every match has it, none is left.
    assert_eq!(
        found(&app, "widget -paints", &w).await,
        vec![broken.id.clone()]
    );
    assert!(found(&app, "widget -red", &w).await.is_empty());
    assert_eq!(sorted(found(&app, "monday or dry", &w).await), both);
    assert_eq!(
        found(&app, "monday or zeppelin", &w).await,
        vec![broken.id.clone()]
    );
    // An exclusion alone finds nothing (and is no error).
    assert!(found(&app, "-paint", &w).await.is_empty());
}

#[tokio::test]
async fn odd_input_is_never_an_error() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = TopicBuilder::question("Gizmo keeps rebooting")
        .body("Since yesterday the gizmo reboots every hour.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let w = [w];
    let long = "gizmo ".repeat(1_800); // about 10 KB
    let odd = [
        "\"",
        "-",
        "*",
        "(",
        ")",
        "\"\"",
        "- - -",
        "AND OR NOT NEAR",
        "gizmo AND OR NOT NEAR",
        "NEAR(gizmo rebooting, 2)",
        "title:gizmo",
        "{title}: gizmo",
        "gizmo\"",
        "\"gizmo",
        "(gizmo",
        "gizmo*",
        "^gizmo",
        "gizmo -",
        "'; DROP TABLE posts; --",
        "SELECT * FROM posts WHERE 1=1",
        "🎉🔥",
        "gizmo 🎉",
        "",
        "   ",
        "\u{0}",
        "é\u{301}\u{301}",
        long.as_str(),
    ];
    for query in odd {
        // `find` panics on any database error.
        let results = find(&app, query, &w).await;
        assert!(results.hits.len() <= 1, "{query:?}");
        assert_eq!(results.total, results.hits.len() as i64, "{query:?}");
    }
    for query in [
        "gizmo\"",
        "\"gizmo",
        "(gizmo",
        "gizmo*",
        "gizmo 🎉",
        long.as_str(),
    ] {
        assert_eq!(
            found(&app, query, &w).await,
            vec![topic.id.clone()],
            "{query:?}"
        );
    }
    for query in ["\"", "-", "*", "(", "", "🎉🔥", "'; DROP TABLE posts; --"] {
        assert!(found(&app, query, &w).await.is_empty(), "{query:?}");
    }
}

#[tokio::test]
async fn a_held_post_is_found_only_once_approved() {
    let (app, admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = TopicBuilder::discussion("Refunds")
        .body("How do refunds work?")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    // A card number is held for review by the default policy.
    let response = post_reply(
        &ana,
        &topic,
        &[(
            "body",
            "Charge my card 4111 1111 1111 1111 for the xylophone.",
        )],
    )
    .await;
    let (held, was_held) = reply_after_post(&app, &topic, &response).await;
    assert!(was_held);
    let w = [w];
    let results = find(&app, "xylophone", &w).await;
    assert!(
        results.hits.is_empty() && results.total == 0,
        "held: not found"
    );

    let item = open_item(&app, &held.id).await;
    assert_eq!(
        review(&admin, &item, "approve", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let results = find(&app, "xylophone", &w).await;
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].post_id.to_string(), held.id);
}

#[tokio::test]
async fn deleted_posts_and_topics_are_no_longer_found() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = TopicBuilder::discussion("Spare parts")
        .body("Where to buy spare sprockets?")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let regret = reply(&app, &bob, &topic, "Try the marmalade shop.").await;
    let w = [w];
    assert_eq!(found(&app, "marmalade", &w).await, vec![topic.id.clone()]);
    let response = bob
        .post_form(&format!("/p/{}/delete", regret.id), &[])
        .await;
    assert_see_other(&response, &topic.path);
    assert!(found(&app, "marmalade", &w).await.is_empty());
    assert_eq!(found(&app, "sprockets", &w).await, vec![topic.id.clone()]);

    // Deleting the opening post deletes the topic: none of it is found.
    let opening = opening_post(&app, &topic).await;
    ana.post_form(&format!("/p/{}/delete", opening.id), &[])
        .await;
    assert!(topic_row(&app, &topic.id).await.deleted_at.is_some());
    assert!(found(&app, "sprockets", &w).await.is_empty());
}

#[tokio::test]
async fn edits_reindex_the_post_and_the_title() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = TopicBuilder::question("Lantern flickers")
        .body("The lantern flickers at night.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let answer = reply(&app, &bob, &topic, "Replace the walrus cable.").await;
    let w = [w];
    assert_eq!(found(&app, "walrus", &w).await, vec![topic.id.clone()]);

    let response = bob
        .post_form(
            &format!("/p/{}/edit", answer.id),
            &[("body", "Replace the pelican cable.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(found(&app, "walrus", &w).await.is_empty(), "old words gone");
    assert_eq!(found(&app, "pelican", &w).await, vec![topic.id.clone()]);

    let opening = opening_post(&app, &topic).await;
    let response = ana
        .post_form(
            &format!("/p/{}/edit", opening.id),
            &[
                ("title", "Candle flickers"),
                ("body", "The lantern flickers at night."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // The new title reaches every post's row (the answer's too).
    assert_eq!(
        found(&app, "candle pelican", &w).await,
        vec![topic.id.clone()]
    );
    assert!(found(&app, "lantern pelican", &w).await.is_empty());
    let hit = &find(&app, "candle", &w).await.hits[0];
    assert_eq!(hit.title, "Candle flickers");
}

#[tokio::test]
async fn snippets_are_escaped_then_marked() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::discussion("Injection attempt")
        .body("Typing `<script>alert('x')</script>` into the quokka field & <b>other</b> tags.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let results = find(&app, "quokka", &[w]).await;
    let snippet = &results.hits[0].snippet;
    assert!(snippet.contains("<mark>quokka</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    assert!(
        !snippet.contains("<script") && !snippet.contains("<b>"),
        "{snippet}"
    );
    assert!(snippet.contains("&amp;"), "{snippet}");
    // Only <mark> is markup.
    let unmarked = snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !unmarked.contains('<') && !unmarked.contains('>'),
        "{snippet}"
    );
}

#[tokio::test]
async fn accepted_and_official_answers_rank_above_equal_plain_ones() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, erin) = employee(&app, "erin").await;
    let text = "Replace the flux capacitor.";
    let plain = ask(&ana, "widgets", "First question here").await;
    reply(&app, &bob, &plain, text).await;
    let accepted = ask(&ana, "widgets", "Other question here").await;
    let answer = reply(&app, &bob, &accepted, text).await;
    assert_eq!(
        accept(&ana, &accepted, &answer).await.status(),
        StatusCode::SEE_OTHER
    );
    let official = ask(&ana, "widgets", "Third question here").await;
    let response = post_reply(&erin, &official, &[("body", text), ("as_brand", "true")]).await;
    post_from_redirect(&app, &official, &response).await;

    let results = find(&app, "flux capacitor", &[w]).await;
    let order: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.topic_id.to_string())
        .collect();
    assert_eq!(order, vec![accepted.id, official.id, plain.id]);
    assert!(results.hits[0].accepted && !results.hits[0].official);
    assert!(results.hits[1].official && !results.hits[1].accepted);
    assert!(!results.hits[2].accepted && !results.hits[2].official);
    assert_eq!(results.total, 3);
}

#[tokio::test]
async fn sub_communities_not_given_never_appear_in_hits_totals_or_facets() {
    let (app, admin, w) = widgets_app().await;
    CommunityBuilder::new("secret").build(&app, &admin).await;
    let secret = community_id(&app, "secret").await;
    let (_, ana) = member(&app, "ana").await;
    let open = TopicBuilder::discussion("Hovercraft eels")
        .body("My hovercraft is full of eels.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let hidden = TopicBuilder::discussion("Hovercraft roadmap")
        .body("The hovercraft roadmap is still a draft.")
        .in_("secret")
        .by(&admin)
        .build(&app)
        .await;
    let both = find(&app, "hovercraft", &[w.clone(), secret.clone()]).await;
    assert_eq!(both.total, 2);
    assert_eq!(both.by_community.len(), 2);

    let only = find(&app, "hovercraft", std::slice::from_ref(&w)).await;
    assert_eq!(only.total, 1);
    assert_eq!(only.by_community, vec![(w.clone(), 1)]);
    assert_eq!(only.hits.len(), 1);
    assert_eq!(only.hits[0].topic_id.to_string(), open.id);
    assert!(only.hits.iter().all(|h| !h.snippet.contains("roadmap")));
    let none = find(&app, "roadmap", std::slice::from_ref(&w)).await;
    assert!(none.hits.is_empty() && none.total == 0 && none.by_community.is_empty());
    assert!(find(&app, "hovercraft", &[]).await.hits.is_empty());
    assert_eq!(found(&app, "roadmap", &[secret]).await, vec![hidden.id]);
}

#[tokio::test]
async fn similar_questions_find_the_near_duplicate_and_put_solved_first() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let original = ask(&ana, "widgets", "How do I reset my widget password?").await;
    ask(&ana, "widgets", "Widget colours for the spring range").await;
    let solved = ask(&ana, "widgets", "Password reset email never arrives").await;
    let answer = reply(&app, &bob, &solved, "Check the spam folder.").await;
    accept(&ana, &solved, &answer).await;

    let w = vec![w];
    let similar_to = |title: &'static str| {
        let w = w.clone();
        db(&app, move |conn| Ok(similar(conn, title, &w, 5)?))
    };
    let hits = similar_to("How can I reset the widget password").await;
    let ids: Vec<String> = hits.iter().map(|h| h.topic_id.to_string()).collect();
    assert!(ids.contains(&original.id), "{ids:?}");
    assert!(ids.len() <= 5);
    // A title that names the solved one's words puts it first.
    let hits = similar_to("password reset").await;
    assert_eq!(hits[0].topic_id.to_string(), solved.id);
    // While typing: the last word is a prefix.
    let hits = similar_to("widget passw").await;
    assert!(hits.iter().any(|h| h.topic_id.to_string() == original.id));
    assert!(similar_to("the and of").await.is_empty());
    assert!(similar_to("").await.is_empty());
    assert!(similar_to("\"(*-").await.is_empty());
}

#[tokio::test]
async fn reindex_rebuilds_the_whole_index() {
    let (app, _admin, w) = widgets_app().await;
    let (_, ana) = member(&app, "ana").await;
    let topic = TopicBuilder::discussion("Armadillo care")
        .body("Feed the armadillo twice a day.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &ana, &topic, "And brush its shell.").await;
    let (done, calls) = db(&app, |conn| {
        let mut calls = Vec::new();
        let done = parley::db::search::reindex(conn, &mut |d, t| calls.push((d, t)))?;
        Ok((done, calls))
    })
    .await;
    assert!(done >= 2, "{done}");
    assert_eq!(calls.last().map(|c| c.0), Some(done));
    let w = [w];
    assert_eq!(
        found(&app, "armadillo shell", &w).await,
        vec![topic.id.clone()]
    );
    assert_eq!(
        find(&app, "armadillo", &w).await.total,
        1,
        "no duplicate rows"
    );
}
