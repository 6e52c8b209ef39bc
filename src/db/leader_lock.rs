//! Issue 22: the leader lease of scheduled work, on PostgreSQL a session-level advisory
//! lock held by a connection of its own, outside the pool (see `ops::leader`).

use diesel::pg::PgConnection;
use diesel::sql_types::Bool;
use diesel::{Connection, QueryableByName, RunQueryDsl};

use super::{Backend, DatabaseUrl, DbError};

/// The key of the leader's advisory lock (any constant of our own, not the migration
/// lock's). Advisory locks are per database, so deployments sharing a server never meet.
const LEADER_LOCK_KEY: i64 = 0x7061_726c_6579_0002;

/// A dedicated connection that holds the leader lock for as long as it is open. When the
/// process dies its connection closes and PostgreSQL releases the lock.
pub struct LeaderConnection(PgConnection);

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

impl DatabaseUrl {
    /// Issue 22: tries, without waiting, to take the leader lock on a new connection.
    /// `Ok(None)`: another node holds it. Never call on SQLite (one process leads).
    pub fn try_leader_lock(&self) -> Result<Option<LeaderConnection>, DbError> {
        if self.backend != Backend::Postgres {
            return Err(DbError::Config(
                "the leader lock is a PostgreSQL lock".into(),
            ));
        }
        let mut conn = PgConnection::establish(&self.target)
            .map_err(|e| DbError::Config(format!("leader connection: {e}")))?;
        let row: Locked = diesel::sql_query(format!(
            "SELECT pg_try_advisory_lock({LEADER_LOCK_KEY}) AS locked"
        ))
        .get_result(&mut conn)?;
        Ok(row.locked.then_some(LeaderConnection(conn)))
    }
}

impl LeaderConnection {
    /// Whether the connection, and with it the lock, is still there: the session must
    /// still hold our advisory lock (an administrator may have ended the session).
    pub fn still_held(&mut self) -> bool {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
             AND pid = pg_backend_pid() AND granted \
             AND classid = ({LEADER_LOCK_KEY}::bigint >> 32)::oid \
             AND objid = ({LEADER_LOCK_KEY}::bigint & 4294967295)::oid) AS locked"
        );
        diesel::sql_query(sql)
            .get_result::<Locked>(&mut self.0)
            .map(|r| r.locked)
            .unwrap_or(false)
    }
}
