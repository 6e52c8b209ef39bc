//! Tests of the harness itself: if these fail, fix the harness before the features.

use std::time::Duration;

use lettre::message::MultiPart;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use parley::db::models::{communities, users};
use parley::db::{CommunityRole, SiteRole, TopicKind, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::forum_fixtures::{post_row, topic_row};
use crate::helpers::{
    form_field, html_attr, html_select, postgres_admin_url, postgres_database_exists,
    postgres_or_skip, spawn_app, spawn_app_with, CommunityBuilder, MailSink, PostBuilder,
    TestDatabase, TopicBuilder, UserBuilder, CSRF_COOKIE, DEFAULT_PASSWORD,
};

fn smtp_transport(port: u16) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .timeout(Some(Duration::from_secs(10)))
        .build()
}

fn message(to: &str, subject: &str, text: &str, html: &str) -> Message {
    Message::builder()
        .from("Parley <parley@example.com>".parse().expect("from address"))
        .to(to.parse().expect("to address"))
        .subject(subject)
        .multipart(MultiPart::alternative_plain_html(
            text.to_string(),
            html.to_string(),
        ))
        .expect("build message")
}

#[tokio::test]
async fn smtp_sink_receives_messages_sent_with_lettre() {
    let sink = MailSink::start().await;
    let transport = smtp_transport(sink.port());
    let text = "Hello Ana,\n.a line that starts with a dot\nConfirm: http://127.0.0.1:1/confirm/abc123.\nBye\n";
    let html = "<p>Grüße, <a href=\"http://127.0.0.1:1/confirm/abc123\">confirm</a></p>";

    transport
        .send(message("ana@example.com", "Grüße aus Parley", text, html))
        .await
        .expect("first send");
    // The second message goes over the same pooled connection.
    transport
        .send(message("bo@example.com", "Second", "two", "<p>two</p>"))
        .await
        .expect("second send");

    let mails = sink.wait_for(2).await;
    assert_eq!(mails.len(), 2);
    let first = &mails[0];
    assert_eq!(first.from, "parley@example.com");
    assert_eq!(first.to, vec!["ana@example.com".to_string()]);
    assert_eq!(first.subject(), "Grüße aus Parley");
    assert_eq!(first.header("to").as_deref(), Some("ana@example.com"));
    assert!(first.header("X-Not-There").is_none());
    let body = first.text_body();
    assert!(
        body.lines()
            .any(|l| l.trim_end() == ".a line that starts with a dot"),
        "dot-stuffing was not undone:\n{body}"
    );
    assert!(
        first.html_body().contains("Grüße"),
        "html part not decoded: {}",
        first.html_body()
    );
    assert_eq!(
        first
            .first_link_with("http://127.0.0.1:1/confirm/")
            .as_deref(),
        Some("http://127.0.0.1:1/confirm/abc123")
    );
    assert_eq!(first.first_link_with("http://elsewhere/"), None);
    assert_eq!(
        first.content_types(),
        vec!["multipart/alternative", "text/plain", "text/html"]
    );
    assert_eq!(sink.messages_to("BO@example.com").len(), 1);
    assert_eq!(mails[1].subject(), "Second");
}

#[tokio::test]
async fn smtp_sink_refuses_delivery_until_accepting_again() {
    let sink = MailSink::start().await;
    let pooled = smtp_transport(sink.port());
    pooled
        .send(message("ana@example.com", "before", "x", "<p>x</p>"))
        .await
        .expect("send while accepting");

    sink.set_accepting(false);
    // An open pooled connection is refused at MAIL FROM (451) ...
    let refused = pooled
        .send(message("ana@example.com", "refused", "x", "<p>x</p>"))
        .await;
    assert!(
        refused.is_err(),
        "delivery over an open connection should fail while refusing"
    );
    // ... and a new connection at the greeting (421).
    let fresh = smtp_transport(sink.port());
    let refused = fresh
        .send(message("ana@example.com", "refused", "x", "<p>x</p>"))
        .await;
    assert!(
        refused.is_err(),
        "delivery over a new connection should fail while refusing"
    );

    sink.set_accepting(true);
    pooled
        .send(message("ana@example.com", "after 1", "x", "<p>x</p>"))
        .await
        .expect("pooled send after refusal");
    fresh
        .send(message("ana@example.com", "after 2", "x", "<p>x</p>"))
        .await
        .expect("fresh send after refusal");

    let subjects: Vec<String> = sink.wait_for(3).await.iter().map(|m| m.subject()).collect();
    assert_eq!(subjects, vec!["before", "after 1", "after 2"]);
}

#[tokio::test]
async fn pg_only_fresh_postgres_database_is_created_and_dropped() {
    let Some(admin_url) =
        postgres_or_skip("pg_only_fresh_postgres_database_is_created_and_dropped")
    else {
        return;
    };

    let db = TestDatabase::create_async(&admin_url).await;
    let name = db.name().to_string();
    assert!(name.starts_with("parley_t_"), "{name}");
    let url = url::Url::parse(db.url()).expect("a URL");
    assert_eq!(url.path(), format!("/{name}"), "{}", db.url());
    assert!(postgres_database_exists(&admin_url, &name));
    drop(db);
    assert!(
        !postgres_database_exists(&admin_url, &name),
        "{name} survived its drop"
    );

    // A running app holds pooled connections; the drop still succeeds (WITH (FORCE)).
    let app = spawn_app().await;
    let name = app
        .pg_database_name()
        .expect("a PostgreSQL test database")
        .to_string();
    assert!(postgres_database_exists(&admin_url, &name));
    let response = app.get("/").await;
    assert!(
        !response.status().is_server_error(),
        "GET / answered {}",
        response.status()
    );
    drop(app);
    assert!(
        !postgres_database_exists(&admin_url, &name),
        "{name} survived the app's drop"
    );
}

#[tokio::test]
async fn empty_base_url_means_the_bound_test_port() {
    let app = spawn_app().await;
    assert_eq!(
        app.state.base_url(),
        app.address,
        "links in mails must point at the test server"
    );
}

#[tokio::test]
async fn spawned_app_serves_pages_and_hands_out_a_csrf_cookie() {
    let app = spawn_app().await;
    assert_eq!(app.address, format!("http://127.0.0.1:{}", app.port));
    assert_eq!(app.settings().smtp_url, app.mail.url());

    let (status, html) = app.get_html("/").await;
    assert!(
        !status.is_server_error(),
        "GET / answered {status}:\n{html}"
    );
    assert!(
        app.cookie(CSRF_COOKIE).is_some(),
        "GET / set no {CSRF_COOKIE} cookie"
    );
    assert_eq!(app.csrf_token().await, app.cookie(CSRF_COOKIE).unwrap());

    // A second client is a separate browser.
    let other = app.new_client();
    assert!(other.cookie(CSRF_COOKIE).is_none());
    assert_ne!(other.csrf_token().await, app.csrf_token().await);
}

#[tokio::test]
async fn post_form_sends_the_csrf_token_and_without_it_the_app_refuses() {
    let app = spawn_app().await;
    let fields = [("login", "nobody"), ("password", "wrong password")];

    let without = app.post_form_without_csrf("/login", &fields).await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);

    let with = app.post_form("/login", &fields).await;
    assert_eq!(
        with.status(),
        StatusCode::UNAUTHORIZED,
        "post_form's CSRF token was not accepted (403), or the wrong password was (303)"
    );
    assert!(
        app.session_cookie().is_none(),
        "a wrong password must not sign in"
    );
}

#[tokio::test]
async fn built_users_sign_in_with_their_own_clients() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    assert_eq!(ana.email, "ana@example.com");
    assert_eq!(ana.password, DEFAULT_PASSWORD);
    let boss = UserBuilder::new("boss")
        .email("chief@example.com")
        .password("another long passphrase")
        .admin()
        .build(&app)
        .await;
    let emma = UserBuilder::new("emma").employee().build(&app).await;
    assert_ne!(ana.id, boss.id);

    let ana_browser = app.signed_in_client(&ana).await;
    let boss_browser = app.signed_in_client(&boss).await;
    let emma_browser = app.signed_in_client(&emma).await;
    let sessions = [
        ana_browser.session_cookie(),
        boss_browser.session_cookie(),
        emma_browser.session_cookie(),
    ];
    assert!(sessions.iter().all(Option::is_some));
    assert_ne!(sessions[0], sessions[1]);
    assert!(
        app.session_cookie().is_none(),
        "the default client is not signed in"
    );

    // Signing in by email works too.
    let by_email = app.new_client();
    let response = by_email
        .login("chief@example.com", "another long passphrase")
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn spawn_app_with_applies_custom_settings_and_isolates_apps() {
    let one = spawn_app_with(|s| s.rate_limits.signin_per_ip_per_minute = 1).await;
    let two = spawn_app().await;
    assert_eq!(one.settings().rate_limits.signin_per_ip_per_minute, 1);
    assert_ne!(two.settings().rate_limits.signin_per_ip_per_minute, 1);
    assert_ne!(one.port, two.port);
    assert_ne!(one.data_dir(), two.data_dir());
    assert_ne!(one.mail.port(), two.mail.port());
    if postgres_admin_url().is_none() {
        assert!(
            one.data_dir().join("parley.db").exists(),
            "SQLite file not in the data dir"
        );
    } else {
        assert_ne!(one.pg_database_name(), two.pg_database_name());
    }

    let dir = one.data_dir().to_path_buf();
    drop(one);
    assert!(!dir.exists(), "{} survived the app's drop", dir.display());
}

#[tokio::test]
async fn manual_clock_moves_the_apps_time() {
    let app = spawn_app().await;
    let before = app.state.clock.now();
    app.clock.advance_secs(3600);
    let after = app.state.clock.now();
    assert_eq!(after.micros() - before.micros(), 3_600_000_000);
}

#[test]
fn html_helpers_read_text_attributes_and_form_fields() {
    let html = r#"<html><body>
        <h1>  Widgets
           community </h1>
        <ul><li><a href="/c/widgets">Widgets</a></li><li><a href="/c/gadgets">Gadgets</a></li></ul>
        <form><input type="hidden" name="csrf_token" value="t0k"><input name="empty">
        <textarea name="body">Hello &amp; welcome</textarea></form>
    </body></html>"#;
    assert_eq!(html_select(html, "h1"), vec!["Widgets community"]);
    assert_eq!(html_select(html, "li a"), vec!["Widgets", "Gadgets"]);
    assert_eq!(
        html_attr(html, "li a", "href"),
        vec!["/c/widgets", "/c/gadgets"]
    );
    assert_eq!(form_field(html, "csrf_token").as_deref(), Some("t0k"));
    assert_eq!(form_field(html, "empty").as_deref(), Some(""));
    assert_eq!(form_field(html, "body").as_deref(), Some("Hello & welcome"));
    assert_eq!(form_field(html, "missing"), None);
}

#[tokio::test]
async fn mail_queued_by_the_app_reaches_the_sink() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    let response = app
        .post_form("/password/reset", &[("email", &ana.email)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let mails = app.mail.wait_for(1).await;
    assert_eq!(mails[0].to, vec![ana.email.clone()]);
    assert!(!mails[0].subject().is_empty());
    assert!(!mails[0].text_body().is_empty());
}

#[tokio::test]
async fn builders_set_the_scene_through_the_app_with_typed_roles_and_kinds() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let lab = CommunityBuilder::new("lab")
        .name("The Lab")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await;
    let stored = find_community(&app, "lab").await.expect("lab is stored");
    assert_eq!(
        (stored.id.clone(), stored.name.as_str()),
        (lab.id.clone(), "The Lab")
    );
    assert_eq!(stored.visibility, Visibility::Members);

    let (erin, erin_browser) = UserBuilder::new("erin")
        .employee()
        .site_role(SiteRole::Moderator)
        .role_in(&lab, CommunityRole::Manager)
        .signed_in(&app)
        .await;
    let (bob, bob_browser) = UserBuilder::new("bob").signed_in(&app).await;
    let (community, user) = (lab.id.clone(), erin.id.clone());
    let (row, role) = db(&app, move |conn| {
        Ok((
            users::find(conn, &user)?,
            communities::role_of(conn, &community, &user)?,
        ))
    })
    .await;
    let row = row.expect("erin is stored");
    assert!(row.is_employee);
    assert_eq!(row.role, SiteRole::Moderator);
    assert_eq!(role, Some(CommunityRole::Manager));
    let (community, user) = (lab.id.clone(), bob.id.clone());
    let role = db(&app, move |conn| {
        Ok(communities::role_of(conn, &community, &user)?)
    })
    .await;
    assert_eq!(role, None, "no role unless one is given");

    let idea = TopicBuilder::idea("Builders for every fixture")
        .body("One place for each decision.")
        .in_(&lab)
        .by(&bob_browser)
        .build(&app)
        .await;
    assert_eq!(topic_row(&app, &idea.id).await.kind, TopicKind::Idea);
    let answer = PostBuilder::reply("Agreed.")
        .to(&idea)
        .by(&erin_browser)
        .build(&app)
        .await;
    let comment = PostBuilder::reply("Which fixture first?")
        .under(&answer)
        .to(&idea)
        .by(&bob_browser)
        .build(&app)
        .await;
    assert_eq!(
        post_row(&app, &comment)
            .await
            .parent_id
            .map(|p| p.to_string()),
        Some(answer.id.clone())
    );

    // `send` hands back a refusal instead of panicking on it.
    let refused = TopicBuilder::announcement("Members may not announce")
        .in_(&lab)
        .by(&bob_browser)
        .send()
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
