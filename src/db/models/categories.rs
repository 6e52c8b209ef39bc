use diesel::prelude::*;

use crate::db::schema::{categories, topics, watches};
use crate::db::{CategoryId, CommunityId, DbConn, Timestamp, WatchTarget};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct Category {
    pub id: CategoryId,
    pub community_id: CommunityId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i32,
    pub created_at: Timestamp,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = categories)]
pub struct NewCategory<'a> {
    pub id: &'a CategoryId,
    pub community_id: &'a CommunityId,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub position: i32,
    pub created_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, c: &NewCategory<'_>) -> QueryResult<()> {
    diesel::insert_into(categories::table)
        .values(c)
        .execute(conn)
        .map(|_| ())
}

pub fn for_community(conn: &mut DbConn, community: &CommunityId) -> QueryResult<Vec<Category>> {
    categories::table
        .filter(categories::community_id.eq(community))
        .order((categories::position.asc(), categories::name.asc()))
        .select(Category::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &CategoryId) -> QueryResult<Option<Category>> {
    categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_slug(
    conn: &mut DbConn,
    community: &CommunityId,
    slug: &str,
) -> QueryResult<Option<Category>> {
    categories::table
        .filter(categories::community_id.eq(community))
        .filter(categories::slug.eq(slug))
        .select(Category::as_select())
        .first(conn)
        .optional()
}

/// Renames a category, or changes its description or place in the list.
pub fn update(
    conn: &mut DbConn,
    id: &CategoryId,
    name: &str,
    description: &str,
    position: i32,
) -> QueryResult<usize> {
    diesel::update(categories::table.find(id))
        .set((
            categories::name.eq(name),
            categories::description.eq(description),
            categories::position.eq(position),
        ))
        .execute(conn)
}

/// Deletes a category: its topics stay in the sub-community without a category, and
/// the watches on it go. Returns how many topics were in it.
pub fn delete(conn: &mut DbConn, id: &CategoryId) -> QueryResult<usize> {
    let moved = diesel::update(topics::table.filter(topics::category_id.eq(id)))
        .set(topics::category_id.eq(None::<CategoryId>))
        .execute(conn)?;
    diesel::delete(
        watches::table
            .filter(watches::target_kind.eq(WatchTarget::Category.as_str()))
            .filter(watches::target_id.eq(id.as_str())),
    )
    .execute(conn)?;
    diesel::delete(categories::table.find(id)).execute(conn)?;
    Ok(moved)
}
