//! A sub-community's categories: its managers add, rename, reorder and delete them.

use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::categories::{self, Category, NewCategory};
use crate::db::models::communities::Community;
use crate::db::models::users::User;
use crate::db::{is_unique_violation, CategoryId};
use crate::domain::{BoundedText, Slug};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

/// A category's name (2-60 characters) and description (up to 300), each error beside
/// its field.
fn parse_texts(
    errors: &mut FieldErrors,
    name: &str,
    description: &str,
) -> (Option<BoundedText>, Option<BoundedText>) {
    let name = BoundedText::parse(name, "validation-field-name", 2, 60, true)
        .map_err(|e| errors.insert("name", e))
        .ok();
    let description =
        BoundedText::parse(description, "validation-field-description", 0, 300, false)
            .map_err(|e| errors.insert("description", e))
            .ok();
    (name, description)
}

pub async fn create_category(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    slug: &str,
    name: &str,
    description: &str,
) -> AppResult<Category> {
    guardian.ensure(guardian.can_manage_categories(community))?;
    let mut errors = FieldErrors::new();
    let slug = Slug::parse(slug).map_err(|e| errors.insert("slug", e)).ok();
    let (name, description) = parse_texts(&mut errors, name, description);
    let (Some(slug), Some(name), Some(description)) = (slug, name, description) else {
        return Err(AppError::Validation(errors));
    };
    let (cid, now, actor_id) = (community.id.clone(), state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let id = CategoryId::new();
            let position =
                i32::try_from(categories::for_community(conn, &cid)?.len()).unwrap_or(0) * 10;
            let new = NewCategory {
                id: &id,
                community_id: &cid,
                slug: slug.as_str(),
                name: name.as_str(),
                description: description.as_str(),
                position,
                created_at: now,
            };
            match categories::insert(conn, &new) {
                Err(e) if is_unique_violation(&e) => {
                    return Err(AppError::field_t(
                        "slug",
                        "validation-category-slug-taken",
                        &[],
                    ))
                }
                other => other?,
            }
            audit::record(
                conn,
                Some(&actor_id),
                "category.create",
                "community",
                cid.as_str(),
                slug.as_str(),
                now,
            )?;
            categories::find(conn, &id)?.ok_or(AppError::NotFound)
        })
        .await
}

/// Renames a category, changes its description or its place (`position`, smaller first).
/// Its address stays, so links to it keep working.
#[allow(clippy::too_many_arguments)]
pub async fn update_category(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    category: &Category,
    name: &str,
    description: &str,
    position: &str,
) -> AppResult<()> {
    guardian.ensure(guardian.can_manage_categories(community))?;
    let mut errors = FieldErrors::new();
    let (name, description) = parse_texts(&mut errors, name, description);
    let position =
        crate::communities::service::parse_position(position, category.position, &mut errors);
    let (Some(name), Some(description), Some(position)) = (name, description, position) else {
        return Err(AppError::Validation(errors));
    };
    let before = format!("{} / {}", category.name, category.position);
    let after = format!("{} / {position}", name.as_str());
    let (id, cid, now, actor_id) = (
        category.id.clone(),
        community.id.clone(),
        state.clock.now(),
        actor.id.clone(),
    );
    let slug = category.slug.clone();
    state
        .write(move |conn| {
            categories::update(conn, &id, name.as_str(), description.as_str(), position)?;
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "category.update",
                    target_type: "category",
                    target_id: id.as_str(),
                    community: Some(&cid),
                    details: &slug,
                    before: &before,
                    after: &after,
                },
                now,
            )?;
            Ok(())
        })
        .await
}

/// Deletes a category; its topics stay, without a category. Returns how many there were.
pub async fn delete_category(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    category: &Category,
) -> AppResult<usize> {
    guardian.ensure(guardian.can_manage_categories(community))?;
    let (id, cid, now, actor_id) = (
        category.id.clone(),
        community.id.clone(),
        state.clock.now(),
        actor.id.clone(),
    );
    let (slug, name) = (category.slug.clone(), category.name.clone());
    state
        .write(move |conn| {
            let moved = categories::delete(conn, &id)?;
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "category.delete",
                    target_type: "category",
                    target_id: id.as_str(),
                    community: Some(&cid),
                    details: &format!("{slug}; topics left without a category: {moved}"),
                    before: &name,
                    after: "",
                },
                now,
            )?;
            Ok(moved)
        })
        .await
}

/// The category at `slug` in `community`, or 404.
pub async fn find(state: &AppState, community: &Community, slug: &str) -> AppResult<Category> {
    let (cid, slug) = (community.id.clone(), slug.to_string());
    state
        .db(move |conn| Ok(categories::find_by_slug(conn, &cid, &slug)?))
        .await?
        .ok_or(AppError::NotFound)
}
