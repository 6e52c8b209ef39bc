//! The integration-test harness: every test gets its own running Parley (port 0), data
//! directory, database, SMTP sink and manual clock, and talks to it over HTTP.
//!
//! ```text
//! let app = spawn_app().await;
//! let ana = UserBuilder::new("ana").employee().build(&app).await;
//! let browser = app.signed_in_client(&ana).await;
//! let (status, html) = browser.get_html("/").await;
//! ```
//!
//! Scenes are set with the builders of [`builders`] (sub-communities, roles, topics,
//! posts) and [`UserBuilder`], each in one place.
//!
//! Set `PARLEY_TEST_DATABASE_URL=postgres://...` to run against PostgreSQL (a database per
//! test) and `TEST_LOG=1` (or a filter such as `TEST_LOG=parley=debug`) to see logs.

// Not every test module uses every helper (and the re-exports below are the harness's
// API), while the binary is linted as a whole.
#![allow(dead_code)]

mod client;
mod database;
mod html;
mod smtp;
mod users;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Once;

use parley::clock::Clock;
use parley::config::Settings;
use parley::state::AppState;
use parley::Application;
use tokio::task::JoinHandle;

#[allow(unused_imports)]
pub use builders::{
    community_name, grant_role, remove_member, CommunityBuilder, CommunityEdit, CommunitySlug,
    PostBuilder, TestCommunity, TopicBuilder,
};
#[allow(unused_imports)]
pub use client::{
    assert_see_other, location, TestClient, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE,
};
#[allow(unused_imports)]
pub use database::{
    postgres_admin_url, postgres_database_exists, postgres_or_skip, TestDatabase, PG_ONLY_PREFIX,
    TEST_DATABASE_ENV,
};
#[allow(unused_imports)]
pub use html::{form_field, html_attr, html_select};
#[allow(unused_imports)]
pub use smtp::{MailSink, ReceivedMail};
#[allow(unused_imports)]
pub use users::{TestUser, UserBuilder, DEFAULT_PASSWORD};

/// One running application and everything that belongs to it. Dropping it stops the
/// server and SMTP sink, drops the PostgreSQL database and removes the data directory.
///
/// Derefs to its default [`TestClient`], so `app.get("/")` and `app.post_form(..)` work.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub address: String,
    pub port: u16,
    /// The default client (also reachable through `Deref`).
    pub client: TestClient,
    /// The app's manual clock: `app.clock.advance_secs(3600)` moves the app's time.
    pub clock: Clock,
    /// What the server's handlers see: pool, settings, clock, limiters.
    pub state: AppState,
    pub mail: MailSink,
    // Field order is drop order: stop the server, then the database, then the files.
    server: AbortOnDrop,
    database: Option<TestDatabase>,
    data_dir: TempDir,
}

impl Deref for TestApp {
    type Target = TestClient;

    fn deref(&self) -> &TestClient {
        &self.client
    }
}

impl TestApp {
    /// Another browser with its own cookies, against this app.
    pub fn new_client(&self) -> TestClient {
        TestClient::new(&self.address)
    }

    /// A new client signed in as `user`; panics unless `POST /login` answers 303.
    pub async fn signed_in_client(&self, user: &TestUser) -> TestClient {
        let client = self.new_client();
        let response = client.login(&user.username, &user.password).await;
        let status = response.status();
        if status != reqwest::StatusCode::SEE_OTHER {
            let body = response.text().await.unwrap_or_default();
            panic!(
                "signing in as {:?} answered {status}, expected 303:\n{body}",
                user.username
            );
        }
        assert!(
            client.session_cookie().is_some(),
            "sign-in as {:?} set no session cookie",
            user.username
        );
        client
    }

    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir.0
    }

    /// The per-test PostgreSQL database, when running against PostgreSQL.
    pub fn pg_database_name(&self) -> Option<&str> {
        self.database.as_ref().map(TestDatabase::name)
    }
}

/// Starts the app with test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with test settings adjusted by `configure` (e.g. low rate limits).
/// The data directory, database URL and SMTP URL are already filled in when it runs.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    init_tracing();
    let data_dir = TempDir::new();
    let mail = MailSink::start().await;
    let database = match postgres_admin_url() {
        Some(admin_url) => Some(TestDatabase::create_async(&admin_url).await),
        None => None,
    };

    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: data_dir.0.clone(),
        database_url: match &database {
            Some(db) => db.url().to_string(),
            None => format!("sqlite://{}", data_dir.0.join("parley.db").display()),
        },
        base_url: String::new(),
        smtp_url: mail.url(),
        mail_from: "Parley Tests <parley@example.com>".into(),
        pool_size: 4,
        ..Settings::default()
    };
    settings.mail.poll_interval_ms = 50;
    configure(&mut settings);

    let clock = Clock::manual_at(Clock::System.now());
    let application = Application::build(settings, clock.clone())
        .await
        .unwrap_or_else(|e| panic!("Application::build failed: {e:#}"));
    let port = application.port();
    let state = application.state().clone();
    let server = AbortOnDrop(tokio::spawn(async move {
        if let Err(e) = application.run_until_stopped().await {
            eprintln!("test server stopped with an error: {e}");
        }
    }));
    let address = format!("http://127.0.0.1:{port}");

    TestApp {
        client: TestClient::new(&address),
        address,
        port,
        clock,
        state,
        mail,
        server,
        database,
        data_dir,
    }
}

/// Aborts a background task when dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A fresh directory under the system temp dir, removed (best effort) on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let path =
            std::env::temp_dir().join(format!("parley-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Quiet unless `TEST_LOG` is set: `TEST_LOG=1` shows info and Parley's debug output,
/// any other value is used as the filter (`TEST_LOG=parley=trace,actix_web=debug`).
fn init_tracing() {
    static INIT: Once = Once::new();
    let Some(value) = std::env::var_os("TEST_LOG") else {
        return;
    };
    INIT.call_once(|| {
        let value = value.to_string_lossy().trim().to_string();
        let filter = match value.as_str() {
            "" | "1" | "true" | "yes" => "info,parley=debug".to_string(),
            other => other.to_string(),
        };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init();
    });
}
pub mod api_client;
pub mod builders;
pub mod cli;
pub mod fixtures;
pub mod forum_fixtures;
pub mod moderation_fixtures;
pub mod notification_fixtures;
pub mod webhook_receiver;
