//! `/metrics` in Prometheus text format (issue 22), hand-written: a few counters and one
//! histogram family need no recorder crate. Requests are counted by actix's route
//! pattern (`/t/{id}/{slug}`), never by raw path, so the number of series stays bounded;
//! database gauges are read at scrape time with bounded `COUNT`s (see [`gauges`]).

mod gauges;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

pub use text::Exposition;

/// Upper bounds of the latency histogram's buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Series {
    /// (method, route, status) -> requests
    requests: HashMap<(String, String, u16), u64>,
    /// (method, route) -> latency
    latency: HashMap<(String, String), Latency>,
}

/// This process's request counters; one per application, shared by its workers.
#[derive(Default, Clone)]
pub struct Registry {
    series: Arc<Mutex<Series>>,
}

impl Registry {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut s = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        *s.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let l = s
            .latency
            .entry((method.to_string(), route.to_string()))
            .or_default();
        l.count += 1;
        l.sum += seconds;
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                l.buckets[i] += 1;
            }
        }
    }

    /// Writes the request families into `out`.
    fn write(&self, out: &mut Exposition) {
        let s = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let mut requests: Vec<_> = s.requests.iter().collect();
        requests.sort();
        out.family(
            "parley_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route pattern and status.",
        );
        for ((method, route, status), n) in requests {
            let status = status.to_string();
            out.sample(
                "parley_http_requests_total",
                &[("method", method), ("route", route), ("status", &status)],
                *n as f64,
            );
        }
        let mut latency: Vec<_> = s.latency.iter().collect();
        latency.sort_by(|a, b| a.0.cmp(b.0));
        let name = "parley_http_request_duration_seconds";
        out.family(
            name,
            "histogram",
            "Time to the response's head, by method and route pattern.",
        );
        for ((method, route), l) in latency {
            for (i, le) in BUCKETS.iter().enumerate() {
                let le = le.to_string();
                out.sample(
                    &format!("{name}_bucket"),
                    &[("method", method), ("route", route), ("le", &le)],
                    l.buckets[i] as f64,
                );
            }
            let labels = [("method", method.as_str()), ("route", route.as_str())];
            out.sample(
                &format!("{name}_bucket"),
                &[labels[0], labels[1], ("le", "+Inf")],
                l.count as f64,
            );
            out.sample(&format!("{name}_sum"), &labels, l.sum);
            out.sample(&format!("{name}_count"), &labels, l.count as f64);
        }
    }
}

/// Counts every response by its route pattern (`unmatched` for the 404 fallback).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let registry = req.app_data::<web::Data<Registry>>().cloned();
    let method = req.method().to_string();
    let res = next.call(req).await;
    if let Some(registry) = registry {
        let seconds = started.elapsed().as_secs_f64();
        match &res {
            Ok(r) => {
                let route = r
                    .request()
                    .match_pattern()
                    .unwrap_or_else(|| "unmatched".to_string());
                registry.observe(&method, &route, r.status().as_u16(), seconds);
            }
            Err(e) => {
                let status = e.as_response_error().status_code().as_u16();
                registry.observe(&method, "unmatched", status, seconds);
            }
        }
    }
    res
}

/// Where this `/metrics` is answered: the main address or the metrics-only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Main,
    Separate,
}

/// `GET /metrics`. On the main address it exists only with `[metrics] token` (404
/// otherwise, as if there were no such page); on the separate address always. Wherever a
/// token is set, a request without `Authorization: Bearer <token>` gets 401.
pub async fn endpoint(
    req: HttpRequest,
    state: web::Data<AppState>,
    registry: web::Data<Registry>,
    door: web::Data<Door>,
) -> Result<HttpResponse, AppError> {
    let token = state.settings.metrics.token();
    if token.is_none() && **door == Door::Main {
        return Err(AppError::NotFound);
    }
    if let Some(token) = token {
        if !bearer_matches(&req, token) {
            return Ok(HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\""))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body("a bearer token is needed\n"));
        }
    }
    let mut out = Exposition::default();
    registry.write(&mut out);
    gauges::write(&state, &mut out).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(out.finish()))
}

fn bearer_matches(req: &HttpRequest, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(token.as_bytes())))
}

/// The metrics-only server on `[metrics] bind`: `/metrics` and nothing else.
pub fn separate_server(
    listener: std::net::TcpListener,
    state: AppState,
    registry: Registry,
) -> std::io::Result<actix_web::dev::Server> {
    let state = web::Data::new(state);
    let registry = web::Data::new(registry);
    let door = web::Data::new(Door::Separate);
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .app_data(registry.clone())
            .app_data(door.clone())
            .route("/metrics", web::get().to(endpoint))
    })
    .workers(1)
    .disable_signals() // the main server's shutdown stops this one (see `crate::ops`)
    .listen(listener)?
    .shutdown_timeout(5)
    .run())
}
