//! A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every
//! request (headers and body) and answers with the status the test sets.

use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Verifies the signature with the `standardwebhooks` crate (an independent
    /// implementation of the spec) and `secret`.
    pub fn verifies_with(&self, secret: &str) -> bool {
        standardwebhooks::Webhook::new(secret)
            .expect("secret decodes")
            .verify(self.body.as_bytes(), &self.headers)
            .is_ok()
    }
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Received>>,
    status: AtomicU16,
    /// `Retry-After` seconds to answer with (0: none).
    retry_after: AtomicU16,
}

/// Stops the server when dropped.
pub struct Receiver {
    pub port: u16,
    shared: Arc<Shared>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

async fn record(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Arc<Shared>>,
) -> HttpResponse {
    let mut headers = HeaderMap::new();
    for (k, v) in req.headers() {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_str().as_bytes()),
            HeaderValue::from_bytes(v.as_bytes()),
        ) {
            headers.append(k, v);
        }
    }
    shared.requests.lock().unwrap().push(Received {
        path: req.path().to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let status = shared.status.load(Ordering::SeqCst);
    let mut response = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    match shared.retry_after.load(Ordering::SeqCst) {
        0 => {}
        secs => {
            response.insert_header(("Retry-After", secs.to_string()));
        }
    }
    response.body("thanks")
}

impl Receiver {
    /// A receiver on a fresh port.
    pub async fn start() -> Receiver {
        Receiver::start_on(0).await
    }

    /// A receiver on `port` (0: any free port), answering 200 until told otherwise.
    pub async fn start_on(port: u16) -> Receiver {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the receiver");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        shared.status.store(200, Ordering::SeqCst);
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(record))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver {
            port,
            shared,
            handle,
        }
    }

    /// A port nothing listens on (for "the receiver is down"), free to start on later.
    pub fn unused_port() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().unwrap().port()
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/parley", self.port)
    }

    /// The status the receiver answers with from now on.
    pub fn answer(&self, status: u16) {
        self.shared.status.store(status, Ordering::SeqCst);
    }

    /// Adds `Retry-After: secs` to every answer from now on.
    pub fn retry_after(&self, secs: u16) {
        self.shared.retry_after.store(secs, Ordering::SeqCst);
    }

    pub fn requests(&self) -> Vec<Received> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests carrying an event of `kind`.
    pub fn of_type(&self, kind: &str) -> Vec<Received> {
        self.requests()
            .into_iter()
            .filter(|r| r.json()["type"] == kind)
            .collect()
    }
}
