//! Locked topics, moderators' actions (pin, move, close as duplicate), edits and their
//! history, soft deletes, and the counters that must follow deletes.

use parley::db::{CommunityRole, Timestamp, TopicKind, Visibility};
use reqwest::StatusCode;

use super::walk_list;
use crate::helpers::fixtures::find_community;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    assert_see_other, form_field, grant_role, html_attr, html_select, CommunityBuilder,
    TopicBuilder,
};

// ----- 7. Locked topics -----

#[tokio::test]
async fn locked_topic_refuses_member_replies_but_not_moderators() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Heated thread about pricing").await;

    assert_see_other(
        &moira.post_form(&format!("/t/{}/lock", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.locked);
    let html = page(&bob, &q.path).await;
    assert!(html_select(&html, "p.notice.warn")
        .concat()
        .contains("locked"));
    assert!(
        html_select(&html, "section#reply").is_empty(),
        "no reply form on a locked topic"
    );

    let response = post_reply(&bob, &q, &[("body", "One more thing!")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "member reply");
    let response = post_reply(&ana, &q, &[("body", "Even the asker cannot.")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "asker reply");
    assert_eq!(post_count(&app, &q).await, 1, "nothing written");
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 0);

    let note = reply(&app, &moira, &q, "Locked: see the pricing FAQ.").await;
    assert_eq!(note.number, 2);
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 1);
}

// ----- 8. Moderation -----

#[tokio::test]
async fn moderator_of_one_community_cannot_moderate_another() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, gus) = member(&app, "gus").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "gadgets", "gus", CommunityRole::Moderator).await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Widget topic for moderation").await;
    let original = ask(&ana, "widgets", "Original widget question").await;
    let hidden = ask(&admin, "vault", "Vault topic for moderation").await;

    let gadgets_id = find_community(&app, "gadgets").await.expect("gadgets").id;
    for (path, fields) in [
        (format!("/t/{}/pin", q.id), vec![]),
        (format!("/t/{}/lock", q.id), vec![]),
        (
            format!("/t/{}/move", q.id),
            vec![("community", "gadgets"), ("category", "")],
        ),
        (
            format!("/t/{}/duplicate", q.id),
            vec![("original", original.path.as_str())],
        ),
    ] {
        let response = gus.post_form(&path, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "moderator of gadgets: POST {path}"
        );
    }
    // A moderator of the topic's own sub-community still cannot move it into one they
    // do not moderate.
    let response = wendy
        .post_form(
            &format!("/t/{}/move", q.id),
            &[("community", "gadgets"), ("category", "")],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "move out as wendy"
    );
    for action in ["pin", "lock"] {
        let response = gus
            .post_form(&format!("/t/{}/{action}", hidden.id), &[])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{action} in an invite-only sub-community they cannot see"
        );
    }

    for id in [&q.id, &hidden.id] {
        let t = topic_row(&app, id).await;
        assert!(!t.pinned && !t.locked && t.duplicate_of.is_none(), "{t:?}");
        assert_ne!(t.community_id, gadgets_id);
    }
    assert_eq!(
        listed_titles(&page(&app, "/c/gadgets").await),
        Vec::<String>::new()
    );
    let html = page(&gus, &q.path).await;
    assert!(
        html_select(&html, "section.staff-tools h2")
            .iter()
            .all(|h| h != "Moderation"),
        "no moderation tools outside one's own sub-community"
    );
}

#[tokio::test]
async fn pinned_topic_is_listed_first_until_unpinned() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let oldest = ask(&ana, "widgets", "Read this first: house rules").await;
    app.clock.advance_secs(60);
    ask(&ana, "widgets", "Second topic in time").await;
    app.clock.advance_secs(60);
    ask(&ana, "widgets", "Newest topic in time").await;
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await),
        vec![
            "Newest topic in time",
            "Second topic in time",
            "Read this first: house rules"
        ]
    );

    assert_see_other(
        &wendy.post_form(&format!("/t/{}/pin", oldest.id), &[]).await,
        &oldest.path,
    );
    let list = list_page(&app, "/c/widgets").await;
    assert_eq!(
        listed_titles(&list),
        vec![
            "Read this first: house rules",
            "Newest topic in time",
            "Second topic in time"
        ],
        "the pinned topic comes first, once"
    );
    assert!(row_badges(&list, "Read this first: house rules").contains(&"Pinned".into()));

    assert_see_other(
        &wendy
            .post_form(&format!("/t/{}/unpin", oldest.id), &[])
            .await,
        &oldest.path,
    );
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await)
            .last()
            .map(String::as_str),
        Some("Read this first: house rules")
    );
}

#[tokio::test]
async fn pinned_topic_is_listed_once_across_pages() {
    let (app, admin) = widgets().await;
    let (ana, _) = member(&app, "ana").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let now = app.clock.now();
    let specs: Vec<(String, Timestamp)> = (0..35)
        .map(|i| (format!("Paged topic {i:02}"), now.plus_secs(-60 * (i + 1))))
        .collect();
    let ids = insert_topics(&app, "widgets", &ana.id, TopicKind::Discussion, specs).await;
    // The oldest topic is pinned: it belongs on the first page only.
    let oldest = topic_row(&app, ids[34].as_str()).await;
    assert_see_other(
        &wendy.post_form(&format!("/t/{}/pin", oldest.id), &[]).await,
        &oldest.path(),
    );

    let titles = walk_list(&app, "/c/widgets").await;
    let pinned_seen = titles.iter().filter(|t| *t == "Paged topic 34").count();
    assert_eq!(
        pinned_seen, 1,
        "the pinned topic must be listed once across pages, was listed {pinned_seen} times \
         (first page and again on a later page): {titles:?}"
    );
    assert_eq!(titles.len(), 35, "every topic once: {titles:?}");
}

#[tokio::test]
async fn admin_moves_a_topic_and_it_is_listed_in_the_destination() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let setup = create_category(&app, &admin, "gadgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let q = ask(&ana, "widgets", "My gadget will not pair").await;
    assert_eq!(
        listed_titles(&list_page(&app, "/c/widgets").await),
        vec!["My gadget will not pair"]
    );

    let response = admin
        .post_form(
            &format!("/t/{}/move", q.id),
            &[("community", "gadgets"), ("category", &setup)],
        )
        .await;
    assert_see_other(&response, &q.path);
    let gadgets = find_community(&app, "gadgets").await.expect("gadgets");
    let t = topic_row(&app, &q.id).await;
    assert_eq!(t.community_id, gadgets.id);
    assert_eq!(t.category_id.map(|c| c.to_string()), Some(setup));

    assert!(listed_titles(&list_page(&app, "/c/widgets").await).is_empty());
    assert_eq!(
        listed_titles(&list_page(&app, "/c/gadgets").await),
        vec!["My gadget will not pair"]
    );
    assert_eq!(
        listed_titles(&list_page(&app, "/c/gadgets/cat/setup").await),
        vec!["My gadget will not pair"]
    );
    let html = page(&app, &q.path).await;
    let crumbs = html_select(&html, "p.crumbs").concat();
    assert!(
        crumbs.contains("Group gadgets") && crumbs.contains("Setup"),
        "crumbs after the move: {crumbs}"
    );
}

#[tokio::test]
async fn closing_as_duplicate_links_the_original_and_locks() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, wendy) = member(&app, "wendy").await;
    grant_role(&admin, "widgets", "wendy", CommunityRole::Moderator).await;
    let original = ask(&ana, "widgets", "How do I reset my widget?").await;
    let copy = ask(&bob, "widgets", "Resetting a widget, how?").await;

    let response =
        close_as_duplicate(&wendy, &copy, &format!("{}{}", app.address, original.path)).await;
    assert_see_other(&response, &copy.path);
    let t = topic_row(&app, &copy.id).await;
    assert!(t.locked, "a duplicate is locked");
    assert_eq!(
        t.duplicate_of.map(|d| d.to_string()),
        Some(original.id.clone())
    );

    let html = page(&bob, &copy.path).await;
    assert!(html_select(&html, "p.notice.warn")
        .concat()
        .contains("closed as a duplicate"));
    assert!(
        html_attr(&html, "p.notice.warn a", "href").contains(&original.path),
        "the notice links the original"
    );
    assert!(
        row_badges(&page(&app, "/c/widgets").await, "Resetting a widget, how?")
            .contains(&"Duplicate".into())
    );
    let response = post_reply(&bob, &copy, &[("body", "But my case is different!")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(topic_row(&app, &copy.id).await.reply_count, 0);
}

// ----- 9. Edits -----

#[tokio::test]
async fn editing_keeps_revision_history_and_only_the_author_edits() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let q = ask(&ana, "widgets", "Edits question, first title").await;
    let answer = reply(&app, &bob, &q, "First wording of the answer.").await;

    let html = page(&app, &q.path).await;
    assert!(!text_by_id(&html, "p2")
        .unwrap_or_default()
        .contains("edited"));

    let (status, form) = bob.get_html(&format!("/p/{}/edit", answer.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        form_field(&form, "body").as_deref(),
        Some("First wording of the answer.")
    );
    let response = bob
        .post_form(
            &format!("/p/{}/edit", answer.id),
            &[("body", "Second wording, clearer.")],
        )
        .await;
    assert_see_other(&response, &format!("{}#p2", q.path));

    let html = page(&app, &q.path).await;
    let p2 = text_by_id(&html, "p2").unwrap_or_default();
    assert!(p2.contains("Second wording, clearer.") && !p2.contains("First wording"));
    let history_link = format!("/p/{}/history", answer.id);
    assert!(
        html_attr(&html, "article#p2 a", "href").contains(&history_link),
        "an \"edited\" link to the history"
    );
    assert!(html_select(&html, "article#p2 .post-head a").contains(&"edited".to_string()));

    let history = page(&app, &history_link).await;
    let revisions = html_select(&history, "ol.revisions li");
    assert_eq!(
        revisions.len(),
        2,
        "one earlier version and the current one: {revisions:?}"
    );
    assert!(
        revisions[0].contains("First wording of the answer.")
            && revisions[0].contains("written by bob"),
        "the previous text with its author: {}",
        revisions[0]
    );
    assert!(
        revisions[1].contains("Second wording, clearer.") && revisions[1].contains("edited by bob"),
        "the current text with its editor (issue 19's versions): {}",
        revisions[1]
    );

    // Someone else may neither open the form nor save.
    let (status, _) = cara.get_html(&format!("/p/{}/edit", answer.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = cara
        .post_form(
            &format!("/p/{}/edit", answer.id),
            &[("body", "Vandalised by cara.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let stored = post_row(&app, &answer).await;
    assert_eq!(stored.body_markdown, "Second wording, clearer.");
    assert_eq!(stored.revision_count, 1);

    // The asker edits the opening post and its title.
    let opening = opening_post(&app, &q).await;
    let response = ana
        .post_form(
            &format!("/p/{}/edit", opening.id),
            &[
                ("title", "Edits question, better title"),
                ("body", "Clearer details."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = page(&app, &format!("/t/{}", q.id)).await;
    assert_eq!(
        html_select(&html, "h1.topic-heading"),
        vec!["Edits question, better title"]
    );
}

// ----- 10. Soft delete -----

#[tokio::test]
async fn deleted_reply_is_hidden_until_a_moderator_restores_it() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let chat = TopicBuilder::discussion("Favourite widget colours")
        .body("Blue.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let regret = reply(&app, &bob, &chat, "Something I regret saying.").await;
    reply(&app, &cara, &chat, "Green, obviously.").await;
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 2);

    let response = bob
        .post_form(&format!("/p/{}/delete", regret.id), &[])
        .await;
    assert_see_other(&response, &chat.path);
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 1);
    for (who, client) in [("cara", &cara), ("anonymous", &app.client)] {
        let html = page(client, &chat.path).await;
        assert_eq!(
            post_anchors(&html),
            vec!["p1", "p3"],
            "{who} sees no deleted reply"
        );
        assert!(!html.contains("Something I regret saying."), "{who}");
        assert!(html_select(&html, "h2").contains(&"1 reply".to_string()));
    }
    let list = page(&app, "/c/widgets").await;
    assert!(row_text(&list, "Favourite widget colours")
        .unwrap_or_default()
        .contains("1 reply"));
    let html = page(&moira, &chat.path).await;
    assert_eq!(
        html_attr(&html, "article.post.deleted", "id"),
        vec!["p2"],
        "moderators see the deleted reply, marked"
    );

    // Only moderators restore: the author gets 403, another member cannot even see it.
    let response = bob
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "author restore");
    let response = cara
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert!(
        matches!(
            response.status(),
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "another member's restore answered {}",
        response.status()
    );
    assert!(post_row(&app, &regret).await.deleted_at.is_some());
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 1);

    let response = moira
        .post_form(&format!("/p/{}/restore", regret.id), &[])
        .await;
    assert_see_other(&response, &chat.path);
    assert_eq!(topic_row(&app, &chat.id).await.reply_count, 2);
    let html = page(&cara, &chat.path).await;
    assert_eq!(post_anchors(&html), vec!["p1", "p2", "p3"]);
    assert!(text_by_id(&html, "p2")
        .unwrap_or_default()
        .contains("Something I regret saying."));
}

// ----- Counters that must follow deletes -----

#[tokio::test]
async fn deleting_the_accepted_answer_takes_back_its_acceptance_reputation() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, cara) = member(&app, "cara").await;
    let (_, moira) = member(&app, "moira").await;
    grant_role(&admin, "widgets", "moira", CommunityRole::Moderator).await;
    let q = ask(&ana, "widgets", "Accepted then deleted").await;
    let answer = reply(&app, &bob, &q, "Wrong but accepted.").await;
    let better = reply(&app, &cara, &q, "Right answer.").await;
    assert_see_other(&accept(&ana, &q, &answer).await, &q.path);
    assert_eq!(reputation(&app, "bob").await, 15);

    assert_see_other(
        &moira
            .post_form(&format!("/p/{}/delete", answer.id), &[])
            .await,
        &q.path,
    );
    assert!(
        accepted_answer(&app, &q).await.is_none(),
        "a deleted answer is no longer accepted"
    );
    // The asker accepts another answer: only one acceptance may count.
    assert_see_other(&accept(&ana, &q, &better).await, &q.path);
    assert_eq!(reputation(&app, "cara").await, 15);
    assert_eq!(
        reputation(&app, "bob").await,
        0,
        "bob keeps +15 for an acceptance that was removed when his answer was deleted \
         (and the question now counts two acceptances)"
    );
}

#[tokio::test]
async fn deleting_the_only_official_reply_removes_the_official_answer_label() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let q = ask(&ana, "widgets", "Official then deleted").await;
    let response = post_reply(
        &erin,
        &q,
        &[
            ("body", "Posted as the brand by mistake."),
            ("as_brand", "true"),
        ],
    )
    .await;
    let official = post_from_redirect(&app, &q, &response).await;
    assert!(row_badges(
        &list_page(&app, "/c/widgets").await,
        "Official then deleted"
    )
    .contains(&"Official answer".into()));

    assert_see_other(
        &erin
            .post_form(&format!("/p/{}/delete", official.id), &[])
            .await,
        &q.path,
    );
    let html = page(&app, &q.path).await;
    assert!(html_select(&html, "article.post.official").is_empty());
    assert!(
        !row_badges(
            &list_page(&app, "/c/widgets").await,
            "Official then deleted"
        )
        .contains(&"Official answer".into()),
        "the list still labels the topic \"Official answer\" though its only official \
         reply is deleted"
    );
}
