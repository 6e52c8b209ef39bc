//! Merging a topic into another (`POST /t/{id}/merge`): every post moves, with its votes,
//! acceptance and watchers; the merged topic's address leads to the one it joined; what
//! cannot be merged is refused and changes nothing.

use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    assert_see_other, grant_role, html_select, location, CommunityBuilder, TestClient,
};

async fn merge(client: &TestClient, topic: &TopicRef, into: &str) -> reqwest::Response {
    client
        .post_form(&format!("/t/{}/merge", topic.id), &[("into", into)])
        .await
}

/// The numbers of the topic's posts, in order, with their ids.
async fn numbered(app: &crate::helpers::TestApp, topic: &TopicRef, n: i32) -> Vec<String> {
    let mut ids = vec![];
    for number in 1..=n {
        ids.push(post_by_number(app, &topic.id, number).await.id.to_string());
    }
    ids
}

#[tokio::test]
async fn merged_topic_moves_every_post_and_its_address_leads_to_the_other() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;
    let (_, dave) = member(&app, "dave").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let kept = ask(&ana, "widgets", "How do I reset a widget?").await;
    let hold = reply(&app, &bob, &kept, "Hold the button for ten seconds.").await;
    app.clock.advance_secs(60);
    let merged = ask(&carl, "widgets", "Widget reset steps please").await;
    let carl_opening = opening_post(&app, &merged).await;
    let unplug = reply(
        &app,
        &dave,
        &merged,
        "Unplug it, count to thirty, plug it back.",
    )
    .await;
    vote_ok(&ana, &merged, &unplug, 1).await;
    assert_eq!(
        accept(&carl, &merged, &unplug).await.status(),
        StatusCode::SEE_OTHER
    );
    let dave_reputation = reputation(&app, "dave").await;

    let response = merge(&moira, &merged, &kept.path).await;
    assert_see_other(&response, &kept.path);

    // Every post is in the kept topic now, after its own, in their order.
    let gone = topic_row(&app, &merged.id).await;
    assert!(gone.deleted_at.is_some(), "{gone:?}");
    assert_eq!(
        gone.merged_into.as_ref().map(|t| t.to_string()),
        Some(kept.id.clone())
    );
    assert_eq!(post_count(&app, &merged).await, 0);
    assert_eq!(post_count(&app, &kept).await, 4);
    let opening = opening_post(&app, &kept).await;
    assert_eq!(
        numbered(&app, &kept, 4).await,
        vec![
            opening.id,
            hold.id.clone(),
            carl_opening.id.clone(),
            unplug.id.clone()
        ]
    );
    let row = topic_row(&app, &kept.id).await;
    assert_eq!(row.reply_count, 3, "{row:?}");
    // The kept question had no accepted answer: it takes the merged one's, and its
    // author keeps the reputation it earned; the vote moved with its post.
    assert_eq!(accepted_answer(&app, &kept).await, Some(unplug.id.clone()));
    assert_eq!(reputation(&app, "dave").await, dave_reputation);
    assert_eq!(vote_rows(&app, &unplug).await, 1);
    let html = page(&app, &kept.path).await;
    assert!(html.contains("count to thirty"), "moved answer shown");
    let anchors = post_anchors(&html);
    assert!(
        ["p1", "p2", "p3", "p4"]
            .iter()
            .all(|a| anchors.contains(&a.to_string())),
        "{anchors:?}"
    );

    // The merged topic's address leads there, for anyone who could see it.
    for client in [&*app, &carl, &moira] {
        let r = client.get(&merged.path).await;
        assert_eq!(
            r.status(),
            StatusCode::MOVED_PERMANENTLY,
            "GET {}",
            merged.path
        );
        assert_eq!(location(&r), Some(format!("/t/{}", kept.id)));
    }
    // Lists and search know one topic.
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await),
        vec!["How do I reset a widget?"]
    );
    let found = page(&app, "/search?q=unplug").await;
    assert_eq!(html_select(&found, "li.search-result").len(), 1, "{found}");
    assert!(found.contains("How do I reset a widget?"), "{found}");
    assert!(!found.contains("Widget reset steps please"), "{found}");
    let similar: Vec<serde_json::Value> = app
        .get("/search/similar.json?q=Widget+reset+steps+please&c=widgets")
        .await
        .json()
        .await
        .expect("JSON");
    assert!(
        similar.iter().all(|i| i["id"] != merged.id.as_str()),
        "{similar:?}"
    );
    assert!(
        similar.iter().any(|i| i["id"] == kept.id.as_str()),
        "{similar:?}"
    );

    // Its author is told, in their notifications, where it went.
    let notices = page(&carl, "/notifications").await;
    assert!(
        notices.contains("Your topic was merged into “How do I reset a widget?”"),
        "{notices}"
    );
}

#[tokio::test]
async fn merging_two_solved_questions_keeps_one_accepted_answer() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, carl) = member(&app, "carl").await;
    let (_, dave) = member(&app, "dave").await;
    let kept = ask(&ana, "widgets", "Widget firmware update fails").await;
    let first = reply(&app, &bob, &kept, "Use the USB cable, not Wi-Fi.").await;
    accept(&ana, &kept, &first).await;
    let merged = ask(&carl, "widgets", "Firmware update error on my widget").await;
    let second = reply(&app, &dave, &merged, "Charge it above half first.").await;
    accept(&carl, &merged, &second).await;
    let (bob_before, dave_before) = (
        reputation(&app, "bob").await,
        reputation(&app, "dave").await,
    );
    assert!(dave_before > 0);

    assert_see_other(&merge(&admin, &merged, &kept.id).await, &kept.path);

    assert_eq!(accepted_answer(&app, &kept).await, Some(first.id.clone()));
    assert_eq!(reputation(&app, "bob").await, bob_before);
    assert!(
        reputation(&app, "dave").await < dave_before,
        "the acceptance that no longer holds is taken back"
    );
    assert_eq!(post_row(&app, &second).await.topic_id.to_string(), kept.id);
}

#[tokio::test]
async fn merge_is_refused_when_it_cannot_be_done_and_changes_nothing() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let a = ask(&ana, "widgets", "Widget squeaks when turned").await;
    let b = ask(&ana, "widgets", "Squeaking widget").await;
    let gadget = ask(&ana, "gadgets", "Gadget squeaks too").await;
    let secret = ask(&admin, "vault", "Vault topic nobody else sees").await;

    // Not a moderator (the author included).
    assert_eq!(
        merge(&ana, &b, &a.path).await.status(),
        StatusCode::FORBIDDEN
    );
    // Into a sub-community the moderator does not moderate.
    assert_eq!(
        merge(&moira, &b, &gadget.path).await.status(),
        StatusCode::FORBIDDEN
    );
    // Into itself, nothing, nonsense, an unknown topic, one they cannot see (which reads
    // as unknown: nothing says it exists).
    for into in [
        b.path.clone(),
        String::new(),
        "not a topic".to_string(),
        format!("/t/{}", parley::db::TopicId::new()),
        secret.path.clone(),
    ] {
        let r = merge(&moira, &b, &into).await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "into {into:?}"
        );
        let html = r.text().await.expect("body");
        assert!(!html.contains("Vault topic"), "{html}");
    }
    for t in [&a, &b, &gadget] {
        let row = topic_row(&app, &t.id).await;
        assert!(
            row.deleted_at.is_none() && row.merged_into.is_none(),
            "{row:?}"
        );
        assert_eq!(post_count(&app, t).await, 1);
    }

    // A merged topic of a place one cannot see stays a topic that does not exist.
    let other_secret = ask(&admin, "vault", "Second vault topic").await;
    assert_see_other(
        &merge(&admin, &other_secret, &secret.id).await,
        &secret.path,
    );
    assert_eq!(
        app.get(&other_secret.path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        moira.get(&other_secret.path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin.get(&other_secret.path).await.status(),
        StatusCode::MOVED_PERMANENTLY
    );

    // The form is among a moderator's tools, not a member's.
    let html = page(&moira, &a.path).await;
    assert_eq!(html_select(&html, "form[action$=\"/merge\"]").len(), 1);
    let html = page(&ana, &a.path).await;
    assert!(html_select(&html, "form[action$=\"/merge\"]").is_empty());
}
