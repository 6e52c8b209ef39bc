//! A sub-community's categories: its managers add them.

use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::categories::{self, Category, NewCategory};
use crate::db::models::communities::Community;
use crate::db::models::users::User;
use crate::db::{is_unique_violation, CategoryId};
use crate::domain::{BoundedText, Slug};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

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
    let name = BoundedText::parse(name, "validation-field-name", 2, 60, true)
        .map_err(|e| errors.insert("name", e))
        .ok();
    let description =
        BoundedText::parse(description, "validation-field-description", 0, 300, false)
            .map_err(|e| errors.insert("description", e))
            .ok();
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
