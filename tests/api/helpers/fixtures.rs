//! Fixtures shared by the feature modules: an admin browser and the site settings form,
//! signing up through the forms, peeks into the database, polling with a deadline, mail
//! and links in it, checks of pages and answers, and a second node on the same database
//! and SMTP sink.

use std::future::Future;
use std::time::Duration;

use parley::config::Settings;
use parley::db::models::communities::{self, Community};
use parley::db::models::outbox::{self, OutboxMessage};
use parley::db::models::users::User;
use parley::db::{DbConn, OutboxId};
use parley::error::AppResult;
use parley::state::AppState;
use parley::Application;
use scraper::{Html, Selector};
use tokio::task::JoinHandle;

use super::forum_fixtures::user_named;
use super::{assert_see_other, location, ReceivedMail, TestApp, TestClient, TestUser, UserBuilder};

/// How long [`wait_until`] polls before giving up: generous, not a timing assertion.
pub const POLL_DEADLINE: Duration = Duration::from_secs(20);
const POLL_STEP: Duration = Duration::from_millis(25);

/// An admin account (`chief`) and a browser signed in as it.
pub async fn admin_client(app: &TestApp) -> (TestUser, TestClient) {
    let admin = UserBuilder::new("chief").admin().build(app).await;
    let client = app.signed_in_client(&admin).await;
    (admin, client)
}

/// The site settings form (`POST /admin/settings`): name, tagline, logo, colour and the
/// domains whose confirmed addresses make employees. `Default` is a plain site.
#[derive(Debug, Clone)]
pub struct SiteSettings<'a> {
    pub site_name: &'a str,
    pub tagline: &'a str,
    pub logo_url: &'a str,
    pub primary_color: &'a str,
    pub employee_domains: &'a str,
    /// Origins allowed to call `/api/v1` from a browser, one per line.
    pub api_cors_origins: &'a str,
}

impl Default for SiteSettings<'_> {
    fn default() -> Self {
        SiteSettings {
            site_name: "Parley",
            tagline: "",
            logo_url: "",
            primary_color: "#3355cc",
            employee_domains: "",
            api_cors_origins: "",
        }
    }
}

impl SiteSettings<'_> {
    /// Saves them as `admin`; panics unless the app takes them.
    pub async fn save(&self, admin: &TestClient) {
        let response = admin
            .post_form(
                "/admin/settings",
                &[
                    ("site_name", self.site_name),
                    ("tagline", self.tagline),
                    ("logo_url", self.logo_url),
                    ("primary_color", self.primary_color),
                    ("employee_domains", self.employee_domains),
                    ("api_cors_origins", self.api_cors_origins),
                ],
            )
            .await;
        assert_see_other(&response, "/admin/settings?notice=saved");
    }
}

/// Signs up through the form (ticking the weekly digest when asked), follows the mailed
/// confirmation link and returns the confirmed account.
pub async fn sign_up_and_confirm(
    app: &TestApp,
    username: &str,
    email: &str,
    weekly_digest: bool,
) -> User {
    let browser = app.new_client();
    let mut fields = vec![
        ("username", username),
        ("email", email),
        ("password", "a perfectly fine passphrase"),
    ];
    if weekly_digest {
        fields.push(("weekly_digest", "on"));
    }
    let response = browser.post_form("/signup", &fields).await;
    assert_see_other(&response, "/login?notice=check_email");
    let mail = wait_mails_to(app, email, 1).await.remove(0);
    let link = mail
        .first_link_with(&format!("{}/confirm/", app.address))
        .expect("a confirmation link");
    let response = browser.post_form(&path_of(app, &link), &[]).await;
    assert_see_other(&response, "/login?notice=email_confirmed");
    let account = user_named(app, username).await;
    assert!(account.email_confirmed_at.is_some());
    account
}

/// `POST /password/reset` for `email` from `client`; panics unless the app answers as it
/// does for every address (303 to the sign-in page saying a link was sent).
pub async fn request_password_reset(client: &TestClient, email: &str) {
    let response = client
        .post_form("/password/reset", &[("email", email)])
        .await;
    assert_see_other(&response, "/login?notice=reset_sent");
}

/// Waits until at least `n` mails reached `address` and returns them (oldest first).
pub async fn wait_mails_to(app: &TestApp, address: &str, n: usize) -> Vec<ReceivedMail> {
    wait_until(&format!("{n} mail(s) reach {address}"), || async {
        let mails = app.mail.messages_to(address);
        (mails.len() >= n).then_some(mails)
    })
    .await
}

/// The path of an absolute link to the app (from a mail).
#[track_caller]
pub fn path_of(app: &TestApp, link: &str) -> String {
    link.strip_prefix(&app.address)
        .unwrap_or_else(|| panic!("{link} does not point at the app {}", app.address))
        .to_string()
}

/// Asserts how the app refuses a page to an anonymous visitor: 303 to the sign-in page,
/// which brings them back (`/login?next=...`).
#[track_caller]
pub fn assert_sent_to_sign_in(response: &reqwest::Response, context: &str) {
    assert_eq!(
        response.status(),
        reqwest::StatusCode::SEE_OTHER,
        "{context}: a page asks an anonymous visitor to sign in"
    );
    let to = location(response).unwrap_or_default();
    assert!(
        to.starts_with("/login?next="),
        "{context}: sent to {to:?}, not to the sign-in page"
    );
}

/// Asserts how the app refuses a form post from an anonymous visitor: 401, with no
/// redirect, as a post cannot be replayed after signing in.
#[track_caller]
pub fn assert_sign_in_required(response: &reqwest::Response, context: &str) {
    assert_eq!(
        response.status(),
        reqwest::StatusCode::UNAUTHORIZED,
        "{context}: a post from an anonymous visitor"
    );
    assert_eq!(location(response), None, "{context}");
}

/// The items as owned strings, sorted: for comparing lists as sets.
pub fn sorted<S: ToString>(items: &[S]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(ToString::to_string).collect();
    v.sort();
    v
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

/// Asserts that `html` can run nothing: every `<script>` loads a file and has no body
/// (except JSON-LD data blocks, which browsers never run and CSP does not cover: their
/// body must be JSON with no `<` that could close the element), no attribute is an event
/// handler (`on...`), no URL attribute uses `javascript:`.
#[track_caller]
pub fn assert_no_active_content(html: &str, context: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").expect("static selector");
    for el in doc.select(&all) {
        let tag = el.value().name();
        if tag == "script" && el.value().attr("type") == Some("application/ld+json") {
            let body = el.text().collect::<String>();
            assert!(
                !body.contains('<') && serde_json::from_str::<serde_json::Value>(&body).is_ok(),
                "{context}: JSON-LD that is not plain JSON: {}",
                el.html()
            );
        } else if tag == "script" {
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
