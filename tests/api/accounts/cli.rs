//! `parley user create` and `parley migrate`.

use diesel::prelude::*;
use parley::db::schema::users;
use parley::db::SiteRole;
use reqwest::StatusCode;

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::{assert_see_other, postgres_admin_url, spawn_app_with, TestDatabase};

/// A scratch directory for the CLI, removed (best effort) on drop.
struct ScratchDir(std::path::PathBuf);

impl ScratchDir {
    fn new() -> ScratchDir {
        let path =
            std::env::temp_dir().join(format!("parley-cli-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("create scratch dir");
        ScratchDir(path)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn cli_user_create_makes_a_confirmed_admin_that_signs_in_and_migrate_is_idempotent() {
    let dir = ScratchDir::new();
    // On PostgreSQL runs the CLI gets a database of its own; on SQLite it uses the
    // default file in its data directory.
    let pg = match postgres_admin_url() {
        Some(admin_url) => Some(TestDatabase::create_async(&admin_url).await),
        None => None,
    };
    let cli_url = pg.as_ref().map(|db| db.url().to_string());
    let database_url = cli_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.0.join("parley.db").display()));
    let password = "cli admin passphrase ✓";

    let create = [
        "user",
        "create",
        "--username",
        "cli_admin",
        "--email",
        "cli@example.com",
        "--role",
        "admin",
    ];
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &create,
        &format!("{password}\n"),
    )
    .await;
    assert!(output.status.success(), "{}", output_text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("cli_admin"),
        "{}",
        output_text(&output)
    );
    if pg.is_none() {
        assert!(
            dir.0.join("parley.db").exists(),
            "no database in --data-dir"
        );
    }

    for _ in 0..2 {
        let output = run_parley(&dir.0, cli_url.as_deref(), &["migrate"], "").await;
        assert!(output.status.success(), "{}", output_text(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("Database is up to date."),
            "{}",
            output_text(&output)
        );
        assert!(
            !stdout.contains("Applied"),
            "migrate applied migrations again: {}",
            output_text(&output)
        );
    }

    // The same name again, and a refused name, fail without creating anything.
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &create,
        &format!("{password}\n"),
    )
    .await;
    assert!(
        !output.status.success(),
        "a duplicate was created: {}",
        output_text(&output)
    );
    let output = run_parley(
        &dir.0,
        cli_url.as_deref(),
        &[
            "user",
            "create",
            "--username",
            "admin",
            "--email",
            "root@example.com",
        ],
        &format!("{password}\n"),
    )
    .await;
    assert!(
        !output.status.success(),
        "a reserved name was created: {}",
        output_text(&output)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("reserved"),
        "{}",
        output_text(&output)
    );

    let url = parley::db::DatabaseUrl::parse(&database_url).expect("database URL");
    let (count, account) = tokio::task::spawn_blocking(move || {
        let pool = parley::db::DbPool::connect(&url, 1).expect("open the CLI's database");
        let mut pooled = pool.get().expect("a connection");
        let conn: &mut parley::db::DbConn = &mut pooled;
        let count: i64 = users::table.count().get_result(conn).expect("count");
        let account =
            parley::db::models::users::find_by_username_key(conn, "cli_admin").expect("query");
        (count, account)
    })
    .await
    .expect("join");
    assert_eq!(count, 1);
    let account = account.expect("the CLI did not create cli_admin");
    assert_eq!(account.email, "cli@example.com");
    assert_eq!(account.role, SiteRole::Admin);
    assert!(account.is_employee, "admins count as employees");
    assert!(
        account.email_confirmed_at.is_some(),
        "CLI accounts are confirmed"
    );

    // The app on that database lets the account in, as an admin.
    let app = spawn_app_with(move |s| s.database_url = database_url).await;
    let client = app.new_client();
    assert_see_other(&client.login("cli_admin", password).await, "/");
    let response = client.get("/admin").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the CLI admin cannot open /admin"
    );
    drop(app);
    drop(pg);
    // Keep the scratch directory until everything using it is gone.
    drop(dir);
}
