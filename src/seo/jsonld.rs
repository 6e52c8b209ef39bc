//! JSON-LD for topics and topic lists (owner: the feeds & SEO engineer).
//!
//! The returned strings are the *content* of a `<script type="application/ld+json">`
//! element, already safe to put inside it (`<`, `>` and `&` written as `\u003c`, `\u003e`,
//! `\u0026`), so callers write `script type="application/ld+json" { (PreEscaped(s)) }`.

use serde_json::{json, Map, Value};

use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::TopicKind;

/// How much of a post's text the structured data carries.
const TEXT_CHARS: usize = 1000;

/// `QAPage` for a question (accepted answer and suggested answers), else
/// `DiscussionForumPosting` (page threads included: their comments as `comment`).
/// `base` is the public base URL without a trailing slash; `posts` are the published
/// posts to describe, the opening post first (it may be absent for a page thread's
/// fragment, in which case the first entry is the first comment).
pub fn topic(
    base: &str,
    community: &Community,
    topic: &Topic,
    posts: &[(&Post, &AuthorView)],
) -> String {
    // Only what everyone may read, whatever the caller passed.
    let posts: Vec<(&Post, &AuthorView)> = posts
        .iter()
        .copied()
        .filter(|(p, _)| p.is_published() && p.deleted_at.is_none() && p.topic_id == topic.id)
        .collect();
    let value = if topic.kind == TopicKind::Question {
        qa_page(base, topic, &posts)
    } else {
        forum_posting(base, community, topic, &posts)
    };
    script_safe(&value)
}

/// An `ItemList` of the listed topics (each a `DiscussionForumPosting` with its URL,
/// headline, author and date).
pub fn topic_list(base: &str, topics: &[(&Topic, &AuthorView)]) -> String {
    let items: Vec<Value> = topics
        .iter()
        .filter(|(t, _)| t.deleted_at.is_none() && !t.held)
        .enumerate()
        .map(|(i, (t, author))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "item": {
                    "@type": "DiscussionForumPosting",
                    "url": topic_url(base, t),
                    "headline": t.title,
                    "author": person(base, author),
                    "datePublished": t.created_at.rfc3339(),
                },
            })
        })
        .collect();
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "numberOfItems": items.len(),
        "itemListElement": items,
    }))
}

fn qa_page(base: &str, topic: &Topic, posts: &[(&Post, &AuthorView)]) -> Value {
    let opening = posts.iter().find(|(p, _)| p.is_opening());
    let answers: Vec<&(&Post, &AuthorView)> = posts
        .iter()
        .filter(|(p, _)| !p.is_opening() && p.parent_id.is_none())
        .collect();
    let mut question = Map::new();
    question.insert("@type".into(), json!("Question"));
    question.insert("name".into(), json!(topic.title));
    question.insert(
        "text".into(),
        json!(match opening {
            Some((p, _)) => text_of(p),
            None => topic.title.clone(),
        }),
    );
    question.insert("answerCount".into(), json!(topic.reply_count));
    question.insert(
        "upvoteCount".into(),
        json!(opening.map_or(topic.score, |(p, _)| p.score)),
    );
    question.insert("dateCreated".into(), json!(topic.created_at.rfc3339()));
    question.insert("url".into(), json!(topic_url(base, topic)));
    if let Some((_, author)) = opening {
        question.insert("author".into(), person(base, author));
    }
    let accepted = topic.accepted_post_id.as_ref();
    if let Some((p, a)) = answers.iter().find(|(p, _)| Some(&p.id) == accepted) {
        question.insert("acceptedAnswer".into(), answer(base, topic, p, a));
    }
    let suggested: Vec<Value> = answers
        .iter()
        .filter(|(p, _)| Some(&p.id) != accepted)
        .map(|(p, a)| answer(base, topic, p, a))
        .collect();
    if !suggested.is_empty() {
        question.insert("suggestedAnswer".into(), Value::Array(suggested));
    }
    json!({
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": Value::Object(question),
    })
}

fn answer(base: &str, topic: &Topic, p: &Post, author: &AuthorView) -> Value {
    json!({
        "@type": "Answer",
        "text": text_of(p),
        "url": post_url(base, topic, p),
        "upvoteCount": p.score,
        "dateCreated": p.created_at.rfc3339(),
        "author": person(base, author),
    })
}

fn forum_posting(
    base: &str,
    community: &Community,
    topic: &Topic,
    posts: &[(&Post, &AuthorView)],
) -> Value {
    let opening = posts.iter().find(|(p, _)| p.is_opening());
    let mut posting = Map::new();
    posting.insert("@context".into(), json!("https://schema.org"));
    posting.insert("@type".into(), json!("DiscussionForumPosting"));
    posting.insert("headline".into(), json!(topic.title));
    posting.insert(
        "text".into(),
        json!(match opening {
            Some((p, _)) => text_of(p),
            None => topic.title.clone(),
        }),
    );
    posting.insert("url".into(), json!(topic_url(base, topic)));
    posting.insert("datePublished".into(), json!(topic.created_at.rfc3339()));
    if let Some((_, author)) = opening {
        posting.insert("author".into(), person(base, author));
    }
    if let Some(page) = topic.page_url.as_deref().filter(|u| is_web_url(u)) {
        // A page thread is about the corporate page it hangs under.
        posting.insert("about".into(), json!({ "@type": "WebPage", "url": page }));
    }
    posting.insert(
        "isPartOf".into(),
        json!({ "@type": "WebPage", "name": community.name, "url": format!("{base}/c/{}", community.slug) }),
    );
    posting.insert(
        "interactionStatistic".into(),
        json!([
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": topic.reply_count,
            },
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/LikeAction",
                "userInteractionCount": opening.map_or(topic.score, |(p, _)| p.score),
            },
        ]),
    );
    let comments: Vec<Value> = posts
        .iter()
        .filter(|(p, _)| !p.is_opening())
        .map(|(p, author)| {
            json!({
                "@type": "Comment",
                "text": text_of(p),
                "url": post_url(base, topic, p),
                "datePublished": p.created_at.rfc3339(),
                "upvoteCount": p.score,
                "author": person(base, author),
            })
        })
        .collect();
    if !comments.is_empty() {
        posting.insert("comment".into(), Value::Array(comments));
    }
    Value::Object(posting)
}

fn person(base: &str, a: &AuthorView) -> Value {
    json!({
        "@type": "Person",
        "name": a.name_to_show(),
        "url": format!("{base}/u/{}", a.username),
    })
}

fn text_of(p: &Post) -> String {
    super::text::summary(&p.body_html, TEXT_CHARS)
}

fn topic_url(base: &str, t: &Topic) -> String {
    format!("{base}{}", t.path())
}

fn post_url(base: &str, t: &Topic, p: &Post) -> String {
    format!("{base}{}#p{}", t.path(), p.post_number)
}

fn is_web_url(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

/// JSON that cannot end or confuse the `<script>` element holding it: `<`, `>` and `&`
/// only ever occur inside JSON strings, where their `\u` escapes mean the same.
fn script_safe(value: &Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
