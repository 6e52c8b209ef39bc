use serde_json::Value;

use super::*;
use crate::db::{
    CommunityId, ModerationState, PostId, Timestamp, TopicId, UserId, Visibility, WatchLevel,
};

const BASE: &str = "https://community.example.com";
const EVIL: &str = "</script><script>alert(1)</script>";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn community() -> Community {
    Community {
        id: CommunityId::new(),
        slug: "widgets".into(),
        name: "Widgets".into(),
        description: String::new(),
        accent_color: "#3355cc".into(),
        visibility: Visibility::Public,
        position: 0,
        created_at: Timestamp::from_micros(1_700_000_000_000_000),
        updated_at: Timestamp::from_micros(1_700_000_000_000_000),
        default_watch_level: WatchLevel::Normal,
        embed_origins: String::new(),
        embed_url_prefixes: String::new(),
        embed_anonymous_ask: false,
        default_language: crate::db::Language::En,
        wiki_min_reputation: 100,
        logo_url: String::new(),
    }
}

fn topic(kind: TopicKind, title: &str, c: &Community) -> Topic {
    Topic {
        id: TopicId::new(),
        community_id: c.id.clone(),
        category_id: None,
        kind,
        title: title.into(),
        author_id: UserId::new(),
        created_at: Timestamp::from_micros(1_700_000_000_000_000),
        bumped_at: Timestamp::from_micros(1_700_000_100_000_000),
        reply_count: 2,
        score: 3,
        accepted_post_id: None,
        official_reply: false,
        pinned: false,
        locked: false,
        duplicate_of: None,
        idea_status: None,
        idea_status_note: String::new(),
        claimed_by: None,
        claimed_at: None,
        tags: String::new(),
        deleted_at: None,
        held: false,
        version: 1,
        page_key: None,
        page_url: None,
        language: crate::db::Language::En,
        wiki: false,
        merged_into: None,
    }
}

fn post(t: &Topic, number: i32, html: &str) -> Post {
    Post {
        id: PostId::new(),
        topic_id: t.id.clone(),
        community_id: t.community_id.clone(),
        author_id: UserId::new(),
        post_number: number,
        parent_id: None,
        body_markdown: String::new(),
        body_html: html.into(),
        as_brand: false,
        score: number,
        revision_count: 0,
        created_at: Timestamp::from_micros(1_700_000_000_000_000 + i64::from(number)),
        edited_at: None,
        deleted_at: None,
        deleted_by: None,
        moderation_state: ModerationState::Published,
    }
}

fn author(username: &str) -> AuthorView {
    AuthorView {
        id: UserId::new(),
        username: username.into(),
        display_name: String::new(),
        title: String::new(),
        is_employee: false,
        reputation: 1,
        suspended_until: None,
    }
}

fn parse(s: &str) -> serde_json::Result<Value> {
    serde_json::from_str(s)
}

#[test]
fn a_question_is_a_qa_page_with_accepted_and_suggested_answers() -> TestResult {
    let c = community();
    let mut t = topic(TopicKind::Question, "Why does it hum?", &c);
    let q = post(&t, 1, "<p>It hums <em>at night</em>.</p>");
    let good = post(&t, 2, "<p>Night mode.</p>");
    let other = post(&t, 3, "<p>Check the fan.</p>");
    let mut comment = post(&t, 4, "<p>Thanks!</p>");
    comment.parent_id = Some(good.id.clone());
    t.accepted_post_id = Some(good.id.clone());
    let (ana, bob) = (author("ana"), author("bob"));
    let posts = [(&q, &ana), (&good, &bob), (&other, &ana), (&comment, &ana)];
    let v = parse(&super::topic(BASE, &c, &t, &posts))?;
    assert_eq!(v["@type"], "QAPage");
    let q = &v["mainEntity"];
    assert_eq!(q["@type"], "Question");
    assert_eq!(q["name"], "Why does it hum?");
    assert_eq!(q["text"], "It hums at night.");
    assert_eq!(q["answerCount"], 2);
    assert_eq!(q["upvoteCount"], 1);
    assert_eq!(q["author"]["name"], "ana");
    assert_eq!(q["author"]["url"], format!("{BASE}/u/ana"));
    assert_eq!(q["acceptedAnswer"]["@type"], "Answer");
    assert_eq!(q["acceptedAnswer"]["text"], "Night mode.");
    assert_eq!(q["acceptedAnswer"]["author"]["name"], "bob");
    assert_eq!(q["acceptedAnswer"]["upvoteCount"], 2);
    assert!(q["acceptedAnswer"]["url"]
        .as_str()
        .is_some_and(|u| u.starts_with(BASE) && u.ends_with("#p2")));
    let suggested = q["suggestedAnswer"].as_array().ok_or("suggested answers")?;
    assert_eq!(suggested.len(), 1, "comments are not answers");
    assert_eq!(suggested[0]["text"], "Check the fan.");
    assert!(q["dateCreated"]
        .as_str()
        .is_some_and(|d| d.starts_with("2023-")));
    Ok(())
}

#[test]
fn a_discussion_is_a_forum_posting_with_its_comments() -> TestResult {
    let c = community();
    let t = topic(TopicKind::Discussion, "Show your setups", &c);
    let opening = post(&t, 1, "<p>Mine first.</p>");
    let reply = post(&t, 2, "<p>Nice!</p>");
    let ana = author("ana");
    let v = parse(&super::topic(
        BASE,
        &c,
        &t,
        &[(&opening, &ana), (&reply, &ana)],
    ))?;
    assert_eq!(v["@type"], "DiscussionForumPosting");
    assert_eq!(v["headline"], "Show your setups");
    assert_eq!(v["text"], "Mine first.");
    assert_eq!(v["url"], format!("{BASE}{}", t.path()));
    assert_eq!(v["author"]["name"], "ana");
    assert_eq!(v["interactionStatistic"][0]["userInteractionCount"], 2);
    let comments = v["comment"].as_array().ok_or("comments")?;
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["text"], "Nice!");
    Ok(())
}

#[test]
fn held_deleted_and_foreign_posts_are_never_described() -> TestResult {
    let c = community();
    let t = topic(TopicKind::Discussion, "Quiet", &c);
    let opening = post(&t, 1, "<p>Open.</p>");
    let mut held = post(&t, 2, "<p>card 4111</p>");
    held.moderation_state = ModerationState::Held;
    let mut deleted = post(&t, 3, "<p>gone</p>");
    deleted.deleted_at = Some(Timestamp::from_micros(1));
    let other_topic = topic(TopicKind::Discussion, "Other", &c);
    let foreign = post(&other_topic, 2, "<p>elsewhere</p>");
    let ana = author("ana");
    let s = super::topic(
        BASE,
        &c,
        &t,
        &[
            (&opening, &ana),
            (&held, &ana),
            (&deleted, &ana),
            (&foreign, &ana),
        ],
    );
    assert!(!s.contains("4111") && !s.contains("gone") && !s.contains("elsewhere"));
    assert!(parse(&s)?.get("comment").is_none());
    Ok(())
}

#[test]
fn script_breaking_text_is_escaped_and_still_means_the_same() -> TestResult {
    let c = community();
    let t = topic(TopicKind::Question, EVIL, &c);
    let opening = post(
        &t,
        1,
        "<p>&lt;/script&gt;&lt;img onerror=x&gt; &amp; co</p>",
    );
    let mut ana = author("ana");
    ana.display_name = EVIL.into();
    let s = super::topic(BASE, &c, &t, &[(&opening, &ana)]);
    assert!(
        !s.contains('<') && !s.contains('>') && !s.contains('&'),
        "{s}"
    );
    assert!(s.contains("\\u003c/script\\u003e"));
    let v = parse(&s)?;
    assert_eq!(v["mainEntity"]["name"], EVIL);
    assert_eq!(v["mainEntity"]["text"], "</script><img onerror=x> & co");
    assert_eq!(v["mainEntity"]["author"]["name"], EVIL);

    let list = super::topic_list(BASE, &[(&t, &ana)]);
    assert!(!list.contains('<') && !list.contains('>'), "{list}");
    assert_eq!(
        parse(&list)?["itemListElement"][0]["item"]["headline"],
        EVIL
    );
    Ok(())
}

#[test]
fn a_topic_list_is_an_item_list_of_public_topics() -> TestResult {
    let c = community();
    let a = topic(TopicKind::Discussion, "First", &c);
    let mut held = topic(TopicKind::Discussion, "Held", &c);
    held.held = true;
    let b = topic(TopicKind::Question, "Second", &c);
    let ana = author("ana");
    let v = parse(&super::topic_list(
        BASE,
        &[(&a, &ana), (&held, &ana), (&b, &ana)],
    ))?;
    assert_eq!(v["@type"], "ItemList");
    let items = v["itemListElement"].as_array().ok_or("items")?;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["position"], 1);
    assert_eq!(items[1]["item"]["headline"], "Second");
    assert_eq!(items[1]["item"]["url"], format!("{BASE}{}", b.path()));
    assert_eq!(items[1]["item"]["author"]["name"], "ana");
    Ok(())
}
