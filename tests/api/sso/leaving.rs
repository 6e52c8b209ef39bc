//! Leaving the company: back-channel logout on every node, the refresh re-check, and
//! employees who must use single sign-on. Also `/admin/sso` without a key.

use reqwest::StatusCode;

use super::idp::Profile;
use super::{audit_actions, is_employee, linked_user, setup, sign_in, signed_in, PROVIDER};
use crate::helpers::fixtures::{admin_client, start_node, SiteSettings};
use crate::helpers::{spawn_app, UserBuilder, SESSION_COOKIE};

/// Whether the session `token` opens the settings page on the node at `address`.
async fn session_works_at(address: &str, token: &str) -> bool {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{address}/settings/account"))
        .header("Cookie", format!("{SESSION_COOKIE}={token}"))
        .send()
        .await
        .unwrap()
        .status()
        == StatusCode::OK
}

async fn post_logout_token(address: &str, token: &str) -> StatusCode {
    reqwest::Client::new()
        .post(format!("{address}/auth/oidc/{PROVIDER}/backchannel-logout"))
        .form(&[("logout_token", token)])
        .send()
        .await
        .unwrap()
        .status()
}

/// Two nodes of the same site (a second `Application` on the same database): the
/// provider's logout token reaches one, the session ends on both.
#[tokio::test]
async fn backchannel_logout_ends_the_session_on_every_node() {
    let s = setup().await;
    let node_b = start_node(&s.app, |_| {}).await;
    s.idp
        .sign_in_next(Profile::new("emp-6", "jo@corp.example", &["staff"]));
    let browser = s.app.new_client();
    assert_eq!(sign_in(&s, &browser).await.status(), StatusCode::SEE_OTHER);
    let token = browser.session_cookie().expect("a session");
    assert!(session_works_at(&s.app.address, &token).await);
    assert!(session_works_at(&node_b.address, &token).await);

    // Tokens that do not verify change nothing.
    let wrong_aud = s
        .idp
        .logout_token(Some("emp-6"), None, Some("another-client"));
    assert_eq!(
        post_logout_token(&node_b.address, &wrong_aud).await,
        StatusCode::BAD_REQUEST
    );
    let mut forged = s.idp.logout_token(Some("emp-6"), None, None);
    forged.push('x');
    assert_eq!(
        post_logout_token(&node_b.address, &forged).await,
        StatusCode::BAD_REQUEST
    );
    assert!(session_works_at(&s.app.address, &token).await);

    let logout = s.idp.logout_token(Some("emp-6"), Some("sid-emp-6"), None);
    assert_eq!(
        post_logout_token(&node_b.address, &logout).await,
        StatusCode::OK
    );
    assert!(
        !session_works_at(&node_b.address, &token).await,
        "ended on the node that heard it"
    );
    assert!(
        !session_works_at(&s.app.address, &token).await,
        "and on the other node"
    );
    assert!(!signed_in(&browser).await);
    let jo = linked_user(&s.app, "emp-6").await.unwrap();
    assert!(audit_actions(&s.app, &jo)
        .await
        .iter()
        .any(|a| a == "sso.backchannel_logout"));
}

#[tokio::test]
async fn a_refused_refresh_ends_access_and_takes_the_badge() {
    let s = setup().await;
    s.idp
        .sign_in_next(Profile::new("emp-7", "kim@corp.example", &["staff"]));
    let browser = s.app.new_client();
    assert_eq!(sign_in(&s, &browser).await.status(), StatusCode::SEE_OTHER);
    let kim = linked_user(&s.app, "emp-7").await.unwrap();
    assert!(is_employee(&s.app, &kim).await);

    // Not due yet: nothing is asked.
    parley::sso::leave::recheck_due(&s.app.state).await.unwrap();
    assert_eq!(s.idp.refreshes(), 0);
    // Due, and the provider still knows the employee: nothing changes.
    s.app.clock.advance_secs(12 * 3600 + 60);
    parley::sso::leave::recheck_due(&s.app.state).await.unwrap();
    assert!(s.idp.refreshes() >= 1);
    assert!(signed_in(&browser).await);
    assert!(is_employee(&s.app, &kim).await);

    // The employee left: the next re-check ends the session and removes the badge.
    s.idp.refuse_refresh(true);
    s.app.clock.advance_secs(12 * 3600 + 60);
    parley::sso::leave::recheck_due(&s.app.state).await.unwrap();
    assert!(!signed_in(&browser).await, "the session ended");
    assert!(!is_employee(&s.app, &kim).await, "the badge is gone");
    let actions = audit_actions(&s.app, &kim).await;
    assert!(
        actions.iter().any(|a| a == "sso.access_ended"),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| a == "sso.employee_removed"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn sso_required_for_employee_domains_refuses_passwords_there() {
    let s = setup().await;
    SiteSettings {
        employee_domains: "corp.example",
        ..SiteSettings::default()
    }
    .save(&s.admin)
    .await;
    let lee = UserBuilder::new("lee")
        .email("lee@corp.example")
        .build(&s.app)
        .await;
    let out = UserBuilder::new("out")
        .email("out@example.com")
        .build(&s.app)
        .await;
    let response = s
        .admin
        .post_form("/admin/sso/settings", &[("require", "on")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    for login in [lee.email.as_str(), lee.username.as_str()] {
        let browser = s.app.new_client();
        let response = browser.login(login, &lee.password).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{login}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("single sign-on"),
            "the refusal says why: {body}"
        );
        assert!(body.contains("Sign in with Corp"), "and shows the button");
        assert!(!signed_in(&browser).await);
    }
    let reset = s
        .app
        .new_client()
        .post_form("/password/reset", &[("email", &lee.email)])
        .await;
    assert_eq!(
        reset.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no password reset either"
    );
    let outsider = s.app.new_client();
    assert_eq!(
        outsider.login(&out.username, &out.password).await.status(),
        StatusCode::SEE_OTHER
    );

    // An SSO-required employee's badge comes only from the groups.
    s.idp
        .sign_in_next(Profile::new("emp-8", "new@corp.example", &[]));
    let browser = s.app.new_client();
    assert_eq!(sign_in(&s, &browser).await.status(), StatusCode::SEE_OTHER);
    let newbie = linked_user(&s.app, "emp-8").await.unwrap();
    assert!(
        !is_employee(&s.app, &newbie).await,
        "an employee address without the group gets no badge"
    );
}

#[tokio::test]
async fn admin_sso_without_a_key_says_so_and_saves_nothing() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let (status, page) = admin.get_html("/admin/sso").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("encryption_key"),
        "the page names the missing setting"
    );
    let response = admin
        .post_form(
            "/admin/sso",
            &[
                ("id", "corp"),
                ("issuer", "https://id.example.com"),
                ("client_id", "x"),
                ("client_secret", "y"),
                ("button_label", "Corp"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, login) = app.new_client().get_html("/login").await;
    assert!(!login.contains("/auth/oidc/"), "no provider, no button");
    let member = app.new_client();
    assert_eq!(
        member.get("/auth/oidc/corp/start").await.status(),
        StatusCode::NOT_FOUND
    );
}
