//! Writing the cores of forum content inside a transaction: a topic with its opening post,
//! a reply or comment, a vote, an accepted answer, each with the counters and reputation it
//! moves. Shared by the use cases (`posting`, `votes`) and the demo and test loaders, so
//! there is one way each of these is written.

use crate::db::models::posts::{self, NewPost};
use crate::db::models::topics::{self, NewTopic};
use crate::db::models::{communities, users, votes};
use crate::db::schema::topics as topics_table;
use crate::db::{
    CategoryId, CommunityId, DbConn, Language, ModerationState, PostId, Timestamp, TopicId,
    TopicKind, UserId,
};
use crate::domain::{mention_candidates, render_markdown_with_mentions};
use crate::moderation::publish;
use crate::outcomes::events::Known;

/// Renders a post's Markdown, linking the @mentions of members who exist.
pub(crate) fn render(
    conn: &mut DbConn,
    source: &str,
) -> diesel::QueryResult<crate::domain::RenderedMarkdown> {
    let candidates = mention_candidates(source);
    let known = if candidates.is_empty() {
        vec![]
    } else {
        users::existing_keys(conn, &candidates)?
    };
    Ok(render_markdown_with_mentions(source, &known))
}

pub struct TopicDraft<'a> {
    pub community: &'a CommunityId,
    pub category: Option<&'a CategoryId>,
    pub kind: TopicKind,
    pub title: &'a str,
    pub body: &'a str,
    /// Stored form from [`crate::domain::Tags::stored`].
    pub tags: &'a str,
    pub as_brand: bool,
    /// A page thread's key and canonical URL (`kind = comment` only).
    pub page: Option<(&'a str, &'a str)>,
    /// The content language; `None`: the sub-community's default.
    pub language: Option<Language>,
}

/// Inserts a topic and its published opening post; returns the topic id.
pub fn insert_topic(
    conn: &mut DbConn,
    d: &TopicDraft<'_>,
    author: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<TopicId> {
    insert_topic_in_state(conn, d, author, ModerationState::Published, now)
}

/// Inserts a topic and its opening post in `state`: published through
/// [`publish::publish_post`], or held (unlisted until approved).
pub fn insert_topic_in_state(
    conn: &mut DbConn,
    d: &TopicDraft<'_>,
    author: &UserId,
    state: ModerationState,
    now: Timestamp,
) -> diesel::QueryResult<TopicId> {
    let id = TopicId::new();
    let post_id = PostId::new();
    let published = state == ModerationState::Published;
    let rendered = render(conn, d.body)?;
    let language = match d.language {
        Some(l) => l,
        None => communities::default_language(conn, d.community)?,
    };
    topics::insert(
        conn,
        &NewTopic {
            id: &id,
            community_id: d.community,
            category_id: d.category,
            kind: d.kind,
            title: d.title,
            author_id: author,
            created_at: now,
            bumped_at: now,
            tags: d.tags,
            idea_status: None,
            held: true,
            page_key: d.page.map(|p| p.0),
            page_url: d.page.map(|p| p.1),
            language,
        },
    )?;
    posts::insert(
        conn,
        &NewPost {
            id: &post_id,
            topic_id: &id,
            community_id: d.community,
            author_id: author,
            post_number: 1,
            parent_id: None,
            body_markdown: &rendered.source,
            body_html: &rendered.html,
            as_brand: d.as_brand,
            created_at: now,
            moderation_state: if published {
                ModerationState::Held
            } else {
                state
            },
        },
    )?;
    if published {
        publish::publish_post(conn, &post_id, now)?;
    } else if state == ModerationState::Held {
        let post = posts::find(conn, &post_id)?.ok_or(diesel::result::Error::NotFound)?;
        crate::webhooks::events::held(conn, &post, now)?;
    }
    Ok(id)
}

/// Inserts a reply (or comment with `parent`), moving the topic's counters with it.
#[allow(clippy::too_many_arguments)]
pub fn insert_reply(
    conn: &mut DbConn,
    topic: &TopicId,
    community: &CommunityId,
    author: &UserId,
    body: &str,
    as_brand: bool,
    parent: Option<&PostId>,
    now: Timestamp,
) -> diesel::QueryResult<PostId> {
    let draft = ReplyDraft {
        topic,
        community,
        author,
        body,
        as_brand,
        parent,
    };
    insert_reply_in_state(conn, &draft, ModerationState::Published, now)
}

/// A reply (or comment) as submitted, for [`insert_reply_in_state`].
pub struct ReplyDraft<'a> {
    pub topic: &'a TopicId,
    pub community: &'a CommunityId,
    pub author: &'a UserId,
    pub body: &'a str,
    pub as_brand: bool,
    pub parent: Option<&'a PostId>,
}

/// Inserts a reply in `state`; a published one goes out through
/// [`publish::publish_post`] (which moves the topic's counters), a held one waits.
pub fn insert_reply_in_state(
    conn: &mut DbConn,
    d: &ReplyDraft<'_>,
    state: ModerationState,
    now: Timestamp,
) -> diesel::QueryResult<PostId> {
    let rendered = render(conn, d.body)?;
    // Serialises concurrent replies to one topic (PostgreSQL row lock; SQLite already holds
    // the write lock), so two replies never compute the same post number.
    topics::lock(conn, d.topic)?;
    Ok(insert_reply_locked(conn, d, &rendered, state, None, now)?.id)
}

/// [`insert_reply_in_state`] for a caller that already rendered the body and holds the
/// topic's row lock ([`topics::find_locked`]): only what needs the lock is left, so
/// replies to one busy topic wait for one another as briefly as they can.
/// `locked`: the topic row and author as the caller read (or counted) them under the
/// lock, when it has them (publishing then reads none of it again).
pub(crate) fn insert_reply_locked(
    conn: &mut DbConn,
    d: &ReplyDraft<'_>,
    rendered: &crate::domain::RenderedMarkdown,
    state: ModerationState,
    locked: Option<Known<'_>>,
    now: Timestamp,
) -> diesel::QueryResult<posts::Post> {
    let id = PostId::new();
    let number = posts::next_number(conn, d.topic)?;
    let post = posts::insert_returning(
        conn,
        &NewPost {
            id: &id,
            topic_id: d.topic,
            community_id: d.community,
            author_id: d.author,
            post_number: number,
            parent_id: d.parent,
            body_markdown: &rendered.source,
            body_html: &rendered.html,
            as_brand: d.as_brand,
            created_at: now,
            moderation_state: state,
        },
    )?;
    if state == ModerationState::Published {
        // Inserted public: publishing moves the counters and queues the fan-out.
        publish::announce_with(conn, &post, locked, now)?;
    } else if state == ModerationState::Held {
        crate::webhooks::events::held(conn, &post, now)?;
    }
    Ok(post)
}

/// Sets a member's vote; score, topic score and reputation move in the same transaction.
pub fn apply_vote(
    conn: &mut DbConn,
    pid: &PostId,
    voter: &UserId,
    value: i32,
    now: Timestamp,
) -> diesel::QueryResult<i32> {
    use crate::db::schema::posts as posts_table;
    use diesel::prelude::*;
    // Lock the post row first: under READ COMMITTED two concurrent votes by one member
    // would otherwise both read "no vote" and both move the score.
    posts::lock(conn, pid)?;
    let post = posts::find(conn, pid)?.ok_or(diesel::result::Error::NotFound)?;
    let old = votes::current(conn, pid, voter)?;
    if old == value {
        return Ok(post.score);
    }
    votes::set(conn, pid, &post.topic_id, voter, value, now)?;
    let delta = value - old;
    diesel::update(posts_table::table.find(pid))
        .set(posts_table::score.eq(posts_table::score + delta))
        .execute(conn)?;
    if post.is_opening() {
        diesel::update(topics_table::table.find(&post.topic_id))
            .set(topics_table::score.eq(topics_table::score + delta))
            .execute(conn)?;
    }
    votes::set_reputation(
        conn,
        &post.author_id,
        &post.community_id,
        pid,
        voter,
        "vote",
        votes::vote_points(value),
        now,
    )?;
    Ok(post.score + delta)
}

/// Marks `answer` accepted, moving the acceptance reputation from any earlier answer.
pub fn apply_accept(
    conn: &mut DbConn,
    topic: &TopicId,
    answer: &PostId,
    asker: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    use diesel::prelude::*;
    topics::lock(conn, topic)?;
    let current = topics::find(conn, topic)?.ok_or(diesel::result::Error::NotFound)?;
    if let Some(previous) = current.accepted_post_id.as_ref().filter(|p| *p != answer) {
        if let Some(prev) = posts::find(conn, previous)? {
            votes::set_reputation(
                conn,
                &prev.author_id,
                &prev.community_id,
                &prev.id,
                asker,
                "accepted",
                0,
                now,
            )?;
        }
    }
    diesel::update(topics_table::table.find(topic))
        .set(topics_table::accepted_post_id.eq(Some(answer)))
        .execute(conn)?;
    let post = posts::find(conn, answer)?.ok_or(diesel::result::Error::NotFound)?;
    if current.accepted_post_id.as_ref() != Some(answer) {
        crate::webhooks::events::answer_accepted(conn, topic, &post, now)?;
    }
    if current.accepted_post_id.as_ref() != Some(answer) {
        crate::outcomes::events::on_accept(conn, &post, asker, true, now)?;
    }
    // Accepting one's own answer earns nothing.
    let points = if &post.author_id == asker {
        0
    } else {
        votes::ACCEPTED_POINTS
    };
    votes::set_reputation(
        conn,
        &post.author_id,
        &post.community_id,
        answer,
        asker,
        "accepted",
        points,
        now,
    )
}

/// Clears the accepted answer when it is `answer`, taking back its author's acceptance
/// reputation; answers whether anything changed.
pub fn apply_unaccept(
    conn: &mut DbConn,
    topic: &TopicId,
    answer: &PostId,
    asker: &UserId,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    use diesel::prelude::*;
    topics::lock(conn, topic)?;
    let current = topics::find(conn, topic)?.ok_or(diesel::result::Error::NotFound)?;
    if current.accepted_post_id.as_ref() != Some(answer) {
        return Ok(false);
    }
    diesel::update(topics_table::table.find(topic))
        .set(topics_table::accepted_post_id.eq(None::<PostId>))
        .execute(conn)?;
    if let Some(post) = posts::find(conn, answer)? {
        crate::outcomes::events::on_accept(conn, &post, asker, false, now)?;
        votes::set_reputation(
            conn,
            &post.author_id,
            &post.community_id,
            answer,
            asker,
            "accepted",
            0,
            now,
        )?;
    }
    Ok(true)
}
