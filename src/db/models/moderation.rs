//! Flags, review items, policy rules and detectors, moderation settings.

use diesel::prelude::*;

use crate::db::models::authors::AuthorView;
use crate::db::schema::{
    community_moderation, flags, moderation_settings, policy_detectors, policy_rules, review_items,
    users,
};
use crate::db::{
    CommunityId, DbConn, Detector, FlagId, FlagReason, PolicyAction, PolicyRuleId, PostId,
    ReviewItemId, ReviewReason, ReviewStatus, RuleKind, Timestamp, UserId,
};

// ----- Flags -----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = flags)]
pub struct FlagRow {
    pub id: FlagId,
    pub post_id: PostId,
    pub user_id: UserId,
    pub reason: FlagReason,
    pub note: String,
    pub trusted: bool,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = flags)]
pub struct NewFlag<'a> {
    pub id: &'a FlagId,
    pub post_id: &'a PostId,
    pub user_id: &'a UserId,
    pub reason: FlagReason,
    pub note: &'a str,
    pub trusted: bool,
    pub created_at: Timestamp,
}

pub fn insert_flag(conn: &mut DbConn, f: &NewFlag<'_>) -> QueryResult<()> {
    diesel::insert_into(flags::table)
        .values(f)
        .execute(conn)
        .map(|_| ())
}

pub fn find_flag(conn: &mut DbConn, post: &PostId, user: &UserId) -> QueryResult<Option<FlagRow>> {
    flags::table
        .filter(flags::post_id.eq(post))
        .filter(flags::user_id.eq(user))
        .select(FlagRow::as_select())
        .first(conn)
        .optional()
}

/// A resolved flag from the same member is replaced by the new one.
pub fn delete_flag(conn: &mut DbConn, id: &FlagId) -> QueryResult<usize> {
    diesel::delete(flags::table.find(id)).execute(conn)
}

pub fn open_trusted_flag_count(conn: &mut DbConn, post: &PostId) -> QueryResult<i64> {
    flags::table
        .filter(flags::post_id.eq(post))
        .filter(flags::resolved_at.is_null())
        .filter(flags::trusted.eq(true))
        .count()
        .get_result(conn)
}

/// Open flags on these posts with who flagged, oldest first.
pub fn open_flags_for(
    conn: &mut DbConn,
    posts: &[PostId],
) -> QueryResult<Vec<(FlagRow, AuthorView)>> {
    if posts.is_empty() {
        return Ok(vec![]);
    }
    flags::table
        .inner_join(users::table.on(users::id.eq(flags::user_id)))
        .filter(flags::post_id.eq_any(posts))
        .filter(flags::resolved_at.is_null())
        .order(flags::created_at.asc())
        .select((FlagRow::as_select(), AuthorView::as_select()))
        .load(conn)
}

pub fn resolve_flags(conn: &mut DbConn, post: &PostId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(
        flags::table
            .filter(flags::post_id.eq(post))
            .filter(flags::resolved_at.is_null()),
    )
    .set(flags::resolved_at.eq(Some(now)))
    .execute(conn)
}

// ----- Review items -----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = review_items)]
pub struct ReviewItem {
    pub id: ReviewItemId,
    pub post_id: PostId,
    pub community_id: CommunityId,
    pub reason: ReviewReason,
    pub matches: String,
    pub status: ReviewStatus,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<UserId>,
}

pub fn open_item_for_post(conn: &mut DbConn, post: &PostId) -> QueryResult<Option<ReviewItem>> {
    review_items::table
        .filter(review_items::post_id.eq(post))
        .filter(review_items::status.eq(ReviewStatus::Open))
        .select(ReviewItem::as_select())
        .first(conn)
        .optional()
}

pub fn find_item(conn: &mut DbConn, id: &ReviewItemId) -> QueryResult<Option<ReviewItem>> {
    review_items::table
        .find(id)
        .select(ReviewItem::as_select())
        .first(conn)
        .optional()
}

pub fn insert_item(
    conn: &mut DbConn,
    post: &PostId,
    community: &CommunityId,
    reason: ReviewReason,
    matches: &str,
    now: Timestamp,
) -> QueryResult<ReviewItemId> {
    let id = ReviewItemId::new();
    diesel::insert_into(review_items::table)
        .values((
            review_items::id.eq(&id),
            review_items::post_id.eq(post),
            review_items::community_id.eq(community),
            review_items::reason.eq(reason),
            review_items::matches.eq(matches),
            review_items::status.eq(ReviewStatus::Open),
            review_items::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Adds what matched to an open item (an edit that matched again, a flag on a held post).
pub fn append_matches(conn: &mut DbConn, id: &ReviewItemId, more: &str) -> QueryResult<()> {
    if more.is_empty() {
        return Ok(());
    }
    let current = find_item(conn, id)?.map(|i| i.matches).unwrap_or_default();
    let joined = if current.is_empty() {
        more.to_string()
    } else {
        format!("{current}\n{more}")
    };
    diesel::update(review_items::table.find(id))
        .set(review_items::matches.eq(joined))
        .execute(conn)
        .map(|_| ())
}

/// Closes an open item; 0 when it was already resolved (by a concurrent moderator).
pub fn resolve_item(
    conn: &mut DbConn,
    id: &ReviewItemId,
    status: ReviewStatus,
    by: &UserId,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        review_items::table
            .find(id)
            .filter(review_items::status.eq(ReviewStatus::Open)),
    )
    .set((
        review_items::status.eq(status),
        review_items::resolved_at.eq(Some(now)),
        review_items::resolved_by.eq(Some(by)),
    ))
    .execute(conn)
}

/// Open items of these sub-communities, oldest first.
/// Open items of `communities`, oldest first, after the keyset position `after`
/// (`created_at`, `id`) when given.
pub fn open_items(
    conn: &mut DbConn,
    communities: &[CommunityId],
    after: Option<&(Timestamp, ReviewItemId)>,
    limit: i64,
) -> QueryResult<Vec<ReviewItem>> {
    let mut query = review_items::table
        .filter(review_items::community_id.eq_any(communities))
        .filter(review_items::status.eq(ReviewStatus::Open))
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            review_items::created_at.gt(*at).or(review_items::created_at
                .eq(*at)
                .and(review_items::id.gt(id.clone()))),
        );
    }
    query
        .order((review_items::created_at.asc(), review_items::id.asc()))
        .limit(limit)
        .select(ReviewItem::as_select())
        .load(conn)
}

// ----- Policy rules and detectors -----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_rules)]
pub struct PolicyRule {
    pub id: PolicyRuleId,
    pub community_id: Option<CommunityId>,
    pub kind: RuleKind,
    pub pattern: String,
    pub action: PolicyAction,
    pub skip_employee_only: bool,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = policy_rules)]
pub struct NewPolicyRule<'a> {
    pub id: &'a PolicyRuleId,
    pub community_id: Option<&'a CommunityId>,
    pub kind: RuleKind,
    pub pattern: &'a str,
    pub action: PolicyAction,
    pub skip_employee_only: bool,
    pub created_by: Option<&'a UserId>,
    pub created_at: Timestamp,
}

pub fn insert_rule(conn: &mut DbConn, r: &NewPolicyRule<'_>) -> QueryResult<()> {
    diesel::insert_into(policy_rules::table)
        .values(r)
        .execute(conn)
        .map(|_| ())
}

pub fn find_rule(conn: &mut DbConn, id: &PolicyRuleId) -> QueryResult<Option<PolicyRule>> {
    policy_rules::table
        .find(id)
        .select(PolicyRule::as_select())
        .first(conn)
        .optional()
}

pub fn delete_rule(conn: &mut DbConn, id: &PolicyRuleId) -> QueryResult<usize> {
    diesel::delete(policy_rules::table.find(id)).execute(conn)
}

/// Deployment-wide rules (`community` None) or those of one sub-community only.
pub fn rules_of(
    conn: &mut DbConn,
    community: Option<&CommunityId>,
) -> QueryResult<Vec<PolicyRule>> {
    let q = policy_rules::table
        .select(PolicyRule::as_select())
        .order(policy_rules::created_at.asc());
    match community {
        Some(c) => q.filter(policy_rules::community_id.eq(c)).load(conn),
        None => q.filter(policy_rules::community_id.is_null()).load(conn),
    }
}

/// The rules that apply in a sub-community: the deployment's and its own.
pub fn rules_for(conn: &mut DbConn, community: &CommunityId) -> QueryResult<Vec<PolicyRule>> {
    crate::db::native!(conn, c => policy_rules::table
        .filter(
            policy_rules::community_id
                .is_null()
                .or(policy_rules::community_id.eq(community)),
        )
        .order(policy_rules::created_at.asc())
        .select(PolicyRule::as_select())
        .load(c))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_detectors)]
pub struct DetectorSetting {
    pub detector: Detector,
    pub enabled: bool,
    pub action: PolicyAction,
    pub skip_employee_only: bool,
}

pub fn detectors(conn: &mut DbConn) -> QueryResult<Vec<DetectorSetting>> {
    crate::db::native!(conn, c => policy_detectors::table
        .order(policy_detectors::detector.asc())
        .select(DetectorSetting::as_select())
        .load(c))
}

pub fn save_detector(conn: &mut DbConn, d: &DetectorSetting) -> QueryResult<usize> {
    diesel::update(policy_detectors::table.find(d.detector))
        .set((
            policy_detectors::enabled.eq(d.enabled),
            policy_detectors::action.eq(d.action),
            policy_detectors::skip_employee_only.eq(d.skip_employee_only),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, AsChangeset)]
#[diesel(table_name = moderation_settings)]
pub struct ModerationSettings {
    pub id: i32,
    /// Open flags from trusted members that hide a post until reviewed.
    pub flag_threshold: i32,
    /// An account is "new" for this long after it was created.
    pub new_account_hours: i32,
    pub new_account_posts_per_hour: i32,
    pub new_account_max_links: i32,
    /// One code name per line.
    pub code_names: String,
    /// One marker phrase per line ("confidential", "internal only").
    pub markers: String,
    pub updated_at: Timestamp,
}

pub fn settings(conn: &mut DbConn) -> QueryResult<ModerationSettings> {
    crate::db::native!(conn, c => moderation_settings::table
        .find(1)
        .select(ModerationSettings::as_select())
        .first(c))
}

pub fn save_settings(conn: &mut DbConn, s: &ModerationSettings) -> QueryResult<usize> {
    diesel::update(moderation_settings::table.find(1))
        .set(s)
        .execute(conn)
}

/// How many first posts of a new member a sub-community holds for approval (0: none).
pub fn hold_first_posts(conn: &mut DbConn, community: &CommunityId) -> QueryResult<i32> {
    Ok(crate::db::native!(conn, c => community_moderation::table
        .find(community)
        .select(community_moderation::hold_first_posts)
        .first(c)
        .optional())?
    .unwrap_or(0))
}

/// Insert-or-update without ON CONFLICT (the two-backend connection has none): the
/// caller runs inside the write transaction, so update-then-insert cannot race.
pub fn set_hold_first_posts(
    conn: &mut DbConn,
    community: &CommunityId,
    n: i32,
    now: Timestamp,
) -> QueryResult<()> {
    let updated = diesel::update(community_moderation::table.find(community))
        .set((
            community_moderation::hold_first_posts.eq(n),
            community_moderation::updated_at.eq(now),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(community_moderation::table)
            .values((
                community_moderation::community_id.eq(community),
                community_moderation::hold_first_posts.eq(n),
                community_moderation::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Review items follow their posts when a topic moves to another sub-community, so the
/// destination's moderators review them.
pub fn move_items_of_topic(
    conn: &mut DbConn,
    topic: &crate::db::TopicId,
    community: &CommunityId,
) -> QueryResult<usize> {
    use crate::db::schema::posts;
    diesel::update(
        review_items::table.filter(
            review_items::post_id.eq_any(
                posts::table
                    .filter(posts::topic_id.eq(topic))
                    .select(posts::id),
            ),
        ),
    )
    .set(review_items::community_id.eq(community))
    .execute(conn)
}

/// The open items of these posts, in one query.
pub fn open_items_for_posts(conn: &mut DbConn, posts: &[PostId]) -> QueryResult<Vec<ReviewItem>> {
    if posts.is_empty() {
        return Ok(vec![]);
    }
    review_items::table
        .filter(review_items::post_id.eq_any(posts))
        .filter(review_items::status.eq(ReviewStatus::Open))
        .select(ReviewItem::as_select())
        .load(conn)
}
