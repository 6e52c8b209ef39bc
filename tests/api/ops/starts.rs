//! Five applications started at the same moment on one empty database all serve `/`;
//! `parley migrate --check` on a fresh and on a migrated database.

use parley::clock::Clock;
use parley::config::Settings;
use parley::Application;
use reqwest::StatusCode;

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::{postgres_admin_url, TestDatabase};

/// An empty database of its own (a PostgreSQL database, or a SQLite file not yet
/// created) and the directory it lives in; dropped at the end of the test.
pub struct EmptyDatabase {
    pub url: String,
    pub dir: std::path::PathBuf,
    _pg: Option<TestDatabase>,
}

impl EmptyDatabase {
    pub async fn new() -> EmptyDatabase {
        let dir =
            std::env::temp_dir().join(format!("parley-ops-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let pg = match postgres_admin_url() {
            Some(admin) => Some(TestDatabase::create_async(&admin).await),
            None => None,
        };
        let url = match &pg {
            Some(db) => db.url().to_string(),
            None => format!("sqlite://{}", dir.join("parley.db").display()),
        };
        EmptyDatabase { url, dir, _pg: pg }
    }

    pub fn settings(&self) -> Settings {
        Settings {
            bind: "127.0.0.1:0".into(),
            data_dir: self.dir.clone(),
            database_url: self.url.clone(),
            pool_size: 2,
            ..Settings::default()
        }
    }
}

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_applications_started_at_once_on_an_empty_database_all_serve() {
    let db = EmptyDatabase::new().await;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(5));
    let starts: Vec<_> = (0..5)
        .map(|_| {
            let settings = db.settings();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                Application::build(settings, Clock::System).await
            })
        })
        .collect();
    let mut servers = Vec::new();
    let mut ports = Vec::new();
    for start in starts {
        let app = start
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("an application failed to start: {e:#}"));
        ports.push(app.port());
        servers.push(tokio::spawn(app.run_until_stopped()));
    }
    let client = reqwest::Client::new();
    for port in &ports {
        let response = client
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "application on port {port}"
        );
    }
    for s in &servers {
        s.abort();
    }
}

#[tokio::test]
async fn migrate_check_lists_pending_migrations_then_says_current() {
    let db = EmptyDatabase::new().await;
    let check = run_parley(&db.dir, Some(&db.url), &["migrate", "--check"], "").await;
    assert_eq!(check.status.code(), Some(1), "{}", output_text(&check));
    let out = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(out.contains("pending"), "{}", output_text(&check));
    assert!(
        out.contains("_foundation"),
        "lists the first migration: {out}"
    );
    let listed = out.lines().filter(|l| l.starts_with("  ")).count();
    assert!(
        listed > 10,
        "every migration is pending on an empty database: {out}"
    );
    // It changed nothing: still as pending, and no SQLite file was created.
    if db.url.starts_with("sqlite://") {
        assert!(
            !db.dir.join("parley.db").exists(),
            "--check created the database"
        );
    }
    let again = run_parley(&db.dir, Some(&db.url), &["migrate", "--check"], "").await;
    assert_eq!(again.status.code(), Some(1), "{}", output_text(&again));
    assert_eq!(again.stdout, check.stdout);

    let migrate = run_parley(&db.dir, Some(&db.url), &["migrate"], "").await;
    assert!(migrate.status.success(), "{}", output_text(&migrate));
    let current = run_parley(&db.dir, Some(&db.url), &["migrate", "--check"], "").await;
    assert_eq!(current.status.code(), Some(0), "{}", output_text(&current));
    assert!(
        String::from_utf8_lossy(&current.stdout).contains("schema is current"),
        "{}",
        output_text(&current)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_starting_while_the_demo_loads_waits_then_serves_the_demo() {
    let db = EmptyDatabase::new().await;
    let demo = {
        let dir = db.dir.clone();
        let url = db.url.clone();
        tokio::spawn(async move { run_parley(&dir, Some(&url), &["demo"], "").await })
    };
    let app = Application::build(db.settings(), Clock::System)
        .await
        .unwrap_or_else(|e| panic!("the server failed to start beside the demo loader: {e:#}"));
    let port = app.port();
    let server = tokio::spawn(app.run_until_stopped());
    let demo = demo.await.unwrap();
    assert!(demo.status.success(), "{}", output_text(&demo));
    let response = reqwest::get(format!("http://127.0.0.1:{port}/c/widgets"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // A second load finds the demo there and changes nothing.
    let again = run_parley(&db.dir, Some(&db.url), &["demo"], "").await;
    assert!(again.status.success(), "{}", output_text(&again));
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("already present"),
        "{}",
        output_text(&again)
    );
    server.abort();
}
