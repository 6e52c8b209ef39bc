//! Product teams (issue 20): a team, its members and the sub-communities it covers.

use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{escalations, product_teams, team_communities, team_members, users};
use crate::db::{CommunityId, DbConn, TeamId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = product_teams)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub slug: String,
    /// Where the team's mail goes (empty: none).
    pub notify_email: String,
    /// The team's own receiver (empty: none). Stored and shown; not delivered to yet.
    pub webhook_url: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, team: &Team) -> QueryResult<()> {
    diesel::insert_into(product_teams::table)
        .values(team)
        .execute(conn)
        .map(|_| ())
}

pub fn update(conn: &mut DbConn, team: &Team) -> QueryResult<usize> {
    diesel::update(product_teams::table.find(&team.id))
        .set((
            product_teams::name.eq(&team.name),
            product_teams::slug.eq(&team.slug),
            product_teams::notify_email.eq(&team.notify_email),
            product_teams::webhook_url.eq(&team.webhook_url),
            product_teams::updated_at.eq(team.updated_at),
        ))
        .execute(conn)
}

/// Every team, by name (a deployment has a handful).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Team>> {
    product_teams::table
        .order((product_teams::name.asc(), product_teams::id.asc()))
        .select(Team::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &TeamId) -> QueryResult<Option<Team>> {
    product_teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Team>> {
    product_teams::table
        .filter(product_teams::slug.eq(slug))
        .select(Team::as_select())
        .first(conn)
        .optional()
}

pub fn members(conn: &mut DbConn, team: &TeamId) -> QueryResult<Vec<AuthorView>> {
    team_members::table
        .inner_join(users::table)
        .filter(team_members::team_id.eq(team))
        .order(users::username.asc())
        .select(AuthorView::as_select())
        .load(conn)
}

pub fn member_ids(conn: &mut DbConn, team: &TeamId) -> QueryResult<Vec<UserId>> {
    team_members::table
        .filter(team_members::team_id.eq(team))
        .select(team_members::user_id)
        .load(conn)
}

pub fn is_member(conn: &mut DbConn, team: &TeamId, user: &UserId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        team_members::table
            .filter(team_members::team_id.eq(team))
            .filter(team_members::user_id.eq(user)),
    ))
    .get_result(conn)
}

/// The teams `user` belongs to.
pub fn of_user(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<TeamId>> {
    team_members::table
        .filter(team_members::user_id.eq(user))
        .select(team_members::team_id)
        .load(conn)
}

pub fn communities_of(conn: &mut DbConn, team: &TeamId) -> QueryResult<Vec<CommunityId>> {
    team_communities::table
        .filter(team_communities::team_id.eq(team))
        .select(team_communities::community_id)
        .load(conn)
}

/// The teams covering `community`, by name.
pub fn covering(conn: &mut DbConn, community: &CommunityId) -> QueryResult<Vec<Team>> {
    product_teams::table
        .inner_join(team_communities::table)
        .filter(team_communities::community_id.eq(community))
        .order((product_teams::name.asc(), product_teams::id.asc()))
        .select(Team::as_select())
        .load(conn)
}

/// Replaces the team's members with `users`.
pub fn set_members(
    conn: &mut DbConn,
    team: &TeamId,
    users: &[UserId],
    now: Timestamp,
) -> QueryResult<()> {
    diesel::delete(team_members::table.filter(team_members::team_id.eq(team))).execute(conn)?;
    for u in users {
        diesel::insert_into(team_members::table)
            .values((
                team_members::team_id.eq(team),
                team_members::user_id.eq(u),
                team_members::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes a team with its members and sub-communities; its escalations stay, handed to
/// no team (as the PostgreSQL key's `ON DELETE SET NULL` would, on both backends).
pub fn delete(conn: &mut DbConn, team: &TeamId) -> QueryResult<usize> {
    diesel::update(escalations::table.filter(escalations::team_id.eq(team)))
        .set(escalations::team_id.eq(None::<TeamId>))
        .execute(conn)?;
    diesel::delete(team_members::table.filter(team_members::team_id.eq(team))).execute(conn)?;
    diesel::delete(team_communities::table.filter(team_communities::team_id.eq(team)))
        .execute(conn)?;
    diesel::delete(product_teams::table.find(team)).execute(conn)
}

/// Replaces the sub-communities the team covers with `communities`.
pub fn set_communities(
    conn: &mut DbConn,
    team: &TeamId,
    communities: &[CommunityId],
) -> QueryResult<()> {
    diesel::delete(team_communities::table.filter(team_communities::team_id.eq(team)))
        .execute(conn)?;
    for c in communities {
        diesel::insert_into(team_communities::table)
            .values((
                team_communities::team_id.eq(team),
                team_communities::community_id.eq(c),
            ))
            .execute(conn)?;
    }
    Ok(())
}
