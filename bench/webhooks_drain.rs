//! Webhook fan-out benchmark (issue 17): 1,000 events to 5 subscribers, drained by the
//! delivery worker against a local receiver. Run by `bench/webhooks.sh`; prints one JSON
//! line with the drain time and the requests the receiver counted.
//!
//! The events are written through `webhooks::events::emit`, the function the services
//! call inside their transactions; the drain uses `webhooks::deliver::Worker`, the worker
//! the application runs, with the default concurrency. Nothing else runs meanwhile.
//!
//! `bench-webhooks [--events N] [--subscribers S] [--database URL]` (default: a fresh
//! SQLite file in a temporary directory; a `postgres://` URL must name an empty database).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use parley::clock::Clock;
use parley::config::Settings;
use parley::db::models::webhooks::{self as wdb, NewSubscription};
use parley::db::models::{communities, users};
use parley::db::{CommunityId, SiteRole, UserId, Visibility, WatchLevel, WebhookEvent, WebhookId};
use parley::webhooks::{deliver, events, sign, ssrf};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let n_events: usize = arg("--events").map_or(Ok(1000), |s| s.parse())?;
    let n_subs: usize = arg("--subscribers").map_or(Ok(5), |s| s.parse())?;
    let dir = std::env::temp_dir().join(format!(
        "parley-bench-hooks-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir)?;

    // The receiver: answers 200 and counts.
    let received = Arc::new(AtomicUsize::new(0));
    let counter = web::Data::new(received.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(counter.clone())
            .default_service(web::to(
                |c: web::Data<Arc<AtomicUsize>>, _body: web::Bytes| async move {
                    c.fetch_add(1, Ordering::Relaxed);
                    HttpResponse::Ok().body("ok")
                },
            ))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    let receiver = server.handle();
    actix_web::rt::spawn(server);

    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.clone(),
        database_url: arg("--database")
            .unwrap_or_else(|| format!("sqlite://{}", dir.join("parley.db").display())),
        ..Settings::default()
    };
    settings.mail.worker = false;
    settings.webhooks.worker = false; // this program drives the worker itself
    settings.webhooks.allow_hosts = "127.0.0.1".into();
    settings.log = "warn".into();
    let concurrency = settings.webhooks.concurrency;
    let app = parley::Application::build(settings, Clock::System).await?;
    let state = app.state().clone();

    // One admin owning S subscriptions to topic.created, one public sub-community.
    let now = state.clock.now();
    let (owner, place) = (UserId::new(), CommunityId::new());
    let url = format!("http://127.0.0.1:{port}/hook");
    let first = place.clone();
    state
        .write(move |conn| {
            users::insert(
                conn,
                &users::NewUser {
                    id: &owner,
                    username: "owner",
                    username_key: "owner",
                    username_skeleton: "owner",
                    email: "owner@example.com",
                    email_key: "owner@example.com",
                    email_confirmed_at: Some(now),
                    password_hash: "!",
                    display_name: "Owner",
                    role: SiteRole::Admin,
                    is_employee: true,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            communities::insert(
                conn,
                &communities::NewCommunity {
                    id: &first,
                    slug: "widgets",
                    name: "Widgets",
                    description: "",
                    accent_color: "#3355cc",
                    visibility: Visibility::Public,
                    position: 0,
                    created_at: now,
                    updated_at: now,
                    default_watch_level: WatchLevel::Normal,
                    default_language: parley::db::Language::En,
                    logo_url: "",
                },
            )?;
            for _ in 0..n_subs {
                let secret = sign::new_secret().map_err(|e| anyhow::anyhow!("{e}"))?;
                wdb::insert_subscription(
                    conn,
                    &NewSubscription {
                        id: &WebhookId::new(),
                        owner_id: &owner,
                        url: &url,
                        events: "topic.created",
                        community_id: None,
                        secret: &secret,
                        enabled: true,
                        created_at: now,
                        team_id: None,
                    },
                )?;
            }
            Ok(())
        })
        .await
        .context("set-up")?;
    // The events, as the services write them (100 per transaction).
    for chunk in 0..n_events.div_ceil(100) {
        let place = place.clone();
        let count = (n_events - chunk * 100).min(100);
        state
            .write(move |conn| {
                for _ in 0..count {
                    let mut data = serde_json::Map::new();
                    let id = uuid::Uuid::now_v7().to_string();
                    data.insert("url".into(), format!("/api/v1/topics/{id}").into());
                    data.insert("id".into(), id.into());
                    events::emit(conn, WebhookEvent::TopicCreated, Some(&place), data, now)?;
                }
                Ok(())
            })
            .await
            .context("emitting")?;
    }

    let allow = ssrf::AllowHosts::parse("127.0.0.1");
    let worker = deliver::Worker {
        client: deliver::client(&allow)?,
        allow,
        owner: "bench".into(),
    };
    let expected = n_events * n_subs;
    let started = Instant::now();
    while received.load(Ordering::Relaxed) < expected {
        if worker.run_once(&state).await? == 0 {
            break;
        }
    }
    let drained = started.elapsed();
    let got = received.load(Ordering::Relaxed);
    println!(
        "{{\"events\": {n_events}, \"subscribers\": {n_subs}, \"deliveries\": {expected}, \"received\": {got}, \"concurrency\": {concurrency}, \"drain_seconds\": {:.3}, \"deliveries_per_second\": {:.0}}}",
        drained.as_secs_f64(),
        got as f64 / drained.as_secs_f64()
    );
    receiver.stop(false).await;
    let _ = std::fs::remove_dir_all(&dir);
    anyhow::ensure!(
        got == expected,
        "the receiver counted {got} of {expected} deliveries"
    );
    Ok(())
}
