//! Background WAL checkpoints for SQLite.
//!
//! In WAL mode every commit appends pages to the `-wal` file, and a checkpoint copies
//! them back into the database file (and syncs both). SQLite runs it by default inside
//! the commit that crosses `wal_autocheckpoint` pages: on the one writer, while every
//! queued writer waits. Here a thread of its own checkpoints instead, on its own
//! connection, so the writer only appends. A checkpoint may run beside a writer (it
//! copies only frames committed before it started), and `PASSIVE` never waits for
//! readers or the writer. The writer's own automatic checkpoint stays as a backstop
//! should this thread fall far behind (see `DbPool::open_writer`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::RunQueryDsl;

use super::{establish_counted, DatabaseUrl};

/// How often the thread checkpoints while the pool lives.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// Held by every clone of the pool; the thread stops once the last one is gone.
#[derive(Debug, Default)]
pub struct Checkpointer {
    /// Checkpoints that copied at least one frame.
    copied: AtomicU64,
}

impl Checkpointer {
    /// Starts the thread for the SQLite database at `url`.
    pub fn start(url: &DatabaseUrl) -> std::io::Result<Arc<Self>> {
        let me = Arc::new(Self::default());
        let (watch, url) = (Arc::downgrade(&me), url.clone());
        std::thread::Builder::new()
            .name("parley-checkpoint".into())
            .spawn(move || run(&watch, &url))?;
        Ok(me)
    }

    /// Checkpoints so far that copied pages into the database file.
    pub fn copied(&self) -> u64 {
        self.copied.load(Ordering::Relaxed)
    }
}

#[derive(diesel::QueryableByName)]
struct Outcome {
    /// Frames in the WAL.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    log: i32,
    /// Frames of it now in the database file.
    #[diesel(sql_type = diesel::sql_types::Integer)]
    checkpointed: i32,
}

fn run(watch: &Weak<Checkpointer>, url: &DatabaseUrl) {
    let mut conn = None;
    let mut backfilled = 0;
    loop {
        std::thread::sleep(INTERVAL);
        let Some(me) = watch.upgrade() else {
            return;
        };
        if conn.is_none() {
            conn = match establish_counted(url, None) {
                Ok(super::DbConn::Sqlite(c)) => Some(c),
                Ok(_) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "checkpointer cannot open the database; retrying");
                    continue;
                }
            };
        }
        let Some(c) = conn.as_mut() else { continue };
        match diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result::<Outcome>(c) {
            Ok(o) => {
                // A WAL that was restarted starts counting frames from zero again.
                if o.checkpointed != backfilled && o.checkpointed > 0 {
                    me.copied.fetch_add(1, Ordering::Relaxed);
                }
                backfilled = o.checkpointed;
                tracing::trace!(log = o.log, checkpointed = o.checkpointed, "checkpoint");
            }
            Err(e) => {
                tracing::warn!(error = %e, "checkpoint failed");
                conn = None;
            }
        }
    }
}
