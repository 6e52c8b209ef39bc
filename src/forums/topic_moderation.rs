//! Moderating a topic: pinning, locking, moving it (to a category or another
//! sub-community), closing it as a duplicate. This is the one place these are decided
//! and written.

use crate::auth::Guardian;
use crate::db::models::communities::{self, Community};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::User;
use crate::db::models::{audit, categories, posts};
use crate::db::schema::topics as topics_table;
use crate::db::{CategoryId, NotificationKind, TopicId};
use crate::error::{AppError, AppResult};
use crate::forums::load::load_topic;
use crate::moderation::gate;
use crate::notifications::direct;
use crate::state::AppState;

/// What a moderator pins or locks.
#[derive(Debug, Clone, Copy)]
pub enum Flag {
    Pinned,
    Locked,
}

pub async fn set_flag(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    flag: Flag,
    on: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_moderate(community))?;
    let (tid, actor_id, now) = (topic.id.clone(), actor.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            let target = topics_table::table.find(&tid);
            let action = match flag {
                Flag::Pinned => {
                    diesel::update(target)
                        .set(topics_table::pinned.eq(on))
                        .execute(conn)?;
                    if on {
                        "topic.pin"
                    } else {
                        "topic.unpin"
                    }
                }
                Flag::Locked => {
                    diesel::update(target)
                        .set(topics_table::locked.eq(on))
                        .execute(conn)?;
                    if on {
                        "topic.lock"
                    } else {
                        "topic.unlock"
                    }
                }
            };
            audit::record(
                conn,
                Some(&actor_id),
                action,
                "topic",
                tid.as_str(),
                "",
                now,
            )?;
            Ok(())
        })
        .await
}

/// Moves a topic to a category and/or another sub-community the moderator moderates too.
pub async fn move_topic(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    from: &Community,
    to_slug: &str,
    category: &str,
) -> AppResult<Community> {
    guardian.ensure(guardian.can_moderate(from))?;
    let slug = to_slug.trim().to_string();
    let dest = if slug.is_empty() || slug == from.slug {
        from.clone()
    } else {
        let s = slug.clone();
        let c = state
            .db(move |conn| communities::find_by_slug(conn, &s)?.ok_or(AppError::NotFound))
            .await?;
        guardian.ensure_can_see_community(&c)?;
        guardian.ensure(guardian.can_moderate(&c))?;
        c
    };
    let category = match category.trim() {
        "" => None,
        raw => Some(
            CategoryId::parse(raw)
                .ok_or_else(|| AppError::field_t("category", "validation-choose-category", &[]))?,
        ),
    };
    let (tid, did, actor_id, now) = (
        topic.id.clone(),
        dest.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let details = format!("{} -> {}", from.slug, dest.slug);
    let (settings, place, author, moved_across, title) = (
        state.settings.clone(),
        dest.clone(),
        topic.author_id.clone(),
        dest.id != from.id,
        topic.title.clone(),
    );
    state
        .write(move |conn| {
            use diesel::prelude::*;
            if moved_across {
                gate::check_move(conn, &place, &title, &tid, "community")?;
            }
            if let Some(cat) = &category {
                if categories::find(conn, cat)?.is_none_or(|c| c.community_id != did) {
                    return Err(AppError::field_t(
                        "category",
                        "validation-choose-destination-category",
                        &[],
                    ));
                }
            }
            diesel::update(topics_table::table.find(&tid))
                .set((
                    topics_table::community_id.eq(&did),
                    topics_table::category_id.eq(category.as_ref()),
                ))
                .execute(conn)?;
            posts::move_to_community(conn, &tid, &did)?;
            crate::db::models::moderation::move_items_of_topic(conn, &tid, &did)?;
            crate::webhooks::events::topic_moved(conn, &tid, &did, now)?;
            audit::record(
                conn,
                Some(&actor_id),
                "topic.move",
                "topic",
                tid.as_str(),
                &details,
                now,
            )?;
            if let Some(moved) = topics::find(conn, &tid)? {
                direct::to_member(
                    conn,
                    &settings.notifications,
                    &author,
                    NotificationKind::Moderation,
                    &place,
                    &moved,
                    None,
                    &actor_id,
                    Some(&crate::notifications::Notice::Moved {
                        to: place.name.clone(),
                    }),
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(dest)
}

/// Closes a question as a duplicate of another visible topic (and locks it).
pub async fn close_as_duplicate(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    original: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_moderate(community))?;
    let original_id = parse_topic_ref(original)
        .ok_or_else(|| AppError::field_t("original", "validation-original-topic-required", &[]))?;
    if original_id == topic.id {
        return Err(AppError::field_t(
            "original",
            "validation-topic-self-duplicate",
            &[],
        ));
    }
    let (orig, _) = load_topic(state, guardian, &original_id)
        .await
        .map_err(|_| AppError::field_t("original", "validation-topic-unknown", &[]))?;
    let (tid, oid, actor_id, now) = (
        topic.id.clone(),
        orig.id.clone(),
        actor.id.clone(),
        state.clock.now(),
    );
    let (settings, place, t) = (state.settings.clone(), community.clone(), topic.clone());
    state
        .write(move |conn| {
            use diesel::prelude::*;
            diesel::update(topics_table::table.find(&tid))
                .set((
                    topics_table::duplicate_of.eq(Some(&oid)),
                    topics_table::locked.eq(true),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                Some(&actor_id),
                "topic.duplicate",
                "topic",
                tid.as_str(),
                oid.as_str(),
                now,
            )?;
            direct::to_member(
                conn,
                &settings.notifications,
                &t.author_id,
                NotificationKind::Moderation,
                &place,
                &t,
                None,
                &actor_id,
                Some(&crate::notifications::Notice::Duplicate),
                now,
            )?;
            Ok(())
        })
        .await
}

/// Merges a topic into another visible one (Discourse's "merge"): its posts move after
/// the other's, with their votes, flags, escalations and watchers; the merged topic is
/// gone from every list and search, and its address leads to the other. The moderator
/// must moderate both sub-communities; posts moving to another one pass its policy, as a
/// move does. Its author is told. Answers the topic it joined.
pub async fn merge(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    topic: &Topic,
    community: &Community,
    into: &str,
) -> AppResult<Topic> {
    guardian.ensure(guardian.can_moderate(community))?;
    let into_id = parse_topic_ref(into)
        .ok_or_else(|| AppError::field_t("into", "validation-merge-target-required", &[]))?;
    if into_id == topic.id {
        return Err(AppError::field_t(
            "into",
            "validation-topic-self-merge",
            &[],
        ));
    }
    let unknown = || AppError::field_t("into", "validation-topic-unknown", &[]);
    let (target, place) = load_topic(state, guardian, &into_id)
        .await
        .map_err(|_| unknown())?;
    if target.deleted_at.is_some() {
        return Err(unknown());
    }
    guardian.ensure(guardian.can_moderate(&place))?;
    // A corporate page's comment thread belongs to its page: it neither joins another
    // topic nor takes one in.
    if topic.page_key.is_some() || target.page_key.is_some() {
        return Err(AppError::field_t(
            "into",
            "validation-merge-page-thread",
            &[],
        ));
    }
    let (actor_id, now, settings) = (actor.id.clone(), state.clock.now(), state.settings.clone());
    let (from, across) = (topic.clone(), place.id != community.id);
    let (t, p) = (target.clone(), place.clone());
    state
        .write(move |conn| {
            let from = topics::find(conn, &from.id)?.ok_or(AppError::NotFound)?;
            let into = topics::find(conn, &t.id)?.ok_or_else(unknown)?;
            if from.deleted_at.is_some() || into.deleted_at.is_some() {
                return Err(unknown());
            }
            if across {
                gate::check_move(conn, &p, "", &from.id, "into")?;
            }
            // Two accepted answers cannot share one question: the joined topic keeps its
            // own, and the other's author loses that acceptance's reputation.
            if let (Some(_), Some(answer)) = (&into.accepted_post_id, &from.accepted_post_id) {
                crate::forums::write_core::apply_unaccept(
                    conn,
                    &from.id,
                    answer,
                    &from.author_id,
                    now,
                )?;
            }
            let from = topics::find(conn, &from.id)?.ok_or(AppError::NotFound)?;
            crate::db::models::merge::merge_topics(conn, &from, &into, now)?;
            crate::webhooks::events::topic_merged(
                conn,
                &from.id,
                &from.community_id,
                &into.id,
                now,
            )?;
            audit::record(
                conn,
                Some(&actor_id),
                "topic.merge",
                "topic",
                from.id.as_str(),
                into.id.as_str(),
                now,
            )?;
            if let Some(joined) = topics::find(conn, &into.id)? {
                direct::to_member(
                    conn,
                    &settings.notifications,
                    &from.author_id,
                    NotificationKind::Moderation,
                    &p,
                    &joined,
                    None,
                    &actor_id,
                    Some(&crate::notifications::Notice::Merged),
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(target)
}

/// Accepts "/t/<id>/slug", a full URL to it, or the bare id.
pub fn parse_topic_ref(s: &str) -> Option<TopicId> {
    let s = s.trim();
    if let Some(id) = TopicId::parse(s) {
        return Some(id);
    }
    let idx = s.find("/t/")?;
    let rest = &s[idx + 3..];
    TopicId::parse(rest.split(['/', '?', '#']).next()?)
}
