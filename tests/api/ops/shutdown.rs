//! Graceful shutdown: a request in flight when the server is told to stop (as SIGTERM
//! or SIGINT would) completes; mail a stopped node had leased is sent by the next start
//! once the lease expires.

use std::time::Duration;

use parley::clock::Clock;
use parley::db::write_batch;
use parley::mail::{Email, MailMeta};
use parley::Application;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::starts::EmptyDatabase;
use crate::helpers::fixtures::db;
use crate::helpers::spawn_app_with;

/// Reads until the end of a response's head; returns what was read.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut chunk))
            .await
            .expect("the response came")
            .expect("read");
        assert!(
            n > 0,
            "connection closed before a response: {:?}",
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&buf).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_in_flight_completes_while_the_server_stops() {
    let db = EmptyDatabase::new().await;
    let app = Application::build(db.settings(), Clock::System)
        .await
        .unwrap();
    let port = app.port();
    let handle = app.server_handle();
    let server = tokio::spawn(app.run_until_stopped());

    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    // A first request on the connection: the server has taken it.
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: parley\r\n\r\n")
        .await
        .unwrap();
    let first = read_head(&mut stream).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    let body = first.split("\r\n\r\n").nth(1).unwrap_or_default().len();
    let length: usize = first
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("healthz has a length");
    let mut rest = vec![0u8; length - body];
    stream.read_exact(&mut rest).await.unwrap();

    // The second request is under way when the stop begins: its head is sent with
    // `Expect: 100-continue`, and the server's `100 Continue` says it has dispatched the
    // request and waits for the body.
    let form = "username=nobody&password=not-the-password-at-all";
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: parley\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        form.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let cont = read_head(&mut stream).await;
    assert!(cont.starts_with("HTTP/1.1 100"), "{cont}");
    stream.write_all(&form.as_bytes()[..10]).await.unwrap();
    let stopping = tokio::spawn(async move { handle.stop(true).await });
    // Once the listener is closed the stop has begun (new connections are refused).
    let mut refused = false;
    for _ in 0..250 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the server kept accepting connections after stop");
    stream.write_all(&form.as_bytes()[10..]).await.unwrap();
    let answer = read_head(&mut stream).await;
    assert!(
        answer.starts_with("HTTP/1.1 "),
        "the request in flight was answered: {answer}"
    );
    assert!(!answer.starts_with("HTTP/1.1 5"), "{answer}");
    drop(stream);
    tokio::time::timeout(Duration::from_secs(30), stopping)
        .await
        .expect("the stop finished")
        .unwrap();
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("run_until_stopped returned")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn mail_leased_by_a_stopped_node_is_sent_after_the_next_start() {
    let app = spawn_app_with(|s| s.mail.worker = false).await;
    let now = app.clock.now();
    // The node that stopped had leased this message and not sent it.
    db(&app, move |conn| {
        Ok(write_batch(conn, |conn| {
            let id = parley::mail::outbox::enqueue(
                conn,
                &Email {
                    kind: "test",
                    to: "ops@example.com".into(),
                    subject: "Leased at shutdown".into(),
                    text: "Sent by the next process.".into(),
                    html: String::new(),
                    meta: MailMeta::default(),
                },
                now,
            )?;
            let won = parley::db::models::outbox::claim(
                conn,
                &id,
                "stopped-node",
                now,
                now.plus_secs(120),
            )?;
            assert!(won.is_some());
            Ok::<_, diesel::result::Error>(())
        })?)
    })
    .await;

    let mut settings = (*app.state.settings).clone();
    settings.mail.worker = true;
    let next = Application::build(settings, app.clock.clone())
        .await
        .unwrap();
    let server = tokio::spawn(next.run_until_stopped());
    app.clock.advance_secs(121);
    let mail = app.mail.wait_for(1).await;
    assert_eq!(mail[0].subject(), "Leased at shutdown");
    assert_eq!(mail.len(), 1);
    server.abort();
}

/// Issue 19: searches queue their log rows (`search::log_buffer`) and the node writes
/// them once a second; a graceful stop writes the ones still waiting, so no search made
/// before the stop is missing from the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_logged_just_before_a_stop_are_written_by_the_stop() {
    use diesel::prelude::*;
    use parley::db::schema::search_log;

    let db = EmptyDatabase::new().await;
    let app = Application::build(db.settings(), Clock::System)
        .await
        .unwrap();
    let port = app.port();
    let handle = app.server_handle();
    let state = app.state().clone();
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    for i in 0..20 {
        let status = client
            .get(format!("http://127.0.0.1:{port}/search?q=gasket+{i}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, reqwest::StatusCode::OK);
    }
    handle.stop(true).await;
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("run_until_stopped returned")
        .unwrap()
        .unwrap();
    assert!(state.search_log.is_empty(), "nothing left waiting");
    let url = parley::db::DatabaseUrl::parse(&db.url).unwrap();
    let mut conn = parley::db::connect_single(&url).unwrap();
    let queries: Vec<String> = search_log::table
        .select(search_log::query)
        .load(&mut conn)
        .unwrap();
    assert_eq!(queries.len(), 20, "{queries:?}");
    assert!(queries.contains(&"gasket 19".to_string()), "{queries:?}");
}
