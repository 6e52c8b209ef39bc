//! Fixtures shared by the feature modules: an admin browser, sub-communities created the
//! way an admin does it, peeks into the database, polling with a deadline, checks for
//! active content in pages, and a second node on the same database and SMTP sink.

use std::future::Future;
use std::time::Duration;

use parley::config::Settings;
use parley::db::models::communities::{self, Community};
use parley::db::models::outbox::{self, OutboxMessage};
use parley::db::{DbConn, OutboxId};
use parley::error::AppResult;
use parley::state::AppState;
use parley::Application;
use scraper::{Html, Selector};
use tokio::task::JoinHandle;

use super::{assert_see_other, TestApp, TestClient, TestUser, UserBuilder};

/// How long [`wait_until`] polls before giving up: generous, not a timing assertion.
pub const POLL_DEADLINE: Duration = Duration::from_secs(20);
const POLL_STEP: Duration = Duration::from_millis(25);

/// An admin account (`chief`) and a browser signed in as it.
pub async fn admin_client(app: &TestApp) -> (TestUser, TestClient) {
    let admin = UserBuilder::new("chief").admin().build(app).await;
    let client = app.signed_in_client(&admin).await;
    (admin, client)
}

/// The name [`create_community`] gives the sub-community at `slug`.
pub fn community_name(slug: &str) -> String {
    format!("Group {slug}")
}

/// Creates a sub-community through `POST /admin/communities/new` as `admin` and returns
/// its name ([`community_name`]). Panics unless the app answers 303 to the new page.
pub async fn create_community(
    app: &TestApp,
    admin: &TestClient,
    slug: &str,
    visibility: &str,
) -> String {
    let name = community_name(slug);
    let response = admin
        .post_form(
            "/admin/communities/new",
            &[
                ("slug", slug),
                ("name", &name),
                ("description", "A place for testing."),
                ("accent_color", "#3355cc"),
                ("visibility", visibility),
                ("position", "0"),
            ],
        )
        .await;
    assert_see_other(&response, &format!("/c/{slug}?notice=saved"));
    let stored = find_community(app, slug)
        .await
        .unwrap_or_else(|| panic!("sub-community {slug} was not stored"));
    assert_eq!(stored.visibility.as_str(), visibility);
    name
}

/// Runs `f` with a pooled connection of the app, off the async threads; panics on error.
pub async fn db<T, F>(app: &TestApp, f: F) -> T
where
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    app.state
        .db(f)
        .await
        .unwrap_or_else(|e| panic!("test database access failed: {e:?}"))
}

pub async fn find_community(app: &TestApp, slug: &str) -> Option<Community> {
    let slug = slug.to_string();
    db(app, move |conn| Ok(communities::find_by_slug(conn, &slug)?)).await
}

pub async fn community_count(app: &TestApp) -> usize {
    db(app, |conn| Ok(communities::all(conn)?.len())).await
}

/// Every outbox row (any status), newest first.
pub async fn outbox_rows(app: &TestApp) -> Vec<OutboxMessage> {
    db(app, |conn| Ok(outbox::list(conn, None, 1000)?)).await
}

/// Outbox rows addressed to `recipient`.
pub async fn outbox_to(app: &TestApp, recipient: &str) -> Vec<OutboxMessage> {
    outbox_rows(app)
        .await
        .into_iter()
        .filter(|m| m.recipient.eq_ignore_ascii_case(recipient))
        .collect()
}

pub async fn outbox_row(app: &TestApp, id: &OutboxId) -> OutboxMessage {
    outbox_rows(app)
        .await
        .into_iter()
        .find(|m| &m.id == id)
        .unwrap_or_else(|| panic!("outbox row {id} is gone"))
}

/// Polls `probe` until it answers `Some`, panicking after [`POLL_DEADLINE`] with `what`.
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + POLL_DEADLINE;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!(
                "timed out after {}s waiting until {what}",
                POLL_DEADLINE.as_secs()
            );
        }
        tokio::time::sleep(POLL_STEP).await;
    }
}

/// Asserts that `html` can run nothing: every `<script>` loads a file and has no body,
/// no attribute is an event handler (`on...`), no URL attribute uses `javascript:`.
#[track_caller]
pub fn assert_no_active_content(html: &str, context: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").expect("static selector");
    for el in doc.select(&all) {
        let tag = el.value().name();
        if tag == "script" {
            assert!(
                el.value().attr("src").is_some_and(|s| !s.trim().is_empty()),
                "{context}: a <script> without src: {}",
                el.html()
            );
            assert!(
                el.text().collect::<String>().trim().is_empty(),
                "{context}: an inline script body: {}",
                el.html()
            );
        }
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{context}: event-handler attribute {name}={value:?} on <{tag}>"
            );
            let value = value.trim().to_ascii_lowercase();
            assert!(
                !value.starts_with("javascript:"),
                "{context}: javascript: URL in {name} on <{tag}>"
            );
        }
    }
}

/// Another Parley process: the same settings as `app` (database, data directory, SMTP
/// sink) on its own port, sharing the app's manual clock. The server stops on drop.
pub struct Node {
    pub address: String,
    pub state: AppState,
    server: JoinHandle<()>,
}

impl Node {
    pub fn client(&self) -> TestClient {
        TestClient::new(&self.address)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Builds and starts a second [`Application`] next to `app`, with `configure` applied
/// to a copy of `app`'s settings (bind and base URL reset to fresh values first).
pub async fn start_node(app: &TestApp, configure: impl FnOnce(&mut Settings)) -> Node {
    let mut settings = (*app.state.settings).clone();
    settings.bind = "127.0.0.1:0".into();
    settings.base_url = String::new();
    configure(&mut settings);
    let application = Application::build(settings, app.clock.clone())
        .await
        .unwrap_or_else(|e| panic!("second Application::build failed: {e:#}"));
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    let server = tokio::spawn(async move {
        if let Err(e) = application.run_until_stopped().await {
            eprintln!("second test server stopped with an error: {e}");
        }
    });
    Node {
        address,
        state,
        server,
    }
}

/// Asserts an error body shows nothing of the implementation.
#[track_caller]
pub fn assert_no_internals(body: &str, context: &str) {
    let lower = body.to_ascii_lowercase();
    for needle in [
        "diesel",
        "sqlite",
        "postgres",
        "panicked",
        "stack backtrace",
        "src/",
        ".rs:",
        "/work/",
        "/home/",
        "r2d2",
        "actix",
        "missing field",
    ] {
        assert!(
            !lower.contains(needle),
            "{context}: error body reveals {needle:?}:\n{body}"
        );
    }
}
