//! `parley backup` under write load and `parley restore` into a new data directory:
//! every reply acknowledged before the backup began is in the copy, which passes
//! `integrity_check`; restore refuses while a server runs; PostgreSQL gets the recipe.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::{forum_app, post_reply};
use crate::helpers::{CommunityBuilder, TopicBuilder};

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_restores_every_acknowledged_reply() {
    let app = forum_app().await;
    let url = app.settings().database_url.clone();
    let file = app.data_dir().join("backups").join("parley-backup.db");
    if !url.starts_with("sqlite") {
        let out = run_parley(
            app.data_dir(),
            Some(&url),
            &["backup", file.to_str().unwrap()],
            "",
        )
        .await;
        assert!(!out.status.success(), "{}", output_text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("pg_dump") && err.contains("pg_restore"),
            "{}",
            output_text(&out)
        );
        assert!(!file.exists());
        return;
    }
    let (admin_user, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let topic = TopicBuilder::discussion("Backups under load")
        .body("Replies keep coming.")
        .in_("widgets")
        .by(&admin)
        .build(&app)
        .await;

    let writer_client = app.signed_in_client(&admin_user).await;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let acked = acked.clone();
        let stop = stop.clone();
        let topic = topic.clone();
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) && i < 400 {
                let body = format!("Reply number {i} under load");
                let response = post_reply(&writer_client, &topic, &[("body", &body)]).await;
                assert_eq!(response.status(), StatusCode::SEE_OTHER, "reply {i}");
                acked.lock().unwrap().push(body);
                i += 1;
            }
        })
    };
    while acked.lock().unwrap().len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before: Vec<String> = acked.lock().unwrap().clone();
    let out = run_parley(
        app.data_dir(),
        Some(&url),
        &["backup", file.to_str().unwrap()],
        "",
    )
    .await;
    assert!(out.status.success(), "{}", output_text(&out));
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let total = acked.lock().unwrap().len();
    assert!(
        total > before.len(),
        "replies kept being written during the backup"
    );

    // Restore refuses while a server runs on the target database.
    let busy = run_parley(
        app.data_dir(),
        Some(&url),
        &["restore", file.to_str().unwrap()],
        "",
    )
    .await;
    assert!(!busy.status.success(), "{}", output_text(&busy));
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("running"),
        "{}",
        output_text(&busy)
    );

    let target =
        std::env::temp_dir().join(format!("parley-restore-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&target).unwrap();
    let restored = run_parley(&target, None, &["restore", file.to_str().unwrap()], "").await;
    assert!(restored.status.success(), "{}", output_text(&restored));
    let db_file = target.join("parley.db");
    let mut conn = SqliteConnection::establish(db_file.to_str().unwrap()).unwrap();
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    use parley::db::schema::posts;
    let bodies: Vec<String> = posts::table
        .filter(posts::body_markdown.like("Reply number % under load"))
        .select(posts::body_markdown)
        .load(&mut conn)
        .unwrap();
    for body in &before {
        assert!(
            bodies.contains(body),
            "{body:?}, acknowledged before the backup, is missing"
        );
    }
    // The copy is a snapshot: nothing that was never acknowledged.
    let all: Vec<String> = acked.lock().unwrap().clone();
    assert!(bodies.iter().all(|b| all.contains(b)));

    // It serves: `migrate --check` finds it current.
    let current = run_parley(&target, None, &["migrate", "--check"], "").await;
    assert_eq!(current.status.code(), Some(0), "{}", output_text(&current));
    drop(conn);
    let _ = std::fs::remove_dir_all(&target);
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_a_parley_database() {
    let dir =
        std::env::temp_dir().join(format!("parley-restore-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just text").unwrap();
    let out = run_parley(&dir, None, &["restore", junk.to_str().unwrap()], "").await;
    assert!(!out.status.success(), "{}", output_text(&out));
    assert!(!dir.join("parley.db").exists(), "nothing was put in place");
    // An empty SQLite database is no Parley database either.
    let empty = dir.join("empty.db");
    SqliteConnection::establish(empty.to_str().unwrap())
        .unwrap()
        .batch_execute("CREATE TABLE t (x INTEGER)")
        .unwrap();
    let out = run_parley(&dir, None, &["restore", empty.to_str().unwrap()], "").await;
    assert!(!out.status.success(), "{}", output_text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a Parley database"),
        "{}",
        output_text(&out)
    );
    assert!(!dir.join("parley.db").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
