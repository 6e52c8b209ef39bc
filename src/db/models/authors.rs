//! How a member is shown next to what they wrote: the few `users` columns that lists,
//! topic pages, cached pages and their views draw (name, title, employee badge, avatar,
//! reputation, suspension mark). Selected column by column, never the whole row, so the
//! password hash and the address never reach a read model or a page cache.

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;

use crate::db::prepared::{json_ids, Prepared};
use crate::db::schema::users;
use crate::db::{DbConn, Timestamp, UserId};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = users)]
pub struct AuthorView {
    pub id: UserId,
    /// Also what the generated avatar is drawn from (`/u/{username}/avatar.svg`).
    pub username: String,
    pub display_name: String,
    pub title: String,
    pub is_employee: bool,
    pub reputation: i32,
    /// Shown as a mark while it lasts.
    pub suspended_until: Option<Timestamp>,
}

impl AuthorView {
    pub fn is_suspended_at(&self, now: Timestamp) -> bool {
        self.suspended_until.is_some_and(|until| until > now)
    }

    pub fn name_to_show(&self) -> &str {
        if self.display_name.is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

pub fn find(conn: &mut DbConn, id: &UserId) -> QueryResult<Option<AuthorView>> {
    users::table
        .find(id)
        .select(AuthorView::as_select())
        .first(conn)
        .optional()
}

/// These members as authors, in one query (in no particular order). A prepared
/// statement kept per connection on both backends: every list and search page asks it
/// (on SQLite `eq_any` would be parsed again for each call, 2 % of a search's CPU).
pub fn find_many(conn: &mut DbConn, ids: &[UserId]) -> QueryResult<Vec<AuthorView>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    match conn {
        DbConn::Sqlite(c) => Prepared::<Sqlite>::new(
            "SELECT id, username, display_name, title, is_employee, reputation, \
             suspended_until FROM users WHERE id IN (SELECT value FROM json_each(?1))",
        )
        .bind::<Text, _>(json_ids(ids.iter().map(|id| id.as_str())))
        .load(c),
        DbConn::Pg(c) => users::table
            .filter(users::id.eq_any(ids))
            .select(AuthorView::as_select())
            .load(c),
    }
}
