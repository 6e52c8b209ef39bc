//! What employees do: answer as the brand, post announcements, set idea statuses,
//! and work the queue of open questions.

use parley::db::{TopicKind, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::assert_sent_to_sign_in;
use crate::helpers::forum_fixtures::*;
use crate::helpers::{assert_see_other, html_attr, html_select, CommunityBuilder, TopicBuilder};

// ----- 5. Brand voice -----

#[tokio::test]
async fn employees_are_marked_in_topic_lists_and_search_results() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    ask(&ana, "widgets", "Does the gateway pair with zigbee bulbs?").await;
    ask(
        &erin,
        "widgets",
        "Known issue: gateway pairing after the 3.1 update",
    )
    .await;

    for list in ["/c/widgets", "/latest"] {
        let html = list_page(&app, list).await;
        assert!(
            row_badges(&html, "Known issue: gateway pairing after the 3.1 update")
                .contains(&"Employee".into()),
            "{list} marks the employee's topic"
        );
        assert!(
            !row_badges(&html, "Does the gateway pair with zigbee bulbs?")
                .contains(&"Employee".into()),
            "{list} does not mark a customer's topic"
        );
    }

    let html = page(&app, "/search?q=gateway").await;
    let results = html_select(&html, ".badge.employee");
    assert_eq!(
        results,
        vec!["Employee"],
        "one of the two hits is by an employee"
    );
}

#[tokio::test]
async fn employee_answers_as_the_brand_with_badge_list_label_and_official_page() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let q = ask(&ana, "widgets", "Is the outage on your side?").await;

    let response = post_reply(
        &erin,
        &q,
        &[
            ("body", "Yes, we are restoring service now."),
            ("as_brand", "true"),
        ],
    )
    .await;
    let official = post_from_redirect(&app, &q, &response).await;
    assert!(post_row(&app, &official).await.as_brand);

    let html = page(&app, &q.path).await;
    assert_eq!(
        html_attr(&html, "article.post.official", "id"),
        vec![official.anchor()]
    );
    let byline = html_select(&html, &format!("article#{} .byline", official.anchor())).concat();
    assert!(
        byline.contains("Official") && byline.contains("erin"),
        "the brand badge and the employee's own name: {byline}"
    );
    assert_eq!(
        html_attr(
            &html,
            &format!("article#{} .byline a", official.anchor()),
            "href"
        ),
        vec!["/u/erin"]
    );

    for list in ["/c/widgets", "/latest"] {
        let html = page(&app, list).await;
        assert!(
            row_badges(&html, "Is the outage on your side?").contains(&"Official answer".into()),
            "{list} labels the topic"
        );
    }
    let feed = page(&app, "/c/widgets/official").await;
    assert!(
        html_select(&feed, "article.official h2").contains(&"Is the outage on your side?".into()),
        "the official feed lists the topic"
    );
    assert!(html_select(&feed, "article.official .prose")
        .concat()
        .contains("restoring service now"));
}

#[tokio::test]
async fn customer_cannot_post_as_the_brand() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Who speaks for the company?").await;
    let before_posts = post_count(&app, &q).await;

    let response = post_reply(
        &bob,
        &q,
        &[("body", "We, the company, say yes."), ("as_brand", "true")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "reply as brand");
    assert_eq!(post_count(&app, &q).await, before_posts);
    let t = topic_row(&app, &q.id).await;
    assert_eq!(t.reply_count, 0);
    assert!(!t.official_reply);

    let topics_before = topic_count(&app).await;
    let response = post_topic(
        &bob,
        "widgets",
        &[
            ("kind", "discussion"),
            ("title", "Official statement from us"),
            ("body", "Trust me."),
            ("as_brand", "true"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "topic as brand");
    assert_eq!(topic_count(&app).await, topics_before);
    let html = page(&bob, &q.path).await;
    assert!(
        html_attr(&html, "input[name=as_brand]", "name").is_empty(),
        "customers are not offered the brand checkbox"
    );
    let feed = page(&app, "/c/widgets/official").await;
    assert!(html_select(&feed, "article.official").is_empty());
}

// ----- 6. Announcements -----

#[tokio::test]
async fn only_staff_post_announcements() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let fields = [
        ("kind", "announcement"),
        ("title", "Widgets 5.0 is out"),
        ("body", "Faster sync for everyone."),
    ];

    let form = page(&ana, "/c/widgets/new").await;
    assert!(
        !html_attr(&form, "input[name=kind]", "value").contains(&"announcement".into()),
        "customers are not offered announcements"
    );
    let before = topic_count(&app).await;
    let response = post_topic(&ana, "widgets", &fields).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(topic_count(&app).await, before);

    let form = page(&erin, "/c/widgets/new").await;
    assert!(html_attr(&form, "input[name=kind]", "value").contains(&"announcement".into()));
    let news = topic_from_redirect(&post_topic(&erin, "widgets", &fields).await);
    assert_eq!(
        topic_row(&app, &news.id).await.kind,
        TopicKind::Announcement
    );
    let list = page(&app, "/c/widgets").await;
    assert!(row_badges(&list, "Widgets 5.0 is out").contains(&"Announcement".into()));
}

// ----- 12. Ideas -----

#[tokio::test]
async fn employee_sets_idea_status_with_a_note_and_customers_cannot() {
    let (app, _admin) = widgets().await;
    let (_, chen) = member(&app, "chen").await;
    let (_, erin) = employee(&app, "erin").await;
    let idea = TopicBuilder::idea("Dark mode for the dashboard")
        .body("Night shifts would thank you.")
        .in_("widgets")
        .by(&chen)
        .build(&app)
        .await;

    let response = chen
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[("status", "shipped"), ("note", "I say it is done.")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let t = topic_row(&app, &idea.id).await;
    assert!(t.idea_status.is_none() && t.idea_status_note.is_empty());
    let html = page(&chen, &idea.path).await;
    assert!(html_select(&html, "select[name=status]").is_empty());

    let response = erin
        .post_form(
            &format!("/t/{}/status", idea.id),
            &[
                ("status", "planned"),
                ("note", "On the roadmap for the autumn."),
            ],
        )
        .await;
    assert_see_other(&response, &idea.path);
    let html = page(&app, &idea.path).await;
    assert!(html_select(&html, ".topic-meta .badge").contains(&"Planned".to_string()));
    assert!(
        html_select(&html, "p.notice")
            .contains(&"Status note: On the roadmap for the autumn.".to_string()),
        "notices: {:?}",
        html_select(&html, "p.notice")
    );
    let list = page(&app, "/c/widgets").await;
    assert!(row_badges(&list, "Dark mode for the dashboard").contains(&"Planned".into()));
}

// ----- 13. Employee queue -----

#[tokio::test]
async fn queue_lists_open_questions_oldest_first_in_covered_communities() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("internal")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;

    let oldest = ask(&ana, "widgets", "Oldest open widget question").await;
    app.clock.advance_secs(2 * 86_400);
    let internal = ask(&erin, "internal", "Internal escalation question").await;
    ask(&admin, "vault", "Vault question nobody covers").await;
    let solved = ask(&ana, "widgets", "Solved widget question").await;
    let answer = reply(&app, &bob, &solved, "Here you go.").await;
    assert_see_other(&accept(&ana, &solved, &answer).await, &solved.path);
    TopicBuilder::discussion("Chat is not a question")
        .body("Hi.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    app.clock.advance_secs(86_400);
    let newest = ask(&bob, "widgets", "Newest open widget question").await;
    let answered = ask(&bob, "widgets", "Answered but unsolved question").await;
    reply(&app, &ana, &answered, "A guess.").await;

    let html = page(&eli, "/queue").await;
    let titles = html_select(&html, "table.table tbody tr td a[href^='/t/']");
    assert_eq!(
        titles,
        vec![
            "Oldest open widget question",
            "Internal escalation question",
            "Newest open widget question",
            "Answered but unsolved question",
        ],
        "unsolved questions in covered sub-communities, oldest first"
    );
    let ages = html_select(&html, "table.table tbody tr td:first-child");
    assert_eq!(
        ages,
        vec!["3 days ago", "1 day ago", "just now", "just now"]
    );
    assert!(html_attr(&html, "table.table a", "href").contains(&oldest.path));
    assert!(html_attr(&html, "table.table a", "href").contains(&internal.path));
    assert!(html_attr(&html, "table.table a", "href").contains(&newest.path));

    // The employees-only question is the employees' business only.
    let (status, _) = ana.get_html(&internal.path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = ana.get("/queue").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "customer queue");
    let response = app.get("/queue").await;
    assert_sent_to_sign_in(&response, "anonymous queue");
}

#[tokio::test]
async fn claiming_shows_who_is_working_on_a_question_until_released() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;
    let q = ask(&ana, "widgets", "Urgent: widgets offline").await;
    let working = "erin is working on this question.";

    let response = ana.post_form(&format!("/t/{}/claim", q.id), &[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "customer claim");
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());

    assert_see_other(
        &erin.post_form(&format!("/t/{}/claim", q.id), &[]).await,
        &q.path,
    );
    let html = page(&eli, &q.path).await;
    assert!(
        html_select(&html, "p.muted").contains(&working.to_string()),
        "other employees see the claim"
    );
    let queue = page(&eli, "/queue").await;
    let row = html_select(&queue, "table.table tbody tr").concat();
    assert!(
        row.contains("erin") && !row.contains("nobody"),
        "queue row: {row}"
    );
    let html = page(&erin, &q.path).await;
    assert!(html_select(&html, ".staff-tools button").contains(&"Release".to_string()));

    // Only the claimant releases.
    assert_see_other(
        &eli.post_form(&format!("/t/{}/release", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_some());
    assert_see_other(
        &erin.post_form(&format!("/t/{}/release", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());
    let html = page(&eli, &q.path).await;
    assert!(!html.contains("is working on this question"));
    let queue = page(&eli, "/queue").await;
    assert!(html_select(&queue, "table.table tbody tr")
        .concat()
        .contains("nobody"));
}

#[tokio::test]
async fn the_queue_filters_by_sub_community_claim_and_state_and_pages_oldest_first() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("billing").build(&app, &admin).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (bulk, _) = member(&app, "bulk").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;

    // 55 open widget questions, a minute apart: more than one page.
    let start = app.clock.now();
    let many: Vec<(String, parley::db::Timestamp)> = (0..55)
        .map(|i| (format!("Widget question {i:02}"), start.plus_secs(60 * i)))
        .collect();
    insert_topics(&app, "widgets", &bulk.id, TopicKind::Question, many).await;
    app.clock.advance_secs(60 * 60);
    let billing = ask(&ana, "billing", "Why was I charged twice?").await;
    let replied = ask(&ana, "billing", "Can I pay by bank transfer?").await;
    reply(&app, &eli, &replied, "We are checking.").await;
    assert_see_other(
        &erin
            .post_form(&format!("/t/{}/claim", billing.id), &[])
            .await,
        &billing.path,
    );
    let titles = |html: &str| html_select(html, "table.table tbody tr td a[href^='/t/']");

    // Page 1: the 50 oldest; the next page follows from the 51st, with the filters kept.
    let first = page(&eli, "/queue").await;
    let rows = titles(&first);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0], "Widget question 00");
    assert_eq!(rows[49], "Widget question 49");
    let next = html_attr(&first, "a[rel=next]", "href");
    assert_eq!(next.len(), 1);
    assert!(next[0].starts_with("/queue?after="), "{next:?}");
    let second = page(&eli, &next[0]).await;
    assert_eq!(
        titles(&second),
        vec![
            "Widget question 50",
            "Widget question 51",
            "Widget question 52",
            "Widget question 53",
            "Widget question 54",
            "Why was I charged twice?",
            "Can I pay by bank transfer?",
        ]
    );
    assert!(
        html_attr(&second, "a[rel=next]", "href").is_empty(),
        "the end"
    );

    // One sub-community; the filter's choices are the covered ones only.
    let html = page(&eli, "/queue?c=billing").await;
    assert_eq!(
        titles(&html),
        vec!["Why was I charged twice?", "Can I pay by bank transfer?"]
    );
    assert_eq!(
        html_attr(&html, "select#queue-c option[selected]", "value"),
        vec!["billing"]
    );
    let choices = html_attr(&html, "select#queue-c option", "value");
    assert!(choices.contains(&"widgets".to_string()) && !choices.contains(&"vault".to_string()));
    // An uncovered or unknown sub-community is no filter, not an error or a hint.
    let html = page(&eli, "/queue?c=vault").await;
    assert_eq!(titles(&html).len(), 50);

    // By claim and by state.
    assert_eq!(
        titles(&page(&erin, "/queue?who=mine").await),
        vec!["Why was I charged twice?"]
    );
    let html = page(&eli, "/queue?who=mine").await;
    assert!(titles(&html).is_empty());
    assert_eq!(
        html_select(&html, ".empty-state h2"),
        vec!["No open question matches these filters"]
    );
    let html = page(&eli, "/queue?c=billing&who=nobody").await;
    assert_eq!(titles(&html), vec!["Can I pay by bank transfer?"]);
    let html = page(&eli, "/queue?c=billing&state=answered").await;
    assert_eq!(titles(&html), vec!["Can I pay by bank transfer?"]);
    let html = page(&eli, "/queue?c=billing&state=unanswered").await;
    assert_eq!(titles(&html), vec!["Why was I charged twice?"]);
    // Odd values are no filter.
    let html = page(
        &eli,
        "/queue?c=billing&state=%27;drop&who=%3Cx%3E&after=nonsense",
    )
    .await;
    assert_eq!(titles(&html).len(), 2);

    // Filters stay on the next page's link.
    let html = page(&eli, "/queue?c=widgets&who=nobody&state=unanswered").await;
    let next = html_attr(&html, "a[rel=next]", "href");
    assert_eq!(next.len(), 1);
    assert!(
        next[0].starts_with("/queue?c=widgets&who=nobody&state=unanswered&after="),
        "{next:?}"
    );
    assert_eq!(titles(&page(&eli, &next[0]).await).len(), 5);
}

#[tokio::test]
async fn an_employee_assigns_a_question_to_a_colleague_who_covers_it_and_they_are_told() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;
    let q = ask(&ana, "widgets", "The hub blinks red").await;

    // The topic page links to the form; it offers the employees who cover the place.
    let html = page(&erin, &q.path).await;
    assert_eq!(
        html_attr(&html, ".staff-tools a[href$='/assign']", "href"),
        vec![format!("/t/{}/assign", q.id)]
    );
    let form = page(&erin, &format!("/t/{}/assign", q.id)).await;
    assert_eq!(
        html_attr(&form, "select[name=username] option", "value"),
        vec!["chief", "eli", "erin"],
        "the employees (the admin, chief, is one too), not ana"
    );

    // A customer, an unknown name: the same refusal, and nothing changes.
    for who in ["ana", "nobody-such", ""] {
        let r = erin
            .post_form(&format!("/t/{}/assign", q.id), &[("username", who)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{who}");
        let html = r.text().await.unwrap_or_default();
        assert_eq!(
            html_select(&html, "#f-username-error"),
            vec!["Choose an employee who covers this sub-community."],
            "{who}"
        );
        assert!(topic_row(&app, &q.id).await.claimed_by.is_none());
    }
    // Customers and visitors may not assign.
    let r = ana
        .post_form(&format!("/t/{}/assign", q.id), &[("username", "eli")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        ana.get(&format!("/t/{}/assign", q.id)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_sent_to_sign_in(
        &app.get(&format!("/t/{}/assign", q.id)).await,
        "anonymous assign",
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());

    // Assigned to eli: it is eli's in the queue, eli is told, and it is audited.
    assert_see_other(
        &erin
            .post_form(&format!("/t/{}/assign", q.id), &[("username", "eli")])
            .await,
        &q.path,
    );
    let mine = page(&eli, "/queue?who=mine").await;
    assert_eq!(
        html_select(&mine, "table.table tbody tr td a[href^='/t/']"),
        vec!["The hub blinks red"]
    );
    let html = page(&eli, "/notifications").await;
    assert!(html.contains("erin assigned you a question"), "{html}");
    assert!(html.contains("is yours to answer"), "{html}");
    let rows = crate::helpers::moderation_fixtures::audit_rows(&app, "topic.assign").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].details, "eli");
    // Eli releases it as a claim of their own.
    assert_see_other(
        &eli.post_form(&format!("/t/{}/release", q.id), &[]).await,
        &q.path,
    );
    assert!(topic_row(&app, &q.id).await.claimed_by.is_none());

    // An invite-only sub-community: only employees who are its members cover it.
    let vq = ask(&admin, "vault", "Vault: who rotates the keys?").await;
    let form = page(&admin, &format!("/t/{}/assign", vq.id)).await;
    assert_eq!(
        html_attr(&form, "select[name=username] option", "value"),
        vec!["chief"],
        "eli and erin are not members of the vault"
    );
    let r = admin
        .post_form(&format!("/t/{}/assign", vq.id), &[("username", "eli")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(topic_row(&app, &vq.id).await.claimed_by.is_none());
    let r = erin
        .post_form(&format!("/t/{}/assign", vq.id), &[("username", "eli")])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "erin cannot see the vault"
    );
}
