//! Sign-in and sessions: next paths, session rotation, sign-out, cookie flags,
//! password hashing (rehashing, idle threads) and suspension.

use diesel::prelude::*;
use parley::db::schema::users;
use reqwest::header::COOKIE;
use reqwest::redirect::Policy;
use reqwest::{Response, StatusCode};

use super::{
    assert_signed_in, assert_signed_out, field_error, session_count, set_cookie_header,
    signed_in_as, user, what_page_is_this, SIGN_IN_FOR_SETTINGS,
};
use crate::helpers::{
    assert_see_other, location, spawn_app, spawn_app_with, TestApp, UserBuilder, CSRF_FIELD,
    SESSION_COOKIE,
};

/// A browser-less request carrying exactly `cookie` (e.g. a replayed session cookie).
async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Response {
    plain_http()
        .get(format!("{}{path}", app.address))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path} failed: {e}"))
}

/// A client without a cookie jar that does not follow redirects.
fn plain_http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("build reqwest client")
}

/// The value of a `Set-Cookie` header line.
fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or_default();
    pair.split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// The attributes of a `Set-Cookie` header line, lower-cased (`httponly`, `samesite=lax`).
fn cookie_attributes(set_cookie: &str) -> Vec<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Sign-in and sessions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn sign_in_by_username_or_email_ignores_case_and_sets_a_session() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("Ana")
        .email("Ana@Example.com")
        .build(&app)
        .await;

    for login in [
        "Ana",
        "ana",
        "ANA",
        "\u{FF41}na",
        "ana@example.com",
        "ANA@EXAMPLE.COM",
    ] {
        let client = app.new_client();
        let response = client.login(login, &ana.password).await;
        assert_see_other(&response, "/");
        assert!(
            client.session_cookie().is_some(),
            "signing in as {login:?} set no session cookie"
        );
        assert_eq!(
            signed_in_as(&client).await.as_deref(),
            Some("Ana"),
            "signing in as {login:?}"
        );
    }
    assert_eq!(session_count(&app, &ana.id).await, 6);
}

/// A hash made with older argon2 parameters (here the crate's 19 MiB defaults) is
/// replaced by one with today's at the next successful sign-in, and only then; the
/// password still works and the member's other sessions stay.
#[tokio::test]
async fn a_hash_with_older_parameters_is_replaced_at_the_next_sign_in() {
    use argon2::PasswordHasher;
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let elsewhere = app.signed_in_client(&ana).await;
    let old = argon2::Argon2::default()
        .hash_password(ana.password.as_bytes())
        .expect("hash with the defaults")
        .to_string();
    assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{old}");
    let (id, stored, now) = (ana.id.clone(), old.clone(), app.clock.now());
    app.state
        .db(move |conn| {
            Ok(parley::db::models::users::set_password(
                conn, &id, &stored, now,
            )?)
        })
        .await
        .expect("store the old hash");

    let wrong = app
        .new_client()
        .login("ana", "not the password at all")
        .await;
    assert_eq!(
        wrong.status(),
        StatusCode::UNAUTHORIZED,
        "a wrong password signs in"
    );
    assert_eq!(
        user(&app, "ana").await.password_hash,
        old,
        "a wrong password rehashed"
    );

    assert_see_other(&app.new_client().login("ana", &ana.password).await, "/");
    let new = user(&app, "ana").await.password_hash;
    assert!(
        new.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "not rehashed: {new}"
    );

    assert_see_other(&app.new_client().login("ana", &ana.password).await, "/");
    assert_eq!(user(&app, "ana").await.password_hash, new, "rehashed twice");
    assert_signed_in(&elsewhere, "ana's earlier session").await;
}

#[tokio::test]
async fn sign_in_follows_only_local_next_paths() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;

    for (next, expected) in [
        ("/settings/account?tab=email", "/settings/account?tab=email"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let client = app.new_client();
        let response = client
            .post_form(
                "/login",
                &[
                    ("login", "ana"),
                    ("password", &ana.password),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "next={next:?}");
        assert_eq!(
            location(&response).as_deref(),
            Some(expected),
            "after signing in with next={next:?}"
        );
        assert!(client.session_cookie().is_some());
    }
}

#[tokio::test]
async fn sign_in_rotates_the_session_id_and_the_old_one_stops_working() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let before = browser.session_cookie().expect("session cookie");
    let replay_before = format!("{SESSION_COOKIE}={before}");
    let response = get_with_cookie(&app, "/settings/account", &replay_before).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the cookie authenticates"
    );

    // Signing in again in the same browser (it sends the old cookie along).
    let response = browser.login("ana", &ana.password).await;
    assert_see_other(&response, "/");
    let after = browser.session_cookie().expect("session cookie");
    assert_ne!(before, after, "the session id was not rotated");

    let response = get_with_cookie(&app, "/settings/account", &replay_before).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the old session id still works"
    );
    assert_eq!(location(&response).as_deref(), Some(SIGN_IN_FOR_SETTINGS));
    assert_signed_in(&browser, "the browser with the new cookie").await;
    assert_eq!(session_count(&app, &ana.id).await, 1);
}

#[tokio::test]
async fn sign_out_revokes_the_session_on_the_server() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let replay = format!(
        "{SESSION_COOKIE}={}",
        browser.session_cookie().expect("session cookie")
    );

    let response = browser.post_form("/logout", &[]).await;
    assert_see_other(&response, "/?notice=signed_out");
    assert!(
        browser.session_cookie().is_none(),
        "the cookie was not removed"
    );
    assert_signed_out(&browser, "the browser that signed out").await;

    // Replaying the old cookie (as if it had been copied) does not sign in either.
    let response = get_with_cookie(&app, "/settings/account", &replay).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response).as_deref(), Some(SIGN_IN_FOR_SETTINGS));
    assert_eq!(session_count(&app, &ana.id).await, 0);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let laptop = app.signed_in_client(&ana).await;
    let phone = app.signed_in_client(&ana).await;
    let bob_browser = app.signed_in_client(&bob).await;
    assert_signed_in(&phone, "ana's phone").await;

    let response = laptop.post_form("/logout/all", &[]).await;
    assert_see_other(&response, "/login?notice=signed_out_everywhere");

    assert_signed_out(&laptop, "ana's laptop").await;
    assert_signed_out(&phone, "ana's phone").await;
    assert_signed_in(&bob_browser, "bob (another account)").await;
    assert_eq!(session_count(&app, &ana.id).await, 0);
    assert_eq!(session_count(&app, &bob.id).await, 1);
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax_but_not_secure_over_http() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.new_client();
    let response = browser.login("ana", &ana.password).await;
    assert_see_other(&response, "/");

    let header = set_cookie_header(&response, SESSION_COOKIE).expect("no session Set-Cookie");
    assert_eq!(Some(cookie_value(&header)), browser.session_cookie());
    let attributes = cookie_attributes(&header);
    assert!(attributes.contains(&"httponly".to_string()), "{header}");
    assert!(attributes.contains(&"samesite=lax".to_string()), "{header}");
    assert!(attributes.contains(&"path=/".to_string()), "{header}");
    assert!(
        !attributes.contains(&"secure".to_string()),
        "Secure over plain http would lose the cookie: {header}"
    );
    assert!(
        set_cookie_header(&response, &format!("__Host-{SESSION_COOKIE}")).is_none(),
        "no __Host- cookie without https"
    );
}

#[tokio::test]
async fn https_base_url_makes_the_session_cookie_host_prefixed_and_secure() {
    let app = spawn_app_with(|s| s.base_url = "https://community.example".into()).await;
    let ana = UserBuilder::new("ana").build(&app).await;
    // reqwest's jar would not send Secure cookies over http, so cookies go by hand.
    let http = plain_http();

    let response = http
        .get(format!("{}/login", app.address))
        .send()
        .await
        .expect("GET /login");
    let csrf_header =
        set_cookie_header(&response, "__Host-parley_csrf").expect("no __Host- CSRF cookie");
    assert!(cookie_attributes(&csrf_header).contains(&"secure".to_string()));
    let csrf = cookie_value(&csrf_header);

    let response = http
        .post(format!("{}/login", app.address))
        .header(COOKIE, format!("__Host-parley_csrf={csrf}"))
        .form(&[
            ("login", "ana"),
            ("password", ana.password.as_str()),
            (CSRF_FIELD, csrf.as_str()),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_see_other(&response, "/");
    assert!(
        set_cookie_header(&response, SESSION_COOKIE).is_none(),
        "an unprefixed session cookie was set under https"
    );
    let header = set_cookie_header(&response, "__Host-parley_session")
        .expect("no __Host-parley_session cookie");
    let attributes = cookie_attributes(&header);
    for required in ["secure", "httponly", "samesite=lax", "path=/"] {
        assert!(
            attributes.contains(&required.to_string()),
            "{required} missing: {header}"
        );
    }
    assert!(
        !attributes.iter().any(|a| a.starts_with("domain=")),
        "__Host- cookies may not name a Domain: {header}"
    );

    let token = cookie_value(&header);
    let response = get_with_cookie(
        &app,
        "/settings/account",
        &format!("__Host-parley_session={token}"),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the __Host- cookie authenticates"
    );
    let response = get_with_cookie(
        &app,
        "/settings/account",
        &format!("{SESSION_COOKIE}={token}"),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "under https only the __Host- name is honoured"
    );
}

// ---------------------------------------------------------------------------------------
// Suspension
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn suspended_member_is_signed_out_and_cannot_sign_in_until_it_ends() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let phone = app.signed_in_client(&ana).await;
    assert_signed_in(&browser, "ana before the suspension").await;

    let until = app.clock.now().plus_secs(24 * 3600).micros();
    let id = ana.id.clone();
    app.state
        .db(move |conn| {
            diesel::update(users::table.filter(users::id.eq(id.as_str())))
                .set((
                    users::suspended_until.eq(Some(until)),
                    users::suspension_reason.eq(Some("spam")),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("suspend ana");

    assert_signed_out(&browser, "a suspended member").await;
    assert_eq!(
        signed_in_as(&phone).await,
        None,
        "the suspended member's other session"
    );
    assert_eq!(
        session_count(&app, &ana.id).await,
        0,
        "sessions survived the suspension"
    );

    let response = app.new_client().login("ana", &ana.password).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = response.text().await.expect("body");
    let error = field_error(&html, "login").unwrap_or_else(|| {
        panic!(
            "a suspended member is not told why sign-in failed: {}",
            what_page_is_this(&html)
        )
    });
    assert!(error.contains("suspended"), "{error}");
    assert!(error.contains("spam"), "the reason is not shown: {error}");

    // A wrong password does not reveal the suspension.
    assert_eq!(
        app.new_client()
            .login("ana", "wrong password!")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    app.clock.advance_secs(25 * 3600);
    let client = app.new_client();
    assert_see_other(&client.login("ana", &ana.password).await, "/");
    assert_signed_in(&client, "ana after the suspension ended").await;
}

// ---------------------------------------------------------------------------------------
// Password hashing threads
// ---------------------------------------------------------------------------------------

/// Sign-ins hash on their own threads, one per core but one (at least one), at the idle
/// scheduling policy, so a storm of sign-ins takes only the CPU that pages leave over,
/// never every core, and yields at once to a request worker that wakes.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn password_hashing_runs_on_idle_priority_threads_of_its_own() {
    let app = spawn_app().await;
    let user = UserBuilder::new("hasher").build(&app).await;
    app.signed_in_client(&user).await; // at least one real argon2id verification
    let mut hashers = Vec::new();
    for task in std::fs::read_dir("/proc/self/task")
        .expect("task list")
        .flatten()
    {
        let dir = task.path();
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if name.trim().starts_with("argon2-") {
            let stat = std::fs::read_to_string(dir.join("stat")).expect("stat");
            // Fields after the parenthesised name: state is the 3rd, policy the 41st.
            let rest = stat.rsplit_once(") ").expect("stat format").1;
            let policy: i32 = rest
                .split(' ')
                .nth(38)
                .expect("policy")
                .parse()
                .expect("number");
            hashers.push((name.trim().to_string(), policy));
        }
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    assert_eq!(
        hashers.len(),
        cores.max(2) - 1,
        "hashing threads: {hashers:?}"
    );
    assert!(
        hashers
            .iter()
            .all(|(_, policy)| *policy == libc::SCHED_IDLE),
        "policies (SCHED_IDLE is {}): {hashers:?}",
        libc::SCHED_IDLE
    );
}
