//! Several app nodes on one database (issue 22): the sign-in limit is one budget for all
//! of them, settled limit keys are pruned, a queued mail is claimed by one node only,
//! scheduled work runs on one elected node that `/metrics` names, and the lease moves on
//! when the leader stops or its connection dies (PostgreSQL).

use std::collections::HashSet;

use parley::clock::Clock;
use parley::config::Settings;
use parley::db::write_batch;
use parley::mail::{Email, MailMeta};
use parley::state::AppState;
use parley::Application;
use reqwest::StatusCode;

use super::starts::EmptyDatabase;
use crate::helpers::{postgres_or_skip, spawn_app_with, TestClient};

/// A node on `db` with `clock`: its address and state; the server runs until the test
/// ends (the handle is returned to stop it).
async fn node(
    settings: Settings,
    clock: &Clock,
) -> (
    Node,
    AppState,
    actix_web::dev::ServerHandle,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let app = Application::build(settings, clock.clone()).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    let client = Node {
        client: TestClient::new(&address),
        address,
    };
    let state = app.state().clone();
    let handle = app.server_handle();
    let running = tokio::spawn(app.run_until_stopped());
    (client, state, handle, running)
}

/// A node's address and a client of its own.
struct Node {
    address: String,
    client: TestClient,
}

impl std::ops::Deref for Node {
    type Target = TestClient;

    fn deref(&self) -> &TestClient {
        &self.client
    }
}

fn cluster_settings(db: &EmptyDatabase) -> Settings {
    let mut s = db.settings();
    s.rate_limits.signin_per_account_per_minute = 4;
    s.rate_limits.signin_per_ip_per_minute = 1000;
    s.mail.worker = false;
    s.metrics.token = "cluster-metrics".into();
    s
}

async fn leader_gauge(address: &str) -> String {
    let body = reqwest::Client::new()
        .get(format!("{address}/metrics"))
        .bearer_auth("cluster-metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    body.lines()
        .find(|l| l.starts_with("parley_leader "))
        .unwrap_or_else(|| panic!("no parley_leader sample in:\n{body}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_sign_in_limit_is_one_budget_for_every_node() {
    let db = EmptyDatabase::new().await;
    let clock = Clock::manual_at(Clock::System.now());
    let (a, _, _, _ra) = node(cluster_settings(&db), &clock).await;
    let (b, state, _, _rb) = node(cluster_settings(&db), &clock).await;
    // Four attempts on one account, spread over both nodes, spend its budget of four.
    for (i, client) in [&a, &b, &a, &b].into_iter().enumerate() {
        let response = client.login("mallory", "wrong password, attempt").await;
        assert_ne!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "attempt {} was refused",
            i + 1
        );
    }
    // The fifth is refused on either node, with the wait until the next unit (15 s).
    for client in [&a, &b] {
        let response = client.login("mallory", "wrong password, attempt").await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=15).contains(&wait), "Retry-After {wait}");
    }
    // Another account is not affected.
    let other = b.login("someone-else", "wrong password, attempt").await;
    assert_ne!(other.status(), StatusCode::TOO_MANY_REQUESTS);
    // One unit comes back every 15 seconds, for whichever node asks first.
    clock.advance_secs(15);
    let again = b.login("mallory", "wrong password, attempt").await;
    assert_ne!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let refused = a.login("mallory", "wrong password, attempt").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);

    // Once every budget is full again, housekeeping's clean-up deletes the keys.
    let keys = |state: &AppState| {
        let state = state.clone();
        async move {
            state
                .db(|conn| Ok(parley::db::models::rate_limits::count(conn)?))
                .await
                .unwrap()
        }
    };
    assert!(keys(&state).await >= 3);
    parley::clean_up(&state).await;
    // The address's key (1000 a minute) is settled again; the account's is not.
    assert!(keys(&state).await >= 1, "keys still spending were kept");
    let refused = b.login("mallory", "wrong password, attempt").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    clock.advance_secs(61);
    parley::clean_up(&state).await;
    assert_eq!(keys(&state).await, 0);
}

/// Queues `n` account mails (no recipient checks at sending time).
async fn queue_mail(state: &AppState, n: usize) -> HashSet<String> {
    let now = state.clock.now();
    state
        .db(move |conn| {
            Ok(write_batch(conn, |conn| {
                let mut ids = HashSet::new();
                for i in 0..n {
                    let id = parley::mail::outbox::enqueue(
                        conn,
                        &Email {
                            kind: "test",
                            to: format!("member{i}@example.com"),
                            subject: format!("Message {i}"),
                            text: "Once.".into(),
                            html: String::new(),
                            meta: MailMeta::default(),
                        },
                        now,
                    )?;
                    ids.insert(id.as_str().to_string());
                }
                Ok::<_, diesel::result::Error>(ids)
            })?)
        })
        .await
        .unwrap()
}

/// Claims queued mail through `state` until none is left; the ids it won.
async fn claim_all(state: AppState, owner: &'static str) -> Vec<String> {
    let mut won = Vec::new();
    loop {
        let now = state.clock.now();
        let claimed = state
            .write(move |conn| {
                Ok(parley::db::models::outbox::claim_next(
                    conn,
                    owner,
                    now,
                    now.plus_secs(120),
                )?)
            })
            .await
            .unwrap();
        match claimed {
            Some(m) => {
                assert_eq!(m.lease_owner.as_deref(), Some(owner));
                won.push(m.id.as_str().to_string());
            }
            None => return won,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_nodes_claim_each_queued_mail_once() {
    let db = EmptyDatabase::new().await;
    let clock = Clock::manual_at(Clock::System.now());
    let (_a, a, _, _ra) = node(cluster_settings(&db), &clock).await;
    let (_b, b, _, _rb) = node(cluster_settings(&db), &clock).await;
    let queued = queue_mail(&a, 40).await;
    let claims = [
        tokio::spawn(claim_all(a.clone(), "node-a-1")),
        tokio::spawn(claim_all(a.clone(), "node-a-2")),
        tokio::spawn(claim_all(b.clone(), "node-b-1")),
        tokio::spawn(claim_all(b.clone(), "node-b-2")),
    ];
    let mut all = Vec::new();
    for c in claims {
        all.extend(c.await.unwrap());
    }
    let distinct: HashSet<String> = all.iter().cloned().collect();
    assert_eq!(all.len(), distinct.len(), "a message was claimed twice");
    assert_eq!(distinct, queued, "every queued message was claimed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_stop_signal_a_worker_claims_nothing_more() {
    let app = spawn_app_with(|s| s.mail.worker = false).await;
    queue_mail(&app.state, 2).await;
    app.state.stop.stop();
    assert!(app.state.stop.is_stopping());
    // Resolves at once now that the stop began.
    app.state.stop.stopped().await;
    let mailer = parley::mail::transport::Mailer::from_settings(&app.state.settings).unwrap();
    let attempted = parley::mail::worker::run_once(&app.state, &mailer, "stopping-node")
        .await
        .unwrap();
    assert_eq!(attempted, 0);
    let queued = app
        .state
        .db(|conn| {
            Ok(parley::db::models::outbox::count_by_status(
                conn,
                parley::db::OutboxStatus::Queued,
            )?)
        })
        .await
        .unwrap();
    assert_eq!(queued, 2, "the queued mail waits for the next node");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_node_leads_and_says_so_in_metrics() {
    let app = spawn_app_with(|s| s.metrics.token = "cluster-metrics".into()).await;
    assert!(app.state.leader.is_leading());
    assert_eq!(leader_gauge(&app.address).await, "parley_leader 1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pg_only_the_leader_lease_moves_on_when_the_leader_stops_or_dies() {
    if postgres_or_skip("pg_only_the_leader_lease_moves_on_when_the_leader_stops_or_dies").is_none()
    {
        return;
    }
    let db = EmptyDatabase::new().await;
    let clock = Clock::manual_at(Clock::System.now());
    let (a, a_state, a_stop, a_run) = node(cluster_settings(&db), &clock).await;
    let (b, b_state, _, _rb) = node(cluster_settings(&db), &clock).await;
    let (c, c_state, _, _rc) = node(cluster_settings(&db), &clock).await;
    // The first node took the lease; the others tried and did not get it.
    assert!(a_state.leader.is_leading());
    assert!(!b_state.leader.try_lead().await);
    assert!(!c_state.leader.is_leading());
    assert_eq!(leader_gauge(&a.address).await, "parley_leader 1");
    assert_eq!(leader_gauge(&b.address).await, "parley_leader 0");

    // A graceful stop releases the lease: one of the others takes it at its next try
    // (the test's own try, or the node's background round, whichever comes first).
    a_stop.stop(true).await;
    a_run.await.unwrap().unwrap();
    assert!(!a_state.leader.is_leading());
    let (b_leads, c_leads) = (
        b_state.leader.try_lead().await,
        c_state.leader.try_lead().await,
    );
    assert!(b_leads != c_leads, "exactly one node leads after the stop");
    let ((leader, leader_addr), (other, other_addr)) = if b_leads {
        ((&b_state, &b.address), (&c_state, &c.address))
    } else {
        ((&c_state, &c.address), (&b_state, &b.address))
    };
    assert_eq!(leader_gauge(leader_addr).await, "parley_leader 1");
    assert_eq!(leader_gauge(other_addr).await, "parley_leader 0");

    // The leader's connection dies (as when its process is killed): PostgreSQL releases
    // the lock and a node takes it on a new connection.
    other
        .db(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query(
                "SELECT pg_terminate_backend(pid) FROM pg_locks \
                 WHERE locktype = 'advisory' AND granted \
                 AND classid = (8097879414873325570::bigint >> 32)::oid \
                 AND objid = (8097879414873325570::bigint & 4294967295)::oid",
            )
            .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    // The old leader notices at its next round that its session is gone.
    let mut rounds = 0;
    loop {
        let (o, l) = (
            other.leader.try_lead().await,
            leader.leader.try_lead().await,
        );
        if o || l {
            assert!(o != l, "one leader at a time");
            break;
        }
        rounds += 1;
        // Termination is asynchronous on the server: a few rounds, never a sleep.
        assert!(
            rounds < 500,
            "nobody took the lease freed by the dead connection"
        );
        tokio::task::yield_now().await;
    }
    let held_by_terminated = leader
        .db(|conn| {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let row: N = diesel::sql_query(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM pg_locks \
                 WHERE locktype = 'advisory' AND granted \
                 AND classid = (8097879414873325570::bigint >> 32)::oid \
                 AND objid = (8097879414873325570::bigint & 4294967295)::oid",
            )
            .get_result(conn)?;
            Ok(row.n)
        })
        .await
        .unwrap();
    assert_eq!(
        held_by_terminated, 1,
        "the lock is held once, by a live session"
    );
    let gauges = [
        leader_gauge(leader_addr).await,
        leader_gauge(other_addr).await,
    ];
    assert_eq!(
        gauges.iter().filter(|g| *g == "parley_leader 1").count(),
        1,
        "{gauges:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_a_claimed_row_locked_elsewhere_is_skipped_not_waited_for() {
    if postgres_or_skip("pg_only_a_claimed_row_locked_elsewhere_is_skipped_not_waited_for")
        .is_none()
    {
        return;
    }
    let app = spawn_app_with(|s| s.mail.worker = false).await;
    queue_mail(&app.state, 2).await;
    let pool = app.state.db.clone();
    let now = app.clock.now();
    let (locked, claimed) = tokio::task::spawn_blocking(move || {
        use diesel::connection::SimpleConnection;
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let mut holder = pool.get().unwrap();
        let mut claimer = pool.get().unwrap();
        // Another node is claiming the oldest message: its transaction holds the row.
        holder.batch_execute("BEGIN").unwrap();
        let row: Row = diesel::sql_query(
            "SELECT id FROM outbox ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE",
        )
        .get_result(&mut *holder)
        .unwrap();
        // Waiting on the row would fail here instead of hanging the test.
        claimer
            .batch_execute("SET statement_timeout = '10s'")
            .unwrap();
        let claimed =
            parley::db::models::outbox::claim_next(&mut claimer, "node-b", now, now.plus_secs(120))
                .unwrap()
                .expect("the other message was claimed");
        holder.batch_execute("ROLLBACK").unwrap();
        claimer.batch_execute("RESET statement_timeout").unwrap();
        (row.id, claimed.id.as_str().to_string())
    })
    .await
    .unwrap();
    assert_ne!(locked, claimed);
}
