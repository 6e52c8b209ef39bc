//! Operations settings (issue 22): the `/metrics` endpoint and the log format, kept out
//! of `config.rs` so it stays readable.

use serde::{Deserialize, Serialize};

/// Prometheus metrics (`[metrics]`, `PARLEY_METRICS__TOKEN`, `PARLEY_METRICS__BIND`).
/// With neither set, `/metrics` does not exist (404).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsSettings {
    /// A bearer token: `/metrics` on the main address answers only
    /// `Authorization: Bearer <token>` (401 otherwise). Empty: not served there.
    pub token: String,
    /// A separate `host:port` serving only `/metrics` (no token asked there unless one is
    /// set), e.g. an address only the monitoring network reaches. Empty: none.
    pub bind: String,
}

impl MetricsSettings {
    pub fn token(&self) -> Option<&str> {
        Some(self.token.trim()).filter(|t| !t.is_empty())
    }

    pub fn bind(&self) -> Option<&str> {
        Some(self.bind.trim()).filter(|b| !b.is_empty())
    }
}
