//! Signing in with the provider: a new account, roles from groups both ways, refused
//! tokens, and an existing account that must prove itself before a link.

use parley::db::CommunityRole;
use reqwest::StatusCode;

use super::idp::{Profile, Tamper};
use super::{
    audit_actions, callback_path, is_employee, linked_user, role_in, setup, sign_in, signed_in,
    user_count, PROVIDER,
};
use crate::helpers::fixtures::wait_mails_to;
use crate::helpers::{location, UserBuilder};

#[tokio::test]
async fn sign_in_creates_an_account_and_syncs_roles_from_groups_both_ways() {
    let s = setup().await;
    let (_, login_page) = s.app.new_client().get_html("/login").await;
    assert!(
        login_page.contains("Sign in with Corp"),
        "the button is on /login"
    );

    s.idp.sign_in_next(Profile::new(
        "emp-1",
        "erin@corp.example",
        &["staff", "support-mods"],
    ));
    let browser = s.app.new_client();
    let response = sign_in(&s, &browser).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response).as_deref(), Some("/"));
    assert!(signed_in(&browser).await, "the callback opened a session");
    let erin = linked_user(&s.app, "emp-1")
        .await
        .expect("the identity is linked");
    let (_, profile) = browser.get_html("/u/erin").await;
    assert!(
        profile.contains("erin"),
        "the username comes from preferred_username"
    );
    assert!(
        is_employee(&s.app, &erin).await,
        "staff grants the employee flag"
    );
    assert_eq!(
        role_in(&s.app, &s.support.id, &erin).await,
        Some(CommunityRole::Moderator)
    );
    let actions = audit_actions(&s.app, &erin).await;
    for a in [
        "user.create_sso",
        "sso.employee_granted",
        "sso.role_granted",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited: {actions:?}");
    }

    // The company takes both groups away: the next sign-in takes both roles back.
    s.idp
        .sign_in_next(Profile::new("emp-1", "erin@corp.example", &[]));
    let again = s.app.new_client();
    assert_eq!(sign_in(&s, &again).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        linked_user(&s.app, "emp-1").await.as_ref(),
        Some(&erin),
        "the same account"
    );
    assert!(!is_employee(&s.app, &erin).await, "employee flag removed");
    assert_eq!(
        role_in(&s.app, &s.support.id, &erin).await,
        None,
        "moderator role removed"
    );
    let actions = audit_actions(&s.app, &erin).await;
    for a in ["sso.employee_removed", "sso.role_removed"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited: {actions:?}");
    }
}

#[tokio::test]
async fn roles_given_by_hand_are_not_taken_by_sso() {
    let s = setup().await;
    s.idp
        .sign_in_next(Profile::new("emp-2", "hal@corp.example", &[]));
    let browser = s.app.new_client();
    assert_eq!(sign_in(&s, &browser).await.status(), StatusCode::SEE_OTHER);
    let hal = linked_user(&s.app, "emp-2").await.expect("linked");
    crate::helpers::grant_role(&s.admin, &s.support, "hal", CommunityRole::Moderator).await;
    assert_eq!(
        sign_in(&s, &s.app.new_client()).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        role_in(&s.app, &s.support.id, &hal).await,
        Some(CommunityRole::Moderator),
        "a moderator appointed by hand stays one"
    );
}

#[tokio::test]
async fn bad_tokens_and_a_replayed_state_sign_nobody_in() {
    let s = setup().await;
    s.idp
        .sign_in_next(Profile::new("emp-3", "ivy@corp.example", &["staff"]));
    let before = user_count(&s.app).await;
    for tamper in [
        Tamper::WrongAudience,
        Tamper::Expired,
        Tamper::WrongNonce,
        Tamper::BadSignature,
    ] {
        s.idp.spoil_next_token(tamper);
        let browser = s.app.new_client();
        let response = sign_in(&s, &browser).await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{tamper:?} is refused"
        );
        assert!(browser.session_cookie().is_none(), "{tamper:?}: no session");
        assert!(!signed_in(&browser).await, "{tamper:?}: nobody signed in");
    }
    assert_eq!(user_count(&s.app).await, before, "no account was created");
    assert_eq!(linked_user(&s.app, "emp-3").await, None);
    assert_eq!(linked_user(&s.app, "someone-else").await, None);

    // A state is good once: replaying the callback signs nobody in again.
    let browser = s.app.new_client();
    let back = callback_path(&s, &browser).await;
    assert_eq!(browser.get(&back).await.status(), StatusCode::SEE_OTHER);
    let thief = s.app.new_client();
    let replay = thief.get(&back).await;
    assert_eq!(
        replay.status(),
        StatusCode::BAD_REQUEST,
        "another browser cannot finish it"
    );
    let replay = browser.get(&back).await;
    assert_eq!(
        replay.status(),
        StatusCode::BAD_REQUEST,
        "nor the same browser twice"
    );
    assert!(!signed_in(&thief).await);
}

#[tokio::test]
async fn an_existing_account_with_that_address_is_linked_only_after_proving_itself() {
    let s = setup().await;
    let ana = UserBuilder::new("ana")
        .email("ana@corp.example")
        .build(&s.app)
        .await;
    s.idp
        .sign_in_next(Profile::new("emp-4", "ana@corp.example", &["staff"]));
    let browser = s.app.new_client();
    let response = sign_in(&s, &browser).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let proof = location(&response).expect("to the proof page");
    assert!(proof.starts_with("/auth/oidc/link/"), "{proof}");
    assert!(
        !signed_in(&browser).await,
        "the email claim alone signs nobody in"
    );
    assert_eq!(
        linked_user(&s.app, "emp-4").await,
        None,
        "nor links anything"
    );
    assert!(!is_employee(&s.app, &ana.id).await);

    let (status, page) = browser.get_html(&proof).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Link your account"));
    let wrong = browser
        .post_form(&proof, &[("password", "not her password")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(linked_user(&s.app, "emp-4").await, None);

    let right = browser
        .post_form(&proof, &[("password", &ana.password)])
        .await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    assert!(signed_in(&browser).await);
    assert_eq!(linked_user(&s.app, "emp-4").await.as_ref(), Some(&ana.id));
    assert!(
        is_employee(&s.app, &ana.id).await,
        "the groups apply once linked"
    );
    assert!(audit_actions(&s.app, &ana.id)
        .await
        .iter()
        .any(|a| a == "sso.link"));
    // The proof page works once.
    assert_eq!(browser.get(&proof).await.status(), StatusCode::NOT_FOUND);

    // The other proof: a link mailed to the account's address.
    let bo = UserBuilder::new("bob")
        .email("bo@corp.example")
        .build(&s.app)
        .await;
    s.idp
        .sign_in_next(Profile::new("emp-5", "bo@corp.example", &[]));
    let browser = s.app.new_client();
    let proof = location(&sign_in(&s, &browser).await).expect("proof page");
    let mailed = browser.post_form(&format!("{proof}/mail"), &[]).await;
    assert_eq!(mailed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        linked_user(&s.app, "emp-5").await,
        None,
        "asking for the mail links nothing"
    );
    let mail = wait_mails_to(&s.app, "bo@corp.example", 1).await.remove(0);
    let link = mail
        .first_link_with(&format!("{}/auth/oidc/link/mail/", s.app.address))
        .expect("a link in the mail");
    let path = link.strip_prefix(&s.app.address).unwrap().to_string();
    let owner = s.app.new_client();
    assert_eq!(
        owner.get(&path).await.status(),
        StatusCode::OK,
        "GET only shows a button"
    );
    assert_eq!(linked_user(&s.app, "emp-5").await, None);
    let done = owner.post_form(&path, &[]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(linked_user(&s.app, "emp-5").await.as_ref(), Some(&bo.id));
    assert!(signed_in(&owner).await);
}

#[tokio::test]
async fn deleting_a_provider_takes_back_its_roles_and_unlinks_its_accounts() {
    let s = setup().await;
    s.idp.sign_in_next(Profile::new(
        "emp-9",
        "erin@corp.example",
        &["staff", "support-mods"],
    ));
    let browser = s.app.new_client();
    assert_eq!(sign_in(&s, &browser).await.status(), StatusCode::SEE_OTHER);
    let erin = linked_user(&s.app, "emp-9").await.expect("linked");
    assert!(is_employee(&s.app, &erin).await);
    let (_, page) = s.admin.get_html("/admin/sso").await;
    assert_eq!(
        crate::helpers::html_attr(&page, "#sso-providers form", "action"),
        vec![format!("/admin/sso/providers/{PROVIDER}/delete")]
    );

    // Only an admin deletes; an unknown provider is a 404; neither changes anything.
    let r = browser
        .post_form(&format!("/admin/sso/providers/{PROVIDER}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .admin
        .post_form("/admin/sso/providers/nobody/delete", &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(linked_user(&s.app, "emp-9").await.is_some());

    let r = s
        .admin
        .post_form(&format!("/admin/sso/providers/{PROVIDER}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(linked_user(&s.app, "emp-9").await, None, "unlinked");
    assert!(
        !is_employee(&s.app, &erin).await,
        "its employee grant is taken back"
    );
    assert_eq!(role_in(&s.app, &s.support.id, &erin).await, None);
    let (_, page) = s.admin.get_html("/admin/sso").await;
    assert!(
        crate::helpers::html_select(&page, "#sso-providers").is_empty(),
        "{page}"
    );
    let (_, login) = s.app.new_client().get_html("/login").await;
    assert!(!login.contains("Sign in with Corp"), "no button left");
    // Erin's account is still there (a password reset gives her a way in).
    assert!(parley_user_exists(&s.app, &erin).await);
}

async fn parley_user_exists(app: &crate::helpers::TestApp, user: &parley::db::UserId) -> bool {
    let user = user.clone();
    crate::helpers::fixtures::db(app, move |conn| {
        Ok(parley::db::models::users::find(conn, &user)?.is_some())
    })
    .await
}
