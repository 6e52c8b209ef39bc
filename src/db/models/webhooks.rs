//! Webhook subscriptions, the event outbox, deliveries (the queue, one per event and
//! subscription) and the attempt log. Claiming works like the mail outbox: a conditional
//! UPDATE takes a lease, so of several workers (threads or nodes) exactly one wins a row.

use diesel::prelude::*;

use crate::db::schema::{
    webhook_attempts, webhook_deliveries, webhook_events, webhook_subscriptions,
};
use crate::db::{
    CommunityId, DbConn, DeliveryStatus, TeamId, Timestamp, UserId, WebhookAttemptId,
    WebhookDeliveryId, WebhookEventId, WebhookId,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct Subscription {
    pub id: WebhookId,
    pub owner_id: UserId,
    pub url: String,
    /// Event types, space-separated (`WebhookEvent` spellings).
    pub events: String,
    pub community_id: Option<CommunityId>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<Timestamp>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// When the current run of failed attempts began (cleared by a success).
    pub failing_since: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Issue 20: a product team's managed subscription (from `/admin/teams`), which
    /// hears only that team's escalation events.
    pub team_id: Option<TeamId>,
}

impl Subscription {
    pub fn listens_to(&self, event: crate::db::WebhookEvent) -> bool {
        self.events.split_whitespace().any(|e| e == event.as_str())
    }

    /// The secrets a request is signed with at `now`: the current one, and the previous
    /// one while it is still honoured after a rotation.
    pub fn signing_secrets(&self, now: Timestamp) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(old), Some(until)) = (&self.previous_secret, self.previous_secret_until) {
            if until > now {
                secrets.push(old);
            }
        }
        secrets
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct NewSubscription<'a> {
    pub id: &'a WebhookId,
    pub owner_id: &'a UserId,
    pub url: &'a str,
    pub events: &'a str,
    pub community_id: Option<&'a CommunityId>,
    pub secret: &'a str,
    pub enabled: bool,
    pub created_at: Timestamp,
    pub team_id: Option<&'a TeamId>,
}

pub fn insert_subscription(conn: &mut DbConn, s: &NewSubscription<'_>) -> QueryResult<()> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(s)
        .execute(conn)
        .map(|_| ())
}

pub fn find_subscription(conn: &mut DbConn, id: &WebhookId) -> QueryResult<Option<Subscription>> {
    webhook_subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

pub fn all_subscriptions(conn: &mut DbConn) -> QueryResult<Vec<Subscription>> {
    webhook_subscriptions::table
        .order(webhook_subscriptions::created_at.asc())
        .select(Subscription::as_select())
        .load(conn)
}

pub fn enabled_subscriptions(conn: &mut DbConn) -> QueryResult<Vec<Subscription>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::enabled.eq(true))
        .select(Subscription::as_select())
        .load(conn)
}

/// The managed subscription of a product team, if it has one.
pub fn team_subscription(conn: &mut DbConn, team: &TeamId) -> QueryResult<Option<Subscription>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::team_id.eq(team))
        .order(webhook_subscriptions::created_at.asc())
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

/// Points a team's subscription at a new URL and owner, enabled again with a clean
/// failure record (a new receiver starts afresh).
pub fn retarget(
    conn: &mut DbConn,
    id: &WebhookId,
    url: &str,
    owner: &UserId,
) -> QueryResult<usize> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::url.eq(url),
            webhook_subscriptions::owner_id.eq(owner),
            webhook_subscriptions::enabled.eq(true),
            webhook_subscriptions::disabled_reason.eq(None::<String>),
            webhook_subscriptions::failing_since.eq(None::<Timestamp>),
        ))
        .execute(conn)
}

/// A subscription's URL, events (space-separated) and sub-community (`None`: all).
pub fn update_subscription(
    conn: &mut DbConn,
    id: &WebhookId,
    url: &str,
    events: &str,
    community: Option<&CommunityId>,
) -> QueryResult<usize> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::url.eq(url),
            webhook_subscriptions::events.eq(events),
            webhook_subscriptions::community_id.eq(community),
        ))
        .execute(conn)
}

pub fn delete_subscription(conn: &mut DbConn, id: &WebhookId) -> QueryResult<usize> {
    diesel::delete(webhook_subscriptions::table.find(id)).execute(conn)
}

/// Enables (clearing the failure record) or disables with a reason.
pub fn set_enabled(
    conn: &mut DbConn,
    id: &WebhookId,
    enabled: bool,
    reason: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::enabled.eq(enabled),
            webhook_subscriptions::disabled_reason.eq(reason),
            webhook_subscriptions::failing_since.eq(None::<Timestamp>),
        ))
        .execute(conn)
}

pub fn rotate_secret(
    conn: &mut DbConn,
    id: &WebhookId,
    new_secret: &str,
    old_secret: &str,
    old_until: Timestamp,
) -> QueryResult<usize> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::secret.eq(new_secret),
            webhook_subscriptions::previous_secret.eq(Some(old_secret)),
            webhook_subscriptions::previous_secret_until.eq(Some(old_until)),
        ))
        .execute(conn)
}

pub fn set_failing_since(
    conn: &mut DbConn,
    id: &WebhookId,
    since: Option<Timestamp>,
) -> QueryResult<usize> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set(webhook_subscriptions::failing_since.eq(since))
        .execute(conn)
}

// ----- Events -----

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_events)]
pub struct EventRow {
    pub id: WebhookEventId,
    pub event_type: String,
    pub community_id: Option<CommunityId>,
    pub payload: String,
    pub created_at: Timestamp,
}

pub fn insert_event(conn: &mut DbConn, e: &EventRow) -> QueryResult<()> {
    diesel::insert_into(webhook_events::table)
        .values(e)
        .execute(conn)
        .map(|_| ())
}

// ----- Deliveries -----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct Delivery {
    pub id: WebhookDeliveryId,
    pub event_id: WebhookEventId,
    pub subscription_id: WebhookId,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct NewDelivery<'a> {
    pub id: &'a WebhookDeliveryId,
    pub event_id: &'a WebhookEventId,
    pub subscription_id: &'a WebhookId,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub created_at: Timestamp,
}

pub fn insert_delivery(conn: &mut DbConn, d: &NewDelivery<'_>) -> QueryResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(d)
        .execute(conn)
        .map(|_| ())
}

/// Ids of deliveries due and not leased by a live worker, oldest first.
pub fn due_ids(
    conn: &mut DbConn,
    now: Timestamp,
    limit: i64,
) -> QueryResult<Vec<WebhookDeliveryId>> {
    webhook_deliveries::table
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(
            webhook_deliveries::lease_until
                .is_null()
                .or(webhook_deliveries::lease_until.lt(now)),
        )
        .order(webhook_deliveries::next_attempt_at.asc())
        .limit(limit)
        .select(webhook_deliveries::id)
        .load(conn)
}

/// Takes a lease on those of `ids` still due and unleased: one conditional UPDATE,
/// atomic on both backends (on PostgreSQL a racing transaction waits for each row and
/// re-checks the condition, so of several workers exactly one wins a row). Returns the
/// won deliveries with their event and subscription.
pub fn claim(
    conn: &mut DbConn,
    ids: &[WebhookDeliveryId],
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Vec<(Delivery, EventRow, Subscription)>> {
    let won: Vec<WebhookDeliveryId> = diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq_any(ids))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(
                webhook_deliveries::lease_until
                    .is_null()
                    .or(webhook_deliveries::lease_until.lt(now)),
            ),
    )
    .set((
        webhook_deliveries::lease_owner.eq(Some(owner)),
        webhook_deliveries::lease_until.eq(Some(lease_until)),
    ))
    .returning(webhook_deliveries::id)
    .get_results(conn)?;
    if won.is_empty() {
        return Ok(Vec::new());
    }
    webhook_deliveries::table
        .inner_join(webhook_events::table)
        .inner_join(webhook_subscriptions::table)
        .filter(webhook_deliveries::id.eq_any(&won))
        .filter(webhook_deliveries::lease_owner.eq(owner))
        .select((
            Delivery::as_select(),
            EventRow::as_select(),
            Subscription::as_select(),
        ))
        .load(conn)
}

/// Issue 22: takes leases on up to `limit` due deliveries in one transaction. On
/// PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED`, so nodes claiming at
/// once take disjoint batches instead of waiting on each other's rows; [`claim`]'s
/// conditional UPDATE stays the guard on both backends.
pub fn claim_due(
    conn: &mut DbConn,
    limit: i64,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> QueryResult<Vec<(Delivery, EventRow, Subscription)>> {
    let ids = match conn {
        DbConn::Pg(c) => webhook_deliveries::table
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(
                webhook_deliveries::lease_until
                    .is_null()
                    .or(webhook_deliveries::lease_until.lt(now)),
            )
            .order(webhook_deliveries::next_attempt_at.asc())
            .limit(limit)
            .select(webhook_deliveries::id)
            .for_update()
            .skip_locked()
            .load(c)?,
        DbConn::Sqlite(_) => due_ids(conn, now, limit)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    claim(conn, &ids, owner, now, lease_until)
}

/// What an attempt came to, recorded by the worker that holds the lease.
pub struct Outcome<'a> {
    pub status: DeliveryStatus,
    pub next_attempt_at: Timestamp,
    pub response_status: Option<i32>,
    pub error: Option<&'a str>,
    pub delivered_at: Option<Timestamp>,
}

pub fn record_outcome(
    conn: &mut DbConn,
    id: &WebhookDeliveryId,
    owner: &str,
    o: &Outcome<'_>,
) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::lease_owner.eq(owner)),
    )
    .set((
        webhook_deliveries::status.eq(o.status),
        webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
        webhook_deliveries::next_attempt_at.eq(o.next_attempt_at),
        webhook_deliveries::lease_owner.eq(None::<String>),
        webhook_deliveries::lease_until.eq(None::<Timestamp>),
        webhook_deliveries::last_status.eq(o.response_status),
        webhook_deliveries::last_error.eq(o.error),
        webhook_deliveries::delivered_at.eq(o.delivered_at),
    ))
    .execute(conn)
}

/// Records the deliveries of `ids` (leased by `owner`) answered with `status`, a success,
/// in one statement: a batch's successes mostly share one status.
pub fn mark_delivered(
    conn: &mut DbConn,
    ids: &[WebhookDeliveryId],
    owner: &str,
    status: i32,
    now: Timestamp,
) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq_any(ids))
            .filter(webhook_deliveries::lease_owner.eq(owner)),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Delivered),
        webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
        webhook_deliveries::lease_owner.eq(None::<String>),
        webhook_deliveries::lease_until.eq(None::<Timestamp>),
        webhook_deliveries::last_status.eq(Some(status)),
        webhook_deliveries::last_error.eq(None::<String>),
        webhook_deliveries::delivered_at.eq(Some(now)),
    ))
    .execute(conn)
}

/// Sets a delivery as delivered after `attempts` (loaders: the demo's log).
pub fn set_delivered(
    conn: &mut DbConn,
    id: &WebhookDeliveryId,
    attempts: i32,
    status: Option<i32>,
    at: Timestamp,
) -> QueryResult<usize> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Delivered),
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::last_status.eq(status),
            webhook_deliveries::delivered_at.eq(Some(at)),
        ))
        .execute(conn)
}

/// Marks a claimed delivery skipped (the owner may not see the event now), no attempt.
pub fn mark_skipped(
    conn: &mut DbConn,
    id: &WebhookDeliveryId,
    owner: &str,
    reason: &str,
) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::lease_owner.eq(owner)),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Skipped),
        webhook_deliveries::lease_owner.eq(None::<String>),
        webhook_deliveries::lease_until.eq(None::<Timestamp>),
        webhook_deliveries::last_error.eq(Some(reason)),
    ))
    .execute(conn)
}

/// Queues a delivery again now (a redeliver button); same `webhook-id`.
pub fn requeue(conn: &mut DbConn, id: &WebhookDeliveryId, now: Timestamp) -> QueryResult<usize> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Pending),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::lease_owner.eq(None::<String>),
            webhook_deliveries::lease_until.eq(None::<Timestamp>),
        ))
        .execute(conn)
}

/// Stops the pending deliveries of a disabled subscription.
pub fn fail_pending_of(conn: &mut DbConn, sub: &WebhookId, reason: &str) -> QueryResult<usize> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(sub))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending)),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Failed),
        webhook_deliveries::last_error.eq(Some(reason)),
    ))
    .execute(conn)
}

pub fn find_delivery(
    conn: &mut DbConn,
    id: &WebhookDeliveryId,
) -> QueryResult<Option<(Delivery, EventRow)>> {
    webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((Delivery::as_select(), EventRow::as_select()))
        .first(conn)
        .optional()
}

/// A subscription's deliveries, newest first, after the cursor `before` (keyset on the
/// time-ordered id).
pub fn deliveries_of(
    conn: &mut DbConn,
    sub: &WebhookId,
    before: Option<&WebhookDeliveryId>,
    limit: i64,
) -> QueryResult<Vec<(Delivery, EventRow)>> {
    let mut q = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::subscription_id.eq(sub))
        .select((Delivery::as_select(), EventRow::as_select()))
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(webhook_deliveries::id.lt(b));
    }
    q.order(webhook_deliveries::id.desc())
        .limit(limit)
        .load(conn)
}

// ----- Attempts -----

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct Attempt {
    pub id: WebhookAttemptId,
    pub delivery_id: WebhookDeliveryId,
    pub attempt: i32,
    pub request_headers: String,
    pub request_body: String,
    pub response_status: Option<i32>,
    pub response_body: String,
    pub error: Option<String>,
    pub started_at: Timestamp,
    pub duration_ms: i64,
}

/// Logs a batch's attempts in one statement (a multi-row insert, which the two-backend
/// connection cannot express, so on each backend's own connection).
pub fn insert_attempts(conn: &mut DbConn, attempts: &[Attempt]) -> QueryResult<()> {
    if attempts.is_empty() {
        return Ok(());
    }
    crate::db::native!(conn, c => diesel::insert_into(webhook_attempts::table)
        .values(attempts)
        .execute(c))
    .map(|_| ())
}

pub fn attempts_of(conn: &mut DbConn, delivery: &WebhookDeliveryId) -> QueryResult<Vec<Attempt>> {
    webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(delivery))
        .order(webhook_attempts::attempt.asc())
        .select(Attempt::as_select())
        .load(conn)
}
