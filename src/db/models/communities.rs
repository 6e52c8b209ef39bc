use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{communities, community_members, users};
use crate::db::{
    CommunityId, CommunityRole, DbConn, Language, Timestamp, UserId, Visibility, WatchLevel,
};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = communities)]
pub struct Community {
    pub id: CommunityId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub accent_color: String,
    pub visibility: Visibility,
    pub position: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The watching level given to members who join (managers choose it).
    pub default_watch_level: WatchLevel,
    /// Origins allowed to embed this sub-community's widgets, one per line (none by
    /// default). Never used for a sub-community that is not public.
    pub embed_origins: String,
    /// URL prefixes under which page comment threads may be created, one per line.
    pub embed_url_prefixes: String,
    /// Anonymous visitors see the ask box (they sign in to post).
    pub embed_anonymous_ask: bool,
    /// The language new topics are written in, unless their author says otherwise.
    pub default_language: Language,
    /// Members with at least this reputation may edit the sub-community's wikis.
    pub wiki_min_reputation: i32,
    /// Its logo (`domain::LogoUrl`), shown on its pages and cards; empty for none.
    pub logo_url: String,
}

impl Community {
    /// The allowed embedding origins (`https://www.example.com`), one per line.
    pub fn embed_origin_list(&self) -> Vec<&str> {
        lines(&self.embed_origins)
    }

    /// The URL prefixes under which page threads may be created.
    pub fn embed_prefix_list(&self) -> Vec<&str> {
        lines(&self.embed_url_prefixes)
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

#[derive(Debug, Insertable)]
#[diesel(table_name = communities)]
pub struct NewCommunity<'a> {
    pub id: &'a CommunityId,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub accent_color: &'a str,
    pub visibility: Visibility,
    pub position: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub default_watch_level: WatchLevel,
    pub default_language: Language,
    pub logo_url: &'a str,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = communities)]
pub struct CommunityChanges<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub accent_color: &'a str,
    pub visibility: Visibility,
    pub position: i32,
    pub updated_at: Timestamp,
    pub default_watch_level: WatchLevel,
    pub logo_url: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_members)]
pub struct Membership {
    pub community_id: CommunityId,
    pub user_id: UserId,
    pub role: CommunityRole,
    pub created_at: Timestamp,
}

pub fn insert(conn: &mut DbConn, c: &NewCommunity<'_>) -> QueryResult<()> {
    diesel::insert_into(communities::table)
        .values(c)
        .execute(conn)
        .map(|_| ())
}

pub fn update(
    conn: &mut DbConn,
    id: &CommunityId,
    changes: &CommunityChanges<'_>,
) -> QueryResult<usize> {
    diesel::update(communities::table.find(id))
        .set(changes)
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &CommunityId) -> QueryResult<Option<Community>> {
    crate::db::native!(conn, c => communities::table
        .find(id)
        .select(Community::as_select())
        .first(c)
        .optional())
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Community>> {
    communities::table
        .filter(communities::slug.eq(slug))
        .select(Community::as_select())
        .first(conn)
        .optional()
}

/// Every sub-community in display order; callers filter through the guardian.
/// The list is small (one per product group), so filtering in Rust keeps the
/// visibility rules in one typed place instead of re-expressing them in SQL.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Community>> {
    communities::table
        .order((communities::position.asc(), communities::name.asc()))
        .select(Community::as_select())
        .load(conn)
}

/// The roles these members hold in one community (for checking notification recipients).
pub fn memberships_in(
    conn: &mut DbConn,
    community: &CommunityId,
    members: &[UserId],
) -> QueryResult<Vec<Membership>> {
    if members.is_empty() {
        return Ok(vec![]);
    }
    community_members::table
        .filter(community_members::community_id.eq(community))
        .filter(community_members::user_id.eq_any(members))
        .select(Membership::as_select())
        .load(conn)
}

pub fn memberships_of(conn: &mut DbConn, user: &UserId) -> QueryResult<Vec<Membership>> {
    crate::db::native!(conn, c => community_members::table
        .filter(community_members::user_id.eq(user))
        .select(Membership::as_select())
        .load(c))
}

/// The people holding a role in a community, with their user rows, for the staff list.
pub fn members_with_roles(
    conn: &mut DbConn,
    community: &CommunityId,
) -> QueryResult<Vec<(Membership, AuthorView)>> {
    community_members::table
        .inner_join(users::table)
        .filter(community_members::community_id.eq(community))
        .order((community_members::role.desc(), users::username_key.asc()))
        .select((Membership::as_select(), AuthorView::as_select()))
        .load(conn)
}

/// Gives `user` exactly `role` in `community` (replacing any earlier role).
pub fn set_role(
    conn: &mut DbConn,
    community: &CommunityId,
    user: &UserId,
    role: CommunityRole,
    now: Timestamp,
) -> QueryResult<()> {
    remove(conn, community, user)?;
    diesel::insert_into(community_members::table)
        .values((
            community_members::community_id.eq(community),
            community_members::user_id.eq(user),
            community_members::role.eq(role),
            community_members::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn role_of(
    conn: &mut DbConn,
    community: &CommunityId,
    user: &UserId,
) -> QueryResult<Option<CommunityRole>> {
    community_members::table
        .filter(community_members::community_id.eq(community))
        .filter(community_members::user_id.eq(user))
        .select(community_members::role)
        .first(conn)
        .optional()
}

pub fn remove(conn: &mut DbConn, community: &CommunityId, user: &UserId) -> QueryResult<usize> {
    diesel::delete(
        community_members::table
            .filter(community_members::community_id.eq(community))
            .filter(community_members::user_id.eq(user)),
    )
    .execute(conn)
}

// ----- Embedding settings (issue 18, widgets) -----

/// A sub-community's Embedding section: allowed origins and URL prefixes (newline
/// separated, already validated and normalised) and whether anonymous visitors see the
/// ask box.
pub fn set_embedding(
    conn: &mut DbConn,
    id: &CommunityId,
    origins: &str,
    url_prefixes: &str,
    anonymous_ask: bool,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(communities::table.find(id))
        .set((
            communities::embed_origins.eq(origins),
            communities::embed_url_prefixes.eq(url_prefixes),
            communities::embed_anonymous_ask.eq(anonymous_ask),
            communities::updated_at.eq(now),
        ))
        .execute(conn)
}

/// A sub-community's default content language (English when it is unknown).
pub fn default_language(conn: &mut DbConn, id: &CommunityId) -> QueryResult<Language> {
    Ok(communities::table
        .find(id)
        .select(communities::default_language)
        .first::<Language>(conn)
        .optional()?
        .unwrap_or(Language::En))
}

/// Issue 19: a sub-community's default content language and wiki reputation threshold.
pub fn set_content_settings(
    conn: &mut DbConn,
    id: &CommunityId,
    language: Language,
    wiki_min_reputation: i32,
) -> QueryResult<usize> {
    diesel::update(communities::table.find(id))
        .set((
            communities::default_language.eq(language),
            communities::wiki_min_reputation.eq(wiki_min_reputation),
        ))
        .execute(conn)
}

/// Issue 19: the reputation needed to edit the sub-community's wikis.
pub fn set_wiki_min_reputation(
    conn: &mut DbConn,
    id: &CommunityId,
    min: i32,
) -> QueryResult<usize> {
    diesel::update(communities::table.find(id))
        .set(communities::wiki_min_reputation.eq(min))
        .execute(conn)
}
