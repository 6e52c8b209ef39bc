//! What link previews and search engines read in a page's `<head>` (`src/seo/`):
//! canonical links, OpenGraph and Twitter card metadata, the alternate Atom feed and
//! JSON-LD on topic and sub-community pages, public content only, escaped, and right in
//! the page cache's shared rendering.

use parley::db::Visibility;
use serde_json::Value;

use crate::helpers::builders::community_name;
use crate::helpers::fixtures::{admin_client, SiteSettings};
use crate::helpers::forum_fixtures::*;
use crate::helpers::moderation_fixtures::reply_after_post;
use crate::helpers::{
    html_attr, html_select, CommunityBuilder, PostBuilder, TestApp, TopicBuilder,
};

const EVIL_TITLE: &str = "</script><script>alert(1)</script> \"><img src=x onerror=alert(2)>";

fn meta(html: &str, property: &str) -> Option<String> {
    html_attr(html, &format!("meta[property=\"{property}\"]"), "content")
        .into_iter()
        .next()
        .or_else(|| {
            html_attr(html, &format!("meta[name=\"{property}\"]"), "content")
                .into_iter()
                .next()
        })
}

fn canonical(html: &str) -> Option<String> {
    html_attr(html, "head link[rel=canonical]", "href")
        .into_iter()
        .next()
}

fn atom_link(html: &str) -> Option<String> {
    html_attr(
        html,
        "head link[rel=alternate][type=\"application/atom+xml\"]",
        "href",
    )
    .into_iter()
    .next()
}

/// The page's JSON-LD, parsed; asserts there is at most one such script.
fn json_ld(html: &str) -> Option<Value> {
    let scripts = html_select(html, "script[type=\"application/ld+json\"]");
    assert!(scripts.len() <= 1, "{scripts:?}");
    scripts
        .first()
        .map(|s| serde_json::from_str(s).unwrap_or_else(|e| panic!("JSON-LD: {e}: {s}")))
}

fn base(app: &TestApp) -> String {
    app.settings().public_base_url()
}

#[tokio::test]
async fn topic_page_carries_canonical_link_cards_feed_and_qa_page() {
    let (app, admin) = widgets().await;
    SiteSettings {
        site_name: "Acme",
        logo_url: "https://cdn.example.com/acme.png",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = TopicBuilder::question("Why does my widget hum")
        .body("It hums **loudly** at night.")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let answer = reply(&app, &bob, &q, "Night mode raises the fan speed.").await;
    let html = page(&app.new_client(), &q.path).await;
    let base = base(&app);
    let url = format!("{base}{}", q.path);
    assert_eq!(canonical(&html).as_deref(), Some(url.as_str()));
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&html, "og:title").as_deref(),
        Some("Why does my widget hum")
    );
    assert_eq!(
        meta(&html, "og:description").as_deref(),
        Some("It hums loudly at night.")
    );
    assert_eq!(meta(&html, "og:url").as_deref(), Some(url.as_str()));
    assert_eq!(meta(&html, "og:site_name").as_deref(), Some("Acme"));
    assert_eq!(
        meta(&html, "og:image").as_deref(),
        Some("https://cdn.example.com/acme.png")
    );
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
    assert_eq!(
        meta(&html, "twitter:title").as_deref(),
        Some("Why does my widget hum")
    );
    assert_eq!(
        meta(&html, "twitter:description").as_deref(),
        Some("It hums loudly at night.")
    );
    assert_eq!(atom_link(&html), Some(format!("/t/{}.atom", q.id)));

    let ld = json_ld(&html).expect("JSON-LD");
    assert_eq!(ld["@type"], "QAPage");
    assert_eq!(ld["mainEntity"]["name"], "Why does my widget hum");
    assert_eq!(ld["mainEntity"]["answerCount"], 1);
    let suggested = &ld["mainEntity"]["suggestedAnswer"][0];
    assert_eq!(suggested["text"], "Night mode raises the fan speed.");
    assert_eq!(suggested["author"]["name"], "bob");

    // Accepted, the answer moves to acceptedAnswer, on the (cached) anonymous page too.
    accept(&ana, &q, &answer).await;
    let html = page(&app.new_client(), &q.path).await;
    let ld = json_ld(&html).expect("JSON-LD");
    assert_eq!(
        ld["mainEntity"]["acceptedAnswer"]["text"],
        "Night mode raises the fan speed."
    );
    assert!(ld["mainEntity"].get("suggestedAnswer").is_none());

    // A discussion is a DiscussionForumPosting; without a logo there is no og:image.
    SiteSettings::default().save(&admin).await;
    let d = TopicBuilder::discussion("Show your desks")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let html = page(&app.new_client(), &d.path).await;
    assert_eq!(
        json_ld(&html).expect("JSON-LD")["@type"],
        "DiscussionForumPosting"
    );
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "og:site_name").as_deref(), Some("Parley"));
}

#[tokio::test]
async fn sub_community_and_latest_pages_announce_their_feeds() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    TopicBuilder::discussion("First post here")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let html = page(&app.new_client(), "/c/widgets").await;
    let base = base(&app);
    assert_eq!(canonical(&html), Some(format!("{base}/c/widgets")));
    assert_eq!(meta(&html, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&html, "og:title"), Some(community_name("widgets")));
    assert_eq!(meta(&html, "og:url"), Some(format!("{base}/c/widgets")));
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
    assert_eq!(atom_link(&html).as_deref(), Some("/c/widgets.atom"));
    let ld = json_ld(&html).expect("JSON-LD");
    assert_eq!(ld["@type"], "ItemList");
    assert_eq!(
        ld["itemListElement"][0]["item"]["headline"],
        "First post here"
    );

    // Filtered by a tag, the page announces that tag's feed.
    let html = page(&app.new_client(), "/c/widgets?tag=setup").await;
    assert_eq!(
        atom_link(&html).as_deref(),
        Some("/c/widgets/tag/setup.atom")
    );

    let html = page(&app.new_client(), "/latest").await;
    assert_eq!(atom_link(&html).as_deref(), Some("/latest.atom"));
}

#[tokio::test]
async fn private_pages_announce_no_feed() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("secret")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::discussion("Members only plans")
        .in_("secret")
        .by(&ana)
        .build(&app)
        .await;
    // The members who see the pages get their canonical link, but no feed to follow.
    let html = page(&ana, "/c/secret").await;
    assert!(canonical(&html).is_some());
    assert_eq!(
        atom_link(&html),
        None,
        "a private sub-community has no feed"
    );
    assert!(json_ld(&html).is_none(), "nor a public topic list");
    let html = page(&ana, &t.path).await;
    assert!(canonical(&html).is_some());
    assert_eq!(atom_link(&html), None, "a private topic has no feed");
    // Visitors see nothing at all.
    let status = app.new_client().get(&t.path).await.status();
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn held_posts_stay_out_of_the_metadata_even_for_their_author() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, carl) = member(&app, "carl").await;
    let q = ask(&ana, "widgets", "Where is my refund").await;
    let response = PostBuilder::reply("Card 4111 1111 1111 1111, same problem")
        .to(&q)
        .by(&carl)
        .send()
        .await;
    let (_, held) = reply_after_post(&app, &q, &response).await;
    assert!(held);
    // The author sees the held reply on the page, but not in what the page tells others.
    let html = page(&carl, &q.path).await;
    assert!(
        html.contains("same problem"),
        "the author sees their own post"
    );
    let ld = json_ld(&html).expect("JSON-LD").to_string();
    assert!(
        !ld.contains("4111 1111") && !ld.contains("same problem"),
        "{ld}"
    );
    let html = page(&app.new_client(), &q.path).await;
    assert!(!html.contains("4111 1111"));
}

#[tokio::test]
async fn markup_in_a_title_is_escaped_in_meta_tags_and_json_ld() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::question(EVIL_TITLE)
        .body("\"><img src=x onerror=alert(3)> body </script>")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    for client in [app.new_client(), app.new_client(), ana.clone()] {
        let html = page(&client, &t.path).await;
        // Nothing the member typed became an element or a script.
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert_eq!(meta(&html, "og:title").as_deref(), Some(EVIL_TITLE));
        assert_eq!(meta(&html, "twitter:title").as_deref(), Some(EVIL_TITLE));
        let ld = json_ld(&html).expect("one JSON-LD script, not cut short");
        assert_eq!(ld["mainEntity"]["name"], EVIL_TITLE);
        let raw = html_select(&html, "script[type=\"application/ld+json\"]").join("");
        assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
    }
    // In the sub-community's list too.
    let html = page(&app.new_client(), "/c/widgets").await;
    assert!(!html.contains("<script>alert"));
    let ld = json_ld(&html).expect("JSON-LD");
    assert_eq!(ld["itemListElement"][0]["item"]["headline"], EVIL_TITLE);
}

#[tokio::test]
async fn the_cached_anonymous_page_keeps_its_metadata_current() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let d = TopicBuilder::discussion("Desk setups")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let first = page(&app.new_client(), &d.path).await;
    assert_eq!(
        first,
        page(&app.new_client(), &d.path).await,
        "served from the cache"
    );
    assert!(json_ld(&first).expect("JSON-LD").get("comment").is_none());
    reply(&app, &bob, &d, "Standing desk here.").await;
    let html = page(&app.new_client(), &d.path).await;
    let ld = json_ld(&html).expect("JSON-LD");
    assert_eq!(ld["comment"][0]["text"], "Standing desk here.");
    assert_eq!(ld["interactionStatistic"][0]["userInteractionCount"], 1);
    // A signed-in member's page (a filled template) carries the same metadata.
    let mine = page(&bob, &d.path).await;
    assert_eq!(json_ld(&mine), Some(ld));
    assert_eq!(canonical(&mine), canonical(&html));
}
