//! Per-test databases: a SQLite file in the test's data directory, or, when
//! `PARLEY_TEST_DATABASE_URL` names a PostgreSQL server, a database of its own that is
//! created before the app starts and dropped with the test.

use std::io::Write;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;

/// The PostgreSQL server (any database on it) that per-test databases are created on.
pub const TEST_DATABASE_ENV: &str = "PARLEY_TEST_DATABASE_URL";

/// The admin URL from [`TEST_DATABASE_ENV`], when set and not empty, with TLS and GSSAPI
/// encryption turned off unless the URL asks for them.
///
/// Each test's pool can still be (re)connecting in r2d2's threads when the test binary
/// exits (its database is dropped with the test while the server's workers wind down).
/// With libpq's default `sslmode=prefer` such a connection runs inside OpenSSL while
/// `exit` runs OpenSSL's clean-up, and the binary died with SIGSEGV after every test had
/// passed (once in three PostgreSQL runs). The test server is on loopback.
pub fn postgres_admin_url() -> Option<String> {
    let raw = std::env::var(TEST_DATABASE_ENV)
        .ok()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())?;
    let Ok(mut url) = url::Url::parse(&raw) else {
        return Some(raw);
    };
    let has = |key: &str| url.query_pairs().any(|(k, _)| k == key);
    let missing: Vec<&str> = ["sslmode", "gssencmode"]
        .into_iter()
        .filter(|key| !has(key))
        .collect();
    for key in missing {
        url.query_pairs_mut().append_pair(key, "disable");
    }
    Some(url.to_string())
}

/// The name prefix of tests that only mean something on PostgreSQL; the SQLite test
/// command leaves them out with `--skip pg_only_` (see `tests/api/main.rs`).
pub const PG_ONLY_PREFIX: &str = "pg_only_";

/// For a test that only means something on PostgreSQL: the admin URL, or `None` after
/// writing `SKIPPED (needs PostgreSQL): <test>` (then the test returns at once). `test` is
/// the test's own name, which must start with [`PG_ONLY_PREFIX`] so that the SQLite
/// command filters it out rather than count it as passed.
pub fn postgres_or_skip(test: &str) -> Option<String> {
    assert!(
        test.starts_with(PG_ONLY_PREFIX),
        "a PostgreSQL-only test is named {PG_ONLY_PREFIX}..., not {test:?}"
    );
    let url = postgres_admin_url();
    if url.is_none() {
        // To the terminal itself: the test harness captures `eprintln!` of passing tests.
        let _ = writeln!(std::io::stderr(), "SKIPPED (needs PostgreSQL): {test}");
    }
    url
}

/// A freshly created PostgreSQL database, dropped (forcibly, best effort) on drop.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates `parley_t_<uuid>` on the server of `admin_url`. Blocking.
    pub fn create(admin_url: &str) -> TestDatabase {
        let name = format!("parley_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("cannot connect to {TEST_DATABASE_ENV}={admin_url}: {e}"));
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name} failed: {e}"));
        let mut url = url::Url::parse(admin_url)
            .unwrap_or_else(|e| panic!("{TEST_DATABASE_ENV} is not a URL ({e}): {admin_url}"));
        url.set_path(&format!("/{name}"));
        TestDatabase {
            admin_url: admin_url.to_string(),
            name,
            url: url.to_string(),
        }
    }

    /// As [`TestDatabase::create`], off the async worker threads.
    pub async fn create_async(admin_url: &str) -> TestDatabase {
        let admin_url = admin_url.to_string();
        tokio::task::spawn_blocking(move || TestDatabase::create(&admin_url))
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `postgres://.../parley_t_<uuid>`: what the app is pointed at.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Never panic here: a failing drop would hide the test's own result.
        let result = PgConnection::establish(&self.admin_url)
            .map_err(|e| e.to_string())
            .and_then(|mut conn| {
                conn.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// Whether a database of this name exists on the server of `admin_url` (selftests).
pub fn postgres_database_exists(admin_url: &str, name: &str) -> bool {
    use diesel::sql_types::BigInt;
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "unexpected database name {name:?}"
    );
    let mut conn = PgConnection::establish(admin_url).expect("connect to the admin database");
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"
    ))
    .get_result(&mut conn)
    .expect("query pg_database");
    count.n > 0
}
