//! Typed settings: built-in defaults, then an optional `parley.toml`, then `PARLEY_*`
//! environment variables (nested keys with `__`), then command-line flags.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

use crate::db::DatabaseUrl;

mod second;
pub use second::{I18nSettings, InboundImapSettings, InboundSmtpSettings, OutcomeSettings};
mod metrics; // issue 22
pub use metrics::MetricsSettings;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address and port to listen on.
    pub bind: String,
    /// Where the SQLite database and file-transport mail live.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://...`; empty means `<data_dir>/parley.db`.
    pub database_url: String,
    /// Public URL used in mails and links; empty means `http://<bind>`.
    pub base_url: String,
    /// `smtp://host:port`, `smtps://user:pass@host`, `smtp://host:587?tls=required`;
    /// empty means mail is written to files under `<data_dir>/mail`.
    pub smtp_url: String,
    pub mail_from: String,
    pub pool_size: u32,
    /// Sign-in sessions last this long after the last visit.
    pub session_days: i64,
    /// Honour `X-Forwarded-For` for client addresses (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    pub rate_limits: RateLimits,
    pub mail: MailSettings,
    pub notifications: NotificationSettings,
    pub api: ApiSettings,
    pub webhooks: WebhookSettings,
    /// Memory for the page cache (rendered anonymous topic pages, signed-in templates and
    /// the topic-page data every viewer shares), in MiB; 0 switches it off.
    pub page_cache_mib: u64,
    /// `parley serve --demo`'s example corporate page (`[demo]`, `PARLEY_DEMO__HOST_BIND`).
    pub demo: DemoSettings,
    /// Search (`[search]`, `PARLEY_SEARCH__LOG_RETENTION_DAYS`).
    pub search: SearchSettings,
    /// Single sign-on with OpenID Connect (`[sso]`, `PARLEY_SSO__ENCRYPTION_KEY`).
    pub sso: SsoSettings,
    /// Inbound mail through Parley's own SMTP listener (`[inbound_smtp]`, issue 24).
    pub inbound_smtp: InboundSmtpSettings,
    /// Inbound mail by polling an IMAP mailbox (`[inbound_imap]`, issue 24).
    pub inbound_imap: InboundImapSettings,
    /// The outcome dashboard's background work (`[outcomes]`, issue 20).
    pub outcomes: OutcomeSettings,
    /// Issue 21: translations (`[i18n]`).
    pub i18n: I18nSettings,
    /// Default tracing filter when `RUST_LOG` is unset.
    pub log: String,
    /// Issue 22: `text` (default) or `json`, one object per line (`PARLEY_LOG_FORMAT`).
    pub log_format: String,
    /// Issue 22: `/metrics` (`[metrics]`).
    pub metrics: MetricsSettings,
    /// Issue 22 (privacy requests): `[privacy]`.
    pub privacy: PrivacySettings,
}

/// Privacy requests (issue 22).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivacySettings {
    /// Days between a member's deletion request and the erasure (signing in before
    /// then cancels it; an admin can erase at once).
    pub deletion_grace_days: i64,
    /// Seconds between two passes of the privacy job on the elected node (a request
    /// also wakes the job of the node that took it).
    pub poll_secs: u64,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        Self {
            deletion_grace_days: 7,
            poll_secs: 30,
        }
    }
}

/// Search (issue 19).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchSettings {
    /// Search-log entries older than this are pruned (content gaps look at this window).
    pub log_retention_days: i64,
}

impl Default for SearchSettings {
    fn default() -> Self {
        Self {
            log_retention_days: 90,
        }
    }
}

/// OpenID Connect sign-in (issue 23).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SsoSettings {
    /// Key that encrypts the providers' client secrets and refresh tokens at rest
    /// (base64 of 32 bytes). Empty: SSO providers cannot be configured.
    pub encryption_key: String,
    /// How often a member signed in through SSO is checked again against the provider
    /// with their refresh token (a refused refresh ends their sessions and SSO roles).
    pub recheck_interval_hours: i64,
    /// Accept `http://` issuers on other hosts than loopback (never in production).
    pub allow_insecure_issuers: bool,
}

impl Default for SsoSettings {
    fn default() -> Self {
        Self {
            encryption_key: String::new(),
            recheck_interval_hours: 12,
            allow_insecure_issuers: false,
        }
    }
}

/// The demo host page (issue 18): a second small server showing the widgets on "another
/// site".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DemoSettings {
    /// Address and port of the demo host page; empty means Parley's address with the
    /// next port (`127.0.0.1:8081` beside `127.0.0.1:8080`).
    pub host_bind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimits {
    pub signin_per_ip_per_minute: u32,
    pub signin_per_account_per_minute: u32,
    pub signup_per_ip_per_hour: u32,
    pub reset_per_ip_per_hour: u32,
    pub reset_per_account_per_hour: u32,
}

/// `/api/v1` limits (`[api]` in `parley.toml`, `PARLEY_API__RATE_LIMIT_PER_TOKEN`, ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiSettings {
    /// Requests per minute per token, shared by every app node; 0: unlimited.
    pub rate_limit_per_token: u32,
    /// Requests per minute per client address for calls without a token; 0: unlimited.
    pub rate_limit_per_address: u32,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            rate_limit_per_token: 600,
            rate_limit_per_address: 300,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// How often the outbox worker looks for due mail when not woken earlier.
    pub poll_interval_ms: u64,
    /// Attempts before a message is marked failed.
    pub max_attempts: i32,
    /// First retry delay; doubled on each further attempt, capped at one hour.
    pub retry_base_secs: i64,
    /// Run the delivery worker in this process.
    pub worker: bool,
    /// Domain of the per-recipient reply addresses (`reply+<token>@<reply_domain>`,
    /// `PARLEY_MAIL__REPLY_DOMAIN`); empty means notification mail invites no reply.
    pub reply_domain: String,
    /// Hard bounces after which an address is marked bouncing and no longer mailed.
    pub bounce_threshold: i32,
    /// Run the inbound-mail worker (replies, delivery reports) in this process.
    pub inbound_worker: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationSettings {
    /// Notification mail waits this long, so several events become one mail and what
    /// was read on the site in the meantime is not mailed at all.
    pub batch_secs: i64,
    /// At most this many notification mails per member in 24 hours (digests excluded).
    pub daily_cap: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Hosts webhooks may reach even though they resolve to loopback, private or
    /// link-local addresses (intranet receivers), comma-separated
    /// (`PARLEY_WEBHOOKS__ALLOW_HOSTS=crm.intranet,10.0.0.7`).
    pub allow_hosts: String,
    /// Run the delivery workers in this process.
    pub worker: bool,
    /// How often the workers look for due deliveries when not woken earlier.
    pub poll_interval_ms: u64,
    /// Requests in flight at once per process.
    pub concurrency: usize,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_hosts: String::new(),
            worker: true,
            poll_interval_ms: 1000,
            concurrency: 16,
        }
    }
}

impl Default for NotificationSettings {
    fn default() -> Self {
        Self {
            batch_secs: 180,
            daily_cap: 20,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            base_url: String::new(),
            smtp_url: String::new(),
            mail_from: "Parley <parley@localhost>".into(),
            pool_size: 16,
            session_days: 30,
            trust_proxy: false,
            max_body_bytes: 256 * 1024,
            rate_limits: RateLimits::default(),
            mail: MailSettings::default(),
            notifications: NotificationSettings::default(),
            api: ApiSettings::default(),
            webhooks: WebhookSettings::default(),
            page_cache_mib: 32,
            demo: DemoSettings::default(),
            search: SearchSettings::default(),
            sso: SsoSettings::default(),
            inbound_smtp: InboundSmtpSettings::default(),
            inbound_imap: InboundImapSettings::default(),
            outcomes: OutcomeSettings::default(),
            i18n: I18nSettings::default(),
            log: "info,parley=info".into(),
            log_format: String::new(),
            metrics: MetricsSettings::default(),
            privacy: PrivacySettings::default(),
        }
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            signin_per_ip_per_minute: 20,
            signin_per_account_per_minute: 6,
            signup_per_ip_per_hour: 20,
            reset_per_ip_per_hour: 10,
            reset_per_account_per_hour: 3,
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            poll_interval_ms: 1000,
            max_attempts: 8,
            retry_base_secs: 30,
            worker: true,
            reply_domain: String::new(),
            bounce_threshold: 3,
            inbound_worker: true,
        }
    }
}

impl Settings {
    /// Defaults, then `config_file` (or `./parley.toml` when present), then the environment.
    pub fn load(config_file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match config_file {
            Some(path) => fig = fig.merge(Toml::file_exact(path)),
            None => fig = fig.merge(Toml::file("parley.toml")),
        }
        fig = fig.merge(Env::prefixed("PARLEY_").split("__"));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            fig = fig.merge(Serialized::default("database_url", url));
        }
        fig.extract().map_err(Box::new)
    }

    pub fn database(&self) -> Result<DatabaseUrl, String> {
        if self.database_url.trim().is_empty() {
            Ok(DatabaseUrl::sqlite_file(&self.data_dir.join("parley.db")))
        } else {
            DatabaseUrl::parse(self.database_url.trim())
        }
    }

    /// The public base URL without a trailing slash.
    pub fn public_base_url(&self) -> String {
        if self.base_url.trim().is_empty() {
            format!("http://{}", self.bind)
        } else {
            self.base_url.trim().trim_end_matches('/').to_string()
        }
    }

    /// Cookies are `Secure` (and `__Host-` prefixed) when the public URL is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url().starts_with("https://")
    }

    /// Where the demo host page listens: `demo.host_bind`, else Parley's port + 1 on
    /// 127.0.0.1.
    pub fn demo_host_bind(&self) -> String {
        if !self.demo.host_bind.trim().is_empty() {
            return self.demo.host_bind.trim().to_string();
        }
        let port = self
            .bind
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .unwrap_or(8080);
        format!("127.0.0.1:{}", port.saturating_add(1))
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}
