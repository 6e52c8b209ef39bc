use diesel::prelude::*;

use crate::db::schema::categories;
use crate::db::{CategoryId, CommunityId, DbConn, Timestamp};

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
