//! Operations (issue 22): safe concurrent starts (`lock_file`, and the migration lock in
//! `db::migration_lock`), `HEAD` for every `GET` route (`head`), `/metrics`
//! (`metrics`), graceful shutdown (`shutdown`) and SQLite backups (`backup`).

pub mod backup;
pub mod copy; // issue 22 (ops-data): `parley copy`
pub mod head;
pub mod leader; // issue 22 (multi-node)
pub mod lock_file;
pub mod metrics;
pub mod shutdown;

use actix_web::dev::ServerHandle;

use crate::ops::lock_file::{LockGuard, Mode};
use crate::state::AppState;

/// What a running application holds for operations: its request counters, the
/// "a server runs here" lock (SQLite), and the metrics-only server when configured.
pub struct Running {
    pub metrics: metrics::Registry,
    metrics_server: Option<ServerHandle>,
    metrics_port: Option<u16>,
    _serving: Option<LockGuard>,
}

impl Running {
    /// Takes the serve lock (SQLite: shared with the other servers on the file; refused
    /// only while `parley restore` swaps the file) and starts the metrics-only server on
    /// `[metrics] bind`, if set. Call inside the runtime.
    pub fn start(state: &AppState) -> anyhow::Result<Self> {
        let serving = match state.db.url().sqlite_path() {
            Some(db) => {
                let path = backup::serve_lock_path(db);
                match lock_file::try_lock(&path, Mode::Shared)? {
                    Some(guard) => Some(guard),
                    None => anyhow::bail!(
                        "{} is being restored (parley restore holds {}); start again when it is done",
                        db.display(),
                        path.display()
                    ),
                }
            }
            None => None,
        };
        let metrics = metrics::Registry::default();
        let (metrics_server, metrics_port) = match state.settings.metrics.bind() {
            Some(bind) => {
                let listener = std::net::TcpListener::bind(bind)
                    .map_err(|e| anyhow::anyhow!("metrics: cannot listen on {bind}: {e}"))?;
                let port = listener.local_addr()?.port();
                let server = metrics::separate_server(listener, state.clone(), metrics.clone())?;
                let handle = server.handle();
                tokio::spawn(server);
                tracing::info!(port, "metrics listening");
                (Some(handle), Some(port))
            }
            None => (None, None),
        };
        Ok(Self {
            metrics,
            metrics_server,
            metrics_port,
            _serving: serving,
        })
    }

    /// The port of the metrics-only server, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    /// After the main server stopped: stops the metrics server; the serve lock goes with
    /// `self`.
    pub async fn stop(self) {
        if let Some(handle) = self.metrics_server {
            handle.stop(true).await;
        }
    }
}
