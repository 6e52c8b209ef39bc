//! `parley copy` (issue 22): the demo plus a generated community copied from SQLite to a
//! fresh PostgreSQL database renders every sampled page exactly as the original does
//! (two applications, one per database, same clock and base URL); a second copy into the
//! now non-empty target is refused and changes nothing.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use parley::clock::Clock;
use parley::config::Settings;
use parley::db::{connect_single, run_migrations, DatabaseUrl};
use parley::Application;

use crate::helpers::{postgres_or_skip, TestClient, TestDatabase};

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    s: String,
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Strips what differs per client (CSRF tokens, CSP nonces) from a page.
fn normalise(html: &str) -> String {
    let mut out = html.to_string();
    for marker in ["value=\"", "nonce=\""] {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(marker) {
            let (head, tail) = rest.split_at(i + marker.len());
            result.push_str(head);
            let end = tail.find('"').unwrap_or(tail.len());
            let value = &tail[..end];
            // Only long opaque values (tokens, nonces) are masked; form values stay.
            if value.len() >= 20
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_=+/".contains(c))
            {
                result.push('*');
            } else {
                result.push_str(value);
            }
            rest = &tail[end..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// A search page's result count.
fn search_results(html: &str) -> String {
    let status = html
        .split("role=\"status\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default();
    // The count of results: the links carry each search's own click-log id, and each
    // engine writes its own snippets (FTS5 on SQLite, ts_headline on PostgreSQL).
    status.to_string()
}

async fn start(
    url: &str,
    dir: &std::path::Path,
    clock: &Clock,
) -> (String, tokio::task::JoinHandle<()>) {
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.to_path_buf(),
        database_url: url.to_string(),
        base_url: "http://parley.test".into(),
        pool_size: 2,
        ..Settings::default()
    };
    let app = Application::build(settings, clock.clone())
        .await
        .unwrap_or_else(|e| panic!("Application::build on {url}: {e:#}"));
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = tokio::spawn(async move {
        let _ = app.run_until_stopped().await;
    });
    (address, handle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pg_only_copy_from_sqlite_renders_every_page_as_the_original() {
    let Some(admin) =
        postgres_or_skip("pg_only_copy_from_sqlite_renders_every_page_as_the_original")
    else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("parley-copy-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}", dir.join("parley.db").display());
    let clock = Clock::manual_at(Clock::System.now());

    // The source: the demo plus a generated community.
    let (topic_path, member) = {
        let url = DatabaseUrl::parse(&sqlite_url).unwrap();
        let clock = clock.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = connect_single(&url).unwrap();
            run_migrations(&mut conn).unwrap();
            parley::demo::load(&mut conn, &clock, false).unwrap();
            let size = parley::bench_data::Size {
                members: 40,
                communities: 3,
                topics: 60,
                posts: 600,
                seed: 7,
            };
            parley::bench_data::generate(&mut conn, &size, &clock, false).unwrap();
            // Issue 22: privacy requests are copied too (a boolean column among them).
            {
                use diesel::prelude::*;
                use parley::db::models::privacy::{self, NewRequest};
                let pat: parley::db::UserId = parley::db::schema::users::table
                    .filter(parley::db::schema::users::username.eq("pat"))
                    .select(parley::db::schema::users::id)
                    .first(&mut conn)
                    .unwrap();
                let now = clock.now();
                for (kind, remove_posts) in [(privacy::EXPORT, false), (privacy::DELETION, true)] {
                    let request = NewRequest {
                        user: &pat,
                        kind,
                        requested_by: &pat,
                        remove_posts,
                        now,
                        due_at: now.plus_secs(7 * 86_400),
                    };
                    privacy::insert(&mut conn, &request).unwrap();
                }
            }
            let topic: Row = diesel::sql_query(
                "SELECT t.id AS s FROM topics t JOIN communities c ON c.id = t.community_id \
                 WHERE c.slug = 'widgets' ORDER BY t.reply_count DESC, t.id LIMIT 1",
            )
            .get_result(&mut conn)
            .unwrap();
            let member: Row = diesel::sql_query(
                "SELECT u.username AS s FROM users u JOIN posts p ON p.author_id = u.id \
                 GROUP BY u.username ORDER BY count(*) DESC, u.username LIMIT 1",
            )
            .get_result(&mut conn)
            .unwrap();
            (format!("/t/{}", topic.s), member.s)
        })
        .await
        .unwrap()
    };

    let target = TestDatabase::create_async(&admin).await;
    let report = {
        let (from, to) = (sqlite_url.clone(), target.url().to_string());
        tokio::task::spawn_blocking(move || parley::ops::copy::run(&from, &to, false))
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("parley copy failed: {e:#}"))
    };
    assert!(report.rows["users"] > 40, "{:?}", report.rows);
    assert!(report.rows["posts"] >= 600, "{:?}", report.rows);
    assert_eq!(report.rows["privacy_requests"], 2, "{:?}", report.rows);
    assert_eq!(
        report.search_rows, report.rows["posts"],
        "every post indexed for search"
    );
    assert!(report.drift.is_empty(), "{:?}", report.drift);

    // The same pages, from each database.
    let (original, a) = start(&sqlite_url, &dir, &clock).await;
    let pg_dir = dir.join("pg");
    std::fs::create_dir_all(&pg_dir).unwrap();
    let (copy, b) = start(target.url(), &pg_dir, &clock).await;
    let pages = [
        "/".to_string(),
        "/latest".to_string(),
        "/c/widgets".to_string(),
        "/c/bench-00".to_string(),
        topic_path,
        format!("/u/{member}"),
        "/search?q=widgets".to_string(),
        "/search?q=export".to_string(),
    ];
    for page in &pages {
        let (s1, h1) = TestClient::new(&original).get_html(page).await;
        let (s2, h2) = TestClient::new(&copy).get_html(page).await;
        assert_eq!(s1, s2, "{page}: status on SQLite vs the copy");
        assert!(s1.is_success() || s1.is_redirection(), "{page}: {s1}");
        // Search pages: the number of results
        // must match; the snippets are each engine's own (FTS5 on SQLite, ts_headline on
        // PostgreSQL), not something the copy carries.
        let (n1, n2) = if page.starts_with("/search") {
            (search_results(&h1), search_results(&h2))
        } else {
            (normalise(&h1), normalise(&h2))
        };
        if page.starts_with("/search") {
            assert!(
                !n1.is_empty() && !n1.starts_with("0 "),
                "{page}: no results to compare:\n{n1}"
            );
        }
        if n1 != n2 {
            let line = n1
                .lines()
                .zip(n2.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("original: {x}\ncopy:     {y}"))
                .unwrap_or_default();
            panic!("{page} renders differently on the copy:\n{line}");
        }
    }
    a.abort();
    b.abort();

    // A second copy into the now non-empty target: refused, nothing changed.
    let users_before = {
        let mut pg = PgConnection::establish(target.url()).unwrap();
        diesel::sql_query("SELECT count(*) AS n FROM users")
            .get_result::<N>(&mut pg)
            .unwrap()
            .n
    };
    let err = {
        let (from, to) = (sqlite_url.clone(), target.url().to_string());
        tokio::task::spawn_blocking(move || parley::ops::copy::run(&from, &to, false))
            .await
            .unwrap()
            .expect_err("a second copy into a non-empty database must be refused")
    };
    let message = format!("{err:#}");
    assert!(message.contains("not empty"), "{message}");
    let mut pg = PgConnection::establish(target.url()).unwrap();
    let users_after = diesel::sql_query("SELECT count(*) AS n FROM users")
        .get_result::<N>(&mut pg)
        .unwrap()
        .n;
    assert_eq!(users_before, users_after);
    let _ = std::fs::remove_dir_all(&dir);
}
