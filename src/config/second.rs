//! Settings of the second wave's mail and outcome features (issues 20 and 24), kept out
//! of `config.rs` so it stays readable.

use serde::{Deserialize, Serialize};

/// Parley's own SMTP listener for inbound mail (`[inbound_smtp]`,
/// `PARLEY_INBOUND_SMTP__BIND`): replies to notification mail and delivery reports,
/// forwarded by the company's relay or MX.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InboundSmtpSettings {
    /// `host:port` to listen on; empty switches the listener off.
    pub bind: String,
    /// Largest message accepted, in bytes (larger ones are refused at `DATA`).
    pub max_bytes: usize,
}

impl Default for InboundSmtpSettings {
    fn default() -> Self {
        Self {
            bind: String::new(),
            max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Polling an IMAP mailbox for inbound mail instead (`[inbound_imap]`,
/// `PARLEY_INBOUND_IMAP__URL=imaps://user:password@imap.example.com/INBOX`; `imap://`
/// for a mailbox on the same host or network).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InboundImapSettings {
    /// `imaps://user:password@host[:port][/mailbox]` (TLS, port 993 by default) or
    /// `imap://` (plain, port 143); empty switches polling off.
    pub url: String,
    /// Seconds between two polls.
    pub poll_interval_secs: u64,
    /// A PEM file of certificate authorities to trust for `imaps://` besides the public
    /// web's (a company's private CA); empty: the public roots only.
    pub ca_file: String,
}

impl Default for InboundImapSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            poll_interval_secs: 60,
            ca_file: String::new(),
        }
    }
}

/// The outcome dashboard's background work (`[outcomes]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeSettings {
    /// Run the daily-facts job (and the monthly outcome mail) in this process.
    pub worker: bool,
    /// Seconds between two runs of the daily-facts job.
    pub facts_interval_secs: u64,
    /// Each run recomputes this many past days, so late events count.
    pub recompute_days: i64,
}

impl Default for OutcomeSettings {
    fn default() -> Self {
        Self {
            worker: true,
            facts_interval_secs: 600,
            recompute_days: 3,
        }
    }
}

/// Issue 21 (`[i18n]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct I18nSettings {
    /// Accept the pseudo-locale (`?lang=en-XA`: accented, bracketed English) so a browser
    /// run shows any text that is not translated. Off in production.
    pub pseudo_locale: bool,
}
