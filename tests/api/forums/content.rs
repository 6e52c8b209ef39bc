//! What posts hold and who sees it: comments, private topics and mentions,
//! sanitising (XSS, tags, links), quoting.

use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{assert_no_active_content, assert_sent_to_sign_in};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{
    form_field, grant_role, html_attr, html_select, CommunityBuilder, PostBuilder, TopicBuilder,
};

// ----- 11. Comments -----

#[tokio::test]
async fn comment_sits_under_its_answer_and_long_comments_are_refused() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Is there a CLI for widgets?").await;
    let answer = reply(&app, &bob, &q, "Yes: widgets-cli.").await;

    let note = PostBuilder::reply("Which version added it?")
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        post_row(&app, &note).await.parent_id.map(|p| p.to_string()),
        Some(answer.id.clone())
    );
    let html = page(&app, &q.path).await;
    assert_eq!(
        html_select(
            &html,
            &format!("article#{} li.comment .prose", answer.anchor())
        ),
        vec!["Which version added it?"],
        "the comment is under the answer"
    );
    assert!(
        html_select(&html, "article#p1 li.comment").is_empty(),
        "and not under the question"
    );
    assert_eq!(
        post_anchors(&html),
        vec!["p1", "p2"],
        "a comment is not an answer"
    );
    assert_eq!(topic_row(&app, &q.id).await.reply_count, 1);

    // The form is on its own page, linked under the question and each answer.
    let comment_page = format!("/p/{}/comment", answer.id);
    let html = page(&ana, &q.path).await;
    assert!(
        html_attr(&html, &format!("article#{} a", answer.anchor()), "href").contains(&comment_page)
    );
    let (status, form) = ana.get_html(&comment_page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html_attr(&form, "input[name=parent_id]", "value"),
        vec![answer.id.clone()]
    );
    assert_eq!(
        html_attr(&form, "form[method=post]", "action")
            .last()
            .map(String::as_str),
        Some(format!("/t/{}/reply", q.id).as_str())
    );
    let response = app.new_client().get(&comment_page).await;
    assert_sent_to_sign_in(&response, "a visitor opening the comment form");

    let at_limit = "x".repeat(600);
    PostBuilder::reply(&at_limit)
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;
    let before = post_count(&app, &q).await;
    let too_long = "y".repeat(601);
    let response = post_reply(&ana, &q, &[("body", &too_long), ("parent_id", &answer.id)]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("at most 600 characters"), "the form says why");
    assert_eq!(
        html_select(&body, "textarea[name=body]"),
        vec![too_long.clone()],
        "on the comment page, with the text kept"
    );
    assert_eq!(
        html_attr(&body, "input[name=parent_id]", "value"),
        vec![answer.id.clone()]
    );
    assert_eq!(post_count(&app, &q).await, before, "nothing written");
}

// ----- 15. Privacy -----

#[tokio::test]
async fn private_topics_never_reach_outsiders() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("internal")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, erin) = employee(&app, "erin").await;
    let (_, eli) = employee(&app, "eli").await;
    let (_, insider) = member(&app, "insider").await;
    let (_, carla) = member(&app, "carla").await;
    grant_role(&admin, "vault", "insider", CommunityRole::Member).await;

    let internal = ask(&erin, "internal", "Internal escalation plan").await;
    let internal_answer = reply(&app, &eli, &internal, "Internal answer text.").await;
    let vault = ask(&insider, "vault", "Vault roadmap question").await;
    let vault_answer = reply(&app, &insider, &vault, "Vault answer text.").await;
    let _ = reply(&app, &admin, &vault, "Admin note in the vault.").await;
    ask(&carla, "widgets", "Public question everyone sees").await;
    // Points earned inside the closed spaces, so their leaderboards have rows to hide.
    vote_ok(&erin, &internal, &internal_answer, 1).await;
    vote_ok(&admin, &vault, &vault_answer, 1).await;

    // Those inside see their spaces (so the checks below can fail).
    let latest = page(&eli, "/latest").await;
    assert!(listed_titles(&latest).contains(&"Internal escalation plan".to_string()));
    assert!(!listed_titles(&latest).contains(&"Vault roadmap question".to_string()));
    let latest = page(&insider, "/latest").await;
    assert!(listed_titles(&latest).contains(&"Vault roadmap question".to_string()));
    assert!(html_select(&page(&eli, "/u/eli").await, ".columns a")
        .contains(&"Internal escalation plan".to_string()));

    let anonymous = app.new_client();
    let secrets = [
        "Internal escalation plan",
        "Vault roadmap question",
        "Internal answer text",
        "Vault answer text",
        "Admin note in the vault",
    ];
    for (who, client) in [("anonymous", &anonymous), ("customer", &carla)] {
        for path in [
            "/latest".to_string(),
            "/c/widgets".to_string(),
            "/u/erin".to_string(),
            "/u/eli".to_string(),
            "/u/insider".to_string(),
            "/c/widgets/leaderboard?period=all".to_string(),
            "/c/widgets/official".to_string(),
        ] {
            let html = page(client, &path).await;
            for secret in secrets {
                assert!(!html.contains(secret), "{who}: {path} shows {secret:?}");
            }
        }
        let latest = page(client, "/latest").await;
        assert!(
            listed_titles(&latest).contains(&"Public question everyone sees".to_string()),
            "{who}: the public topic is listed (the list itself works)"
        );
        for profile in ["/u/erin", "/u/eli", "/u/insider"] {
            let stats = html_select(&page(client, profile).await, "p.stats-line").concat();
            assert!(
                stats.contains("0 answers") && stats.contains("0 topics"),
                "{who}: {profile} counts private activity: {stats}"
            );
        }
        for path in [
            "/c/internal/leaderboard".to_string(),
            "/c/internal/official".to_string(),
            "/c/vault/leaderboard".to_string(),
            "/c/vault/official".to_string(),
            "/c/internal".to_string(),
            "/c/vault".to_string(),
            format!("/t/{}", internal.id),
            internal.path.clone(),
            format!("/t/{}", vault.id),
            vault.path.clone(),
            format!("/t/{}/reply?quote={}", vault.id, vault_answer.id),
            format!("/p/{}/history", internal_answer.id),
            format!("/p/{}/edit", vault_answer.id),
        ] {
            let (status, body) = client.get_html(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: GET {path}");
            for secret in secrets {
                assert!(!body.contains(secret), "{who}: {path} shows {secret:?}");
            }
        }
    }
    // Employees do not see invite-only spaces they were not invited to.
    let (status, _) = erin.get_html(&vault.path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "employee outside the vault");
    let response = vote(&carla, &vault_answer, 1).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "vote from outside"
    );
    assert_eq!(post_row(&app, &vault_answer).await.score, 1);
}

#[tokio::test]
async fn mentions_link_only_existing_members() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Who knows about firmware?").await;
    reply(
        &app,
        &bob,
        &q,
        "Ask @ana or @ghost, or mail support@ana.example.",
    )
    .await;

    let html = page(&app, &q.path).await;
    let links = html_attr(&html, "article#p2 .prose a", "href");
    assert_eq!(
        links,
        vec!["/u/ana"],
        "only the existing member becomes a link"
    );
    assert_eq!(html_select(&html, "article#p2 .prose a"), vec!["@ana"]);
    let text = html_select(&html, "article#p2 .prose").concat();
    assert!(
        text.contains("@ghost"),
        "the unknown name stays as text: {text}"
    );
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const JS_LINK: &str = "[x](javascript:alert(1))";
const ATTR: &str = "\" onmouseover=\"alert(1)";

// ----- 16. Sanitising -----

#[tokio::test]
async fn xss_payloads_come_back_escaped_or_stripped() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let title = format!("Help {SCRIPT} {ATTR} {IMG}");
    let body = format!(
        "Hello {SCRIPT}\n\n{IMG}\n\n{JS_LINK}\n\n<a href=\"https://example.com\"{ATTR}>hover</a>\n\nplain words survive"
    );

    // Preview first: rendered like a saved post, nothing stored.
    let before = topic_count(&app).await;
    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "question"),
            ("title", &title),
            ("body", &body),
            ("tags", "safe-tag"),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview = response.text().await.expect("body");
    assert_no_active_content(&preview, "topic preview");
    assert_eq!(html_select(&preview, "section.preview h2"), vec!["Preview"]);
    assert!(html_select(&preview, "section.preview .prose")
        .concat()
        .contains("plain words survive"));
    assert_eq!(
        form_field(&preview, "title").as_deref(),
        Some(title.as_str())
    );
    assert_eq!(topic_count(&app).await, before, "a preview saves nothing");

    let q = topic_from_redirect(
        &post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", &title),
                ("body", &body),
                ("tags", "safe-tag"),
            ],
        )
        .await,
    );
    let answer = reply(&app, &bob, &q, &format!("Answer {SCRIPT} {IMG} {JS_LINK}")).await;
    PostBuilder::reply(&format!("{SCRIPT}{IMG}{JS_LINK} {ATTR}"))
        .under(&answer)
        .to(&q)
        .by(&ana)
        .build(&app)
        .await;

    let html = page(&app, &q.path).await;
    assert_no_active_content(&html, "topic page");
    assert_eq!(
        html_select(&html, "h1.topic-heading"),
        vec![title.clone()],
        "the title comes back as text"
    );
    assert!(!html.contains(SCRIPT), "a raw <script> in the topic page");
    let prose = html_select(&html, "article#p1 .prose").concat();
    assert!(prose.contains("plain words survive") && prose.contains("Hello"));
    assert!(
        html_select(&html, ".prose script").is_empty()
            && html_select(&html, "[onerror]").is_empty()
    );
    assert!(
        html_attr(&html, "article#p1 .prose a", "href")
            .iter()
            .all(|h| h.starts_with("https://")),
        "only the safe link keeps its href: {:?}",
        html_attr(&html, "article#p1 .prose a", "href")
    );
    assert!(!html_select(&html, "li.comment").is_empty());

    for path in ["/c/widgets", "/latest", "/u/ana", "/c/widgets?tag=safe-tag"] {
        let list = page(&app, path).await;
        assert_no_active_content(&list, path);
        assert!(!list.contains(SCRIPT), "{path}: a raw <script>");
        assert!(
            html_select(&list, "a").contains(&title),
            "{path} shows the title as text"
        );
    }

    // A reply preview is sanitised too, and saves nothing.
    let before = post_count(&app, &q).await;
    let response = post_reply(&bob, &q, &[("body", &body), ("action", "preview")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview = response.text().await.expect("body");
    assert_no_active_content(&preview, "reply preview");
    assert!(html_select(&preview, "section.preview .prose")
        .concat()
        .contains("plain words survive"));
    assert_eq!(post_count(&app, &q).await, before);
}

#[tokio::test]
async fn tags_with_symbols_are_refused() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    for tags in [
        "<script>",
        "safe a\"b",
        "x onmouseover=alert(1)",
        "c++",
        "what?",
    ] {
        let response = post_topic(
            &ana,
            "widgets",
            &[
                ("kind", "question"),
                ("title", "A question with odd tags"),
                ("body", "Details."),
                ("tags", tags),
            ],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "tags {tags:?}"
        );
        let html = response.text().await.expect("body");
        assert_no_active_content(&html, "refused tags form");
        assert_eq!(form_field(&html, "tags").as_deref(), Some(tags));
    }
    assert_eq!(topic_count(&app).await, 0);
}

#[tokio::test]
async fn links_in_posts_are_nofollow_ugc_noopener() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = TopicBuilder::discussion("Useful links thread")
        .body("See [the docs](https://example.com/docs) and https://example.org/page.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(
        &app,
        &bob,
        &q,
        "Also <a href=\"https://example.net\" rel=\"follow\">this</a>.",
    )
    .await;

    let html = page(&app, &q.path).await;
    let hrefs = html_attr(&html, ".prose a", "href");
    assert_eq!(
        hrefs,
        vec![
            "https://example.com/docs",
            "https://example.org/page",
            "https://example.net"
        ]
    );
    let rels = html_attr(&html, ".prose a", "rel");
    assert_eq!(rels.len(), hrefs.len(), "every link has rel");
    assert!(
        rels.iter().all(|r| r == "nofollow ugc noopener"),
        "rels: {rels:?}"
    );
}

// ----- Quote and preview -----

#[tokio::test]
async fn quoting_prefills_the_reply_with_author_and_text() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let chat = TopicBuilder::discussion("Quote me on this")
        .body("Opening words.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let said = reply(&app, &bob, &chat, "Line one.\nLine two.").await;

    let (status, html) = ana
        .get_html(&format!("/t/{}/reply?quote={}", chat.id, said.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        form_field(&html, "body").as_deref(),
        Some("@bob wrote:\n> Line one.\n> Line two.\n\n")
    );
}
